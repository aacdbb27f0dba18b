// The .ppl front end: lexer and parser (chevrotain), AST with spans, name resolution,
// the type-and-effect checker, and diagnostics. Other folders import only this file.
export type * from './ast.js';
export type { Span, Diagnostic, Severity } from './span.js';
export { joinSpans, syntheticSpan, error } from './span.js';
