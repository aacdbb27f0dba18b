// The joint (conditioned) distribution of the Exact engine's Gaussian latents. Latents are allocated
// fresh as independent N(0, 1); only those touched by a condition become "active" and get a mean and a
// covariance block, so `fresh` is O(1). Conditioning is the exact scalar Kalman / Schur-complement update
// and returns the exact log-likelihood increment. States are immutable, so forking a state per enumerated
// branch is free; a condition copies the active block (O(m²)).

import { formatNumber, LOG_2PI, PplError } from '../../stdlib/index.js';
import { Affine, affineSub, toAffine, type Sym } from './affine.js';

/** Hands out latent ids, unique across every branch of one Exact run (shared by all forked states). */
export class LatentAllocator {
  private next = 0;
  fresh(): number {
    return this.next++;
  }
  get count(): number {
    return this.next;
  }
}

/** The result of a condition: the new state and log p(observation | everything before). */
export interface Conditioned {
  readonly state: GaussianState;
  readonly logLik: number;
}

/**
 * Relative tolerance below which the variance of an exactly conditioned form (no noise) counts as zero:
 * the condition is then deterministic (consistent → no-op, inconsistent → error). Relative to the prior
 * variance Σaᵢ² of the form, so rounding left by earlier exact conditions is not mistaken for information.
 */
const DEGENERATE_REL = 1e-10;
/** Relative tolerance for the residual of a deterministic condition to count as satisfied. */
const RESIDUAL_REL = 1e-9;

export class GaussianState {
  /** Active latent ids, in activation order. */
  private readonly ids: Int32Array;
  /** id → position in `ids` (copied when latents are activated). */
  private readonly pos: Map<number, number>;
  /** Posterior mean of the active latents. */
  private readonly mu: Float64Array;
  /** Posterior covariance of the active latents, m×m row-major. */
  private readonly cov: Float64Array;
  readonly allocator: LatentAllocator;

  private constructor(ids: Int32Array, pos: Map<number, number>, mu: Float64Array, cov: Float64Array, allocator: LatentAllocator) {
    this.ids = ids;
    this.pos = pos;
    this.mu = mu;
    this.cov = cov;
    this.allocator = allocator;
  }

  /** The state of a new Exact run: no latents conditioned yet. */
  static initial(allocator = new LatentAllocator()): GaussianState {
    return new GaussianState(new Int32Array(0), new Map(), new Float64Array(0), new Float64Array(0), allocator);
  }

  /** The number of active (conditioned) latents. */
  get activeCount(): number {
    return this.ids.length;
  }

  /**
   * A new Gaussian N(mean, sd²) as the affine form mean + sd·z with z a fresh latent. Does not change the
   * state (fresh latents are independent of everything until conditioned). sd must be positive, as
   * for the Normal distribution.
   */
  fresh(mean: number, sd: number): Affine {
    if (!Number.isFinite(mean)) throw new PplError(`Normal: mean must be a finite number, got ${formatNumber(mean)}`);
    if (!(sd > 0) || sd === Infinity) throw new PplError(`Normal: sd must be positive, got ${formatNumber(sd)}`);
    return Affine.latent(this.allocator.fresh(), sd, mean);
  }

  /** E[x] under the current state. */
  meanOf(x: Sym): number {
    if (typeof x === 'number') return x;
    let m = x.c;
    for (let k = 0; k < x.ids.length; k++) {
      const p = this.pos.get(x.ids[k]!);
      if (p !== undefined) m += x.coefs[k]! * this.mu[p]!;
    }
    return m;
  }

  /** Cov[x, y] under the current state. */
  covarianceOf(x: Sym, y: Sym): number {
    if (typeof x === 'number' || typeof y === 'number') return 0;
    const m = this.ids.length;
    const px = this.positions(x);
    const py = x === y ? px : this.positions(y);
    let s = 0;
    for (let i = 0; i < x.ids.length; i++) {
      const pi = px[i]!;
      const ai = x.coefs[i]!;
      if (pi < 0) {
        s += ai * y.coefOf(x.ids[i]!); // an inactive latent: variance 1, independent of the rest
        continue;
      }
      const row = pi * m;
      let acc = 0;
      for (let j = 0; j < py.length; j++) {
        const pj = py[j]!;
        if (pj >= 0) acc += y.coefs[j]! * this.cov[row + pj]!;
      }
      s += ai * acc;
    }
    return s;
  }

  /** Positions of a form's latents in the active block (−1 for inactive ones). */
  private positions(x: Affine): Int32Array {
    const out = new Int32Array(x.ids.length);
    for (let k = 0; k < out.length; k++) out[k] = this.pos.get(x.ids[k]!) ?? -1;
    return out;
  }

  /** Var[x] under the current state (≥ 0). */
  varianceOf(x: Sym): number {
    const v = this.covarianceOf(x, x);
    return v > 0 ? v : 0;
  }

  /** Mean vector and covariance matrix of several forms jointly (for vector-valued results). */
  jointOf(xs: readonly Sym[]): { mean: number[]; cov: number[][] } {
    const mean = xs.map((x) => this.meanOf(x));
    const cov = xs.map((x) => xs.map((y) => this.covarianceOf(x, y)));
    return { mean, cov };
  }

