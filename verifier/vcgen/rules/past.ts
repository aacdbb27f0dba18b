// `@past(I, ε, K)`: positive almost-sure termination by ranking supermartingales (Chakarov & Sankaranarayanan,
// CAV 2013; Kaminski's thesis Thm 6.3). Premises (generated procedures over all variables):
//   condition_1  [¬G]·I ≤ K        condition_2  [G]·K ≤ [G]·I + [¬G]      past  Φ_0(I) ≤ [G]·(I ∸ ε)
// with ε < K literals. Conclusion: the loop terminates (with finite expected runtime) from every state; it becomes
//   havoc vars; assume ?(¬G)
// (the infimum of the post over terminal states: an under-approximation of wp). Lower bounds (procs) only.

import type { Stmt, Expr } from '../../ivl/index.js';
import { T, Q, modifiedVars } from '../../ivl/index.js';
import { UNDER } from '../soundness.js';
import type { LoopRule } from './rule.js';
import { sideProc, hasAngelic, angelic } from './side.js';
import * as B from '../build.js';

const litOf = (e: Expr): Q.Rational | undefined => (e.k === 'num' ? e.value : e.k === 'cast' ? litOf(e.a) : undefined);

export const pastRule: LoopRule = {
  name: 'past',
  defaultSemantics: () => 'lfp',
  approximation: () => UNDER,
  check: (_loop, rule, ctx) => {
    if (ctx.dir === 'up') return '@past proves termination, i.e. lower bounds: use it in a proc';
    if (hasAngelic(ctx.body)) return 'angelic choice in the loop body is not supported by @past';
    const eps = litOf(rule.args[1]!), k = litOf(rule.args[2]!);
    if (!eps || !k || Q.cmp(eps, k) >= 0 || eps.num <= 0n) return 'needs literals 0 < ε < K';
    return undefined;
  },
  desugar: (loop, rule, ctx) => {
    const [inv, eps, K] = rule.args as [Expr, Expr, Expr];
    const G = loop.c;
    const iv = (b: Expr) => B.eu(T.un('iverson', b));
    ctx.addProc(sideProc(ctx, 'condition_1', 'past: [¬G]·I ≤ K', 'up', B.eu(K), [], B.mul(iv(B.not(G)), inv)));
    ctx.addProc(sideProc(ctx, 'condition_2', 'past: [G]·K ≤ [G]·I + [¬G]', 'down', B.mul(iv(G), B.eu(K)), [], B.add(B.mul(iv(G), inv), iv(B.not(G)))));
    // Φ_0(I) = [G]·ert-free wp(body)(I): a coproc whose body is `if G { body } else { I := 0 }` is awkward; instead
    // state it on G-states: wp(body)(I) ≤ I ∸ ε (and on ¬G-states Φ_0(I) = 0 trivially).
    ctx.addProc(sideProc(ctx, 'past', 'past: the expected value of I drops by ε per iteration', 'up', B.ite(G, B.bin('-', inv, B.eu(eps)), B.TOP), angelic(ctx.body), inv));
    const vars = [...modifiedVars(ctx.body)];
    return [
      ...(vars.length ? [{ k: 'havoc', dir: 'down', vars } as Stmt] : []),
      { k: 'assume', dir: 'down', e: B.eu(T.un('embed', B.not(G))) },
    ];
  },
};
