// Runtime errors raised by library code (bad distribution parameters, out-of-range indexes, integer
// division by zero, Int overflow, probability-zero evidence…). They are values until cli/: the compiled
// program catches a PplError, attaches the call site's span if it has none, and cli/ renders it.

import type { Span } from '../lang/index.js';

/** A located (or not yet located) runtime error of a .ppl program. Never a stack trace for users. */
export class PplError extends Error {
  /** Where in the .ppl source the error happened; filled in by generated code via `located`. */
  span: Span | undefined;

  constructor(message: string, span?: Span) {
    super(message);
    this.name = 'PplError';
    this.span = span;
  }

  /** Attaches `span` unless the error is already located (the innermost call site wins); returns `this`. */
  located(span: Span): this {
    if (this.span === undefined) this.span = span;
    return this;
  }
}

/** True for a PplError (also across bundle copies, by name). */
export function isPplError(e: unknown): e is PplError {
  return e instanceof PplError || (e instanceof Error && e.name === 'PplError');
}
