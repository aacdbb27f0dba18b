// Effective sample size of Markov chains, as Stan computes it (stan/analyze/mcmc/
// compute_effective_sample_size.hpp; Vehtari, Gelman, Simpson, Carpenter & Bürkner, "Rank-normalization,
// folding, and localization: an improved R-hat", Bayesian Analysis 2021): autocorrelations from FFT
// autocovariances combined across chains, summed in pairs and truncated by Geyer's initial positive
// sequence, then made monotone (Geyer's initial monotone sequence).

import { autocovariance } from './fft.js';
import { normalQuantile } from './normal-quantile.js';

/** Draws of one scalar quantity, one array per chain. */
export type Chains = readonly ArrayLike<number>[];

/**
 * ESS of the chains as given (not split), Stan's `compute_effective_sample_size`. Chains are cut to the
 * shortest length. NaN when fewer than 4 draws per chain or when every draw is the same (no variance).
 */
export function essChains(chains: Chains): number {
  const m = chains.length;
  if (m === 0) return NaN;
  let n = Infinity;
  for (const c of chains) n = Math.min(n, c.length);
  if (n < 4) return NaN;
  const acov: Float64Array[] = [];
  const chainMean = new Float64Array(m);
  const chainVar = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const c = chains[j].length === n ? chains[j] : Array.prototype.slice.call(chains[j], 0, n) as number[];
    const a = autocovariance(c);
    acov.push(a);
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i];
    chainMean[j] = s / n;
    chainVar[j] = (a[0] * n) / (n - 1);
  }
  let meanVar = 0;
  for (let j = 0; j < m; j++) meanVar += chainVar[j];
  meanVar /= m;
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) {
    let mu = 0;
    for (let j = 0; j < m; j++) mu += chainMean[j];
    mu /= m;
    let b = 0;
    for (let j = 0; j < m; j++) b += (chainMean[j] - mu) ** 2;
    varPlus += b / (m - 1);
  }
  if (!(varPlus > 0) || !Number.isFinite(varPlus)) return NaN;
  const meanAcov = (t: number): number => {
    let s = 0;
    for (let j = 0; j < m; j++) s += acov[j][t];
    return s / m;
  };
  const rho = new Float64Array(n);
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = 1 - (meanVar - meanAcov(1)) / varPlus;
  rho[1] = rhoOdd;
  // Geyer's initial positive sequence: sum pairs while their sum stays positive.
  let t = 1;
  while (t < n - 5 && rhoEven + rhoOdd > 0) {
    rhoEven = 1 - (meanVar - meanAcov(t + 1)) / varPlus;
    rhoOdd = 1 - (meanVar - meanAcov(t + 2)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t + 1] = rhoEven;
      rho[t + 2] = rhoOdd;
    }
    t += 2;
  }
  const maxT = t;
  // this is used in the improved estimate
  if (rhoEven > 0) rho[maxT + 1] = rhoEven;
  // Geyer's initial monotone sequence
  for (let u = 1; u <= maxT - 3; u += 2) {
    if (rho[u + 1] + rho[u + 2] > rho[u - 1] + rho[u]) {
      rho[u + 1] = (rho[u - 1] + rho[u]) / 2;
      rho[u + 2] = rho[u + 1];
    }
  }
  const total = m * n;
  let sum = 0;
  for (let u = 0; u <= maxT; u++) sum += rho[u];
  let tau = -1 + 2 * sum + rho[maxT + 1];
  // Safety bound from Stan: ESS ≤ N·log10(N)
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/** Each chain cut into its first and second halves (a middle draw of an odd-length chain is dropped). */
export function splitChains(chains: Chains): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    const a = new Float64Array(half);
    const b = new Float64Array(half);
    for (let i = 0; i < half; i++) {
      a[i] = c[i];
      b[i] = c[c.length - half + i];
    }
    out.push(a, b);
  }
  return out;
}

/**
 * Rank normalisation (Vehtari et al. 2021): every draw replaced by Φ⁻¹((r − 3/8)/(S + 1/4)) where r is
 * its average rank among all S draws of all chains.
 */
export function rankNormalise(chains: Chains): Float64Array[] {
  let total = 0;
  for (const c of chains) total += c.length;
  const values = new Float64Array(total);
  const owner = new Int32Array(total);
  const pos = new Int32Array(total);
  let k = 0;
  chains.forEach((c, j) => {
    for (let i = 0; i < c.length; i++, k++) {
      values[k] = c[i];
      owner[k] = j;
      pos[k] = i;
    }
  });
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = chains.map((c) => new Float64Array(c.length));
  for (let i = 0; i < total; ) {
    let j = i;
    while (j + 1 < total && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average 1-based rank of the tie group
    const z = normalQuantile((rank - 0.375) / (total + 0.25));
    for (let q = i; q <= j; q++) out[owner[order[q]]][pos[order[q]]] = z;
    i = j + 1;
  }
  return out;
}

/** Split-chain ESS of the raw draws (posterior's `ess_basic`): the ESS that MCSE of the mean uses. */
export function essBasic(chains: Chains): number {
  return essChains(splitChains(chains));
}

/** Bulk ESS: split-chain ESS of the rank-normalised draws (robust to heavy tails). */
export function essBulk(chains: Chains): number {
  return essChains(rankNormalise(splitChains(chains)));
}

/** Tail ESS: the smaller split-chain ESS of the indicators of the 5% and 95% quantiles. */
export function essTail(chains: Chains): number {
  const split = splitChains(chains);
  const all: number[] = [];
  for (const c of split) for (let i = 0; i < c.length; i++) all.push(c[i]);
  all.sort((a, b) => a - b);
  const q = (p: number) => all[Math.min(all.length - 1, Math.max(0, Math.floor(p * (all.length - 1))))];
  let best = Infinity;
  for (const cut of [q(0.05), q(0.95)]) {
    const ind = split.map((c) => Float64Array.from(c, (v) => (v <= cut ? 1 : 0)));
    best = Math.min(best, essChains(ind));
  }
  return best;
}

/**
 * ESS of importance-weighted samples from their log weights: (Σw)² / Σw² (Kish), computed stably in
 * log space. 0 when every weight is zero.
 */
export function essFromLogWeights(logWeights: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i] > m) m = logWeights[i];
  if (m === -Infinity) return 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < logWeights.length; i++) {
    const w = Math.exp(logWeights[i] - m);
    s1 += w;
    s2 += w * w;
  }
  return (s1 * s1) / s2;
}

