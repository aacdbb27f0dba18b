// The continuous scalar distributions of language.md §5: Normal(mean, sd), Uniform(a, b), Beta(a, b),
// Gamma(shape, rate), Exponential(rate). `logProb` is a log density (−Infinity off the support, never
// NaN); each also has `cdf` and `quantile` (closed form, or bisection on the regularised incomplete integral).

import { betaI, gammaP, invertCdf, lgamma, logBeta, LOG_SQRT_2PI, normalCdf, normalQuantile } from '../math.js';
import { checkFinite, checkPositive, fail, xlogy } from './check.js';
import type { Distribution, HasCdf, Random } from './distribution.js';

function checkQ(q: number): void {
  if (!(q >= 0 && q <= 1)) fail('quantile', `q must be in [0, 1], got ${q}`);
}

/** Normal(mean, sd), sd > 0. The Exact engine reads `mu` and `sigma`. */
export class NormalDist implements Distribution<number>, HasCdf {
  readonly name = 'Normal';
  readonly isContinuous = true;
  readonly mu: number;
  readonly sigma: number;
  private readonly logNorm: number;
  constructor(mean: number, sd: number) {
    this.mu = checkFinite('Normal', 'mean', mean);
    this.sigma = checkPositive('Normal', 'sd', sd);
    this.logNorm = -Math.log(sd) - LOG_SQRT_2PI;
  }
  sample(rng: Random): number {
    return this.mu + this.sigma * rng.normal();
  }
  logProb(x: number): number {
    if (typeof x !== 'number' || x !== x) return -Infinity;
    const z = (x - this.mu) / this.sigma;
    return -0.5 * z * z + this.logNorm;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number {
    return this.mu;
  }
  variance(): number {
    return this.sigma * this.sigma;
  }
  cdf(x: number): number {
    return normalCdf((x - this.mu) / this.sigma);
  }
  quantile(q: number): number {
    checkQ(q);
    return this.mu + this.sigma * normalQuantile(q);
  }
  params(): Record<string, unknown> {
    return { mean: this.mu, sd: this.sigma };
  }
}

/** Uniform(a, b) on [a, b], a < b. */
export class UniformDist implements Distribution<number>, HasCdf {
  readonly name = 'Uniform';
  readonly isContinuous = true;
  readonly a: number;
  readonly b: number;
  private readonly lp: number;
  constructor(a: number, b: number) {
    this.a = checkFinite('Uniform', 'a', a);
    this.b = checkFinite('Uniform', 'b', b);
    if (!(a < b)) fail('Uniform', `a must be less than b, got a = ${a} and b = ${b}`);
    this.lp = -Math.log(b - a);
  }
  sample(rng: Random): number {
    return this.a + (this.b - this.a) * rng.uniform();
  }
  logProb(x: number): number {
    return x >= this.a && x <= this.b ? this.lp : -Infinity;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number {
    return 0.5 * (this.a + this.b);
  }
  variance(): number {
    const w = this.b - this.a;
    return (w * w) / 12;
  }
  cdf(x: number): number {
    return x <= this.a ? 0 : x >= this.b ? 1 : (x - this.a) / (this.b - this.a);
  }
  quantile(q: number): number {
    checkQ(q);
    return this.a + q * (this.b - this.a);
  }
  params(): Record<string, unknown> {
    return { a: this.a, b: this.b };
  }
}

/** Beta(a, b) on [0, 1], a, b > 0. */
export class BetaDist implements Distribution<number>, HasCdf {
  readonly name = 'Beta';
  readonly isContinuous = true;
  readonly a: number;
  readonly b: number;
  private readonly logNorm: number;
  constructor(a: number, b: number) {
    this.a = checkPositive('Beta', 'a', a);
    this.b = checkPositive('Beta', 'b', b);
    this.logNorm = -logBeta(a, b);
  }
  sample(rng: Random): number {
    return rng.beta(this.a, this.b);
  }
  logProb(x: number): number {
    if (!(x >= 0 && x <= 1)) return -Infinity;
    return xlogy(this.a - 1, x) + xlogy(this.b - 1, 1 - x) + this.logNorm;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number {
    return this.a / (this.a + this.b);
  }
  variance(): number {
    const s = this.a + this.b;
    return (this.a * this.b) / (s * s * (s + 1));
  }
  cdf(x: number): number {
    return betaI(this.a, this.b, x);
  }
  quantile(q: number): number {
    checkQ(q);
    if (q === 0) return 0;
    if (q === 1) return 1;
    return invertCdf((x) => this.cdf(x), q, 0, 1);
  }
  params(): Record<string, unknown> {
    return { a: this.a, b: this.b };
  }
}

/** Gamma(shape, rate) on [0, ∞): density rate^shape x^{shape−1} e^{−rate x} / Γ(shape). */
export class GammaDist implements Distribution<number>, HasCdf {
  readonly name = 'Gamma';
  readonly isContinuous = true;
  readonly shape: number;
  readonly rate: number;
  private readonly logNorm: number;
  constructor(shape: number, rate: number) {
    this.shape = checkPositive('Gamma', 'shape', shape);
    this.rate = checkPositive('Gamma', 'rate', rate);
    this.logNorm = shape * Math.log(rate) - lgamma(shape);
  }
  sample(rng: Random): number {
    return rng.gamma(this.shape) / this.rate;
  }
  logProb(x: number): number {
    if (!(x >= 0) || x === Infinity) return -Infinity;
    return this.logNorm + xlogy(this.shape - 1, x) - this.rate * x;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number {
    return this.shape / this.rate;
  }
  variance(): number {
    return this.shape / (this.rate * this.rate);
  }
  cdf(x: number): number {
    return gammaP(this.shape, this.rate * x);
  }
  quantile(q: number): number {
    checkQ(q);
    if (q === 0) return 0;
    if (q === 1) return Infinity;
    let hi = this.mean() + 10 * Math.sqrt(this.variance());
    while (this.cdf(hi) < q) hi *= 2;
    return invertCdf((x) => this.cdf(x), q, 0, hi);
  }
  params(): Record<string, unknown> {
    return { shape: this.shape, rate: this.rate };
  }
}

/** Exponential(rate) on [0, ∞). */
export class ExponentialDist implements Distribution<number>, HasCdf {
  readonly name = 'Exponential';
  readonly isContinuous = true;
  readonly rate: number;
  private readonly logRate: number;
  constructor(rate: number) {
    this.rate = checkPositive('Exponential', 'rate', rate);
    this.logRate = Math.log(rate);
  }
  sample(rng: Random): number {
    return rng.exponential() / this.rate;
  }
  logProb(x: number): number {
    if (!(x >= 0) || x === Infinity) return -Infinity;
    return this.logRate - this.rate * x;
  }
  support(): undefined {
    return undefined;
  }
  mean(): number {
    return 1 / this.rate;
  }
  variance(): number {
    return 1 / (this.rate * this.rate);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : -Math.expm1(-this.rate * x);
  }
  quantile(q: number): number {
    checkQ(q);
    return -Math.log1p(-q) / this.rate;
  }
  params(): Record<string, unknown> {
    return { rate: this.rate };
  }
}

export function Normal(mean: number, sd: number): NormalDist {
  return new NormalDist(mean, sd);
}
export function Uniform(a: number, b: number): UniformDist {
  return new UniformDist(a, b);
}
export function Beta(a: number, b: number): BetaDist {
  return new BetaDist(a, b);
}
export function Gamma(shape: number, rate: number): GammaDist {
  return new GammaDist(shape, rate);
}
export function Exponential(rate: number): ExponentialDist {
  return new ExponentialDist(rate);
}
