// Unconstraining bijections with their log-Jacobians, as Stan does them (Stan Reference Manual,
// "Constraint transforms"): HMC/NUTS move in ℝⁿ, and a constrained choice x = f(y) contributes
// log p(f(y)) + log|det ∂f/∂y|. All `constrain*` functions work over the AD domain so that the
// Jacobian term is differentiated too; the `unconstrain*` inverses are plain numbers (initialisation,
// reporting).

import type { Domain, Real } from '../ad/index.js';

/** Accumulates log|det J| over the constrained choices of one evaluation. */
export interface LogJacobian {
  logJ: Real;
}

/** The support of a continuous choice, as the transform sees it. Bounds may be AD values. */
export type Constraint =
  | { readonly kind: 'real'; readonly size?: number }
  | { readonly kind: 'positive' }
  | { readonly kind: 'lower'; readonly lower: Real }
  | { readonly kind: 'upper'; readonly upper: Real }
  | { readonly kind: 'interval'; readonly lower: Real; readonly upper: Real }
  | { readonly kind: 'simplex'; readonly size: number };

// ---- scalar transforms -------------------------------------------------------------------------

/** x = eʸ on (0, ∞); log J = y. */
export function constrainPositive(D: Domain, y: Real, acc: LogJacobian): Real {
  acc.logJ = D.add(acc.logJ, y);
  return D.exp(y);
}
export function unconstrainPositive(x: number): number {
  return Math.log(x);
}

/** x = a + eʸ on (a, ∞); log J = y. */
export function constrainLower(D: Domain, y: Real, lower: Real, acc: LogJacobian): Real {
  acc.logJ = D.add(acc.logJ, y);
  return D.add(lower, D.exp(y));
}
export function unconstrainLower(x: number, lower: number): number {
  return Math.log(x - lower);
}

/** x = b − eʸ on (−∞, b); log J = y. */
export function constrainUpper(D: Domain, y: Real, upper: Real, acc: LogJacobian): Real {
  acc.logJ = D.add(acc.logJ, y);
  return D.sub(upper, D.exp(y));
}
export function unconstrainUpper(x: number, upper: number): number {
  return Math.log(upper - x);
}

/**
 * x = a + (b − a)·logistic(y) on (a, b); log J = log(b − a) + log logistic(y) + log(1 − logistic(y)),
 * the last two as −log1p(e⁻ʸ) − log1p(eʸ) so that they stay finite for large |y|.
 */
export function constrainInterval(D: Domain, y: Real, lower: Real, upper: Real, acc: LogJacobian): Real {
  const width = D.sub(upper, lower);
  const lj = D.sub(D.log(width), D.add(D.log1pExp(D.neg(y)), D.log1pExp(y)));
  acc.logJ = D.add(acc.logJ, lj);
  return D.add(lower, D.mul(width, D.logistic(y)));
}
export function unconstrainInterval(x: number, lower: number, upper: number): number {
  const u = (x - lower) / (upper - lower);
  return Math.log(u) - Math.log1p(-u);
}

// ---- simplex: stick-breaking -------------------------------------------------------------------

/**
 * The K-simplex from K − 1 free coordinates by stick-breaking (Stan's `simplex_constrain`):
 * z_k = logistic(y_k − log(K − 1 − k)), x_k = (1 − Σ_{j<k} x_j)·z_k, x_{K−1} = what is left. The shift
 * by log(K − 1 − k) maps y = 0 to the uniform point (1/K, …, 1/K).
 * log J = Σ_k [log(stick_k) + log z_k + log(1 − z_k)].
 * Reads y[offset .. offset + K − 2]; returns a new array of K entries.
 */
export function constrainSimplex(D: Domain, y: ArrayLike<Real>, offset: number, size: number, acc: LogJacobian): Real[] {
  const n = size - 1;
  const x: Real[] = new Array(size);
  let stick: Real = 1;
  let lj: Real = 0;
  for (let k = 0; k < n; k++) {
    const adj = D.sub(y[offset + k], Math.log(n - k));
    const z = D.logistic(adj);
    x[k] = D.mul(stick, z);
    lj = D.add(lj, D.sub(D.log(stick), D.add(D.log1pExp(D.neg(adj)), D.log1pExp(adj))));
    stick = D.sub(stick, x[k]);
  }
  x[n] = stick;
  acc.logJ = D.add(acc.logJ, lj);
  return x;
}

