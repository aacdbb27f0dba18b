// `@ast(I, V, v, p(v), d(v))`: almost-sure termination by McIver, Morgan, Kaminski, Katoen (POPL 2018).
// Premises (generated procedures, each over all variables):
//   prob_antitone        a ≤ b ⇒ p(b) ≤ p(a)            decrease_antitone  a ≤ b ⇒ d(b) ≤ d(a)
//   I_wp_subinvariant    [G ∧ I] ≤ wp(body)([I])         termination_condition  I ⇒ (¬G ⇔ V = 0)
//   V_wp_superinvariant  wp(body)(V) ≤ V on G ∧ I (demonic choices read angelically: every scheduler)
//   progress_condition   [G ∧ I ∧ V = v]·p(v) ≤ wp(body)([V ≤ v ∸ d(v)])
// Conclusion: from I-states the loop terminates almost surely, in a state satisfying ¬G ∧ I. The loop becomes
//   assert ?(I); havoc vars; assume ?(¬G ∧ I)
// i.e. the infimum of the post over terminal states — an under-approximation of wp (unlike Caesar, which drops
// the loop and so "verifies" any post; its issue #99). Lower bounds (procs) only.

import type { Stmt, Expr } from '../../ivl/index.js';
import { T, subst1, modifiedVars, freshName } from '../../ivl/index.js';
import { UNDER } from '../soundness.js';
import type { LoopRule } from './rule.js';
import { sideProc, angelic, hasAngelic } from './side.js';
import * as B from '../build.js';

const bool = (e: Expr) => B.eu(T.un('embed', e));

export const astRule: LoopRule = {
  name: 'ast',
  defaultSemantics: () => 'lfp',
  approximation: () => UNDER,
  check: (_loop, _rule, ctx) => {
    if (ctx.dir === 'up') return '@ast proves termination, i.e. lower bounds: use it in a proc';
    if (hasAngelic(ctx.body)) return 'angelic choice in the loop body is not supported by @ast';
    return undefined;
  },
  desugar: (loop, rule, ctx) => {
    const [inv, variant, vVar, prob, decrease] = rule.args as [Expr, Expr, Expr, Expr, Expr];
    if (vVar.k !== 'var') throw new Error('@ast: the third argument must be a variable');
    const G = loop.c;
    const at = (e: Expr, x: Expr) => subst1(e, vVar.name, x);
    const a = T.v(freshName('a'), 'UReal'), b = T.v(freshName('b'), 'UReal');
    const ab = [{ name: (a as { name: string }).name, ty: 'UReal' as const }, { name: (b as { name: string }).name, ty: 'UReal' as const }];
    const assertB = (e: Expr): Stmt[] => [{ k: 'assert', dir: 'down', e: bool(e) }];
    const implies = (x: Expr, y: Expr) => T.bin('||', B.not(x), y, 'Bool');
    const le = (x: Expr, y: Expr) => T.bin('<=', x, y, 'Bool');
    ctx.addProc(sideProc(ctx, 'prob_antitone', 'ast: p is antitone', 'down', B.TOP, assertB(implies(le(a, b), le(at(prob, b), at(prob, a)))), B.TOP, ab));
    ctx.addProc(sideProc(ctx, 'decrease_antitone', 'ast: d is antitone', 'down', B.TOP, assertB(implies(le(a, b), le(at(decrease, b), at(decrease, a)))), B.TOP, ab));
    const GI = T.bin('&&', G, inv, 'Bool');
    ctx.addProc(sideProc(ctx, 'I_wp_subinvariant', 'ast: I is a wp-subinvariant', 'down', B.eu(T.un('iverson', GI)), ctx.body, B.eu(T.un('iverson', inv))));
    const zero = T.num({ num: 0n, den: 1n }, 'UReal');
    ctx.addProc(sideProc(ctx, 'termination_condition', 'ast: on I, the loop stops exactly when V = 0', 'down', B.TOP,
      assertB(implies(inv, T.bin('==', B.not(G), T.bin('==', variant, zero, 'Bool'), 'Bool'))), B.TOP));
    ctx.addProc(sideProc(ctx, 'V_wp_superinvariant', 'ast: V is a wp-superinvariant', 'up', B.ite(GI, B.eu(variant), B.TOP), angelic(ctx.body), B.eu(variant)));
    const v = T.v(vVar.name, 'UReal');
    const pre = B.mul(B.eu(T.un('iverson', T.bin('&&', GI, T.bin('==', variant, v, 'Bool'), 'Bool'))), B.eu(prob));
    const post = B.eu(T.un('iverson', le(variant, T.bin('-', v, decrease, 'UReal'))));
    ctx.addProc(sideProc(ctx, 'progress_condition', 'ast: progress with probability p(v) by d(v)', 'down', pre, ctx.body, post, [{ name: vVar.name, ty: 'UReal' }]));
    const vars = [...modifiedVars(ctx.body)];
    return [
      { k: 'assert', dir: 'down', e: bool(inv), msg: 'the invariant of @ast might not hold on entry' },
      ...(vars.length ? [{ k: 'havoc', dir: 'down', vars } as Stmt] : []),
      { k: 'assume', dir: 'down', e: bool(T.bin('&&', B.not(G), inv, 'Bool')) },
    ];
  },
};
