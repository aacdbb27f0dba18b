// Bounded unrolling (`@unroll(k, t)`): k nested iterations with the constant t innermost, i.e. Φ^k(t).
// With t = 0 this is a Kleene iterate below lfp: an under-approximation of wp/ert (sound lower bounds in procs,
// sound refutations of upper bounds in coprocs: bounded model checking). With t ≥ the post's bound it over-
// approximates gfp (wlp).

import type { Expr } from '../../ivl/index.js';
import { OVER, UNDER } from '../soundness.js';
import type { LoopRule } from './rule.js';
import { literalInt } from './rule.js';
import { constProgram, iteration } from './induction.js';

const isZero = (e: Expr): boolean => (e.k === 'cast' ? isZero(e.a) : e.k === 'num' && e.value.num === 0n);

export const unrollRule: LoopRule = {
  name: 'unroll',
  defaultSemantics: (_dir, rule) => (isZero(rule.args[1]!) ? 'lfp' : 'gfp'),
  approximation: (sem) => (sem === 'lfp' ? UNDER : OVER),
  desugar: (loop, rule, ctx) => {
    const k = literalInt(rule.args[0]!);
    let next = constProgram(rule.args[1]!, ctx.dir);
    for (let i = 0; i < k; i++) next = [iteration(loop, ctx.body, next)];
    return next;
  },
};
