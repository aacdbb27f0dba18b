// Potential scale reduction R̂: the split-chain version (Gelman et al., BDA3 §11.4) and the
// rank-normalised, folded version of Vehtari et al. (2021), which Stan reports since 2.26.

import { rankNormalise, splitChains, type Chains } from './ess.js';

/** R̂ of the chains as given: √(var⁺ / W) with var⁺ = (n−1)/n · W + B/n. NaN with < 2 chains or no variance. */
export function rhatChains(chains: Chains): number {
  const m = chains.length;
  if (m < 2) return NaN;
  let n = Infinity;
  for (const c of chains) n = Math.min(n, c.length);
  if (n < 2) return NaN;
  const means = new Float64Array(m);
  let w = 0;
  for (let j = 0; j < m; j++) {
    const c = chains[j];
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i];
    const mu = s / n;
    means[j] = mu;
    let v = 0;
    for (let i = 0; i < n; i++) v += (c[i] - mu) ** 2;
    w += v / (n - 1);
  }
  w /= m;
  let grand = 0;
  for (let j = 0; j < m; j++) grand += means[j];
  grand /= m;
  let bOverN = 0;
  for (let j = 0; j < m; j++) bOverN += (means[j] - grand) ** 2;
  bOverN /= m - 1;
  if (!(w > 0)) return NaN;
  return Math.sqrt(((n - 1) / n * w + bOverN) / w);
}

/** Split R̂ on the raw draws (each chain halved, so one chain that drifts is caught too). */
export function splitRhat(chains: Chains): number {
  return rhatChains(splitChains(chains));
}

/**
 * Rank-normalised split R̂ (Vehtari et al. 2021): the larger of the bulk R̂ (rank-normalised draws) and
 * the tail R̂ (rank-normalised |draw − median|). Works with one chain (its halves are compared).
 */
export function rankRhat(chains: Chains): number {
  const split = splitChains(chains);
  const bulk = rhatChains(rankNormalise(split));
  const all: number[] = [];
  for (const c of split) for (let i = 0; i < c.length; i++) all.push(c[i]);
  all.sort((a, b) => a - b);
  const h = all.length >> 1;
  const median = all.length % 2 ? all[h] : (all[h - 1] + all[h]) / 2;
  const folded = split.map((c) => Float64Array.from(c, (v) => Math.abs(v - median)));
  const tail = rhatChains(rankNormalise(folded));
  // a folded quantity can be constant (a 0/1 indicator split evenly around its median): no tail information
  if (Number.isNaN(tail)) return bulk;
  if (Number.isNaN(bulk)) return tail;
  return Math.max(bulk, tail);
}
