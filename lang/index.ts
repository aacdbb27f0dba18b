// The .ppl front end: lexer and parser (chevrotain), AST with spans, name resolution,
// the type-and-effect checker, and diagnostics. Other folders import only this file.
export type * from './ast.js';
export type { Span, Diagnostic, Severity } from './span.js';
export { joinSpans, syntheticSpan, error } from './span.js';

// Parsing and printing.
export { parse, grammarErrors } from './parse.js';
export type { ParseResult } from './parse.js';
export { ERROR_NAME } from './parser.js';
export { printProgram, printExpr, printType, printStmt, printBlock } from './print.js';

// Semantic types (the checker's `$type` fields hold these).
export type {
  Type, PrimKind, PrimType, ArrayType, TupleType, RecordType, DistType, FnType, TypeVar, NeverType, ErrorType,
  LatentEffect, Subst,
} from './types.js';
export {
  isSubtype, typeEquals, lub, glb, typeToString, effectToString, upperEffect, maxEffect, effectLeq, joinLatent,
  substType, substEffect, fieldType, isNumeric, isInteger, hasError, primNamed,
} from './types.js';
/** Everything of types.ts, constructors included (`types.arrayOf(types.Real)`). */
export * as types from './types.js';

// The type-and-effect checker and its tables.
export { check } from './check.js';
export type { CheckResult, CheckOptions } from './check.js';
export { checkSource } from './check-source.js';
export type { CheckSourceResult, ReadFile } from './check-source.js';
export { builtins, builtin, builtinValueType } from './builtins.js';
export type { Builtin, BuiltinCategory, Signature, NamedParam } from './builtins.js';
