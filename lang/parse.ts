// The front door of the parser: parse(source, file) → { program, diagnostics }. Never throws.
// Lexer errors, chevrotain's syntax errors (after recovery) and the grammar's own checks all become
// located Diagnostic values, sorted by position; the program is as complete as recovery allows.

import type { IRecognitionException, IToken } from 'chevrotain';
import type { Program } from './ast.js';
import type { Diagnostic, Span } from './span.js';
import { lex } from './lexer.js';
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
  try {
    const { tokens, diagnostics: lexical } = lex(source, file);
    const p = parser();
    p.start(tokens, file);
    const program = p.program();
    program.span = whole;
    const syntax = p.errors.map((e) => syntaxDiagnostic(e, p));
    return { program, diagnostics: merge([...lexical, ...syntax, ...p.diags]) };
  } catch (e) {
    // A bug in the parser must still come back as a value; the CLI shows it like any diagnostic.
    const message = `internal error in the parser: ${(e as Error)?.message ?? String(e)}`;
    return {
      program: { kind: 'Program', file, items: [], span: whole },
      diagnostics: [{ severity: 'error', message, span: { ...whole, end: 0 }, phase: 'parse' }],
    };
  }
}

function syntaxDiagnostic(e: IRecognitionException, p: PplParser): Diagnostic {
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const span = e.name === 'MismatchedTokenException' ? p.errorSpan(e.token, prev) : p.errorSpan(e.token, prev ?? undefined, true);
  return { severity: 'error', message: e.message, span, phase: 'parse' };
}

/** Sorts by position and keeps one diagnostic per position: a second error at the same token is a cascade. */
function merge(ds: Diagnostic[]): Diagnostic[] {
  const sorted = ds.map((d, i) => ({ d, i })).sort((a, b) => a.d.span.start - b.d.span.start || a.i - b.i);
  const out: Diagnostic[] = [];
  let lastStart = -1;
  for (const { d } of sorted) {
    if (d.span.start === lastStart) continue;
    out.push(d);
    lastStart = d.span.start;
  }
  return out;
}
