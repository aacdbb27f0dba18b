// The expectation verifier: quantitative IVL (HeyVL-like), VC generation by wp/wlp/ert with loop proof rules,
// and an SMT back end (Z3). Front ends: `.heyvl` files (verifier/heyvl) and, through an IVL procedure, `.ppl`.
//
// The door for a new front end (e.g. the compiler IR → IVL translation): build an `ivl.Program` and call
// `verifyProgram(program, { timeout })`, or `verifyProc(proc, program)` for one procedure.

export * as ivl from './ivl/index.js';
export { printProgram, printProc, printStmts, printExpr } from './ivl/index.js';
export type { Program, Proc, Stmt, Expr, Ty, Dir, Calculus, Domain, Func } from './ivl/index.js';
export { loadHeyVL, parseHeyVL, typecheckHeyVL } from './heyvl/index.js';
/** `.ppl` specifications: type-check, lower through the compiler IR, translate every `ensures` to IVL units. */
export { translateSource as loadPpl, translateIr } from './from-ir.js';
export { verifyProgram, verifyProc, type Verdict, type VerdictKind, type VerifyOptions, type VerifyResult } from './verify.js';
export { desugarProc, vcStmts } from './vcgen/index.js';
export { shutdownZ3 } from './smt/index.js';
