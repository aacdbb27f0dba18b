// `Normal(m, s)` fused into its one `sample` or `observe` by the inline variants of compiled code
// (compiler/codegen.ts): the draw or the log density without building a distribution object. Each is
// bit-for-bit what NormalDist computes (and consumes the generator the same way), so an engine gets the same
// numbers from either variant; parameters that NormalDist would reject, or a Tensor mean, take the ordinary
// path through the `Normal` built-in (its error located at the constructor's call).

import type { Span } from '../../lang/index.js';
import { LOG_SQRT_2PI, type Random } from '../../stdlib/index.js';
import { baseBuiltins } from './builtins.js';
import { locate } from './helpers.js';

/**
 * The distribution the `Normal` built-in builds (validating its parameters), for the unusual cases: the fast
 * paths below take (m, s) only when NormalDist accepts them as they are (finite mean, positive finite sd).
 */
function slow(m: unknown, s: unknown, span: Span): { sample(r: Random): unknown; logProb(v: unknown): number } {
  try {
    return baseBuiltins.Normal!(m, s);
  } catch (e) {
    throw locate(e, span);
  }
}

// (`plain` is written out in the two functions below: cold runs execute them thousands of times before V8
// optimises them, and an unoptimised call costs more than the test.)

/** `sample(Normal(m, s))` drawn with `rng`. */
export function normalDraw(rng: Random, m: number, s: number, span: Span): unknown {
  if (typeof m === 'number' && typeof s === 'number' && m - m === 0 && s > 0 && s < Infinity) return m + s * rng.normal();
  return slow(m, s, span).sample(rng);
}

/**
 * The log density of `v` under `Normal(m, s)` (NormalDist.logProb). `negLogSd`, when given, is −log s
 * precomputed (codegen passes it for a literal sd: one `Math.log` less per observation).
 */
export function normalLogPdf(v: unknown, m: number, s: number, span: Span, negLogSd?: number): number {
  if (typeof m === 'number' && typeof s === 'number' && m - m === 0 && s > 0 && s < Infinity) {
    if (typeof v !== 'number' || v !== v) return -Infinity;
    const z = (v - m) / s;
    return -0.5 * z * z + ((negLogSd === undefined ? -Math.log(s) : negLogSd) - LOG_SQRT_2PI);
  }
  return slow(m, s, span).logProb(v);
}
