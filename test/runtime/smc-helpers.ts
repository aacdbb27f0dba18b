// Shared by the SMC/MH/HMC/NUTS engine tests: the 50-step linear-Gaussian state-space model of bench/ with its
// Kalman filter (the exact answer), the 20-point conjugate regression with its closed-form posterior, and
// helpers to run a .ppl program's `infer` results with a seed.
import { readFileSync } from 'node:fs';
import { load } from './ppl-helpers.js';

export const SSM_YS = [-0.16, -2.411, -2.753, -2.53, -4.453, 1.066, 0.231, -1.132, -1.432, 1.817,
  1.399, 0.81, 2.48, 0.402, 4.778, 3.55, 0.281, 0.47, 0.029, -0.352,
  -0.366, 0.965, -0.222, 2.28, 0.972, 1.522, 2.187, 1.309, 0.591, 0.979,
  2.42, 1.434, -1.295, -0.86, -0.473, -1.179, 0.466, -1.309, 0.29, 0.118,
  -1.167, -1.397, -2.564, -2.07, -1.306, -1.7, -0.038, -0.704, -1.686, -1.449];

/** x_t = a·x_{t−1} + N(0, q), x_0 = 0; y_t ~ N(x_t, r): the filter's final mean, variance and log evidence. */
export function kalman(ys: readonly number[], a = 0.9, q = 1, r = 1): { mean: number; variance: number; logZ: number } {
  let m = 0;
  let p = 0;
  let logZ = 0;
  for (const y of ys) {
    const mp = a * m;
    const pp = a * a * p + q;
    const s = pp + r;
    logZ += -0.5 * Math.log(2 * Math.PI * s) - (0.5 * (y - mp) ** 2) / s;
    const k = pp / s;
    m = mp + k * (y - mp);
    p = (1 - k) * pp;
  }
  return { mean: m, variance: p, logZ };
}

export const ssmSource = (method: string, ys: readonly number[] = SSM_YS): string => `
let ys = [${ys.map((y) => y.toFixed(3)).join(', ')}];
fn model() -> Real {
  var x = 0.0;
  for t in 0..${ys.length} {
    x = sample(Normal(0.9 * x, 1.0));
    observe(Normal(x, 1.0), ys[t]);
  }
  x
}
print(infer(model, ${method}));
`;

export const REG_XS = [-2.375, -2.125, -1.875, -1.625, -1.375, -1.125, -0.875, -0.625, -0.375, -0.125,
  0.125, 0.375, 0.625, 0.875, 1.125, 1.375, 1.625, 1.875, 2.125, 2.375];
export const REG_YS = [-3.749, -2.951, -3.024, -3.141, -2.205, -2.242, -0.69, 1.09, -0.242, 0.13,
  1.74, 2.107, 2.355, 1.82, 3.221, 4.445, 2.906, 4.292, 3.349, 4.46];

/** b ~ N(0, s0² I), y ~ N(X b, σ² I): posterior mean, covariance (2×2) and log evidence, in closed form. */
export function regressionPosterior(xs = REG_XS, ys = REG_YS, s0 = 10, sigma = 1) {
  // precision = XᵀX/σ² + I/s0²
  let sx = 0, sxx = 0, sy = 0, sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    sx += xs[i]!; sxx += xs[i]! ** 2; sy += ys[i]!; sxy += xs[i]! * ys[i]!;
  }
  const n = xs.length;
  const a = n / sigma ** 2 + 1 / s0 ** 2, b = sx / sigma ** 2, d = sxx / sigma ** 2 + 1 / s0 ** 2;
  const det = a * d - b * b;
  const cov = [[d / det, -b / det], [-b / det, a / det]];
  const r0 = sy / sigma ** 2, r1 = sxy / sigma ** 2;
  const mean = [cov[0]![0]! * r0 + cov[0]![1]! * r1, cov[1]![0]! * r0 + cov[1]![1]! * r1];
  // log evidence: y ~ N(0, σ² I + s0² X Xᵀ); by the matrix determinant lemma and Woodbury
  let yy = 0;
  for (const y of ys) yy += y * y;
  const quad = yy / sigma ** 2 - (r0 * mean[0]! + r1 * mean[1]!);
  const logDet = 2 * n * Math.log(sigma) + Math.log(det * s0 ** 4);
  const logZ = -0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * quad;
  return { mean, sd: [Math.sqrt(cov[0]![0]!), Math.sqrt(cov[1]![1]!)], logZ };
}

export const regressionSource = (method: string): string => `
let xs = [${REG_XS.join(', ')}];
let ys = [${REG_YS.join(', ')}];
fn model() -> (Real, Real) {
  let b0 ~ Normal(0.0, 10.0);
  let b1 ~ Normal(0.0, 10.0);
  for i in 0..20 {
    observe(Normal(b0 + b1 * xs[i], 1.0), ys[i]);
  }
  (b0, b1)
}
print(infer(model, ${method}));
`;

/** The values the program printed (raw, e.g. the Dist objects of `print(infer(...))`), run with `seed`. */
export function printed(src: string, seed = 0): any[] {
  return load(src, seed).printed;
}

/** Coordinate `i` of tuple draws (or the draws themselves; booleans as 0/1) of a ChainDist, one Float64Array per chain. */
export function coord(d: { chains: readonly (readonly unknown[])[] }, i: number | null): Float64Array[] {
  return d.chains.map((c) => Float64Array.from(c, (v: any) => (i === null ? (typeof v === 'boolean' ? (v ? 1 : 0) : v) : v.items[i])));
}

/** The raw values an example in examples/ prints (Dist objects for `print(infer(...))`), run with seed 0. */
export function runExample(file: string): any[] {
  return load(readFileSync(`examples/${file}`, 'utf8')).printed;
}
