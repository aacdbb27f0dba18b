// The one interface every loop proof rule implements: a desugaring of an annotated loop into core IVL
// statements (plus, for some rules, generated side-condition procedures) and the approximation it makes.

import type { Stmt, Dir, Calculus, Proc, Ty, Annotation, Expr } from '../../ivl/index.js';
import type { Approx, Semantics } from '../soundness.js';

export type WhileStmt = Stmt & { k: 'while' };

export interface RuleContext {
  /** Direction of the procedure being verified (proc = 'down', coproc = 'up'). */
  readonly dir: Dir;
  readonly calculus?: Calculus;
  readonly proc: Proc;
  /** Types of every variable of the procedure; rules register the variables they introduce. */
  readonly types: Map<string, Ty>;
  /** The loop body with nested loops and calls already desugared. */
  readonly body: readonly Stmt[];
  /** Adds a generated side-condition procedure (verified as its own unit, reported under the loop's procedure). */
  addProc(p: Proc): void;
}

export interface LoopRule {
  readonly name: string;
  /** Fixed-point semantics the rule assumes when the procedure has no calculus annotation. */
  defaultSemantics(dir: Dir, rule: Annotation): Semantics;
  /** How the desugared loop's vc relates to the loop's true least/greatest fixed point, in direction dir. */
  approximation(sem: Semantics, dir: Dir, rule: Annotation): Approx;
  /** Checks the arguments (beyond typing) and returns an error message, if any. */
  check?(loop: WhileStmt, rule: Annotation, ctx: RuleContext): string | undefined;
  desugar(loop: WhileStmt, rule: Annotation, ctx: RuleContext): Stmt[];
}

export function literalInt(e: Expr): number {
  const inner = e.k === 'cast' ? e.a : e;
  if (inner.k !== 'num' || inner.value.den !== 1n) throw new Error('expected an integer literal');
  return Number(inner.value.num);
}