  /**
   * Conditions on x = y + ε with ε ~ N(0, noiseVar) independent (noiseVar = 0: exactly x = y). Returns the
   * new state and log N(y; E[x], Var[x] + noiseVar). This is the scalar Kalman update: with h the
   * coefficients of x over the active latents, v = P h, s = hᵀ P h + noiseVar, r = y − E[x]:
   * μ' = μ + v r / s and P' = P − v vᵀ / s (the Schur complement of the joint of latents and x).
   * A deterministic condition (s = 0) is a no-op with log-likelihood 0 when it holds, and a PplError
   * ("inconsistent") when it cannot.
   */
  condition(x: Sym, y: number, noiseVar: number): Conditioned {
    if (!(noiseVar >= 0)) throw new PplError(`internal: negative noise variance ${noiseVar}`);
    const a = toAffine(x);
    // An observation at ±∞ or NaN (or of a form whose constant is) has density 0, as NormalDist.logProb
    // says: the branch weighs nothing.
    if (!Number.isFinite(y) || !Number.isFinite(a.c)) return { state: this, logLik: -Infinity };
    // Prior variance of the form (as if no latent were conditioned): the scale of the tolerances.
    let priorVar = 0;
    for (let k = 0; k < a.coefs.length; k++) priorVar += a.coefs[k]! * a.coefs[k]!;
    // Activate the latents of x not yet active: appended with mean 0, variance 1, no correlation.
    let ids = this.ids;
    let pos = this.pos;
    let mu = this.mu;
    let cov = this.cov;
    const m0 = ids.length;
    let added = 0;
    for (let k = 0; k < a.ids.length; k++) if (!pos.has(a.ids[k]!)) added++;
    const m = m0 + added;
    if (added > 0) {
      ids = new Int32Array(m);
      ids.set(this.ids);
      pos = new Map(this.pos);
      mu = new Float64Array(m);
      mu.set(this.mu);
      cov = new Float64Array(m * m);
      for (let i = 0; i < m0; i++) cov.set(this.cov.subarray(i * m0, (i + 1) * m0), i * m);
      let p = m0;
      for (let k = 0; k < a.ids.length; k++) {
        const id = a.ids[k]!;
        if (!pos.has(id)) {
          ids[p] = id;
          pos.set(id, p);
          cov[p * m + p] = 1;
          p++;
        }
      }
    }
    // h as (position, coefficient) pairs; v = P h; s = hᵀ v + noiseVar; r = y − E[x].
    const nh = a.ids.length;
    const hp = new Int32Array(nh);
    let ex = a.c;
    for (let k = 0; k < nh; k++) {
      hp[k] = pos.get(a.ids[k]!)!;
      ex += a.coefs[k]! * mu[hp[k]!]!;
    }
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      const row = i * m;
      for (let k = 0; k < nh; k++) s += cov[row + hp[k]!]! * a.coefs[k]!;
      v[i] = s;
    }
    let hv = 0;
    for (let k = 0; k < nh; k++) hv += a.coefs[k]! * v[hp[k]!]!;
    if (hv < 0) hv = 0;
    const s = hv + noiseVar;
    const r = y - ex;
    if (noiseVar === 0 && !(hv > DEGENERATE_REL * priorVar)) {
      // Deterministic given the conditions so far: it holds or it contradicts them.
      const scale = Math.max(1, Math.abs(y), Math.abs(a.c), Math.sqrt(priorVar));
      if (Math.abs(r) <= RESIDUAL_REL * scale) return { state: this, logLik: 0 };
      throw new PplError(
        `Exact: inconsistent condition: the two sides always differ by ${formatNumber(-r)}` +
          (nh === 0 ? '' : ' given the conditions before it'),
      );
    }
    const logLik = -0.5 * (LOG_2PI + Math.log(s) + (r * r) / s);
    const mu2 = new Float64Array(m);
    const cov2 = new Float64Array(m * m);
    const g = r / s;
    for (let i = 0; i < m; i++) mu2[i] = mu[i]! + v[i]! * g;
    for (let i = 0; i < m; i++) {
      const vi = v[i]! / s;
      const row = i * m;
      for (let j = 0; j <= i; j++) {
        const c = cov[row + j]! - vi * v[j]!;
        cov2[row + j] = c;
        cov2[j * m + i] = c;
      }
      if (cov2[row + i]! < 0) cov2[row + i] = 0;
    }
    return { state: new GaussianState(ids, pos, mu2, cov2, this.allocator), logLik };
  }

  /** `observe(Normal(x, sd), y)`: condition(x, y, sd²). */
  observe(x: Sym, sd: number, y: number): Conditioned {
    if (!(sd > 0) || sd === Infinity) throw new PplError(`Normal: sd must be positive, got ${formatNumber(sd)}`);
    return this.condition(x, y, sd * sd);
  }

  /** `e1 =:= e2`: conditions on e1 − e2 = 0 exactly; logLik is the density of e1 − e2 at 0. */
  equate(e1: Sym, e2: Sym): Conditioned {
    return this.condition(affineSub(toAffine(e1), toAffine(e2)), 0, 0);
  }
}
