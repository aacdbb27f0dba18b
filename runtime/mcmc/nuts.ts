// The No-U-Turn sampler as current Stan implements it (stan/mcmc/hmc/nuts/base_nuts.hpp): trajectories
// doubled forwards or backwards at random, multinomial sampling of the new point among all leapfrog
// states (uniform progressive sampling inside subtrees, biased progressive sampling at the top level,
// Betancourt 2017 §A.3.2), the generalised no-U-turn criterion on momenta checked over each merged tree
// and across the seam between its halves, maximum tree depth 10, and divergences when the energy error
// exceeds 1000. Warmup adapts ε by dual averaging and a diagonal metric in Stan's windows.
// All buffers are allocated once per chain: a transition allocates nothing.

import { DualAveraging, WindowedVariance } from './adaptation.js';
import { Hamiltonian, PhasePoint, initStepSize } from './hamiltonian.js';
import { initialPoint } from './init.js';
import type { ChainResult, LogDensityTarget, McmcRng, Progress } from './types.js';

export interface NutsOptions {
  /** Draws kept per chain after warmup (language.md §6: default 1,000). */
  samples?: number;
  /** Warmup iterations, discarded (default: samples). */
  warmup?: number;
  /** Maximum tree depth (default 10: at most 1,023 leapfrog steps per transition). */
  maxDepth?: number;
  /** Target acceptance statistic for dual averaging (default 0.8). */
  targetAccept?: number;
  /** Initial step size before the heuristic (default 1, as Stan). */
  stepSize?: number;
  /** Adapt the diagonal metric during warmup (default true). */
  adaptMetric?: boolean;
  /** Starting point in unconstrained space (default: uniform on (−2, 2)ⁿ, as Stan). */
  init?: Float64Array;
}

const MAX_DELTA_H = 1000;

/** One NUTS chain: the sampler state plus the buffers its recursion uses. */
export class NutsChain {
  private readonly h: Hamiltonian;
  private readonly dim: number;
  eps = 1;
  readonly maxDepth: number;
  // The current state and the trajectory's ends.
  private readonly z: PhasePoint;
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly scratch: PhasePoint;
  // Momenta and velocities (p♯ = M⁻¹p) at the four inner/outer ends, and summed momenta ρ.
  private readonly pFwdFwd: Float64Array;
  private readonly pFwdBck: Float64Array;
  private readonly pBckFwd: Float64Array;
  private readonly pBckBck: Float64Array;
  private readonly psFwdFwd: Float64Array;
  private readonly psFwdBck: Float64Array;
  private readonly psBckFwd: Float64Array;
  private readonly psBckBck: Float64Array;
  private readonly rho: Float64Array;
  private readonly rhoFwd: Float64Array;
  private readonly rhoBck: Float64Array;
  private readonly rhoExt: Float64Array;
  // Per-depth buffers of buildTree (index = depth of the call that owns them).
  private readonly lvPInitEnd: Float64Array[] = [];
  private readonly lvPsInitEnd: Float64Array[] = [];
  private readonly lvRhoInit: Float64Array[] = [];
  private readonly lvPFinalBeg: Float64Array[] = [];
  private readonly lvPsFinalBeg: Float64Array[] = [];
  private readonly lvRhoFinal: Float64Array[] = [];
  private readonly lvZFinal: PhasePoint[] = [];
  private readonly lvRhoExt: Float64Array[] = [];
  // Per-transition accumulators.
  private nLeapfrog = 0;
  private sumMetroProb = 0;
  private divergent = false;
  private subtreeLogWeight = -Infinity;
  private h0 = 0;
  // Statistics of the last transition.
  acceptStat = 0;
  depth = 0;
  leapfrogSteps = 0;
  lastDivergent = false;
  energy = 0;

