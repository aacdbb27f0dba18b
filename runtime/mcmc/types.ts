// The shapes the gradient-based samplers share: the generator they draw from, the per-chain output,
// and the result of a multi-chain run. The target itself is `LogDensityTarget` (runtime/ad).

import type { LogDensityTarget } from '../ad/index.js';

export type { LogDensityTarget };

/** The random numbers a sampler needs; runtime/rng.ts's `Rng` satisfies it. */
export interface McmcRng {
  /** Uniform on (0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/** A generator that can derive independent child streams by name (one per chain). */
export interface DerivableRng extends McmcRng {
  derive(address: string): McmcRng;
}

/** Called every `every` iterations (and at the end) so a caller can draw a progress bar. */
export type Progress = (chain: number, iteration: number, total: number) => void;

/** What one chain produced. Draws are of the sampling phase only (warmup/burn-in is discarded). */
export interface ChainResult {
  /** samples × dim, row-major: draw s of coordinate i is draws[s * dim + i]. */
  readonly draws: Float64Array;
  /** log density of each draw. */
  readonly logDensity: Float64Array;
  /** Acceptance statistic of each transition (NUTS: Stan's mean Metropolis probability over the tree). */
  readonly acceptStat: Float64Array;
  /** Leapfrog steps of each transition. */
  readonly leapfrogSteps: Int32Array;
  /** Tree depth of each transition (NUTS; all equal to 0 for HMC). */
  readonly treeDepth: Uint8Array;
  /** 1 where the transition diverged (energy error above 1000, or a non-finite density). */
  readonly divergent: Uint8Array;
  /** Hamiltonian of each draw (for E-BFMI). */
  readonly energy: Float64Array;
  /** Step size used in the sampling phase (adapted for NUTS). */
  readonly stepSize: number;
  /** Diagonal inverse metric (posterior variance estimate) used in the sampling phase. */
  readonly invMetric: Float64Array;
  /** Divergent transitions after warmup / during warmup. */
  readonly divergences: number;
  readonly warmupDivergences: number;
  /** Mean of acceptStat over the sampling phase. */
  readonly meanAcceptStat: number;
  /** Number of transitions that hit the maximum tree depth (NUTS). */
  readonly maxDepthHits: number;
}

/** The outcome of `hmc` or `nuts` over one or more chains. */
export interface McmcResult {
  readonly method: 'HMC' | 'NUTS';
  readonly dim: number;
  /** Draws per chain (after warmup / burn-in). */
  readonly samples: number;
  readonly chains: readonly ChainResult[];
  /** Sum of post-warmup divergent transitions over the chains. */
  readonly divergences: number;
  /** Mean acceptance statistic over all post-warmup transitions of all chains. */
  readonly meanAcceptStat: number;
}

/** Coordinate i of every draw, one Float64Array per chain (the input shape of runtime/diagnostics). */
export function coordinate(result: McmcResult, i: number): Float64Array[] {
  const { dim, samples } = result;
  return result.chains.map((c) => {
    const out = new Float64Array(samples);
    for (let s = 0; s < samples; s++) out[s] = c.draws[s * dim + i];
    return out;
  });
}

/** A function of each draw (e.g. a constrained parameter), one Float64Array per chain. */
export function mapDraws(result: McmcResult, f: (theta: Float64Array) => number): Float64Array[] {
  const { dim, samples } = result;
  return result.chains.map((c) => {
    const out = new Float64Array(samples);
    for (let s = 0; s < samples; s++) out[s] = f(c.draws.subarray(s * dim, (s + 1) * dim));
    return out;
  });
}
