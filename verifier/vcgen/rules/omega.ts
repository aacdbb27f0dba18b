// ω-invariants (`@omega_invariant(n, I_n)`), Kaminski's thesis: if I_0 ≤ Φ(0) and I_{n+1} ≤ Φ(I_n) for all n,
// then sup_n I_n ≤ lfp Φ. Desugaring for a proc (co-twins for coprocs):
//   cohavoc n; assert I_n;
//   if ⊓ { havoc vars; validate; assume I_0;     if G { body; assert 0;   assume ⊥ } }
//   else { havoc n, vars; validate; assume I_{n+1}; if G { body; assert I_n; assume ⊥ } }
// Unlike Caesar we havoc the loop's modified variables inside both conditions, so that they are checked on every
// state the loop can reach, not only on the entry state.

import type { Stmt, Expr } from '../../ivl/index.js';
import { T, Q, subst1, modifiedVars, flip } from '../../ivl/index.js';
import { UNDER } from '../soundness.js';
import type { LoopRule } from './rule.js';
import { constProgram, iteration } from './induction.js';
import { BOT } from '../build.js';

export const omegaRule: LoopRule = {
  name: 'omega_invariant',
  defaultSemantics: (dir) => (dir === 'down' ? 'lfp' : 'gfp'),
  // sup_n I_n ≤ lfp ≤ gfp when the conditions hold, else 0: an under-approximation. Procs only: the dual rule for
  // coprocs would start from ⊤ and is not offered, so `check` rejects the attribute there with a located error
  // rather than approximate wrongly.
  approximation: () => UNDER,
  check: (_loop, _rule, ctx) => (ctx.dir === 'up' ? '@omega_invariant proves lower bounds: use it in a proc' : undefined),
  desugar: (loop, rule, ctx) => {
    const nVar = rule.args[0]!;
    if (nVar.k !== 'var') throw new Error('omega_invariant: expected a variable');
    const n = nVar.name;
    ctx.types.set(n, 'UInt');
    const inv = rule.args[1]!;
    const d = ctx.dir;
    const vars = [...modifiedVars(ctx.body)].filter((v) => v !== n);
    const inv0 = subst1(inv, n, T.num(Q.ZERO, 'UInt'));
    const invNext = subst1(inv, n, T.bin('+', nVar, T.num(Q.ONE, 'UInt'), 'UInt'));
    const havoc = (xs: string[]): Stmt[] => (xs.length ? [{ k: 'havoc', dir: d, vars: xs }] : []);
    const cond1: Stmt[] = [...havoc(vars), { k: 'validate', dir: d }, { k: 'assume', dir: d, e: inv0 }, iteration(loop, ctx.body, constProgram(BOT, d))];
    const cond2: Stmt[] = [...havoc([n, ...vars]), { k: 'validate', dir: d }, { k: 'assume', dir: d, e: invNext }, iteration(loop, ctx.body, constProgram(inv, d))];
    const check: Stmt = { k: 'choice', op: d === 'down' ? 'demonic' : 'angelic', a: cond1, b: cond2 };
    return [{ k: 'havoc', dir: flip(d), vars: [n] }, { k: 'assert', dir: d, e: inv }, check] as Stmt[];
  },
};

export type { Expr };
