// Park induction (`@invariant(I)`) and latticed k-induction (`@k_induction(k, I)`), Batz et al. CAV 2021.
// Desugaring (direction d of the procedure; co-twins for coprocs):
//   assert I; havoc vars; validate; assume I;
//   if G { body; coassert I; if G { body; … if G { body; assert I; assume ⊥ } … } }      (k copies of the body)
// vc = I where I is (k-)inductive for all values of the modified variables, else the trivial bound (∞ in coprocs,
// 0 in procs). In a coproc it over-approximates lfp (Park: Φ(I) ≤ I ⇒ lfp ≤ I, and ∞ ≥ anything): sound upper
// bounds on wp/ert. In a proc it under-approximates gfp (I ≤ Φ(I) ⇒ I ≤ gfp, and 0 ≤ anything): sound lower
// bounds on wlp. The other two combinations are neither (Caesar calls a proc with @wp + @invariant "over", but
// its non-inductive case yields 0, below the true value), so they prove and refute nothing.

import type { Stmt, Dir, Expr } from '../../ivl/index.js';
import { flip, modifiedVars } from '../../ivl/index.js';
import { OVER, UNDER, UNKNOWN } from '../soundness.js';
import type { LoopRule, RuleContext, WhileStmt } from './rule.js';
import { literalInt } from './rule.js';
import { TOP, BOT } from '../build.js';

/** `assert I; assume ⊥` in direction d: the constant program returning I. */
export function constProgram(e: Expr, d: Dir): Stmt[] {
  return [{ k: 'assert', dir: d, e }, { k: 'assume', dir: d, e: d === 'down' ? BOT : TOP }];
}

/** One loop iteration followed by `next`: if G { body; next } else {}. */
export function iteration(loop: WhileStmt, body: readonly Stmt[], next: Stmt[]): Stmt {
  return { k: 'if', c: loop.c, a: [...body, ...next], b: [], span: loop.span };
}

export function kInduction(loop: WhileStmt, body: readonly Stmt[], k: number, inv: Expr, d: Dir): Stmt[] {
  const vars = [...modifiedVars(body)];
  const spec: Stmt[] = [
    { k: 'assert', dir: d, e: inv, msg: 'the pre might not entail the invariant' },
    ...(vars.length ? [{ k: 'havoc', dir: d, vars } as Stmt] : []),
    { k: 'validate', dir: d },
    { k: 'assume', dir: d, e: inv },
  ];
  let next = constProgram(inv, d);
  for (let i = 1; i < k; i++) next = [{ k: 'assert', dir: flip(d), e: inv }, iteration(loop, body, next)];
  return [...spec, iteration(loop, body, next)];
}

function parkLike(name: string, kOf: (args: readonly Expr[]) => number, invOf: (args: readonly Expr[]) => Expr): LoopRule {
  return {
    name,
    defaultSemantics: (dir) => (dir === 'up' ? 'lfp' : 'gfp'),
    approximation: (sem, dir) => (sem === 'lfp' && dir === 'up' ? OVER : sem === 'gfp' && dir === 'down' ? UNDER : UNKNOWN),
    check: (_loop, rule) => (kOf(rule.args) < 1 ? 'k must be at least 1' : undefined),
    desugar: (loop, rule, ctx: RuleContext) => kInduction(loop, ctx.body, kOf(rule.args), invOf(rule.args), ctx.dir),
  };
}

export const invariantRule = parkLike('invariant', () => 1, (a) => a[0]!);
export const kInductionRule = parkLike('k_induction', (a) => literalInt(a[0]!), (a) => a[1]!);
