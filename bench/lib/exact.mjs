// Exact answers of the side-by-side benchmarks, computed here in plain JavaScript by methods independent of
// both engines: dynamic programming for the noisy-OR, binomial sums for the coins, the Kalman filter for the
// state-space model and the conjugate closed form for the regression.

/** Parameters of the noisy-OR benchmark (bench/webppl/noisyor.wppl, bench/ppl/noisyor.ppl). */
export const NOISY_OR = {
  n: 20,
  p: (i) => 0.02 + 0.004 * i, // prior probability that cause i is active
  w: (i) => 0.2 + 0.03 * i, // probability that active cause i turns the effect on
  leak: 0.005,
};

/**
 * Posterior of the number of active causes given that the effect is on, by dynamic programming over the
 * causes (O(n^2), no enumeration): P(k, effect) = P(k) − (1 − leak) · Q(k), where Q(k) sums, over the
 * sets of k active causes, prior mass × ∏ (1 − w_i) — the mass of "k active and the effect stayed off".
 * Returns { probs: P(k | effect) for k = 0..n, evidence: P(effect), mean: E[k | effect] }.
 */
export function noisyOrExact(spec = NOISY_OR) {
  let prior = [1]; // prior[k] = P(k of the causes seen so far are active)
  let off = [1]; // off[k] = Σ over those sets of prior mass × ∏_{active} (1 − w_i)
  for (let i = 0; i < spec.n; i++) {
    const p = spec.p(i);
    const w = spec.w(i);
    const nextPrior = new Array(prior.length + 1).fill(0);
    const nextOff = new Array(off.length + 1).fill(0);
    for (let k = 0; k < prior.length; k++) {
      nextPrior[k] += prior[k] * (1 - p);
      nextPrior[k + 1] += prior[k] * p;
      nextOff[k] += off[k] * (1 - p);
      nextOff[k + 1] += off[k] * p * (1 - w);
    }
    prior = nextPrior;
    off = nextOff;
  }
  const joint = prior.map((pk, k) => pk - (1 - spec.leak) * off[k]);
  const evidence = joint.reduce((a, b) => a + b, 0);
  const probs = joint.map((j) => j / evidence);
  const mean = probs.reduce((acc, q, k) => acc + k * q, 0);
  return { probs, evidence, mean };
}

/** C(n, k) as an exact integer (BigInt). */
export function binomial(n, k) {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

/**
 * P(first coin = heads | at least `atLeast` of `n` fair coins are heads) =
 * Σ_{k ≥ atLeast−1} C(n−1, k) / Σ_{k ≥ atLeast} C(n, k), both sums exact integers.
 * Returns { numerator, denominator, pTrue }.
 */
export function coinsExact(n = 20, atLeast = 14) {
  let numerator = 0n;
  for (let k = atLeast - 1; k <= n - 1; k++) numerator += binomial(n - 1, k);
  let denominator = 0n;
  for (let k = atLeast; k <= n; k++) denominator += binomial(n, k);
  return { numerator, denominator, pTrue: Number(numerator) / Number(denominator) };
}

/**
 * Kalman filter for x_1 ~ N(a·0, q + …) — precisely x_0 = 0, x_t = a x_{t−1} + N(0, q), y_t ~ N(x_t, r)
 * (q and r are variances; with a·x_0 = 0 the first state is N(0, q)). Returns the filtered mean and sd of
 * the last state (= its smoothed posterior, since it is last) and log Z = Σ_t log N(y_t; predicted mean,
 * predicted var + r).
 */
export function kalman({ ys, a, q, r }) {
  let m = 0;
  let v = 0; // x_0 = 0 exactly
  let logZ = 0;
  for (const y of ys) {
    const mp = a * m;
    const vp = a * a * v + q;
    const s = vp + r;
    logZ += -0.5 * Math.log(2 * Math.PI * s) - ((y - mp) * (y - mp)) / (2 * s);
    const gain = vp / s;
    m = mp + gain * (y - mp);
    v = (1 - gain) * vp;
  }
  return { mean: m, sd: Math.sqrt(v), variance: v, logZ };
}

/**
 * Posterior of (b0, b1) for y_i ~ N(b0 + b1 x_i, noiseSd²) with independent N(0, priorSd²) priors:
 * precision Λ = XᵀX/σ² + I/τ², mean Λ⁻¹ Xᵀy/σ². Returns means, sds, correlation and log Z.
 */
export function regressionPosterior({ xs, ys, priorSd, noiseSd }) {
  const s2 = noiseSd * noiseSd;
  const t2 = priorSd * priorSd;
  let sx = 0, sxx = 0, sy = 0, sxy = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sx += xs[i];
    sxx += xs[i] * xs[i];
    sy += ys[i];
    sxy += xs[i] * ys[i];
    syy += ys[i] * ys[i];
  }
  const n = xs.length;
  const l00 = n / s2 + 1 / t2, l01 = sx / s2, l11 = sxx / s2 + 1 / t2;
  const det = l00 * l11 - l01 * l01;
  const c00 = l11 / det, c01 = -l01 / det, c11 = l00 / det; // posterior covariance
  const r0 = sy / s2, r1 = sxy / s2;
  const mean = [c00 * r0 + c01 * r1, c01 * r0 + c11 * r1];
  // log Z = log N(y; 0, σ² I + τ² X Xᵀ), by the matrix determinant lemma and Woodbury:
  // log|Σ_y| = n log σ² + log|Λ| + 2 log τ²;  yᵀΣ_y⁻¹y = yᵀy/σ² − mᵀ Λ m.
  const quad = syy / s2 - (mean[0] * (l00 * mean[0] + l01 * mean[1]) + mean[1] * (l01 * mean[0] + l11 * mean[1]));
  const logDet = n * Math.log(s2) + Math.log(det) + 2 * Math.log(t2);
  const logZ = -0.5 * (n * Math.log(2 * Math.PI) + logDet + quad);
  return {
    mean,
    sd: [Math.sqrt(c00), Math.sqrt(c11)],
    correlation: c01 / Math.sqrt(c00 * c11),
    logZ,
  };
}
