#!/usr/bin/env node
// Side-by-side benchmarks of ppl against WebPPL 0.9.15 (issues 3 and 4): runs both as whole processes,
// several repetitions each, checks every answer against the exact one, and records bench/results.json and
// the results table in bench/README.md. Plain Node, no build step: `node bench/run.mjs [--only a,b] [--reps N]`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarks, literalArray, short } from './lib/benchmarks.mjs';
import { median } from './lib/stats.mjs';
import { markdown, replaceBetweenMarkers, terminal } from './lib/report.mjs';

const root = new URL('..', import.meta.url);
const rootPath = fileURLToPath(root);
const RESULTS = new URL('bench/results.json', root);
const README = new URL('bench/README.md', root);
// The webppl package's own CLI script (what node_modules/.bin/webppl links to), run by node directly.
const WEBPPL = 'node_modules/webppl/webppl';
// The `ppl` command as package.json's "bin" installs it (bin/ppl, a shell script that starts node from the
// CLI's start-up snapshot when it can); `--via-node` measures `node bin/ppl.mjs` (the ES-module bundle) instead.
const PPL_BIN = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).bin?.ppl ?? 'bin/ppl.mjs';
const PPL_MJS = 'bin/ppl.mjs';

const USAGE = `usage: node bench/run.mjs [options]
  --only a,b       run only these benchmarks (names: startup noisyor coins smc-1k smc-10k mh nuts)
  --reps N         repetitions per side (default 3); timings are medians
  --ppl-only       re-run only ppl; keep WebPPL's numbers from bench/results.json
  --webppl-only    re-run only WebPPL; keep ppl's numbers from bench/results.json
  --via-node       run ppl as \`node bin/ppl.mjs\` rather than the installed command (${PPL_BIN})
  --timeout S      give up on one process after S seconds (default 900)
  --no-write       print the results, write neither results.json nor README.md
  --report-only    run nothing; rewrite README.md's results section from bench/results.json
`;

function parseArgs(argv) {
  const o = { only: null, reps: 3, ppl: true, webppl: true, timeoutS: 900, write: true, viaNode: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only') o.only = next().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--reps') o.reps = Number(next());
    else if (a === '--ppl-only') o.webppl = false;
    else if (a === '--webppl-only') o.ppl = false;
    else if (a === '--timeout') o.timeoutS = Number(next());
    else if (a === '--no-write') o.write = false;
    else if (a === '--via-node') o.viaNode = true;
    else if (a === '--report-only') o.reportOnly = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!(Number.isInteger(o.reps) && o.reps >= 1)) throw new Error('--reps needs a positive integer');
  if (!o.ppl && !o.webppl) throw new Error('--ppl-only and --webppl-only exclude each other');
  return o;
}

// GNU time, when present, adds each process's CPU time (user + system): less disturbed than wall time
// when other jobs share the 2 cores. It writes to its own file, so the program's stderr stays untouched.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const CPU_FILE = join(tmpdir(), `ppl-bench-cpu-${process.pid}.txt`);

/** Runs `node ARGS` from the repository root, timed as `timed` does. */
function timedNode(args, timeoutS) {
  return timed(process.execPath, args, timeoutS);
}

/**
 * Runs PROGRAM ARGS from the repository root; wall time from just before the spawn to the exit (the same
 * wrapper for every process, node -e 0 included, so that differences cancel).
 */
