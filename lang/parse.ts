// The front door of the parser: parse(source, file) → { program, diagnostics }. Never throws.
// Lexer errors, chevrotain's syntax errors (after recovery) and the grammar's own checks all become
// located Diagnostic values, sorted by position; the program is as complete as recovery allows.

import type { IRecognitionException, IToken } from 'chevrotain';
import type { Program } from './ast.js';
import type { Diagnostic, Span } from './span.js';
import { lex, lexerErrors } from './lexer.js';
import { PplParser } from './parser.js';

let shared: PplParser | undefined;

/** The single parser instance (building one runs chevrotain's grammar analysis, which is slow). */
function parser(): PplParser {
  return (shared ??= new PplParser());
}

export interface ParseResult { program: Program; diagnostics: Diagnostic[] }

/**
 * Parses one .ppl file. When `diagnostics` is not empty the program may contain placeholders where
 * input could not be parsed: a `Var` named `<error>` (ERROR_NAME) in place of an expression or type name.
 */
export function parse(source: string, file: string): ParseResult {
  const whole: Span = { file, start: 0, end: source.length, line: 1, col: 1 };
  let p: PplParser | undefined;
  try {
    const { tokens, diagnostics: lexical } = lex(source, file);
    const q = (p = parser());
    q.start(tokens, file);
    const program = q.program();
    program.span = whole;
    // Mismatches repaired in place by one inserted or deleted token derail nothing: they count as local.
    const repaired = q.errors.filter((e) => q.repairedAt.has(e.token.startOffset));
    const derailing = q.errors.filter((e) => !q.repairedAt.has(e.token.startOffset));
    const local = [...repaired.map((e) => syntaxDiagnostic(e, q)), ...q.diags];
    const boundaries = tokens.filter((t) => boundaryTokens.has(t.image)).map((t) => t.startOffset);
    const diagnostics = merge(lexical, derailing.map((e) => syntaxDiagnostic(e, q)), local, boundaries);
    if (diagnostics.length) coverChildren(program, lineStarts(source), file);
    return { program, diagnostics };
  } catch (e) {
    // The parser's state is unknown after an exception: the next parse builds a fresh one.
    shared = undefined;
    const program: Program = { kind: 'Program', file, items: [], span: whole };
    if (e instanceof RangeError && p) {
      // Recursive descent runs out of stack at a few hundred levels of nested parentheses or blocks.
      const span = p.currentSpan();
      const message = 'nested too deeply: the parser ran out of stack here (move inner parts into `let`s)';
      return { program, diagnostics: [{ severity: 'error', message, span, phase: 'parse' }] };
    }
    // A bug in the parser must still come back as a value; the CLI shows it like any diagnostic.
    const message = `internal error in the parser: ${(e as Error)?.message ?? String(e)}`;
    return { program, diagnostics: [{ severity: 'error', message, span: { ...whole, end: 0 }, phase: 'parse' }] };
  }
}

/**
 * Builds the lexer and the parser with chevrotain's validations on (the shared ones skip them to start faster)
 * and returns the problems found: empty for a sound grammar. For tests.
 */
export function grammarErrors(): string[] {
  const lexing = lexerErrors();
  try {
    new PplParser({ validate: true });
    return lexing;
  } catch (e) {
    return [...lexing, String((e as Error)?.message ?? e)];
  }
}

function syntaxDiagnostic(e: IRecognitionException, p: PplParser): Diagnostic {
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const span = e.name === 'MismatchedTokenException' ? p.errorSpan(e.token, prev) : p.errorSpan(e.token, prev ?? undefined, true);
  return { severity: 'error', message: e.message, span, phase: 'parse' };
}

const boundaryTokens = new Set([';', '}']);

/**
 * Sorts by position and drops cascades: one diagnostic per position (the lexer's wins, as it says why the
 * parser stopped there), and nothing between a derailing syntax error (one that made the parser skip
 * input) and the next `;` or `}` — what follows it in the same statement is usually its consequence.
 * `local` diagnostics (the grammar's own checks, mismatches repaired by one inserted or deleted token)
 * leave the parser on track, so they never hide later ones.
 */
function merge(lexical: Diagnostic[], derailing: Diagnostic[], local: Diagnostic[], boundaries: number[]): Diagnostic[] {
  const all = [
    ...lexical.map((d) => ({ d, kind: 0 })), ...derailing.map((d) => ({ d, kind: 1 })), ...local.map((d) => ({ d, kind: 2 })),
  ].map((x, i) => ({ ...x, i }));
  all.sort((a, b) => a.d.span.start - b.d.span.start || a.i - b.i);
  const out: Diagnostic[] = [];
  let lastSyntax: number | undefined;
  for (const { d, kind } of all) {
    if (out.length && out[out.length - 1]!.span.start === d.span.start) continue;
    if (kind !== 0 && lastSyntax !== undefined && !boundaryBetween(boundaries, lastSyntax, d.span.start)) continue;
    out.push(d);
    if (kind === 1) lastSyntax = d.span.start;
  }
  return out;
}

/** Whether some boundary offset b has from <= b < to (boundaries are sorted). */
function boundaryBetween(boundaries: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < boundaries.length && boundaries[lo]! < to;
}

/** Offsets at which lines start. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * After recovery, a node's span may not cover a placeholder child (an empty span where an expression was
 * missing, or where skipped input was): widen every span to cover its children's, so that a span always
 * lies inside its parent's. Returns the range that `node` covers.
 */
function coverChildren(node: unknown, starts: number[], file: string): { start: number; end: number } | undefined {
  if (!node || typeof node !== 'object') return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  const include = (r: { start: number; end: number } | undefined) => {
    if (r) { lo = Math.min(lo, r.start); hi = Math.max(hi, r.end); }
  };
  if (Array.isArray(node)) {
    for (const child of node) include(coverChildren(child, starts, file));
    return lo <= hi ? { start: lo, end: hi } : undefined;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'span' || key.startsWith('$')) continue;
    if (/Span$/.test(key)) include(value as Span);
    else include(coverChildren(value, starts, file));
  }
  const own = record.span as Span | undefined;
  if (!own || typeof own.start !== 'number') return lo <= hi ? { start: lo, end: hi } : undefined;
  if (lo < own.start || hi > own.end) {
    const start = Math.min(lo, own.start);
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= start) line++;
    record.span = { file, start, end: Math.max(hi, own.end), line: line + 1, col: start - starts[line]! + 1 };
  }
  return record.span as Span;
}
