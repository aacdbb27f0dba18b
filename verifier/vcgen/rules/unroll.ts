// Bounded unrolling (`@unroll(k, t)`): k nested iterations with the constant t innermost, i.e. Φ^k(t).
// (k iterations of the characteristic function Φ_f; the k-th iteration's continuation is t, so @unroll(k, 0)
// accounts for runs that leave the loop within k − 1 iterations.)
// With t = 0 this is a Kleene iterate below lfp ≤ gfp: an under-approximation (sound lower bounds in procs,
// sound refutations of upper bounds in coprocs: bounded model checking). With t = ∞ it is above gfp ≥ lfp; with
// t = 1 above the gfp of the 1-bounded wlp lattice. Any other terminator approximates nothing known.

import type { Expr } from '../../ivl/index.js';
import { OVER, UNDER, UNKNOWN } from '../soundness.js';
import type { LoopRule } from './rule.js';
import { literalInt } from './rule.js';
import { constProgram, iteration } from './induction.js';

const isZero = (e: Expr): boolean => (e.k === 'cast' ? isZero(e.a) : e.k === 'num' && e.value.num === 0n);
const isOne = (e: Expr): boolean => (e.k === 'cast' ? isOne(e.a) : e.k === 'num' && e.value.num === 1n && e.value.den === 1n);
const isInf = (e: Expr): boolean => (e.k === 'cast' ? isInf(e.a) : e.k === 'infty');

export const unrollRule: LoopRule = {
  name: 'unroll',
  defaultSemantics: (_dir, rule) => (isZero(rule.args[1]!) ? 'lfp' : 'gfp'),
  approximation: (sem, _dir, rule) => {
    const t = rule.args[1]!;
    if (isZero(t)) return UNDER;
    if (isInf(t) || (isOne(t) && sem === 'gfp')) return OVER;
    return UNKNOWN;
  },
  desugar: (loop, rule, ctx) => {
    const k = literalInt(rule.args[0]!);
    let next = constProgram(rule.args[1]!, ctx.dir);
    for (let i = 0; i < k; i++) next = [iteration(loop, ctx.body, next)];
    return next;
  },
};