  constructor(target: LogDensityTarget, private readonly rng: McmcRng, maxDepth = 10) {
    this.h = new Hamiltonian(target);
    const n = (this.dim = target.dim);
    this.maxDepth = maxDepth;
    const pt = () => new PhasePoint(n);
    const vec = () => new Float64Array(n);
    this.z = pt();
    this.zFwd = pt();
    this.zBck = pt();
    this.zSample = pt();
    this.zPropose = pt();
    this.scratch = pt();
    this.pFwdFwd = vec();
    this.pFwdBck = vec();
    this.pBckFwd = vec();
    this.pBckBck = vec();
    this.psFwdFwd = vec();
    this.psFwdBck = vec();
    this.psBckFwd = vec();
    this.psBckBck = vec();
    this.rho = vec();
    this.rhoFwd = vec();
    this.rhoBck = vec();
    this.rhoExt = vec();
    for (let d = 0; d <= maxDepth; d++) {
      this.lvPInitEnd.push(vec());
      this.lvPsInitEnd.push(vec());
      this.lvRhoInit.push(vec());
      this.lvPFinalBeg.push(vec());
      this.lvPsFinalBeg.push(vec());
      this.lvRhoFinal.push(vec());
      this.lvZFinal.push(pt());
      this.lvRhoExt.push(vec());
    }
  }

  get invMetric(): Float64Array {
    return this.h.invMetric;
  }

  /** The current position (unconstrained) and its log density. */
  get position(): Float64Array {
    return this.z.q;
  }
  get logDensity(): number {
    return this.z.lp;
  }

  /** Sets the position; throws if the density is not finite there. */
  setPosition(q: Float64Array): void {
    this.z.q.set(q);
    this.h.update(this.z);
    if (!Number.isFinite(this.z.lp)) throw new Error('NUTS: the initial point has a non-finite log density');
  }

  /** Stan's step-size heuristic from the current position. */
  initStepSize(): void {
    this.eps = initStepSize(this.h, this.z, this.scratch, this.eps, this.rng);
  }

  /** p♯ᵀρ > 0 at both ends: the trajectory has not turned back on itself (generalised criterion). */
  private criterion(psMinus: Float64Array, psPlus: Float64Array, rho: Float64Array): boolean {
    let a = 0;
    let b = 0;
    for (let i = 0; i < this.dim; i++) {
      a += psPlus[i] * rho[i];
      b += psMinus[i] * rho[i];
    }
    return a > 0 && b > 0;
  }

  /** One NUTS transition from the current state; returns the new position (a view, valid until the next call). */
  transition(): Float64Array {
    const h = this.h;
    const n = this.dim;
    const z = this.z;
    h.sampleMomentum(z, this.rng);
    this.zFwd.copyFrom(z);
    this.zBck.copyFrom(z);
    this.zSample.copyFrom(z);
    this.zPropose.copyFrom(z);
    const { pFwdFwd, pFwdBck, pBckFwd, pBckBck, psFwdFwd, psFwdBck, psBckFwd, psBckBck, rho, rhoFwd, rhoBck, rhoExt } = this;
    pFwdFwd.set(z.p);
    pFwdBck.set(z.p);
    pBckFwd.set(z.p);
    pBckBck.set(z.p);
    h.velocity(z.p, psFwdFwd);
    psFwdBck.set(psFwdFwd);
    psBckFwd.set(psFwdFwd);
    psBckBck.set(psFwdFwd);
    rho.set(z.p);
    let logSumWeight = 0; // the initial point has weight exp(H0 − H0)
    this.h0 = h.energy(z);
    this.nLeapfrog = 0;
    this.sumMetroProb = 0;
    this.divergent = false;
    let depth = 0;
    while (depth < this.maxDepth) {
      rhoFwd.fill(0);
      rhoBck.fill(0);
      let valid: boolean;
      if (this.rng.uniform() > 0.5) {
        // extend forwards from the forward end
        z.copyFrom(this.zFwd);
        rhoBck.set(rho);
        pBckFwd.set(pFwdBck);
        psBckFwd.set(psFwdBck);
        valid = this.buildTree(depth, this.zPropose, psFwdBck, psFwdFwd, rhoFwd, pFwdBck, pFwdFwd, 1);
        this.zFwd.copyFrom(z);
      } else {
        z.copyFrom(this.zBck);
        rhoFwd.set(rho);
        pFwdBck.set(pBckFwd);
        psFwdBck.set(psBckFwd);
        valid = this.buildTree(depth, this.zPropose, psBckFwd, psBckBck, rhoBck, pBckFwd, pBckBck, -1);
        this.zBck.copyFrom(z);
      }
      const lswSubtree = this.subtreeLogWeight;
      if (!valid) break;
      depth++;
      // biased progressive sampling: prefer the new subtree
      if (lswSubtree > logSumWeight) {
        this.zSample.copyFrom(this.zPropose);
      } else if (this.rng.uniform() < Math.exp(lswSubtree - logSumWeight)) {
        this.zSample.copyFrom(this.zPropose);
      }
      logSumWeight = logAddExp(logSumWeight, lswSubtree);
      for (let i = 0; i < n; i++) rho[i] = rhoBck[i] + rhoFwd[i];
      // no U-turn over the merged trajectory …
      let persist = this.criterion(psBckBck, psFwdFwd, rho);
      // … and across the seam between the old and new parts
      for (let i = 0; i < n; i++) rhoExt[i] = rhoBck[i] + pFwdBck[i];
      persist = persist && this.criterion(psBckBck, psFwdBck, rhoExt);
      for (let i = 0; i < n; i++) rhoExt[i] = rhoFwd[i] + pBckFwd[i];
      persist = persist && this.criterion(psBckFwd, psFwdFwd, rhoExt);
      if (!persist) break;
    }
    this.depth = depth;
    this.leapfrogSteps = this.nLeapfrog;
    this.acceptStat = this.nLeapfrog > 0 ? this.sumMetroProb / this.nLeapfrog : 0;
    this.lastDivergent = this.divergent;
    z.copyFrom(this.zSample);
    this.energy = h.energy(z);
    return z.q;
  }

