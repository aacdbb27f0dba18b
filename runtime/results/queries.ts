// The queries of language.md §5 on any Dist<T> — primitive distributions and infer results alike:
// prob, logProb, mean, variance, sd, support, expect, samples, quantile, logZ, ess. Each is a PplError,
// saying why and what to use instead, when it does not apply to the distribution at hand.

import {
  BetaDist,
  DirichletDist,
  ExponentialDist,
  GammaDist,
  MvNormalDist,
  NormalDist,
  PplError,
  UniformDist,
  formatNumber,
  type Distribution,
  type HasCdf,
  type Moment,
} from '../../stdlib/index.js';
import { FiniteDist } from './finite.js';
import { GaussianDist } from './gaussian-dist.js';
import { JointGaussianDist, mapNumbers, type Shape } from './joint-gaussian.js';
import { nodesBeta, nodesDirichlet, nodesGamma, nodesUniform } from './quadrature.js';

function arrayShape(n: number): Shape {
  return { kind: 'array', items: Array.from({ length: n }, () => ({ kind: 'leaf' as const })) };
}
import { isInferResult } from './result.js';
import { SampleDist } from './samples.js';

function describe(d: Distribution): string {
  return d.name === 'Finite' || d.name === 'Samples' || d.name === 'Gaussian' ? `this ${d.name === 'Samples' ? 'sample-based' : d.name === 'Finite' ? 'exact' : 'Gaussian'} result` : d.name;
}

/** P(X = v) for a discrete distribution; a PplError for continuous ones (use logProb for densities). */
export function prob<T>(d: Distribution<T>, v: T): number {
  if (d instanceof FiniteDist) return d.prob(v);
  if (d.isContinuous) {
    throw new PplError(`prob: ${describe(d)} is continuous, so every single value has probability 0; use logProb for its density`);
  }
  return Math.exp(d.logProb(v));
}

/** log density or mass of v. */
export function logProb<T>(d: Distribution<T>, v: T): number {
  return d.logProb(v);
}

export function mean(d: Distribution): Moment {
  return d.mean();
}

export function variance(d: Distribution): Moment {
  return d.variance();
}

/** Standard deviation (per component for arrays, tuples and records of Reals: the shape of the value). */
export function sd(d: Distribution): Moment {
  return sdOfVariance(d.variance());
}

/** The standard deviations of a variance moment (a number, or a structure of numbers). */
export function sdOfVariance(v: unknown): Moment {
  return mapNumbers(v, Math.sqrt) as Moment;
}

/** The finite support, most probable first for results; a PplError when it is not finite. */
export function support<T>(d: Distribution<T>): readonly T[] {
  const s = d.support();
  if (s === undefined) {
    throw new PplError(
      `support: ${describe(d)} does not have a finite support` +
        (d.isContinuous ? ' (it is continuous); use mean, sd or quantile' : ''),
    );
  }
  return s;
}

// Gauss–Hermite nodes and weights (∫ e^{−x²} f(x) dx ≈ Σ wᵢ f(xᵢ)), by Newton's method on the
// orthonormal Hermite recurrence (Press et al., Numerical Recipes, 3rd ed., §4.6 `gauher`).
const HERMITE_N = 64;
const hermiteRules = new Map<number, { x: Float64Array; w: Float64Array }>();

/** The n-point Gauss–Hermite rule (cached). */
export function hermiteRule(n = HERMITE_N): { x: Float64Array; w: Float64Array } {
  const cached = hermiteRules.get(n);
  if (cached !== undefined) return cached;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const PIM4 = 0.7511255444649425; // π^{-1/4}
  let z = 0;
  for (let i = 0; i < (n + 1) >> 1; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = w[n - 1 - i] = 2 / (pp * pp);
  }
  const rule = { x, w };
  hermiteRules.set(n, rule);
  return rule;
}

/** The 64-point Gauss–Hermite nodes for N(mu, sd²), weights scaled to sum to `mass` (exact for polynomials of degree < 128). */
function gaussianNodes(mu: number, s: number, mass: number, visit: (x: number, w: number) => void): void {
  if (s === 0) return visit(mu, mass);
  const { x, w } = hermiteRule();
  for (let i = 0; i < x.length; i++) visit(mu + Math.SQRT2 * s * x[i]!, (mass * w[i]!) / Math.sqrt(Math.PI));
}

/**
 * E[f(X)]: exact for finite distributions, the weighted average for sample-based results, Gauss–Hermite
 * quadrature for Normal, MvNormal and Gaussian results (tensor products for joint ones), Gauss–Legendre for
 * Uniform, Gauss–Jacobi for Beta (and Dirichlet, over its stick-breaking Betas), generalised Gauss–Laguerre for
 * Gamma and Exponential — 64 nodes per dimension, exact for polynomials of degree < 128 — and a sum over
 * 0, 1, 2, … for Poisson and Geometric.
 */
export function expect<T>(d: Distribution<T>, f: (x: T) => number): number {
  let s = 0;
  expectationNodes(d, (x, w) => {
    if (w !== 0) s += w * f(x);
  });
  return s;
}