/** The inverse of constrainSimplex (Stan's `simplex_free`): writes K − 1 values at out[offset…]. */
export function unconstrainSimplex(x: ArrayLike<number>, out: Float64Array, offset: number): void {
  const n = x.length - 1;
  let stick = x[n];
  for (let k = n - 1; k >= 0; k--) {
    stick += x[k];
    const z = x[k] / stick;
    out[offset + k] = Math.log(z) - Math.log1p(-z) + Math.log(n - k);
  }
}

// ---- dispatch on a Constraint -------------------------------------------------------------------

/** How many unconstrained coordinates a choice with this constraint occupies. */
export function freeDim(c: Constraint): number {
  switch (c.kind) {
    case 'real':
      return c.size ?? 1;
    case 'simplex':
      return c.size - 1;
    default:
      return 1;
  }
}

/**
 * The constrained value of the choice whose free coordinates start at y[offset]: a Real for scalar
 * constraints, an array for `simplex` and sized `real`. Adds log|J| to acc.
 */
export function constrain(D: Domain, c: Constraint, y: ArrayLike<Real>, offset: number, acc: LogJacobian): Real | Real[] {
  switch (c.kind) {
    case 'real': {
      if (c.size === undefined) return y[offset];
      const out: Real[] = new Array(c.size);
      for (let i = 0; i < c.size; i++) out[i] = y[offset + i];
      return out;
    }
    case 'positive':
      return constrainPositive(D, y[offset], acc);
    case 'lower':
      return constrainLower(D, y[offset], c.lower, acc);
    case 'upper':
      return constrainUpper(D, y[offset], c.upper, acc);
    case 'interval':
      return constrainInterval(D, y[offset], c.lower, c.upper, acc);
    case 'simplex':
      return constrainSimplex(D, y, offset, c.size, acc);
  }
}

/** Writes the free coordinates of constrained value x at out[offset…] (bounds read as plain numbers). */
export function unconstrain(D: Domain, c: Constraint, x: number | ArrayLike<number>, out: Float64Array, offset: number): void {
  switch (c.kind) {
    case 'real':
      if (typeof x === 'number') out[offset] = x;
      else for (let i = 0; i < x.length; i++) out[offset + i] = x[i];
      return;
    case 'positive':
      out[offset] = unconstrainPositive(x as number);
      return;
    case 'lower':
      out[offset] = unconstrainLower(x as number, D.value(c.lower));
      return;
    case 'upper':
      out[offset] = unconstrainUpper(x as number, D.value(c.upper));
      return;
    case 'interval':
      out[offset] = unconstrainInterval(x as number, D.value(c.lower), D.value(c.upper));
      return;
    case 'simplex':
      unconstrainSimplex(x as ArrayLike<number>, out, offset);
      return;
  }
}

/**
 * The constraint of a primitive distribution's support, for the continuous ones of language.md §5
 * (`Uniform(a, b)` → (a, b), `Beta` → (0, 1), `Gamma`/`Exponential` → (0, ∞), `Dirichlet(αs)` → simplex,
 * `Normal` → ℝ, `MvNormal(mean, cov)` → ℝⁿ). Returns undefined for a discrete or unknown distribution:
 * the caller reports that HMC/NUTS cannot sample it.
 */
export function supportConstraint(name: string, params: readonly unknown[]): Constraint | undefined {
  switch (name) {
    case 'Normal':
    case 'Cauchy':
      return { kind: 'real' };
    case 'MvNormal':
      return { kind: 'real', size: (params[0] as ArrayLike<unknown>).length };
    case 'Uniform':
      return { kind: 'interval', lower: params[0] as Real, upper: params[1] as Real };
    case 'Beta':
      return { kind: 'interval', lower: 0, upper: 1 };
    case 'Gamma':
    case 'Exponential':
    case 'LogNormal':
      return { kind: 'positive' };
    case 'Dirichlet':
      return { kind: 'simplex', size: (params[0] as ArrayLike<unknown>).length };
    default:
      return undefined;
  }
}
