// VC generation: the backward transformers, the proof-rule desugarings of loops, calls through specifications,
// and the soundness bookkeeping.
export { vcStmts, vcStmt, VcError, type TypeEnv } from './transformer.js';
export { desugarProc, procTypes, DesugarError, type Desugared } from './desugar.js';
export { combine, desugarCall } from './calls.js';
export { RULES, type LoopRule, type RuleContext } from './rules/index.js';
export * from './soundness.js';
export * as build from './build.js';
