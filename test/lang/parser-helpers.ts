// Shared helpers for the parser tests: parse-and-expect-clean, span stripping, the round-trip check.
import { expect } from 'vitest';
import { parse, printProgram, type Diagnostic, type Program } from '../../lang/index.js';

const spanKeys = new Set(['span', 'nameSpan', 'opSpan', 'pathSpan']);

/** A deep copy of an AST without its spans, for structural comparison. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (!spanKeys.has(k)) out[k] = stripSpans(v);
    return out;
  }
  return node;
}

/** Parses `src`, expecting no diagnostics. */
export function parseOk(src: string, file = 'test.ppl'): Program {
  const { program, diagnostics } = parse(src, file);
  expect(diagnostics.map(show)).toEqual([]);
  return program;
}

/** Parses, prints, re-parses; checks the round trip and returns the printed text. */
export function fmt(src: string): string {
  const program = parseOk(src);
  const printed = printProgram(program);
  const again = parseOk(printed, 'printed.ppl');
  expect(stripSpans(again.items)).toEqual(stripSpans(program.items));
  return printed;
}

/** `LINE:COL: message` */
export function show(d: Diagnostic): string {
  return `${d.span.line}:${d.span.col}: ${d.message}`;
}

/** The diagnostics of `src`, as `LINE:COL: message` lines. */
export function errors(src: string): string[] {
  return parse(src, 'test.ppl').diagnostics.map(show);
}
