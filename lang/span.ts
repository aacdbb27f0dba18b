// Source locations and diagnostics: the few types every layer of ppl shares.
// Diagnostics are values; only cli/ turns them into text, exit codes and carets.

/** A half-open range of source text. Lines and columns are 1-based; offsets are 0-based UTF-16 indexes. */
export interface Span {
  readonly file: string;
  /** 0-based offset of the first character. */
  readonly start: number;
  /** 0-based offset one past the last character. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** 1-based column of `start`. */
  readonly col: number;
}

export type Severity = 'error' | 'warning' | 'note';

/** A message about the program, located at a span. `phase` says which pass produced it. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly phase: 'parse' | 'check' | 'compile' | 'runtime' | 'verify';
  /** Further located remarks ("defined here"). */
  readonly notes?: readonly { message: string; span?: Span }[];
}

/** The span that starts at `a` and ends at `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: a.start, end: Math.max(a.end, b.end), line: a.line, col: a.col };
}

/** A placeholder span for nodes synthesised by the compiler (never shown with a caret). */
export function syntheticSpan(file = '<builtin>'): Span {
  return { file, start: 0, end: 0, line: 1, col: 1 };
}

export function error(message: string, span: Span, phase: Diagnostic['phase'], notes?: Diagnostic['notes']): Diagnostic {
  return notes ? { severity: 'error', message, span, phase, notes } : { severity: 'error', message, span, phase };
}
