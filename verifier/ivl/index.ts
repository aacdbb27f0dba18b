// The quantitative IVL: AST, printer, substitution, exact evaluation. Only verifier/ folders import this.
export * from './ast.js';
export { printExpr, printStmt, printStmts, printProc, printDomain, printProgram } from './print.js';
export { freeVars, subst, subst1, freshName, modifiedVars, mayMention, varMask, varBit, LAZY_BIT, resetMasks } from './subst.js';
export { evalExpr, EvalError, type Value, type Env, type FuncImpl } from './eval.js';
export * as Q from './rational.js';
export type { Rational, EUReal } from './rational.js';
export { intern, setDeadline, BudgetExceeded, resetIntern, exprId } from './intern.js';
