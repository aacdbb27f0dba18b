// `ppl verify FILE [--json] [--timeout S]` (language.md §8): proves the specifications of FILE — every
// proc/coproc of a `.heyvl` file, every `ensures` of a `.ppl` file — and prints one line per specification:
// ✓ proved, ✗ refuted with a counterexample, ? unknown with the reason; `--json` prints one object per line.
// Z3 is loaded only here. Exit status: 0 all proved, 1 some refuted or unknown, 2 compile error or bad usage.

import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { renderDiagnostics } from './render.js';
import { loadHeyVL, loadPpl, verifyProgram, shutdownZ3, type Verdict } from '../verifier/index.js';

const help = `usage: ppl verify FILE [--json] [--timeout S]

Proves upper and lower bounds on expected values, probabilities and expected runtimes by
weakest-pre-expectation reasoning discharged to the Z3 SMT solver.

FILE is a .heyvl file (HeyVL as accepted by Caesar 4: every proc is a lower bound, every
coproc an upper bound) or a .ppl file (every \`ensures\` of a function is a specification).

For each specification one line:
  ✓ proved                 the bound holds for all inputs
  ✗ refuted                the bound is false; a counterexample gives input values
  ? unknown (reason)       neither: solver timeout, a counterexample to the inductive proof
                           only, a lower bound across a loop without a rule for lower bounds, …

options:
  --json         one JSON object per specification:
                 {"function", "spec", "verdict", "ms", "counterexample"?, "reason"?}
  --timeout S    seconds per proof obligation (default 30)

exit status: 0 all proved, 1 some refuted or unknown, 2 compile error or bad usage
`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'prove bounds on expectations, probabilities and expected runtimes',
  help,
  async run(argv, io) {
    let json = false;
    let timeout = 30;
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--json') json = true;
      else if (a === '--timeout') {
        const v = Number(argv[++i]);
        if (!(v > 0)) { io.err(`ppl verify: --timeout needs a positive number of seconds\n`); return 2; }
        timeout = v;
      } else if (a.startsWith('--timeout=')) {
        const v = Number(a.slice('--timeout='.length));
        if (!(v > 0)) { io.err(`ppl verify: --timeout needs a positive number of seconds\n`); return 2; }
        timeout = v;
      } else if (a.startsWith('-')) { io.err(`ppl verify: unknown option \`${a}\`\n\n${help}`); return 2; }
      else files.push(a);
    }
    if (files.length !== 1) { io.err(`ppl verify: give exactly one FILE\n\n${help}`); return 2; }
    const file = files[0]!;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      io.err(`ppl verify: cannot read \`${file}\`${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : ''}\n`);
      return 2;
    }
    const loaded = file.endsWith('.heyvl') ? loadHeyVL(text, file) : loadPpl(text, file);
    const sources = (f: string) => (f === file ? text : (loaded as { sources?: Map<string, string> }).sources?.get(f));
    if (!loaded.program) {
      io.err(renderDiagnostics(loaded.diagnostics, sources));
      return 2;
    }
    try {
      const result = await verifyProgram(loaded.program, { timeout });
      if (result.diagnostics.length) {
        io.err(renderDiagnostics(result.diagnostics, sources));
        return 2;
      }
      for (const v of result.verdicts) io.out(json ? `${JSON.stringify(toJson(v))}\n` : human(v));
      if (!json) {
        const n = (k: string) => result.verdicts.filter((v) => v.verdict === k).length;
        io.out(`${file}: ${n('proved')} proved, ${n('refuted')} refuted, ${n('unknown')} unknown\n`);
      }
      return result.verdicts.every((v) => v.verdict === 'proved') ? 0 : 1;
    } finally {
      await shutdownZ3();
      // z3-solver's WebAssembly threads occasionally keep a Node process alive after they were terminated
      // (observed under load, ~1 run in 20). The report is complete here, so a process that is still alive
      // shortly afterwards exits with the status main.ts set. Never in-process test runs.
      if (!process.env.VITEST) setTimeout(() => process.exit(), 300).unref();
    }
  },
};

function toJson(v: Verdict): Record<string, unknown> {
  const o: Record<string, unknown> = { function: v.proc, spec: v.spec, verdict: v.verdict, ms: v.ms };
  if (v.counterexample && v.verdict === 'refuted') o.counterexample = v.counterexample;
  if (v.reason) o.reason = v.reason;
  return o;
}

function human(v: Verdict): string {
  const mark = v.verdict === 'proved' ? '✓' : v.verdict === 'refuted' ? '✗' : '?';
  const what = v.spec.includes(v.proc) ? v.spec : `${v.proc}: ${v.spec}`;
  let s = `${mark} ${what}: ${v.verdict} (${v.ms} ms)\n`;
  if (v.verdict === 'refuted' && v.counterexample) {
    const cex = Object.entries(v.counterexample).map(([k, x]) => `${k} = ${x}`).join(', ');
    s += `    counterexample: ${cex || '(any input)'}\n`;
  }
  if (v.reason) s += `    ${v.verdict === 'unknown' ? 'reason' : 'note'}: ${v.reason}\n`;
  return s;
}
