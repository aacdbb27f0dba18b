// `ppl run FILE [--seed N] [--json]` (language.md §8): type-checks FILE, compiles it, and runs its top-level
// statements. Each `print(v)` writes one line (human form, or `{"value": V}` with --json). Exit 0 when the run
// finishes, 1 on a runtime error (located, with the source line and a caret), 2 on compile errors or bad usage.

import { readFileSync } from 'node:fs';
import { compileProgram, printIr } from '../compiler/index.js';
import { checkSource, type Diagnostic } from '../lang/index.js';
import { instantiate, runMain, setInferReporter, terminalReporter, toJSONText, formatValue } from '../runtime/index.js';
import { isPplError, loadTensorBackend, type PplError } from '../stdlib/index.js';
import type { Command, CommandIO } from './command.js';
import { renderDiagnostics } from './render.js';

const help = `usage: ppl run FILE [--seed N] [--json]

Type-checks FILE and runs its top-level statements.

options:
  --seed N    seed of the run's random generator (default 0); the same seed gives the same output
  --json      print each value as one JSON object per line: {"value": V}
  --debug     also dump the IR and the generated JavaScript to standard error, and show stack traces

exit status: 0 ok, 1 runtime error, 2 compile error or bad usage
`;

interface Args { file: string; seed: number; json: boolean }

function parseArgs(args: string[], io: CommandIO): Args | undefined {
  let file: string | undefined;
  let seed = 0;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--seed' || a.startsWith('--seed=')) {
      const v = a === '--seed' ? args[++i] : a.slice('--seed='.length);
      if (v === undefined || !/^-?\d+$/.test(v)) {
        io.err(`ppl run: --seed needs an integer${v === undefined ? '' : `, found \`${v}\``}\n`);
        return undefined;
      }
      seed = Number(v);
    } else if (a.startsWith('-')) {
      io.err(`ppl run: unknown option \`${a}\`\n\n${help}`);
      return undefined;
    } else if (file === undefined) file = a;
    else {
      io.err(`ppl run: one file at a time (found \`${file}\` and \`${a}\`)\n`);
      return undefined;
    }
  }
  if (file === undefined) {
    io.err(`ppl run: which file?\n\n${help}`);
    return undefined;
  }
  return { file, seed, json };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'type-check and run a program',
  help,
  async run(argv, io) {
    const args = parseArgs(argv, io);
    if (!args) return 2;
    let text: string;
    try {
      text = readFileSync(args.file, 'utf8');
    } catch {
      io.err(`ppl run: cannot read \`${args.file}\`\n`);
      return 2;
    }
    const checked = checkSource(text, args.file);
    const sources = (f: string): string | undefined => (f === args.file ? text : checked.sources?.get(f));
    const errors = checked.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
    if (errors.length > 0) {
      io.err(renderDiagnostics(checked.diagnostics, sources));
      return 2;
    }
    const compiled = compileProgram(checked.program);
    if (io.debug) io.err(`${printIr(compiled.ir)}\n// generated JavaScript\n${compiled.source}\n`);
    // tensorflow.js (0.1–0.4 s to import) is loaded only for programs that use tensor built-ins.
    if (compiled.usesTensors) {
      const backend = await loadTensorBackend();
      if (io.debug) io.err(`// tensor backend: ${backend}\n`);
    }
    // Output is buffered and flushed in one write (and before any error message).
    const lines: string[] = [];
    const print = args.json
      ? (v: unknown) => void lines.push(`{"value":${toJSONText(v)}}`)
      : (v: unknown) => void lines.push(formatValue(v));
    const flush = (): void => {
      if (lines.length > 0) io.out(lines.join('\n') + '\n');
      lines.length = 0;
    };
    const opts = { seed: args.seed, print };
    try {
      const inst = instantiate(compiled, opts);
      // On a terminal, sampling engines report a summary line per infer (and progress on long runs).
      const previous = io.errIsTTY ? setInferReporter(terminalReporter(io.err)) : undefined;
      try {
        runMain(inst, opts);
      } finally {
        if (io.errIsTTY) setInferReporter(previous ?? null);
      }
    } catch (e) {
      flush();
      if (!isPplError(e)) throw e;
      io.err(renderRuntimeError(e as PplError, args.file, sources));
      if (io.debug) io.err(`${(e as Error).stack ?? ''}\n`);
      return 1;
    }
    flush();
    return 0;
  },
};

function renderRuntimeError(e: PplError, file: string, sources: (f: string) => string | undefined): string {
  if (e.span === undefined) return `${file}: error: ${e.message}\n`;
  const d: Diagnostic = { severity: 'error', message: e.message, span: e.span, phase: 'runtime' };
  return renderDiagnostics([d], sources);
}
