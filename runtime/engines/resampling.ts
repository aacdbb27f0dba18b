// Resampling schemes for SMC, each O(n): ancestor indexes drawn in proportion to the particles' weights.
// Systematic (one uniform, n evenly spaced points), stratified (one uniform per stratum) and multinomial
// (n independent draws, generated already sorted from exponential spacings so one merge pass suffices).

import type { Random } from '../../stdlib/index.js';

export type Resampling = 'systematic' | 'multinomial' | 'stratified';

/** Writes n ancestor indexes into `out`, drawn in proportion to exp(lw) (at least one weight positive). */
export function resample(kind: Resampling, lw: Float64Array, n: number, rng: Random, out: Int32Array): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (lw[i]! > max) max = lw[i]!;
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i] = Math.exp(lw[i]! - max);
  resampleWeights(kind, w, total, n, rng, out);
}

/** `resample` from linear weights w (not necessarily normalised; Σw = total > 0). Ancestors come out sorted. */
export function resampleWeights(kind: Resampling, w: Float64Array, total: number, n: number, rng: Random, out: Int32Array): void {
  // Points u_0 ≤ u_1 ≤ … ≤ u_{n−1} in [0, total); ancestor j is the particle whose cumulative weight passes u_j.
  let last = 0; // the last particle of positive weight (guards against rounding at the top end)
  for (let a = n - 1; a >= 0; a--) if (w[a]! > 0) { last = a; break; }
  let i = 0;
  let cum = w[0]!;
  if (kind === 'multinomial') {
    // Sorted uniforms: u_j = (E_1 + … + E_{j+1}) / (E_1 + … + E_{n+1}) with E standard exponentials.
    let s = 0;
    const e = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s += rng.exponential();
      e[j] = s;
    }
    s += rng.exponential();
    const scale = total / s;
    for (let j = 0; j < n; j++) {
      const u = e[j]! * scale;
      while (u >= cum && i < last) cum += w[++i]!;
      out[j] = i;
    }
    return;
  }
  const step = total / n;
  const u0 = kind === 'systematic' ? rng.uniform() * step : 0;
  for (let j = 0; j < n; j++) {
    const u = kind === 'systematic' ? u0 + j * step : (j + rng.uniform()) * step;
    while (u >= cum && i < last) cum += w[++i]!;
    out[j] = i;
  }
}
