// Multi-chain drivers: `hmc` and `nuts` run `chains` independent chains (one after another — the CPU
// is shared), each with its own generator derived from the run's generator by name, and gather the
// per-chain results with the totals the engines report (divergences, mean acceptance statistic).

import { hmcChain, type HmcOptions } from './hmc.js';
import { nutsChain, type NutsOptions } from './nuts.js';
import type { ChainResult, DerivableRng, LogDensityTarget, McmcResult, McmcRng, Progress } from './types.js';

export interface ChainOptions {
  /** Independent chains (default 1). Chain c draws from `rng.derive("chain/" + c)` when chains > 1. */
  chains?: number;
  /** Progress callback (chain, iteration, total per chain). */
  progress?: Progress;
}

function chainRngs(rng: McmcRng | DerivableRng, chains: number, method: string): McmcRng[] {
  if (!(chains >= 1) || chains !== Math.floor(chains)) throw new Error(`${method}: chains must be a positive integer (got ${chains})`);
  if (chains === 1) return [rng];
  const d = (rng as DerivableRng).derive;
  if (typeof d !== 'function') throw new Error(`${method}: several chains need a generator with derive()`);
  return Array.from({ length: chains }, (_, c) => (rng as DerivableRng).derive(`chain/${c}`));
}

function gather(method: 'HMC' | 'NUTS', dim: number, samples: number, chains: ChainResult[]): McmcResult {
  let divergences = 0;
  let sumAccept = 0;
  for (const c of chains) {
    divergences += c.divergences;
    sumAccept += c.meanAcceptStat;
  }
  return { method, dim, samples, chains, divergences, meanAcceptStat: sumAccept / chains.length };
}

/** Static HMC on `target` (see HmcOptions), over one or more chains. */
export function hmc(target: LogDensityTarget, rng: McmcRng | DerivableRng, options: HmcOptions & ChainOptions = {}): McmcResult {
  const rngs = chainRngs(rng, options.chains ?? 1, 'HMC');
  const results = rngs.map((r, c) => hmcChain(target, r, options, options.progress, c));
  return gather('HMC', target.dim, options.samples ?? 1000, results);
}

/** Adaptive NUTS on `target` (see NutsOptions), over one or more chains. */
export function nuts(target: LogDensityTarget, rng: McmcRng | DerivableRng, options: NutsOptions & ChainOptions = {}): McmcResult {
  const rngs = chainRngs(rng, options.chains ?? 1, 'NUTS');
  const results = rngs.map((r, c) => nutsChain(target, r, options, options.progress, c));
  return gather('NUTS', target.dim, options.samples ?? 1000, results);
}
