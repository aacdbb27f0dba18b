// Phase-space points and the leapfrog integrator for a Euclidean metric with diagonal inverse mass
// matrix M⁻¹ (Stan's diag_e_metric): H(q, p) = −log π(q) + ½ Σ M⁻¹ᵢ pᵢ². No allocation per step.

import type { LogDensityTarget } from '../ad/index.js';
import type { McmcRng } from './types.js';

/** A point (q, p) with the log density and its gradient at q. */
export class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly g: Float64Array;
  lp = -Infinity;
  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.g = new Float64Array(dim);
  }
  copyFrom(o: PhasePoint): void {
    this.q.set(o.q);
    this.p.set(o.p);
    this.g.set(o.g);
    this.lp = o.lp;
  }
}

export class Hamiltonian {
  readonly dim: number;
  /** Diagonal of M⁻¹; adaptation writes into it. */
  readonly invMetric: Float64Array;
  /** Gradient evaluations so far (each leapfrog step costs one). */
  evaluations = 0;

  constructor(readonly target: LogDensityTarget) {
    this.dim = target.dim;
    this.invMetric = new Float64Array(this.dim).fill(1);
  }

  /** Recomputes z.lp and z.g at z.q; a NaN density counts as −∞. */
  update(z: PhasePoint): void {
    const lp = this.target.logDensityAndGradient(z.q, z.g);
    this.evaluations++;
    z.lp = Number.isNaN(lp) ? -Infinity : lp;
  }

  /** H(z); +∞ for a point outside the support or with non-finite values. */
  energy(z: PhasePoint): number {
    let k = 0;
    const p = z.p;
    const m = this.invMetric;
    for (let i = 0; i < this.dim; i++) k += m[i] * p[i] * p[i];
    const h = 0.5 * k - z.lp;
    return Number.isNaN(h) ? Infinity : h;
  }

  /** p ~ N(0, M). */
  sampleMomentum(z: PhasePoint, rng: McmcRng): void {
    const m = this.invMetric;
    for (let i = 0; i < this.dim; i++) z.p[i] = rng.normal() / Math.sqrt(m[i]);
  }

  /** out = M⁻¹ p (Stan's dtau_dp, the velocity). */
  velocity(p: Float64Array, out: Float64Array): void {
    const m = this.invMetric;
    for (let i = 0; i < this.dim; i++) out[i] = m[i] * p[i];
  }

  /** One leapfrog step of size eps (negative to integrate backwards). */
  leapfrog(z: PhasePoint, eps: number): void {
    const n = this.dim;
    const half = 0.5 * eps;
    const q = z.q;
    const p = z.p;
    const g = z.g;
    const m = this.invMetric;
    for (let i = 0; i < n; i++) p[i] += half * g[i];
    for (let i = 0; i < n; i++) q[i] += eps * m[i] * p[i];
    this.update(z);
    for (let i = 0; i < n; i++) p[i] += half * g[i];
  }
}

/**
 * Stan's step-size heuristic (base_hmc::init_stepsize): double or halve ε until the acceptance
 * probability of one leapfrog step from z crosses 0.8. z is left as it was.
 */
export function initStepSize(h: Hamiltonian, z: PhasePoint, scratch: PhasePoint, eps: number, rng: McmcRng): number {
  if (eps === 0 || eps > 1e7 || Number.isNaN(eps)) return eps;
  const logTarget = Math.log(0.8);
  const trial = (): number => {
    scratch.copyFrom(z);
    h.sampleMomentum(scratch, rng);
    const h0 = h.energy(scratch);
    h.leapfrog(scratch, eps);
    const h1 = h.energy(scratch);
    return h0 - h1;
  };
  let deltaH = trial();
  const direction = deltaH > logTarget ? 1 : -1;
  for (;;) {
    deltaH = trial();
    if (direction === 1 && !(deltaH > logTarget)) break;
    if (direction === -1 && !(deltaH < logTarget)) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7) throw new Error('NUTS: the posterior is improper (the step size grew without bound); check the model');
    if (eps === 0) throw new Error('NUTS: no acceptably small step size (the density may be discontinuous or not finite)');
  }
  return eps;
}
