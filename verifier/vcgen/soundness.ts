// Soundness bookkeeping: how the desugared VC relates to the true one. A proof rule replaces a loop's exact
// fixed point by an over- or under-approximation; the verdicts a unit may report follow from the meet of all.
//   proc (lower bound, pre ≤ vc):  proof sound if vc under-approximates; refutation sound if it over-approximates.
//   coproc (upper bound, pre ≥ vc): the other way round.

import type { Dir, Calculus } from '../ivl/index.js';
import type { Span } from '../../lang/index.js';

export type Semantics = 'lfp' | 'gfp';

/** under = the computed vc is ≤ the true one; over = ≥. Both: exact; neither: unknown. */
export interface Approx { readonly under: boolean; readonly over: boolean }

export const EXACT: Approx = { under: true, over: true };
export const UNDER: Approx = { under: true, over: false };
export const OVER: Approx = { under: false, over: true };
export const UNKNOWN: Approx = { under: false, over: false };

export function meet(a: Approx, b: Approx): Approx { return { under: a.under && b.under, over: a.over && b.over }; }

export function approxName(a: Approx): string {
  return a.under && a.over ? 'exact' : a.under ? 'an under-approximation' : a.over ? 'an over-approximation' : 'of unknown precision';
}

/** One non-exact step of a desugaring, for explanations in `unknown` verdicts. */
export interface ApproxRecord { readonly what: string; readonly approx: Approx; readonly span?: Span }

export function semanticsOf(calculus: Calculus | undefined): Semantics | undefined {
  return calculus === undefined ? undefined : calculus === 'wlp' ? 'gfp' : 'lfp';
}

export function soundVerdicts(dir: Dir, a: Approx): { proofs: boolean; refutations: boolean } {
  return dir === 'down' ? { proofs: a.under, refutations: a.over } : { proofs: a.over, refutations: a.under };
}
