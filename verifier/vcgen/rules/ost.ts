// `@ost(I, pastI, c, f)`: lower bounds by the Optional Stopping Theorem (Hark, Kaminski, Giesl, Katoen,
// "Aiming low is harder", POPL 2020). Premises (generated procedures over all variables):
//   lt_infinity                      pastI < ∞
//   past                             [G]·(1 + wp(body)(pastI)) ≤ pastI         (the loop is PAST)
//   conditional_difference_bounded   on G: wp(body)(|I' − I|) ≤ c              (c a literal)
//   harmonize_I_f                    on ¬G: I = f
//   loopiter_lt_infty                Φ_f(I) < ∞
//   lower_bound                      I ≤ Φ_f(I)                                (I is a wp-subinvariant)
// Conclusion: I ≤ wp(loop)(f). The loop becomes the constant program returning I (an under-approximation of
// lfp given the premises). Lower bounds (procs) only; f is the loop's post and must be given explicitly.

import type { Stmt, Expr } from '../../ivl/index.js';
import { T, freshName } from '../../ivl/index.js';
import { UNDER } from '../soundness.js';
import type { LoopRule } from './rule.js';
import { sideProc, hasAngelic, angelic } from './side.js';
import { constProgram, iteration } from './induction.js';
import * as B from '../build.js';

export const ostRule: LoopRule = {
  name: 'ost',
  defaultSemantics: () => 'lfp',
  approximation: () => UNDER,
  check: (_loop, _rule, ctx) => {
    if (ctx.dir === 'up') return '@ost proves lower bounds: use it in a proc';
    if (hasAngelic(ctx.body)) return 'angelic choice in the loop body is not supported by @ost';
    return undefined;
  },
  desugar: (loop, rule, ctx) => {
    const [inv, pastInv, c, f] = rule.args as [Expr, Expr, Expr, Expr];
    const G = loop.c;
    const embed = (b: Expr) => B.eu(T.un('embed', b));
    const assertB = (b: Expr): Stmt[] => [{ k: 'assert', dir: 'down', e: embed(b) }];
    ctx.addProc(sideProc(ctx, 'lt_infinity', 'ost: pastI < ∞', 'down', B.TOP, assertB(T.bin('<', pastInv, B.TOP, 'Bool')), B.TOP));
    ctx.addProc(sideProc(ctx, 'past', 'ost: pastI bounds the expected runtime (PAST)', 'up', pastInv,
      [iteration(loop, angelic(ctx.body), [{ k: 'tick', e: B.ONE }, ...constProgram(pastInv, 'down')])], B.BOT));
    const i0 = freshName('I_before');
    const i0v = T.v(i0, 'EUReal');
    const absDiff = B.ite(T.bin('<=', i0v, inv, 'Bool'), B.bin('-', inv, i0v), B.bin('-', i0v, inv));
    ctx.addProc(sideProc(ctx, 'conditional_difference_bounded', 'ost: E|I′ − I| ≤ c in one iteration', 'up', B.ite(G, B.eu(c), B.TOP),
      [{ k: 'var', name: i0, ty: 'EUReal', init: inv }, ...angelic(ctx.body)], absDiff));
    ctx.addProc(sideProc(ctx, 'harmonize_I_f', 'ost: I = f where the loop stops', 'down', B.TOP,
      assertB(T.bin('||', G, T.bin('==', inv, f, 'Bool'), 'Bool')), B.TOP));
    ctx.addProc(sideProc(ctx, 'loopiter_lt_infty', 'ost: Φ_f(I) < ∞', 'up', B.BOT,
      [{ k: 'validate', dir: 'down' }, { k: 'assume', dir: 'down', e: B.TOP }, iteration(loop, angelic(ctx.body), constProgram(inv, 'down'))], f));
    ctx.addProc(sideProc(ctx, 'lower_bound', 'ost: I ≤ Φ_f(I)', 'down', inv, [iteration(loop, ctx.body, constProgram(inv, 'down'))], f));
    return constProgram(inv, 'down');
  },
};
