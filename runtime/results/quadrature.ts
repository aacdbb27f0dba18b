// Gaussian quadrature for `expect(d, f)` on the primitive continuous distributions: Gauss–Jacobi rules for
// Uniform (Legendre) and Beta, generalised Gauss–Laguerre for Gamma and Exponential, tensor products of
// Gauss–Jacobi rules over the stick-breaking Betas for Dirichlet. Nodes and weights by Golub–Welsch.

import { PplError } from '../../stdlib/index.js';

/** Nodes and weights normalised to sum 1, so Σ wᵢ f(xᵢ) is an expectation. */
export interface Rule {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

/**
 * Golub–Welsch: the nodes of the n-point rule of the orthogonal polynomials with three-term recurrence
 * (diagonal a, off-diagonal b) are the eigenvalues of the symmetric tridiagonal Jacobi matrix, the weights
 * the squared first components of its eigenvectors. Implicit QL with Wilkinson shifts (Numerical Recipes
 * `tqli`), tracking only the first row of the eigenvector matrix: O(n²).
 */
function golubWelsch(a: Float64Array, b: Float64Array): Rule {
  const n = a.length;
  const d = Float64Array.from(a);
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = b[i]!;
  const z = new Float64Array(n);
  z[0] = 1;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new PplError('internal: quadrature nodes did not converge');
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const bb = c * e[i]!;
          e[i + 1] = r = Math.hypot(f, g);
          if (r === 0) {
            d[i + 1] = d[i + 1]! - p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * bb;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - bb;
          const zf = z[i + 1]!;
          z[i + 1] = s * z[i]! + c * zf;
          z[i] = c * z[i]! - s * zf;
        }
        if (r === 0 && i >= l) continue;
        d[l] = d[l]! - p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[i]! - d[j]!);
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  let s = 0;
  for (const i of order) s += z[i]! * z[i]!;
  order.forEach((i, k) => {
    x[k] = d[i]!;
    w[k] = (z[i]! * z[i]!) / s;
  });
  return { x, w };
}

const cache = new Map<string, Rule>();

function cached(key: string, make: () => Rule): Rule {
  let r = cache.get(key);
  if (r === undefined) {
    if (cache.size > 256) cache.clear();
    r = make();
    cache.set(key, r);
  }
  return r;
}

/** Gauss–Jacobi on [−1, 1] for the weight (1 − t)^α (1 + t)^β, α, β > −1. */
export function gaussJacobi(n: number, alpha: number, beta: number): Rule {
  return cached(`J${n},${alpha},${beta}`, () => {
    const a = new Float64Array(n);
    const b = new Float64Array(Math.max(0, n - 1));
    const ab = alpha + beta;
    a[0] = (beta - alpha) / (ab + 2);
    for (let k = 1; k < n; k++) {
      const t = 2 * k + ab;
      a[k] = (beta * beta - alpha * alpha) / (t * (t + 2));
    }
    for (let k = 1; k < n; k++) {
      const t = 2 * k + ab;
      // k = 1: the factor (k + α + β) cancels against (2k + α + β − 1), which may be 0.
      const b2 = k === 1
        ? (4 * (1 + alpha) * (1 + beta)) / (t * t * (t + 1))
        : (4 * k * (k + alpha) * (k + beta) * (k + ab)) / (t * t * (t + 1) * (t - 1));
      b[k - 1] = Math.sqrt(b2);
    }
    return golubWelsch(a, b);
  });
}

/** Generalised Gauss–Laguerre on (0, ∞) for the weight t^α e^{−t}, α > −1. */
export function gaussLaguerre(n: number, alpha: number): Rule {
  return cached(`L${n},${alpha}`, () => {
    const a = new Float64Array(n);
    const b = new Float64Array(Math.max(0, n - 1));
    for (let k = 0; k < n; k++) a[k] = 2 * k + alpha + 1;
    for (let k = 1; k < n; k++) b[k - 1] = Math.sqrt(k * (k + alpha));
    return golubWelsch(a, b);
  });
}

/** Nodes per dimension of 1-D rules (exact for polynomials of degree < 128). */
const N1 = 64;

/** Receives each node of a rule with its weight (the weights of one rule sum to 1). */
export type Visit<T> = (x: T, w: number) => void;

/** X ~ Uniform(lo, hi): Gauss–Legendre. */
export function nodesUniform(lo: number, hi: number, visit: Visit<number>): void {
  const { x, w } = gaussJacobi(N1, 0, 0);
  for (let i = 0; i < x.length; i++) visit(lo + ((hi - lo) * (1 + x[i]!)) / 2, w[i]!);
}

/** X ~ Beta(a, b): Gauss–Jacobi with α = b − 1, β = a − 1 on x = (1 + t)/2. */
export function nodesBeta(a: number, b: number, visit: Visit<number>): void {
  const { x, w } = gaussJacobi(N1, b - 1, a - 1);
  for (let i = 0; i < x.length; i++) visit((1 + x[i]!) / 2, w[i]!);
}

/** X ~ Gamma(shape, rate): generalised Gauss–Laguerre with α = shape − 1 on x = t / rate. */
export function nodesGamma(shape: number, rate: number, visit: Visit<number>): void {
  const { x, w } = gaussLaguerre(N1, shape - 1);
  for (let i = 0; i < x.length; i++) visit(x[i]! / rate, w[i]!);
}

/**
 * X ~ Dirichlet(α₁…α_K), by stick-breaking: X₁ = B₁, X_j = B_j Π_{i<j}(1 − B_i) with independent
 * B_j ~ Beta(α_j, α_{j+1} + … + α_K) — a tensor product of K − 1 Gauss–Jacobi rules, exact for polynomials of
 * degree < 2n in each B. n shrinks with K to keep the evaluations near 2·10⁵ (at least 3 nodes: K ≤ 12).
 */
export function nodesDirichlet(alphas: readonly number[], visit: Visit<number[]>): void {
  const k = alphas.length;
  if (k === 1) return visit([1], 1);
  const dims = k - 1;
  if (dims > 11) {
    throw new PplError(`expect: a Dirichlet over ${k} categories has too many dimensions for quadrature; ` +
      'draw from it inside a sampling infer, or use mean and variance');
  }
  const n = Math.max(3, Math.min(N1, Math.floor(Math.pow(2e5, 1 / dims))));
  const rules: Rule[] = [];
  let rest = alphas.reduce((s, a) => s + a, 0);
  for (let j = 0; j < dims; j++) {
    rest -= alphas[j]!;
    rules.push(gaussJacobi(n, rest - 1, alphas[j]! - 1));
  }
  const idx = new Int32Array(dims);
  const point = new Array<number>(k);
  for (;;) {
    let weight = 1;
    let stick = 1;
    for (let j = 0; j < dims; j++) {
      const r = rules[j]!;
      const bj = (1 + r.x[idx[j]!]!) / 2;
      weight *= r.w[idx[j]!]!;
      point[j] = stick * bj;
      stick *= 1 - bj;
    }
    point[dims] = stick;
    visit(point.slice(), weight);
    let q = 0;
    while (q < dims && ++idx[q]! === n) idx[q++] = 0;
    if (q === dims) break;
  }
}