function timed(program, args, timeoutS) {
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', CPU_FILE, program, ...args]] : [program, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, {
    cwd: rootPath,
    encoding: 'utf8',
    maxBuffer: 1 << 29,
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
  });
  const wallMs = performance.now() - t0;
  let cpuMs;
  if (GNU_TIME && existsSync(CPU_FILE)) {
    const m = /([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(CPU_FILE, 'utf8'));
    if (m) cpuMs = Math.round((Number(m[1]) + Number(m[2])) * 1000);
    rmSync(CPU_FILE, { force: true });
  }
  return { wallMs, cpuMs, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** Why a process failed, in one line: its first lines of standard error, else its exit status. */
function failure(r, timeoutS) {
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL') return `timed out after ${timeoutS} s`;
  if (r.error) return r.error.message;
  // The first paragraph of standard error (a located error, its source line and caret), at most 3 lines.
  const para = r.stderr.trim().split(/\n\s*\n/)[0] ?? '';
  const err = para.split('\n').map((l) => l.trim()).filter((l) => l && !/^[\^~\s]+$/.test(l)).slice(0, 3).join(' / ');
  const text = err || r.stdout.split('\n').filter(Boolean).slice(-2).join(' / ');
  return `exit status ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${text.length > 400 ? `${text.slice(0, 397)}...` : text}`;
}

class Failure extends Error {
  constructor(reason, notRunnable) {
    super(reason);
    this.notRunnable = notRunnable;
  }
}

function runWebppl(b, seed, o) {
  const extra = b.webppl.args.length ? ['--', ...b.webppl.args] : [];
  const r = timedNode([WEBPPL, b.webppl.file, '--random-seed', String(seed), ...extra], o.timeoutS);
  if (r.status !== 0) throw new Failure(failure(r, o.timeoutS), true);
  const line = r.stdout.split('\n').reverse().find((l) => l.startsWith('{"inferMs"'));
  if (!line) throw new Failure(`no {"inferMs", …} line in the output: ${short(r.stdout.slice(-200))}`, false);
  const out = JSON.parse(line);
  const check = b.check(b.fromWebppl(out.answer));
  return { seed, wallMs: r.wallMs, cpuMs: r.cpuMs, inferMs: out.inferMs, check };
}

function runPpl(b, seed, o) {
  const args = ['run', b.ppl.file, '--json', '--seed', String(seed)];
  // A .mjs entry runs under node; the installed command (a shell script) runs as it is.
  const entry = o.viaNode ? PPL_MJS : PPL_BIN;
  const r = /\.[cm]?js$/.test(entry) ? timedNode([entry, ...args], o.timeoutS) : timed(join(rootPath, entry), args, o.timeoutS);
  if (r.status !== 0) throw new Failure(failure(r, o.timeoutS), true);
  let values;
  try {
    values = r.stdout.split('\n').filter((l) => l.trim()).map((l) => {
      const j = JSON.parse(l);
      if (!j || typeof j !== 'object' || !('value' in j)) throw new Error(`not a {"value": …} line: ${short(j)}`);
      return j.value;
    });
    return { seed, wallMs: r.wallMs, cpuMs: r.cpuMs, check: b.check(b.fromPpl(values)) };
  } catch (e) {
    throw new Failure(`output not understood: ${e.message}`, false);
  }
}

/**
 * Median timings and verdicts of one side's repetitions. A repetition's net time is its wall time minus
 * that of the bare `node -e 0` started just before it (paired, so that the load of the moment cancels
 * as far as it can); the side's net time is the median of those differences.
 */
function summarise(side, kind, date) {
  if (side.reps.length === 0) return side;
  const wallMs = median(side.reps.map((r) => r.wallMs));
  const out = {
    ...side,
    date,
    wallMs,
    nodeMs: median(side.reps.map((r) => r.nodeMs)),
    netMs: median(side.reps.map((r) => r.wallMs - r.nodeMs)),
    // The fastest repetition: load only ever adds time, so the minimum is the least disturbed estimate.
    bestNetMs: Math.min(...side.reps.map((r) => r.wallMs - r.nodeMs)),
    allChecksOk: side.reps.every((r) => r.check.ok),
  };
  if (side.reps.every((r) => r.cpuMs !== undefined && r.nodeCpuMs !== undefined)) {
    out.cpuMs = median(side.reps.map((r) => r.cpuMs));
    out.netCpuMs = median(side.reps.map((r) => r.cpuMs - r.nodeCpuMs));
  }
  if (side.reps[0].inferMs !== undefined) {
    out.inferMs = median(side.reps.map((r) => r.inferMs));
    out.bestInferMs = Math.min(...side.reps.map((r) => r.inferMs));
  }
  if (kind === 'chain') out.minEss = median(side.reps.map((r) => r.check.metrics.minEss));
  return out;
}

/** `node -e 0` n times: wall and CPU milliseconds. */
function measureNode(n, o) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(timedNode(['-e', '0'], o.timeoutS));
  return { wall: runs.map((r) => r.wallMs), cpu: runs.map((r) => r.cpuMs).filter((x) => x !== undefined) };
}

/** The data each program copies must equal the JSON data file it claims to copy. */
function checkDataCopies(list) {
  const problems = [];
  for (const b of list) {
    if (!b.data) continue;
    const data = JSON.parse(readFileSync(new URL(b.data.file, root), 'utf8'));
    for (const file of [b.webppl.file, b.ppl.file]) {
      const src = readFileSync(new URL(file, root), 'utf8');
      for (const name of b.data.arrays) {
        const copy = literalArray(src, name);
        if (JSON.stringify(copy) !== JSON.stringify(data[name])) problems.push(`${file}: \`${name}\` differs from ${b.data.file}`);
      }
    }
  }
  if (problems.length) throw new Error(`data copies out of date:\n  ${problems.join('\n  ')}`);
}

function runBenchmark(b, o, nodeRuns, previous, date) {
  const webppl = { status: 'ok', reps: [] }, ppl = { status: 'ok', reps: [] };
  for (let rep = 0; rep < o.reps; rep++) {
    const seed = rep + 1;
    for (const [name, side, run, enabled] of [
      ['WebPPL', webppl, runWebppl, o.webppl],
      ['ppl', ppl, runPpl, o.ppl],
    ]) {
      if (!enabled || side.status !== 'ok') continue;
      try {
        const bare = timedNode(['-e', '0'], o.timeoutS);
        nodeRuns.wall.push(bare.wallMs);
        if (bare.cpuMs !== undefined) nodeRuns.cpu.push(bare.cpuMs);
        const r = { ...run(b, seed, o), nodeMs: bare.wallMs, nodeCpuMs: bare.cpuMs };
        side.reps.push(r);
        const extra = r.inferMs !== undefined ? `, in Infer ${r.inferMs} ms` : '';
        const cpu = r.cpuMs !== undefined ? ` (CPU ${Math.round(r.cpuMs)} ms)` : '';
        process.stderr.write(`  ${b.name} ${name} #${rep + 1}: ${Math.round(r.wallMs)} ms${cpu}${extra}; ${r.check.ok ? 'ok' : 'WRONG'}: ${r.check.summary}\n`);
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        side.status = e.notRunnable && side.reps.length === 0 ? 'not-runnable' : 'failed';
        side.reason = e.message;
        process.stderr.write(`  ${b.name} ${name}: ${side.status}: ${e.message}\n`);
      }
    }
  }
  const entry = {
    name: b.name,
    title: b.title,
    issue: b.issue,
    kind: b.kind,
    exact: b.exact,
    target: b.target,
    webppl: o.webppl ? summarise(webppl, b.kind, date) : previous?.webppl,
    ppl: o.ppl ? summarise(ppl, b.kind, date) : previous?.ppl,
  };
  return withVerdict(entry);
}

/** Net times below this many milliseconds are within the noise of starting node on this machine. */
const NOISE_FLOOR_MS = 10;

/** Speed-up, effective samples per second and whether the issue's target is met. */
function withVerdict(entry) {
  const w = entry.webppl, p = entry.ppl;
  const both = w?.status === 'ok' && w.reps.length && p?.status === 'ok' && p.reps.length;
  entry.speedup = undefined;
  entry.targetMet = false;
  if (entry.kind === 'chain') {
    if (w?.status === 'ok' && w.reps.length) w.essPerSecond = w.minEss / (w.inferMs / 1000);
    if (p?.status === 'ok' && p.reps.length) p.essPerSecond = p.minEss / (Math.max(p.netMs, NOISE_FLOOR_MS) / 1000);
  }
  if (!both) return entry;
  if (entry.target.kind === 'startup') {
    entry.targetMet = p.allChecksOk && p.netMs <= entry.target.maxMs;
    return entry;
  }
  // A net time under the noise floor is indistinguishable from starting node; the speed-up is then a lower bound.
  entry.speedupIsLowerBound = p.netMs < NOISE_FLOOR_MS;
  entry.speedup = w.inferMs / Math.max(p.netMs, NOISE_FLOOR_MS);
  if (w.bestInferMs !== undefined && p.bestNetMs !== undefined) {
    entry.bestSpeedup = w.bestInferMs / Math.max(p.bestNetMs, NOISE_FLOOR_MS);
    entry.bestSpeedupIsLowerBound = p.bestNetMs < NOISE_FLOOR_MS;
  }
  entry.targetMet =
    p.allChecksOk && entry.speedup >= entry.target.factor && (!entry.target.essPerSecond || p.essPerSecond > w.essPerSecond);
  return entry;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.reportOnly) {
    const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
    writeFileSync(README, replaceBetweenMarkers(readFileSync(README, 'utf8'), markdown(results)));
    process.stdout.write(`${terminal(results)}\n`);
    return;
  }
  const all = benchmarks(root);
  const unknown = (o.only ?? []).filter((n) => !all.some((b) => b.name === n));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(' ')}`);
  const selected = o.only ? all.filter((b) => o.only.includes(b.name)) : all;
  checkDataCopies(selected);

  const previous = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : null;
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const webpplVersion = JSON.parse(readFileSync(new URL('node_modules/webppl/package.json', root), 'utf8')).version;
  const loadBefore = loadavg();

  process.stderr.write(`bench: ${selected.map((b) => b.name).join(', ')}; ${o.reps} repetitions; ${o.webppl ? 'WebPPL' : ''}${o.webppl && o.ppl ? ' + ' : ''}${o.ppl ? 'ppl' : ''}\n`);
  // Warm the file cache, then pair every measured process with a bare node started just before it.
  const nodeRuns = measureNode(3, o);
  process.stderr.write(`  node -e 0: ${Math.round(median(nodeRuns.wall))} ms\n`);

  const entries = [];
  for (const b of selected) {
    const prev = previous?.benchmarks?.find((e) => e.name === b.name);
    entries.push(runBenchmark(b, o, nodeRuns, prev, date));
  }
  const nodeMs = median(nodeRuns.wall);
  const nodeCpuMs = nodeRuns.cpu.length ? median(nodeRuns.cpu) : undefined;

  const merged = all
    .map((b) => entries.find((e) => e.name === b.name) ?? previous?.benchmarks?.find((e) => e.name === b.name))
    .filter(Boolean);
  const results = {
    date,
    reps: o.reps,
    machine: {
      node: process.version,
      webppl: webpplVersion,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadBefore,
      loadAfter: loadavg(),
    },
    pplCommand: o.ppl ? (o.viaNode ? `node ${PPL_MJS}` : /\.[cm]?js$/.test(PPL_BIN) ? `node ${PPL_BIN}` : PPL_BIN) : previous?.pplCommand,
    node: { medianMs: nodeMs, runsMs: nodeRuns.wall, cpuMs: nodeCpuMs, cpuRunsMs: nodeRuns.cpu },
    benchmarks: merged,
  };
  process.stdout.write(`${terminal(results)}\n`);
  if (o.write) {
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 1)}\n`);
    const readme = existsSync(README) ? readFileSync(README, 'utf8') : '# Benchmarks\n';
    writeFileSync(README, replaceBetweenMarkers(readme, markdown(results)));
    process.stderr.write('wrote bench/results.json and the results section of bench/README.md\n');
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exit(2);
});
