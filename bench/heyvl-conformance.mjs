// HeyVL conformance: runs `ppl verify` (default options) on every tests/**/*.heyvl of a Caesar checkout and
// compares with each file's own expectation (RUN / XFAIL / IGNORE header, research report §4.2):
//   plain `// RUN: @caesar …`                       → every unit proved (exit 0)
//   RUN … grep "Counter-example to property found"  → a sound refutation (some verdict `refuted`)
//   RUN … grep "<other text>"                       → not proved (Caesar reports a failure)
//   XFAIL                                           → Caesar fails (times out): not everything proved
//   IGNORE                                          → skipped
// A file that Caesar refutes or fails on and that ppl proves is a soundness alarm, listed separately.
// usage: node bench/heyvl-conformance.mjs CAESAR_DIR [--write] [--timeout S] [--filter SUBSTR] [--commit HASH]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !['--timeout', '--filter', '--commit'].includes(args[i - 1] ?? ''));
if (!dir) {
  console.error('usage: node bench/heyvl-conformance.mjs CAESAR_DIR [--write] [--timeout S] [--filter SUBSTR]');
  process.exit(2);
}
const write = args.includes('--write');
const optVal = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const timeout = optVal('--timeout');
const filter = optVal('--filter');
const ppl = process.env.PPL_BIN ?? join(here, '..', 'bin', 'ppl.mjs');

function walk(d) {
  const out = [];
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (p.endsWith('.heyvl')) out.push(p);
  }
  return out;
}

function expectation(text) {
  if (/\/\/\s*IGNORE:/.test(text)) return { kind: 'skip' };
  if (/\/\/\s*XFAIL:/.test(text)) return { kind: 'fail', why: 'XFAIL' };
  const run = /\/\/\s*RUN:(.*)/.exec(text)?.[1] ?? '';
  const grep = /grep -[A-Za-z]*q[A-Za-z]* "([^"]*)"/.exec(run)?.[1];
  if (!grep) return { kind: 'proved' };
  if (grep === 'Counter-example to property found') return { kind: 'refuted' };
  return { kind: 'fail', why: grep };
}

const testsDir = join(dir, 'tests');
const files = walk(testsDir).filter((f) => !filter || f.includes(filter));
const rows = [];
for (const f of files) {
  const rel = relative(testsDir, f);
  const exp = expectation(readFileSync(f, 'utf8'));
  if (exp.kind === 'skip') { rows.push({ rel, exp, skipped: true }); continue; }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [ppl, 'verify', f, '--json', ...(timeout ? ['--timeout', timeout] : [])], { encoding: "utf8", timeout: 300_000, env: { ...process.env, PPL_VERIFY_TRACE: "1" } });
  const ms = performance.now() - t0;
  const verdicts = (r.stdout ?? '').split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return undefined; } }).filter(Boolean);
  const status = r.status;
  const allProved = status === 0;
  const anyRefuted = verdicts.some((v) => v.verdict === 'refuted');
  let ok;
  if (exp.kind === 'proved') ok = allProved;
  else if (exp.kind === 'refuted') ok = anyRefuted;
  else ok = !allProved && status !== 2;
  const alarm = exp.kind !== 'proved' && allProved;
  const summary = status === 2 ? `error: ${(r.stderr ?? '').split('\n')[0]}` : verdicts.map((v) => `${v.function}:${v.verdict}${v.reason ? ` (${v.reason.slice(0, 90)})` : ''}`).join('; ') || `exit ${status} ${r.signal ?? ''} ${(r.stderr ?? '').split('\n')[0]}`;
  rows.push({ rel, exp, ok, alarm, ms, status, summary });
  console.log(`${ok ? 'ok  ' : 'MISS'} ${rel} [${exp.kind}] ${Math.round(ms)} ms — ${summary}`);
}

const run = rows.filter((r) => !r.skipped);
const folders = new Map();
for (const r of run) {
  const folder = dirname(r.rel);
  const e = folders.get(folder) ?? { n: 0, ok: 0 };
  e.n++; if (r.ok) e.ok++;
  folders.set(folder, e);
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0; };
const okCount = run.filter((r) => r.ok).length;
const alarms = run.filter((r) => r.alarm);
const lines = [];
lines.push(`| folder | files | Caesar's verdict | % |`, `|---|---:|---:|---:|`);
for (const [folder, e] of [...folders].sort()) lines.push(`| ${folder} | ${e.n} | ${e.ok} | ${Math.round((100 * e.ok) / e.n)} |`);
lines.push(`| **all (non-skipped)** | ${run.length} | ${okCount} | ${((100 * okCount) / run.length).toFixed(1)} |`);
const summaryText = [
  `files: ${rows.length} (${rows.length - run.length} skipped by IGNORE), matching Caesar's verdict: ${okCount}/${run.length} = ${((100 * okCount) / run.length).toFixed(1)} %`,
  `median time per file (whole \`ppl verify\` process): ${Math.round(median(run.map((r) => r.ms)))} ms; total ${(run.reduce((a, r) => a + r.ms, 0) / 1000).toFixed(1)} s`,
  `files Caesar refutes or fails on that ppl proves: ${alarms.length}${alarms.length ? ` (${alarms.map((r) => r.rel).join(', ')})` : ''}`,
];
console.log('\n' + lines.join('\n') + '\n\n' + summaryText.join('\n'));

// start-up: a small file as a whole process (Z3's start included), median of 5
const small = join(here, '..', 'examples', 'verify', 'heyvl', 'geometric.heyvl');
const smallTimes = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [ppl, 'verify', small], { encoding: 'utf8' });
  smallTimes.push(performance.now() - t0);
}
const smallLine = `\`ppl verify examples/verify/heyvl/geometric.heyvl\` (3 units) as a whole process: median ${Math.round(median(smallTimes))} ms over 5 runs (${smallTimes.map((t) => Math.round(t)).join(', ')})`;
console.log(smallLine);

if (write) {
  const misses = run.filter((r) => !r.ok).map((r) => `- \`${r.rel}\` (expected ${r.exp.kind}${r.exp.why ? `: ${r.exp.why}` : ''}): ${r.summary}`);
  const all = run.map((r) => `| \`${r.rel}\` | ${r.exp.kind} | ${r.ok ? 'yes' : 'no'} | ${Math.round(r.ms)} |`);
  const md = `# HeyVL conformance (Caesar test corpus)

Produced by \`node bench/heyvl-conformance.mjs CAESAR_DIR --write\` (npm script \`conformance:heyvl\`), with ppl's
default options (per-obligation timeout 30 s; the flags on Caesar's RUN lines are not passed). Expectations come
from each file's RUN/XFAIL/IGNORE header: plain RUN = every unit proved; RUN with
\`grep "Counter-example to property found"\` = a sound refutation; any other grep or XFAIL = Caesar does not
verify it (a ppl verdict other than "all proved" matches). Times are whole processes (\`node bin/ppl.mjs verify\`,
Z3 start-up included) on the shared 2-core machine.

Caesar commit: ${optVal('--commit') ?? (spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || '(unknown: pass --commit HASH)')}
Date: ${new Date().toISOString().slice(0, 10)}

${summaryText.map((s) => `- ${s}`).join('\n')}
- ${smallLine}

${lines.join('\n')}

## Files that do not get Caesar's verdict

${misses.join('\n') || '(none)'}

## Every file

| file | expected | match | ms |
|---|---|---|---:|
${all.join('\n')}
`;
  writeFileSync(join(here, 'heyvl-conformance.md'), md);
}
