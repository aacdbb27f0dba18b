// GaussianDist: the analytic result of the Exact engine for a real-valued return — a mixture of
// Gaussians, one component per enumerated discrete branch, weighted by the branch's exact evidence.
// A component of variance 0 is an atom (a branch that returned a constant). n = ess = Infinity.

import {
  invertCdf,
  LOG_SQRT_2PI,
  normalCdf,
  normalQuantile,
  PplError,
  type HasCdf,
  type Random,
} from '../../stdlib/index.js';
import type { InferResult } from './result.js';

export class GaussianDist implements InferResult<number>, HasCdf {
  readonly name = 'Gaussian';
  readonly kind = 'gaussian' as const;
  readonly isContinuous: boolean;
  readonly n = Infinity;
  /** Normalised component weights. */
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly variances: Float64Array;
  private readonly logWeights: Float64Array;
  private readonly sds: Float64Array;
  private readonly logZValue: number;
  private readonly cum: Float64Array;

  /**
   * A mixture Σ_k w_k N(means[k], variances[k]) with w_k ∝ exp(logWeights[k]); `logZ` is the exact log
   * evidence (log Σ of the unnormalised branch weights, computed here unless given).
   */
  constructor(logWeights: ArrayLike<number>, means: ArrayLike<number>, variances: ArrayLike<number>, logZ?: number) {
    const k = logWeights.length;
    if (k === 0 || means.length !== k || variances.length !== k) {
      throw new PplError('internal: a Gaussian mixture needs as many weights, means and variances, at least one');
    }
    let m = -Infinity;
    for (let i = 0; i < k; i++) if (logWeights[i]! > m) m = logWeights[i]!;
    if (m === -Infinity) throw new PplError('every execution has probability zero: the evidence is zero');
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.exp(logWeights[i]! - m);
    const lz = m + Math.log(s);
    this.logZValue = logZ ?? lz;
    this.weights = new Float64Array(k);
    this.logWeights = new Float64Array(k);
    this.means = Float64Array.from(means);
    this.variances = new Float64Array(k);
    this.sds = new Float64Array(k);
    this.cum = new Float64Array(k);
    let acc = 0;
    let anyContinuous = false;
    for (let i = 0; i < k; i++) {
      const v = variances[i]!;
      if (!(v >= 0) || !Number.isFinite(means[i]!)) throw new PplError('internal: a Gaussian component has a bad mean or variance');
      this.variances[i] = v;
      this.sds[i] = Math.sqrt(v);
      if (v > 0) anyContinuous = true;
      this.logWeights[i] = logWeights[i]! - lz;
      this.weights[i] = Math.exp(this.logWeights[i]!);
      acc += this.weights[i]!;
      this.cum[i] = acc;
    }
    for (let i = k - 1; i >= 0; i--) {
      this.cum[i] = Infinity;
      if (this.weights[i]! > 0) break;
    }
    this.isContinuous = anyContinuous;
  }

  /** A single Gaussian N(mean, variance) with the given exact log evidence. */
  static single(mean: number, variance: number, logZ: number): GaussianDist {
    return new GaussianDist([0], [mean], [variance], logZ);
  }

  get components(): number {
    return this.weights.length;
  }

  sample(rng: Random): number {
    let i = 0;
    if (this.weights.length > 1) {
      const u = rng.uniform();
      while (this.cum[i]! <= u) i++;
    }
    const sd = this.sds[i]!;
    return sd === 0 ? this.means[i]! : this.means[i]! + sd * rng.normal();
  }

  /**
   * The log density of the continuous part at x. If x is an atom (a component of variance 0), the log
   * of the atom's mass instead (a mixed distribution has no single density).
   */
  logProb(x: number): number {
    if (typeof x !== 'number' || x !== x) return -Infinity;
    const k = this.weights.length;
    let atom = 0;
    let m = -Infinity;
    for (let i = 0; i < k; i++) {
      const t = this.componentLogDensity(i, x);
      if (this.sds[i] === 0) {
        if (x === this.means[i]) atom += this.weights[i]!;
      } else if (t > m) {
        m = t;
      }
    }
    if (atom > 0) return Math.log(atom);
    if (m === -Infinity) return -Infinity;
    let s = 0;
    for (let i = 0; i < k; i++) if (this.sds[i] !== 0) s += Math.exp(this.componentLogDensity(i, x) - m);
    return m + Math.log(s);
  }

  private componentLogDensity(i: number, x: number): number {
    const sd = this.sds[i]!;
    if (sd === 0) return -Infinity;
    const z = (x - this.means[i]!) / sd;
    return this.logWeights[i]! - 0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
  }

  /** Atom values when every component is an atom (the mixture is then finite); otherwise undefined. */
  support(): readonly number[] | undefined {
    if (this.isContinuous) return undefined;
    const out: number[] = [];
    for (let i = 0; i < this.means.length; i++) {
      if (this.weights[i]! > 0 && !out.includes(this.means[i]!)) out.push(this.means[i]!);
    }
    return out;
  }

  mean(): number {
    let m = 0;
    for (let i = 0; i < this.weights.length; i++) m += this.weights[i]! * this.means[i]!;
    return m;
  }

  /** Law of total variance: Σ w (v + (m − mean)²). */
  variance(): number {
    const mu = this.mean();
    let v = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const d = this.means[i]! - mu;
      v += this.weights[i]! * (this.variances[i]! + d * d);
    }
    return v;
  }

  cdf(x: number): number {
    let c = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const sd = this.sds[i]!;
      c += this.weights[i]! * (sd === 0 ? (x >= this.means[i]! ? 1 : 0) : normalCdf((x - this.means[i]!) / sd));
    }
    return c;
  }

  /** The smallest x with cdf(x) ≥ q: closed form for one component, bisection on the mixture CDF otherwise. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new PplError(`quantile: q must be in [0, 1], got ${q}`);
    if (q === 0 && this.isContinuous) return -Infinity;
    if (q === 1 && this.isContinuous) return Infinity;
    if (this.weights.length === 1 && this.sds[0]! > 0) return this.means[0]! + this.sds[0]! * normalQuantile(q);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < this.weights.length; i++) {
      if (this.weights[i] === 0) continue;
      lo = Math.min(lo, this.means[i]! - 40 * this.sds[i]! - 1);
      hi = Math.max(hi, this.means[i]! + 40 * this.sds[i]! + 1);
    }
    return invertCdf((x) => this.cdf(x), q, lo, hi);
  }

  ess(): number {
    return Infinity;
  }

  logZ(): number {
    return this.logZValue;
  }

  params(): Record<string, unknown> {
    return { weights: Array.from(this.weights), means: Array.from(this.means), variances: Array.from(this.variances) };
  }
}
