// Log densities (and log masses, for observed discrete data) written over the AD number domain, so the
// same code gives plain numbers under `plain` and gradients under a `Tape`. Parameters follow
// language.md §5: Normal(mean, sd), Gamma(shape, rate), Exponential(rate), Categorical(weights).
// Outside the support the result is −∞ (a constant, so no gradient flows), never NaN.

import { digamma, lgamma } from './special.js';
import type { Domain, Real } from './tape.js';

const HALF_LOG_2PI = 0.9189385332046727;

/** c · log x, with 0 · log 0 taken as 0 (so Beta(1, b) at x = 0 is finite). */
function xlogy(D: Domain, c: Real, x: Real): Real {
  if (D.value(c) === 0 && D.value(x) === 0) return 0;
  return D.mul(c, D.log(x));
}

/** c · log(1 − x), with 0 · log 0 taken as 0. */
function xlog1my(D: Domain, c: Real, x: Real): Real {
  if (D.value(c) === 0 && D.value(x) === 1) return 0;
  return D.mul(c, D.log1p(D.neg(x)));
}

/** Scratch for fused nodes: [value, ∂/∂arg1, ∂/∂arg2, ∂/∂arg3]. */
const S = new Float64Array(4);

export function normalLogPdf(D: Domain, x: Real, mean: Real, sd: Real): Real {
  const s = D.value(sd);
  if (!(s > 0)) return -Infinity;
  const z = (D.value(x) - D.value(mean)) / s;
  S[0] = -0.5 * z * z - Math.log(s) - HALF_LOG_2PI;
  S[1] = -z / s;
  S[2] = z / s;
  S[3] = (z * z - 1) / s;
  return D.fuse3(x, mean, sd, S);
}

export function uniformLogPdf(D: Domain, x: Real, a: Real, b: Real): Real {
  const vx = D.value(x);
  if (!(vx >= D.value(a) && vx <= D.value(b))) return -Infinity;
  return D.neg(D.log(D.sub(b, a)));
}

/** log B(a, b) = lgamma a + lgamma b − lgamma(a + b). */
export function logBeta(D: Domain, a: Real, b: Real): Real {
  return D.sub(D.add(D.lgamma(a), D.lgamma(b)), D.lgamma(D.add(a, b)));
}

export function betaLogPdf(D: Domain, x: Real, a: Real, b: Real): Real {
  const vx = D.value(x);
  if (!(vx >= 0 && vx <= 1) || !(D.value(a) > 0) || !(D.value(b) > 0)) return -Infinity;
  const lp = D.add(xlogy(D, D.sub(a, 1), x), xlog1my(D, D.sub(b, 1), x));
  return D.sub(lp, logBeta(D, a, b));
}

export function gammaLogPdf(D: Domain, x: Real, shape: Real, rate: Real): Real {
  const vx = D.value(x);
  const a = D.value(shape);
  const b = D.value(rate);
  if (!(vx >= 0) || !(a > 0) || !(b > 0)) return -Infinity;
  if (vx === 0) {
    // density at 0: finite only for shape ≤ 1; no fused partials (log 0)
    if (a !== 1) return a < 1 ? Infinity : -Infinity;
    return D.sub(D.log(rate), D.mul(rate, x));
  }
  const lx = Math.log(vx);
  S[0] = a * Math.log(b) - lgamma(a) + (a - 1) * lx - b * vx;
  S[1] = (a - 1) / vx - b;
  S[2] = Math.log(b) - digamma(a) + lx;
  S[3] = a / b - vx;
  return D.fuse3(x, shape, rate, S);
}

export function exponentialLogPdf(D: Domain, x: Real, rate: Real): Real {
  const vx = D.value(x);
  const r = D.value(rate);
  if (!(vx >= 0) || !(r > 0)) return -Infinity;
  S[0] = Math.log(r) - r * vx;
  S[1] = -r;
  S[2] = 1 / r - vx;
  S[3] = 0;
  return D.fuse3(x, rate, 0, S);
}

export function cauchyLogPdf(D: Domain, x: Real, location: Real, scale: Real): Real {
  if (!(D.value(scale) > 0)) return -Infinity;
  const z = D.div(D.sub(x, location), scale);
  return D.neg(D.add(D.add(D.log1p(D.square(z)), D.log(scale)), Math.log(Math.PI)));
}

export function logNormalLogPdf(D: Domain, x: Real, mu: Real, sigma: Real): Real {
  if (!(D.value(x) > 0)) return -Infinity;
  const lx = D.log(x);
  return D.sub(normalLogPdf(D, lx, mu, sigma), lx);
}

