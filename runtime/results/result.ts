// What every result of `infer` adds to the Distribution interface: how many samples stand behind it,
// its effective sample size and its log evidence (language.md §5 queries `ess` and `logZ`).

import type { Distribution } from '../../stdlib/index.js';

export interface InferResult<T = unknown> extends Distribution<T> {
  /** 'finite': exact table; 'samples': (weighted) samples; 'gaussian': analytic Gaussian mixture. */
  readonly kind: 'finite' | 'samples' | 'gaussian';
  /** The number of samples behind the result; Infinity for exact and analytic results. */
  readonly n: number;
  /** Effective sample size (Σw)²/Σw²; Infinity for exact and analytic results. */
  ess(): number;
  /** The log evidence: exact log normalising constant, or the engine's estimate. Throws when unknown. */
  logZ(): number;
}

export function isInferResult(d: unknown): d is InferResult {
  return typeof d === 'object' && d !== null && typeof (d as InferResult).ess === 'function' &&
    typeof (d as InferResult).logZ === 'function' && typeof (d as InferResult).kind === 'string';
}
