// Static Hamiltonian Monte Carlo (Neal 2011, "MCMC using Hamiltonian dynamics"): L leapfrog steps of
// fixed size ε with a unit metric, then a Metropolis accept/reject on the energy change. No adaptation:
// this is the method `HMC(samples, burn, steps, stepSize)` of language.md §6, as in WebPPL.

import { Hamiltonian, PhasePoint } from './hamiltonian.js';
import { initialPoint } from './init.js';
import type { ChainResult, LogDensityTarget, McmcRng, Progress } from './types.js';

export interface HmcOptions {
  /** Draws kept per chain (default 1,000). */
  samples?: number;
  /** Burn-in iterations discarded first (default: samples). */
  burn?: number;
  /** Leapfrog steps per proposal (default 10). */
  steps?: number;
  /** Leapfrog step size (default 0.1). */
  stepSize?: number;
  /** Starting point in unconstrained space (default: uniform on (−2, 2)ⁿ). */
  init?: Float64Array;
}

const MAX_DELTA_H = 1000;

export function hmcChain(
  target: LogDensityTarget,
  rng: McmcRng,
  options: HmcOptions = {},
  progress?: Progress,
  chainIndex = 0,
): ChainResult {
  const samples = options.samples ?? 1000;
  const burn = options.burn ?? samples;
  const steps = options.steps ?? 10;
  const eps = options.stepSize ?? 0.1;
  if (!(steps >= 1) || !(eps > 0)) throw new Error(`HMC: steps must be ≥ 1 and stepSize > 0 (got ${steps}, ${eps})`);
  const dim = target.dim;
  const h = new Hamiltonian(target);
  const cur = new PhasePoint(dim);
  const prop = new PhasePoint(dim);
  cur.q.set(options.init ?? initialPoint(target, rng, 'HMC'));
  h.update(cur);
  if (!Number.isFinite(cur.lp)) throw new Error('HMC: the initial point has a non-finite log density');
  const draws = new Float64Array(samples * dim);
  const logDensity = new Float64Array(samples);
  const acceptStat = new Float64Array(samples);
  const leapfrogSteps = new Int32Array(samples).fill(steps);
  const treeDepth = new Uint8Array(samples);
  const divergent = new Uint8Array(samples);
  const energy = new Float64Array(samples);
  let divergences = 0;
  let warmupDivergences = 0;
  let sumAccept = 0;
  const total = burn + samples;
  const every = Math.max(1, Math.floor(total / 100));
  for (let it = 0; it < total; it++) {
    h.sampleMomentum(cur, rng);
    const h0 = h.energy(cur);
    prop.copyFrom(cur);
    let diverged = false;
    for (let l = 0; l < steps; l++) {
      h.leapfrog(prop, eps);
      if (!Number.isFinite(prop.lp) || h.energy(prop) - h0 > MAX_DELTA_H) {
        diverged = true;
        break;
      }
    }
    const h1 = diverged ? Infinity : h.energy(prop);
    const a = h0 - h1 >= 0 ? 1 : Math.exp(h0 - h1);
    if (rng.uniform() < a) cur.copyFrom(prop);
    const s = it - burn;
    if (s >= 0) {
      draws.set(cur.q, s * dim);
      logDensity[s] = cur.lp;
      acceptStat[s] = a;
      sumAccept += a;
      energy[s] = h.energy(cur);
      if (diverged) {
        divergent[s] = 1;
        divergences++;
      }
    } else if (diverged) warmupDivergences++;
    if (progress && it % every === 0) progress(chainIndex, it, total);
  }
  if (progress) progress(chainIndex, total, total);
  return {
    draws, logDensity, acceptStat, leapfrogSteps, treeDepth, divergent, energy,
    stepSize: eps,
    invMetric: Float64Array.from(h.invMetric),
    divergences, warmupDivergences,
    meanAcceptStat: samples > 0 ? sumAccept / samples : NaN,
    maxDepthHits: 0,
  };
}
