// The drift proposal of single-site Metropolis–Hastings for continuous choices: a Gaussian random walk
// x' = x + s·z (symmetric, so it adds nothing to the acceptance ratio), on the unconstrained scale of the
// choice, whose scale s is adapted during burn-in toward the acceptance rate that is optimal for
// one-dimensional random-walk proposals, 0.44 (Roberts & Rosenthal, "Examples of adaptive MCMC", 2009),
// by the Robbins–Monro update log s += (accepted − 0.44)/t^0.6. After burn-in the scale is frozen, so the
// chain is a genuine Markov chain with the right stationary distribution.

import type { McmcRng } from './types.js';

export class DriftProposal {
  /** Current random-walk scale (on the unconstrained scale of the choice). */
  scale: number;
  private logScale: number;
  private t = 0;
  private adapting = true;
  /** Proposals and acceptances seen (all time). */
  proposals = 0;
  accepted = 0;

  constructor(
    initialScale = 1,
    /** Target acceptance rate of the adaptation. */
    readonly target = 0.44,
  ) {
    if (!(initialScale > 0)) throw new RangeError(`DriftProposal: initial scale must be positive (got ${initialScale})`);
    this.scale = initialScale;
    this.logScale = Math.log(initialScale);
  }

  /** A proposal from x: x + scale·z, z ~ N(0, 1). Symmetric: the log proposal ratio is 0. */
  propose(x: number, rng: McmcRng): number {
    return x + this.scale * rng.normal();
  }

  /** Reports whether the last proposal was accepted; adapts the scale while burn-in lasts. */
  record(accepted: boolean): void {
    this.proposals++;
    if (accepted) this.accepted++;
    if (!this.adapting) return;
    this.t++;
    this.logScale += ((accepted ? 1 : 0) - this.target) / Math.pow(this.t, 0.6);
    // keep the scale in a sane range so a long run of rejections cannot underflow it
    if (this.logScale < -30) this.logScale = -30;
    if (this.logScale > 30) this.logScale = 30;
    this.scale = Math.exp(this.logScale);
  }

  /** Ends adaptation (call at the end of burn-in). */
  freeze(): void {
    this.adapting = false;
  }

  get isAdapting(): boolean {
    return this.adapting;
  }

  /** Fraction of accepted proposals so far (NaN before any). */
  get acceptanceRate(): number {
    return this.accepted / this.proposals;
  }
}
