// `Normal(mean, sd)` over a Tensor: independent normals, one per element, with a scalar sd or one sd per
// element. `logProb` of a whole tensor is the sum of the elementwise log densities in one float64 loop,
// and `normalSum` gives that sum with its partial derivatives for the gradient engines (runtime/ad).

import { PplError } from '../errors.js';
import { LOG_SQRT_2PI } from '../math.js';
import type { Distribution, Moment, Random } from '../distributions/index.js';
import { Tensor, shapeText } from './tensor.js';

/** Σ_i log N(x_i; mu_i, sd_i) and, for the arguments asked for, its partial derivatives. */
export interface NormalSum {
  value: number;
  /** ∂/∂x_i = −(x_i − mu_i)/sd_i² */
  dx?: Float64Array;
  /** ∂/∂mu_i = (x_i − mu_i)/sd_i² */
  dmu?: Float64Array;
  /** ∂/∂sd: a number for a scalar sd (Σ_i ((z_i² − 1)/sd)), else per element. */
  dsd?: number | Float64Array;
}

/**
 * The sum of the elementwise normal log densities at x, each term computed as the scalar `NormalDist`
 * computes it (−z²/2 − log sd − log √(2π)), so the sum equals the scalar sum in the same order. A NaN
 * element gives −Infinity (densities are never NaN).
 */
export function normalSum(
  x: ArrayLike<number>, mu: ArrayLike<number>, sd: number | ArrayLike<number>,
  want: { x?: boolean; mu?: boolean; sd?: boolean } = {},
): NormalSum {
  const n = x.length;
  const out: NormalSum = { value: 0 };
  const dx = want.x ? (out.dx = new Float64Array(n)) : undefined;
  const dmu = want.mu ? (out.dmu = new Float64Array(n)) : undefined;
  let s = 0;
  if (typeof sd === 'number') {
    const logNorm = -Math.log(sd) - LOG_SQRT_2PI;
    const inv = 1 / sd;
    let zz = 0;
    for (let i = 0; i < n; i++) {
      const z = (x[i]! - mu[i]!) / sd;
      s += -0.5 * z * z + logNorm;
      zz += z * z;
      const g = z * inv;
      if (dx) dx[i] = -g;
      if (dmu) dmu[i] = g;
    }
    if (want.sd) out.dsd = (zz - n) * inv;
  } else {
    const dsd = want.sd ? new Float64Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const si = sd[i]!;
      const z = (x[i]! - mu[i]!) / si;
      s += -0.5 * z * z + (-Math.log(si) - LOG_SQRT_2PI);
      const g = z / si;
      if (dx) dx[i] = -g;
      if (dmu) dmu[i] = g;
      if (dsd) dsd[i] = (z * z - 1) / si;
    }
    if (dsd) out.dsd = dsd;
  }
  out.value = s !== s ? -Infinity : s;
  return out;
}

/** Checks `Normal(mean, sd)`'s parameters for a tensor mean (values and shapes); throws a PplError. */
export function checkTensorNormal(mean: { shape: readonly number[] }, sd: unknown, meanData?: ArrayLike<number>, sdData?: ArrayLike<number>): void {
  if (meanData) {
    for (let i = 0; i < meanData.length; i++) {
      if (!Number.isFinite(meanData[i]!)) throw new PplError(`Normal: mean must be finite, got ${meanData[i]} at element ${i}`);
    }
  }
  if (typeof sd === 'number') {
    if (!(sd > 0) || sd === Infinity) throw new PplError(`Normal: sd must be positive, got ${sd}`);
    return;
  }
  const shape = (sd as { shape: readonly number[] }).shape;
  if (shape.length !== mean.shape.length || shape.some((k, i) => k !== mean.shape[i])) {
    throw new PplError(`Normal: the mean has shape ${shapeText(mean.shape)} but the sd has shape ${shapeText(shape)}`);
  }
  if (sdData) {
    for (let i = 0; i < sdData.length; i++) {
      const v = sdData[i]!;
      if (!(v > 0) || v === Infinity) throw new PplError(`Normal: sd must be positive, got ${v} at element ${i}`);
    }
  }
}

/** Throws unless a value of shape `shape` fits a tensor normal whose mean has shape `mean`. */
export function checkValueShape(mean: readonly number[], shape: readonly number[]): void {
  if (shape.length !== mean.length || shape.some((k, i) => k !== mean[i])) {
    throw new PplError(`Normal: a value of shape ${shapeText(shape)} for a distribution of shape ${shapeText(mean)}`);
  }
}

/** Independent normals over the elements of a tensor. */
export class TensorNormalDist implements Distribution<Tensor> {
  readonly name = 'Normal';
  readonly isContinuous = true;
  constructor(
    readonly mu: Tensor,
    readonly sigma: number | Tensor,
  ) {
    checkTensorNormal(mu, sigma, mu.data, typeof sigma === 'number' ? undefined : sigma.data);
  }

  private sdData(): number | Float64Array {
    return typeof this.sigma === 'number' ? this.sigma : this.sigma.data;
  }

  /** One draw per element, in row-major order. */
  sample(rng: Random): Tensor {
    const m = this.mu.data;
    const out = new Float64Array(m.length);
    const s = this.sigma;
    if (typeof s === 'number') for (let i = 0; i < m.length; i++) out[i] = m[i]! + s * rng.normal();
    else for (let i = 0; i < m.length; i++) out[i] = m[i]! + s.data[i]! * rng.normal();
    return new Tensor(this.mu.shape.slice(), out);
  }

  /** Σ_i log N(x_i; mu_i, sd_i). A value of another shape is an error (a mistake, not an impossible value). */
  logProb(x: Tensor): number {
    if (!(x instanceof Tensor)) throw new PplError('Normal: the value of a tensor normal must be a Tensor');
    checkValueShape(this.mu.shape, x.shape);
    return normalSum(x.data, this.mu.data, this.sdData()).value;
  }

  support(): undefined {
    return undefined;
  }
  /** The mean tensor (a `Moment` in the Distribution interface's terms: queries pass it through as a value). */
  mean(): Moment {
    return this.mu as unknown as Moment;
  }
  variance(): Moment {
    const s = this.sigma;
    const v = new Float64Array(this.mu.size);
    for (let i = 0; i < v.length; i++) {
      const si = typeof s === 'number' ? s : s.data[i]!;
      v[i] = si * si;
    }
    return new Tensor(this.mu.shape.slice(), v) as unknown as Moment;
  }
  params(): Record<string, unknown> {
    return { mean: this.mu, sd: this.sigma };
  }
}