  /**
   * Builds a subtree of 2^depth leapfrog steps in direction sign from the current state `this.z`,
   * writing the multinomially chosen point into zPropose, the momenta/velocities at its two ends,
   * and adding its summed momentum into rho. Its log weight is left in `subtreeLogWeight`.
   * Returns false when it diverged or U-turned (the caller then stops extending).
   */
  private buildTree(
    depth: number,
    zPropose: PhasePoint,
    psBeg: Float64Array,
    psEnd: Float64Array,
    rho: Float64Array,
    pBeg: Float64Array,
    pEnd: Float64Array,
    sign: number,
  ): boolean {
    const n = this.dim;
    const h = this.h;
    const z = this.z;
    if (depth === 0) {
      h.leapfrog(z, sign * this.eps);
      this.nLeapfrog++;
      const h1 = h.energy(z);
      if (h1 - this.h0 > MAX_DELTA_H) this.divergent = true;
      const dH = this.h0 - h1;
      this.subtreeLogWeight = dH; // log_sum_exp(−∞, H0 − h)
      this.sumMetroProb += dH > 0 ? 1 : Math.exp(dH);
      zPropose.copyFrom(z);
      h.velocity(z.p, psBeg);
      psEnd.set(psBeg);
      for (let i = 0; i < n; i++) rho[i] += z.p[i];
      pBeg.set(z.p);
      pEnd.set(z.p);
      return !this.divergent;
    }
    // initial subtree
    const pInitEnd = this.lvPInitEnd[depth];
    const psInitEnd = this.lvPsInitEnd[depth];
    const rhoInit = this.lvRhoInit[depth];
    rhoInit.fill(0);
    if (!this.buildTree(depth - 1, zPropose, psBeg, psInitEnd, rhoInit, pBeg, pInitEnd, sign)) return false;
    const lswInit = this.subtreeLogWeight;
    // final subtree
    const zFinal = this.lvZFinal[depth];
    const pFinalBeg = this.lvPFinalBeg[depth];
    const psFinalBeg = this.lvPsFinalBeg[depth];
    const rhoFinal = this.lvRhoFinal[depth];
    rhoFinal.fill(0);
    if (!this.buildTree(depth - 1, zFinal, psFinalBeg, psEnd, rhoFinal, pFinalBeg, pEnd, sign)) return false;
    const lswFinal = this.subtreeLogWeight;
    // multinomial sample from the right subtree (uniform progressive sampling)
    const lswSubtree = logAddExp(lswInit, lswFinal);
    this.subtreeLogWeight = lswSubtree;
    if (lswFinal > lswSubtree) {
      zPropose.copyFrom(zFinal);
    } else if (this.rng.uniform() < Math.exp(lswFinal - lswSubtree)) {
      zPropose.copyFrom(zFinal);
    }
    const rhoExt = this.lvRhoExt[depth];
    // rho_subtree = rhoInit + rhoFinal, added to the caller's rho
    for (let i = 0; i < n; i++) {
      const s = rhoInit[i] + rhoFinal[i];
      rhoExt[i] = s;
      rho[i] += s;
    }
    let persist = this.criterion(psBeg, psEnd, rhoExt);
    for (let i = 0; i < n; i++) rhoExt[i] = rhoInit[i] + pFinalBeg[i];
    persist = persist && this.criterion(psBeg, psFinalBeg, rhoExt);
    for (let i = 0; i < n; i++) rhoExt[i] = rhoFinal[i] + pInitEnd[i];
    persist = persist && this.criterion(psInitEnd, psEnd, rhoExt);
    return persist;
  }
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Runs one adaptive NUTS chain: `warmup` adapting transitions (step size by dual averaging toward
 * targetAccept, diagonal metric in Stan's windows), then `samples` transitions at the final ε.
 */
export function nutsChain(
  target: LogDensityTarget,
  rng: McmcRng,
  options: NutsOptions = {},
  progress?: Progress,
  chainIndex = 0,
): ChainResult {
  const samples = options.samples ?? 1000;
  const warmup = options.warmup ?? samples;
  const dim = target.dim;
  const chain = new NutsChain(target, rng, options.maxDepth ?? 10);
  chain.setPosition(options.init ?? initialPoint(target, rng, 'NUTS'));
  chain.eps = options.stepSize ?? 1;
  chain.initStepSize();
  const adapt = new DualAveraging(options.targetAccept ?? 0.8);
  adapt.restart(chain.eps);
  const windows = options.adaptMetric === false ? null : new WindowedVariance(dim, warmup);
  const total = warmup + samples;
  const every = Math.max(1, Math.floor(total / 100));
  let warmupDivergences = 0;
  for (let it = 0; it < warmup; it++) {
    const q = chain.transition();
    if (chain.lastDivergent) warmupDivergences++;
    chain.eps = adapt.learn(chain.acceptStat);
    if (windows && windows.learn(q, chain.invMetric)) {
      chain.initStepSize();
      adapt.restart(chain.eps);
    }
    if (progress && it % every === 0) progress(chainIndex, it, total);
  }
  if (warmup > 0) chain.eps = adapt.final();
  const draws = new Float64Array(samples * dim);
  const logDensity = new Float64Array(samples);
  const acceptStat = new Float64Array(samples);
  const leapfrogSteps = new Int32Array(samples);
  const treeDepth = new Uint8Array(samples);
  const divergent = new Uint8Array(samples);
  const energy = new Float64Array(samples);
  let divergences = 0;
  let sumAccept = 0;
  let maxDepthHits = 0;
  for (let s = 0; s < samples; s++) {
    const q = chain.transition();
    draws.set(q, s * dim);
    logDensity[s] = chain.logDensity;
    acceptStat[s] = chain.acceptStat;
    sumAccept += chain.acceptStat;
    leapfrogSteps[s] = chain.leapfrogSteps;
    treeDepth[s] = chain.depth;
    if (chain.depth >= chain.maxDepth) maxDepthHits++;
    energy[s] = chain.energy;
    if (chain.lastDivergent) {
      divergent[s] = 1;
      divergences++;
    }
    if (progress && (warmup + s) % every === 0) progress(chainIndex, warmup + s, total);
  }
  if (progress) progress(chainIndex, total, total);
  return {
    draws, logDensity, acceptStat, leapfrogSteps, treeDepth, divergent, energy,
    stepSize: chain.eps,
    invMetric: Float64Array.from(chain.invMetric),
    divergences, warmupDivergences,
    meanAcceptStat: samples > 0 ? sumAccept / samples : NaN,
    maxDepthHits,
  };
}