/** Dirichlet(alphas) at a point x of the simplex (entries ≥ 0 summing to 1 within 1e-8). */
export function dirichletLogPdf(D: Domain, x: ArrayLike<Real>, alphas: ArrayLike<Real>): Real {
  const k = alphas.length;
  if (x.length !== k) return -Infinity;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const v = D.value(x[i]);
    if (!(v >= 0) || !(D.value(alphas[i]) > 0)) return -Infinity;
    total += v;
  }
  if (Math.abs(total - 1) > 1e-8) return -Infinity;
  let lp: Real = D.lgamma(D.sum(alphas));
  for (let i = 0; i < k; i++) {
    lp = D.add(D.sub(lp, D.lgamma(alphas[i])), xlogy(D, D.sub(alphas[i], 1), x[i]));
  }
  return lp;
}

/**
 * MvNormal(mean, cov) with a full covariance matrix (rows of reals). The Cholesky factor is computed
 * over the domain, so the gradient flows to mean, cov and x; −∞ when cov is not positive definite.
 */
export function mvNormalLogPdf(D: Domain, x: ArrayLike<Real>, mean: ArrayLike<Real>, cov: ArrayLike<ArrayLike<Real>>): Real {
  const n = x.length;
  if (mean.length !== n || cov.length !== n) return -Infinity;
  // L (lower triangular, row-major by rows) with L Lᵀ = cov.
  const L: Real[][] = [];
  let logDet: Real = 0;
  for (let i = 0; i < n; i++) {
    const row: Real[] = new Array(i + 1);
    for (let j = 0; j <= i; j++) {
      let s: Real = cov[i][j];
      const Lj = j === i ? row : L[j];
      for (let k = 0; k < j; k++) s = D.sub(s, D.mul(row[k], Lj[k]));
      if (i === j) {
        if (!(D.value(s) > 0)) return -Infinity;
        row[j] = D.sqrt(s);
        logDet = D.add(logDet, D.log(row[j]));
      } else {
        row[j] = D.div(s, L[j][j]);
      }
    }
    L.push(row);
  }
  // z = L⁻¹ (x − mean) by forward substitution.
  const z: Real[] = new Array(n);
  let quad: Real = 0;
  for (let i = 0; i < n; i++) {
    let s: Real = D.sub(x[i], mean[i]);
    for (let k = 0; k < i; k++) s = D.sub(s, D.mul(L[i][k], z[k]));
    z[i] = D.div(s, L[i][i]);
    quad = D.add(quad, D.square(z[i]));
  }
  return D.sub(D.sub(D.mul(-0.5, quad), logDet), n * HALF_LOG_2PI);
}

/** Bernoulli(p) at an observed boolean. */
export function bernoulliLogPmf(D: Domain, v: boolean, p: Real): Real {
  const vp = D.value(p);
  if (!(vp >= 0 && vp <= 1)) return -Infinity;
  if (v) return vp === 0 ? -Infinity : D.log(p);
  return vp === 1 ? -Infinity : D.log1p(D.neg(p));
}

/** Categorical(weights) at index k: log(w_k / Σ w). Weights need not be normalised. */
export function categoricalLogPmf(D: Domain, k: number, weights: ArrayLike<Real>): Real {
  if (!(k >= 0 && k < weights.length && k === Math.floor(k))) return -Infinity;
  if (D.value(weights[k]) === 0) return -Infinity;
  return D.sub(D.log(weights[k]), D.log(D.sum(weights)));
}

/** Poisson(rate) at a count k. */
export function poissonLogPmf(D: Domain, k: number, rate: Real): Real {
  if (!(k >= 0 && k === Math.floor(k)) || !(D.value(rate) >= 0)) return -Infinity;
  if (D.value(rate) === 0) return k === 0 ? 0 : -Infinity;
  return D.sub(D.sub(D.mul(k, D.log(rate)), rate), D.lgamma(k + 1));
}

/** Binomial(n, p) at a count k. */
export function binomialLogPmf(D: Domain, k: number, n: number, p: Real): Real {
  if (!(k >= 0 && k <= n && k === Math.floor(k))) return -Infinity;
  const vp = D.value(p);
  if (!(vp >= 0 && vp <= 1)) return -Infinity;
  const logChoose = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
  return D.add(D.add(logChoose, xlogy(D, k, p)), xlog1my(D, n - k, p));
}

/** Geometric(p): k failures before the first success. */
export function geometricLogPmf(D: Domain, k: number, p: Real): Real {
  if (!(k >= 0 && k === Math.floor(k))) return -Infinity;
  const vp = D.value(p);
  if (!(vp > 0 && vp <= 1)) return -Infinity;
  return D.add(D.log(p), xlog1my(D, k, p));
}
