// Monte Carlo standard errors of posterior summaries from chains: of the mean (sd/√ESS) and of the
// standard deviation (delta method on the second central moment, with that moment's own ESS).

import { essBasic, type Chains } from './ess.js';

function pooled(chains: Chains): { mean: number; variance: number; count: number } {
  let s = 0;
  let count = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++, count++) s += c[i];
  const mean = s / count;
  let v = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++) v += (c[i] - mean) ** 2;
  return { mean, variance: v / (count - 1), count };
}

/** Mean of all draws of all chains. */
export function chainsMean(chains: Chains): number {
  return pooled(chains).mean;
}

/** Standard deviation of all draws of all chains (n − 1 denominator). */
export function chainsSd(chains: Chains): number {
  return Math.sqrt(pooled(chains).variance);
}

/** MCSE of the posterior mean: sd / √ESS, ESS from the split chains. */
export function mcseMean(chains: Chains): number {
  const { variance } = pooled(chains);
  return Math.sqrt(variance / essBasic(chains));
}

/**
 * MCSE of the posterior standard deviation: with y = (x − x̄)², var̂(x) = ȳ has standard error
 * sd(y)/√ESS(y), and sd = √ȳ gives MCSE(sd) ≈ MCSE(ȳ) / (2 sd).
 */
export function mcseSd(chains: Chains): number {
  const { mean, variance } = pooled(chains);
  const sq = chains.map((c) => Float64Array.from(c, (v) => (v - mean) ** 2));
  const p2 = pooled(sq);
  const mcseVar = Math.sqrt(p2.variance / essBasic(sq));
  return mcseVar / (2 * Math.sqrt(variance));
}