/**
 * The points and weights (summing to 1, up to the truncation of infinite series) of `expect`'s rule for d:
 * E[f(X)] ≈ Σ w f(x). `expect` with a function that samples (runtime/exec/hof.ts) walks the same points.
 */
export function expectationNodes<T>(d: Distribution<T>, visit: (x: T, w: number) => void): void {
  if (d instanceof FiniteDist) {
    for (let i = 0; i < d.values.length; i++) visit(d.values[i]!, d.probs[i]!);
    return;
  }
  if (d instanceof SampleDist) {
    const { samples: xs, weights } = d.weighted();
    for (let i = 0; i < xs.length; i++) visit(xs[i]!, weights[i]!);
    return;
  }
  const v = visit as unknown as (x: number, w: number) => void;
  const vv = visit as unknown as (x: unknown, w: number) => void;
  if (d instanceof NormalDist) return gaussianNodes(d.mu, d.sigma, 1, v);
  if (d instanceof GaussianDist) {
    for (let i = 0; i < d.components; i++) {
      if (d.weights[i]! > 0) gaussianNodes(d.means[i]!, Math.sqrt(d.variances[i]!), d.weights[i]!, v);
    }
    return;
  }
  if (d instanceof JointGaussianDist) return d.nodes(hermiteRule, vv);
  if (d instanceof UniformDist) return nodesUniform(d.a, d.b, v);
  if (d instanceof BetaDist) return nodesBeta(d.a, d.b, v);
  if (d instanceof GammaDist) return nodesGamma(d.shape, d.rate, v);
  if (d instanceof ExponentialDist) return nodesGamma(1, d.rate, v);
  if (d instanceof DirichletDist) return nodesDirichlet(d.alphas, vv);
  if (d instanceof MvNormalDist) {
    const dim = d.dim;
    const cov = d.cov.flatMap((row) => Array.from(row));
    return new JointGaussianDist(arrayShape(dim), dim, [{ logWeight: 0, mean: d.mu, cov }]).nodes(hermiteRule, vv);
  }
  const sup = d.support();
  if (sup !== undefined) {
    for (const x of sup) visit(x, Math.exp(d.logProb(x)));
    return;
  }
  if (d.name === 'Poisson' || d.name === 'Geometric') {
    let mass = 0;
    for (let k = 0; k < 1e7 && mass < 1 - 1e-16; k++) {
      const p = Math.exp(d.logProb(k as T));
      mass += p;
      if (p > 0) v(k, p);
      if (k > 10 * (d.mean() as number) + 100 && p < 1e-300) break;
    }
    return;
  }
  throw new PplError(`expect: not available for ${describe(d)}; draw from it inside a model, or use mean and variance`);
}

/** The samples of a sample-based result. */
export function samples<T>(d: Distribution<T>): readonly T[] {
  if (d instanceof SampleDist) return d.samples();
  throw new PplError(
    `samples: ${describe(d)} is not sample-based; samples are kept by Rejection, Importance, SMC, MH, HMC and NUTS results` +
      (d instanceof FiniteDist ? ' (use support and prob for an exact table)' : '; draw from it with sample(d), or use mean, sd or expect'),
  );
}

function hasQuantile(d: unknown): d is HasCdf {
  return typeof (d as HasCdf).quantile === 'function';
}

/** The q-quantile: the smallest x with P(X ≤ x) ≥ q. */
export function quantile(d: Distribution, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new PplError(`quantile: q must be in [0, 1], got ${formatNumber(q)}`);
  if (hasQuantile(d)) return d.quantile(q);
  const sup = d.support();
  if (sup !== undefined) {
    const vs = sup.slice() as unknown[];
    if (!vs.every((v) => typeof v === 'number')) throw new PplError(`quantile: the values of ${describe(d)} are not numbers`);
    (vs as number[]).sort((a, b) => a - b);
    let acc = 0;
    const target = q * (1 - 1e-12);
    for (const v of vs as number[]) {
      acc += Math.exp(d.logProb(v));
      if (acc >= target) return v;
    }
    return vs[vs.length - 1] as number;
  }
  if (d.name === 'Poisson' || d.name === 'Geometric') {
    let acc = 0;
    const target = q * (1 - 1e-12);
    for (let k = 0; k < 1e8; k++) {
      acc += Math.exp(d.logProb(k));
      if (acc >= target) return k;
    }
    return Infinity;
  }
  throw new PplError(`quantile: not available for ${describe(d)}`);
}

/** The log evidence of an infer result. */
export function logZ(d: Distribution): number {
  if (isInferResult(d)) return d.logZ();
  throw new PplError(`logZ: ${d.name} is not the result of infer, so it has no evidence`);
}

/** The effective sample size of an infer result (Infinity for exact and analytic ones). */
export function ess(d: Distribution): number {
  if (isInferResult(d)) return d.ess();
  throw new PplError(`ess: ${d.name} is not the result of infer, so it has no samples`);
}
