// The vector-valued distributions of language.md §5: Dirichlet(alphas) over the probability simplex and
// MvNormal(mean, cov) over R^d (cov symmetric positive definite, factored once by Cholesky).

import { lgamma, LOG_2PI } from '../math.js';
import { checkNumberArray, checkPositive, fail, xlogy } from './check.js';
import type { Distribution, Random } from './distribution.js';

/** Dirichlet(alphas): a point of the simplex {x ≥ 0, Σx = 1}, every alpha > 0. */
export class DirichletDist implements Distribution<number[]> {
  readonly name = 'Dirichlet';
  readonly isContinuous = true;
  readonly alphas: readonly number[];
  private readonly alpha0: number;
  private readonly logNorm: number;
  constructor(alphas: readonly number[]) {
    const a = checkNumberArray('Dirichlet', 'alphas', alphas);
    if (a.length === 0) fail('Dirichlet', 'alphas must not be empty');
    let s = 0;
    let lg = 0;
    for (let i = 0; i < a.length; i++) {
      checkPositive('Dirichlet', `alphas[${i}]`, a[i]!);
      s += a[i]!;
      lg += lgamma(a[i]!);
    }
    this.alphas = Array.from(a);
    this.alpha0 = s;
    this.logNorm = lgamma(s) - lg;
  }
  sample(rng: Random): number[] {
    const n = this.alphas.length;
    const out = new Array<number>(n);
    let m = -Infinity;
    for (let i = 0; i < n; i++) {
      const l = rng.logGamma(this.alphas[i]!);
      out[i] = l;
      if (l > m) m = l;
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = Math.exp(out[i]! - m);
      out[i] = v;
      s += v;
    }
    for (let i = 0; i < n; i++) out[i] = out[i]! / s;
    return out;
  }
  /** Density with respect to Lebesgue measure on the first n−1 coordinates; a point off the simplex (|Σx − 1| > 1e-9) is −Infinity. */
  logProb(x: number[]): number {
    const n = this.alphas.length;
    if (!Array.isArray(x) || x.length !== n) return -Infinity;
    let s = 0;
    let lp = this.logNorm;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (!(xi >= 0 && xi <= 1)) return -Infinity;
      s += xi;
      lp += xlogy(this.alphas[i]! - 1, xi);
    }
    return Math.abs(s - 1) <= 1e-9 ? lp : -Infinity;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number[] {
    return this.alphas.map((a) => a / this.alpha0);
  }
  variance(): number[] {
    const a0 = this.alpha0;
    return this.alphas.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1)));
  }
  params(): Record<string, unknown> {
    return { alphas: this.alphas };
  }
}

/**
 * The lower-triangular Cholesky factor L (row-major, d×d) of a symmetric positive definite matrix, or
 * null when it is not positive definite.
 */
export function cholesky(a: ArrayLike<number>, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j]!;
      }
    }
  }
  return l;
}

/** MvNormal(mean, cov): the multivariate normal with mean vector `mean` and covariance matrix `cov`. */
export class MvNormalDist implements Distribution<number[]> {
  readonly name = 'MvNormal';
  readonly isContinuous = true;
  readonly mu: readonly number[];
  readonly cov: readonly (readonly number[])[];
  readonly dim: number;
  /** Cholesky factor of cov, row-major. */
  private readonly chol: Float64Array;
  private readonly logNorm: number;
  private readonly work: Float64Array;
  constructor(mean: readonly number[], cov: readonly (readonly number[])[]) {
    const m = checkNumberArray('MvNormal', 'mean', mean);
    const d = m.length;
    if (d === 0) fail('MvNormal', 'mean must not be empty');
    if (!Array.isArray(cov) || cov.length !== d) fail('MvNormal', `cov must be a ${d}×${d} matrix (mean has ${d} entries)`);
    const flat = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      const row = checkNumberArray('MvNormal', `cov[${i}]`, cov[i]);
      if (row.length !== d) fail('MvNormal', `cov must be a ${d}×${d} matrix, but row ${i} has ${row.length} entries`);
      for (let j = 0; j < d; j++) flat[i * d + j] = row[j]!;
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const x = flat[i * d + j]!;
        const y = flat[j * d + i]!;
        if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) {
          fail('MvNormal', `cov must be symmetric, but cov[${i}][${j}] = ${x} and cov[${j}][${i}] = ${y}`);
        }
      }
    }
    const l = cholesky(flat, d);
    if (l === null) fail('MvNormal', 'cov must be positive definite');
    let logDet = 0;
    for (let i = 0; i < d; i++) logDet += Math.log(l[i * d + i]!);
    this.mu = Array.from(m);
    this.cov = cov.map((r) => Array.from(r));
    this.dim = d;
    this.chol = l;
    this.logNorm = -logDet - 0.5 * d * LOG_2PI;
    this.work = new Float64Array(d);
  }
  sample(rng: Random): number[] {
    const d = this.dim;
    const z = this.work;
    for (let i = 0; i < d; i++) z[i] = rng.normal();
    const out = new Array<number>(d);
    for (let i = 0; i < d; i++) {
      let s = this.mu[i]!;
      for (let k = 0; k <= i; k++) s += this.chol[i * d + k]! * z[k]!;
      out[i] = s;
    }
    return out;
  }
  logProb(x: number[]): number {
    const d = this.dim;
    if (!Array.isArray(x) || x.length !== d) return -Infinity;
    // Solve L y = x − mu; the log density is −½|y|² − log det L − (d/2) log 2π.
    const y = this.work;
    let q = 0;
    for (let i = 0; i < d; i++) {
      const xi = x[i]!;
      if (typeof xi !== 'number' || xi !== xi) return -Infinity;
      let s = xi - this.mu[i]!;
      for (let k = 0; k < i; k++) s -= this.chol[i * d + k]! * y[k]!;
      const yi = s / this.chol[i * d + i]!;
      y[i] = yi;
      q += yi * yi;
    }
    const lp = -0.5 * q + this.logNorm;
    return lp === lp ? lp : -Infinity;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number[] {
    return this.mu.slice();
  }
  variance(): number[] {
    return this.cov.map((row, i) => row[i]!);
  }
  params(): Record<string, unknown> {
    return { mean: this.mu, cov: this.cov };
  }
}

export function Dirichlet(alphas: readonly number[]): DirichletDist {
  return new DirichletDist(alphas);
}
export function MvNormal(mean: readonly number[], cov: readonly (readonly number[])[]): MvNormalDist {
  return new MvNormalDist(mean, cov);
}
