// JointGaussianDist: the analytic result of the Exact engine for a structured return — a tuple, array or record
// whose leaves are Reals (nested freely). A mixture over enumerated discrete branches of joint Gaussians over the
// flattened leaves; queries answer in the value's own shape (mean of a Dist<(Real, Real)> is a (Real, Real)).

import { LOG_SQRT_2PI, PplError, Tensor, Tuple, isRecord, logSumExp, type Random } from '../../stdlib/index.js';
import type { InferResult } from './result.js';

// ---- Shapes: the structure of a value with its Real leaves taken out ----------------------------------

/** A value's structure: `leaf` is a Real; arrays, tuples and records hold shapes. */
export type Shape =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'array' | 'tuple'; readonly items: readonly Shape[] }
  | { readonly kind: 'record'; readonly names: readonly string[]; readonly items: readonly Shape[] };

const LEAF: Shape = { kind: 'leaf' };

/**
 * The shape of `v` and its leaves in depth-first order, where `isLeaf` decides what counts as a Real (a number,
 * or a symbolic form for the Exact engine). Undefined when some leaf is not a Real (a Bool, a String, …).
 */
export function flatten<L>(v: unknown, isLeaf: (x: unknown) => x is L): { shape: Shape; leaves: L[] } | undefined {
  const leaves: L[] = [];
  const go = (x: unknown): Shape | undefined => {
    if (isLeaf(x)) {
      leaves.push(x);
      return LEAF;
    }
    if (Array.isArray(x) || x instanceof Tuple) {
      const items: Shape[] = [];
      for (const y of Array.isArray(x) ? x : x.items) {
        const s = go(y);
        if (s === undefined) return undefined;
        items.push(s);
      }
      return { kind: Array.isArray(x) ? 'array' : 'tuple', items };
    }
    if (isRecord(x)) {
      const names = Object.keys(x);
      const items: Shape[] = [];
      for (const n of names) {
        const s = go(x[n]);
        if (s === undefined) return undefined;
        items.push(s);
      }
      return { kind: 'record', names, items };
    }
    return undefined;
  };
  const shape = go(v);
  return shape === undefined ? undefined : { shape, leaves };
}

/** A value of `shape` whose i-th leaf is `leaf(i)`. */
export function rebuild(shape: Shape, leaf: (i: number) => unknown): unknown {
  let next = 0;
  const go = (s: Shape): unknown => {
    switch (s.kind) {
      case 'leaf':
        return leaf(next++);
      case 'array':
        return s.items.map(go);
      case 'tuple':
        return new Tuple(s.items.map(go));
      case 'record': {
        const out: Record<string, unknown> = {};
        s.items.forEach((it, i) => (out[s.names[i]!] = go(it)));
        return out;
      }
    }
  };
  return go(shape);
}

/**
 * The Real leaves of `v` in the order of `shape` (record fields looked up by name, so field order does not
 * matter, as for record equality); undefined when v does not have that shape.
 */
export function leavesIn(shape: Shape, v: unknown): number[] | undefined;
export function leavesIn<L>(shape: Shape, v: unknown, isLeaf: (x: unknown) => x is L): L[] | undefined;
export function leavesIn(shape: Shape, v: unknown, isLeaf = (x: unknown): x is unknown => typeof x === 'number'): unknown[] | undefined {
  const out: unknown[] = [];
  const go = (s: Shape, x: unknown): boolean => {
    switch (s.kind) {
      case 'leaf':
        if (!isLeaf(x)) return false;
        out.push(x);
        return true;
      case 'array':
      case 'tuple': {
        const xs = s.kind === 'array' ? (Array.isArray(x) ? x : undefined) : x instanceof Tuple ? x.items : undefined;
        return xs !== undefined && xs.length === s.items.length && s.items.every((it, i) => go(it, xs[i]));
      }
      case 'record':
        return isRecord(x) && Object.keys(x).length === s.names.length &&
          s.names.every((n, i) => Object.prototype.hasOwnProperty.call(x, n) && go(s.items[i]!, x[n]));
    }
  };
  return go(shape, v) ? out : undefined;
}

/** Whether two shapes are the same (record fields compared by name, in any order of the same set). */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'leaf') return true;
  const bi = (b as { items: readonly Shape[] }).items;
  if (a.items.length !== bi.length) return false;
  if (a.kind === 'record') {
    const bn = (b as { names: readonly string[] }).names;
    return a.names.every((n, i) => n === bn[i]) && a.items.every((s, i) => sameShape(s, bi[i]!));
  }
  return a.items.every((s, i) => sameShape(s, bi[i]!));
}

/** Applies f to every number of a value (numbers, arrays, tuples, records of them; tensors elementwise). */
export function mapNumbers(v: unknown, f: (x: number) => number): unknown {
  if (typeof v === 'number') return f(v);
  if (v instanceof Tensor) return new Tensor(v.shape.slice(), v.data.map(f));
  const flat = flatten(v, (x): x is number => typeof x === 'number');
  if (flat === undefined) throw new PplError('internal: a moment that is not made of numbers');
  return rebuild(flat.shape, (i) => f(flat.leaves[i]!));
}

// ---- Linear algebra on small dense matrices --------------------------------------------------------

/**
 * The lower-triangular L with L Lᵀ = S for a positive semidefinite S (d×d row-major): a column whose pivot is
 * negligible (≤ 1e-12 of its diagonal entry) is zero — that coordinate is an affine function of the earlier ones.
 */
function choleskyPSD(S: Float64Array, d: number): { L: Float64Array; pivot: Uint8Array } {
  const L = new Float64Array(d * d);
  const pivot = new Uint8Array(d);
  for (let j = 0; j < d; j++) {
    let s = S[j * d + j]!;
    for (let k = 0; k < j; k++) s -= L[j * d + k]! * L[j * d + k]!;
    if (!(s > 1e-12 * S[j * d + j]!) || s <= 0) continue;
    const ljj = Math.sqrt(s);
    L[j * d + j] = ljj;
    pivot[j] = 1;
    for (let i = j + 1; i < d; i++) {
      let t = S[i * d + j]!;
      for (let k = 0; k < j; k++) t -= L[i * d + k]! * L[j * d + k]!;
      L[i * d + j] = t / ljj;
    }
  }
  return { L, pivot };
}

// ---- The distribution -------------------------------------------------------------------------------

export interface JointComponent {
  /** Unnormalised log weight (the branch's evidence). */
  readonly logWeight: number;
  /** Mean of the flattened leaves. */
  readonly mean: ArrayLike<number>;
  /** Covariance of the flattened leaves, d×d row-major. */
  readonly cov: ArrayLike<number>;
}

export class JointGaussianDist implements InferResult<unknown> {
  readonly name = 'Gaussian';
  readonly kind = 'gaussian' as const;
  readonly isContinuous = true;
  readonly n = Infinity;
  /** The number of Real leaves. */
  readonly dim: number;
  readonly shape: Shape;
  /** Normalised component weights. */
  readonly weights: Float64Array;
  readonly means: readonly Float64Array[];
  readonly covs: readonly Float64Array[];
  private readonly logWeights: Float64Array;
  private readonly factors: { L: Float64Array; pivot: Uint8Array }[];
  private readonly logZValue: number;

  constructor(shape: Shape, dim: number, components: readonly JointComponent[], logZ?: number) {
    const k = components.length;
    if (k === 0) throw new PplError('internal: a joint Gaussian needs at least one component');
    this.shape = shape;
    this.dim = dim;
    const lw = Float64Array.from(components, (c) => c.logWeight);
    const lz = logSumExp(lw);
    if (lz === -Infinity) throw new PplError('every execution has probability zero: the evidence is zero');
    this.logZValue = logZ ?? lz;
    this.logWeights = lw.map((w) => w - lz);
    this.weights = this.logWeights.map(Math.exp);
    this.means = components.map((c) => {
      if (c.mean.length !== dim || c.cov.length !== dim * dim) throw new PplError('internal: a joint Gaussian component has the wrong size');
      return Float64Array.from(c.mean);
    });
    this.covs = components.map((c) => {
      const s = Float64Array.from(c.cov);
      // Symmetrise (rounding in the conditioning updates) and clamp tiny negative variances.
      for (let i = 0; i < dim; i++) {
        if (s[i * dim + i]! < 0) s[i * dim + i] = 0;
        for (let j = 0; j < i; j++) s[i * dim + j] = s[j * dim + i] = 0.5 * (s[i * dim + j]! + s[j * dim + i]!);
      }
      return s;
    });
    this.factors = this.covs.map((s) => choleskyPSD(s, dim));
  }

  get components(): number {
    return this.weights.length;
  }

  /** Component c's covariance factor: L (d×d row-major, lower) with L Lᵀ = Σ_c; `pivot[j]` = 0 for zero columns. */
  factor(c: number): { readonly L: Float64Array; readonly pivot: Uint8Array } {
    return this.factors[c]!;
  }

  private pick(rng: Random): number {
    if (this.weights.length === 1) return 0;
    const u = rng.uniform();
    let acc = 0;
    for (let i = 0; i < this.weights.length; i++) {
      acc += this.weights[i]!;
      if (u < acc) return i;
    }
    let last = this.weights.length - 1;
    while (last > 0 && this.weights[last] === 0) last--;
    return last;
  }

  /** A draw of the whole structure from the joint: mean + L·z with z standard normal, in a random component. */
  sample(rng: Random): unknown {
    const c = this.pick(rng);
    const { L, pivot } = this.factors[c]!;
    const d = this.dim;
    const z = new Float64Array(d);
    for (let j = 0; j < d; j++) if (pivot[j]) z[j] = rng.normal();
    const m = this.means[c]!;
    return rebuild(this.shape, (i) => {
      let x = m[i]!;
      for (let j = 0; j <= i; j++) x += L[i * d + j]! * z[j]!;
      return x;
    });
  }

  /**
   * The log density at a value of the result's shape. A component with a singular covariance has a density
   * on its support only (an affine subspace; the value must lie on it, to 1e-9 relative): the density of the
   * free coordinates there.
   */
  logProb(x: unknown): number {
    const leaves = leavesIn(this.shape, x);
    if (leaves === undefined) return -Infinity;
    const terms: number[] = [];
    for (let c = 0; c < this.components; c++) terms.push(this.logWeights[c]! + this.componentLogDensity(c, leaves));
    return logSumExp(terms);
  }

  private componentLogDensity(c: number, x: readonly number[]): number {
    const d = this.dim;
    const { L, pivot } = this.factors[c]!;
    const m = this.means[c]!;
    const z = new Float64Array(d);
    let lp = 0;
    for (let j = 0; j < d; j++) {
      let r = x[j]! - m[j]!;
      for (let k = 0; k < j; k++) r -= L[j * d + k]! * z[k]!;
      if (pivot[j]) {
        z[j] = r / L[j * d + j]!;
        lp += -0.5 * z[j]! * z[j]! - Math.log(L[j * d + j]!) - LOG_SQRT_2PI;
      } else if (Math.abs(r) > 1e-9 * Math.max(1, Math.abs(x[j]!), Math.abs(m[j]!))) {
        return -Infinity;
      }
    }
    return lp;
  }

  support(): undefined {
    return undefined;
  }

  /** The mean of every leaf, in the value's shape. */
  mean(): never {
    return rebuild(this.shape, (i) => this.flatMean()[i]!) as never;
  }

  /** The variance of every leaf (law of total variance over the components), in the value's shape. */
  variance(): never {
    const mu = this.flatMean();
    const d = this.dim;
    return rebuild(this.shape, (i) => {
      let v = 0;
      for (let c = 0; c < this.components; c++) {
        const e = this.means[c]![i]! - mu[i]!;
        v += this.weights[c]! * (this.covs[c]![i * d + i]! + e * e);
      }
      return v;
    }) as never;
  }

  /** The mean of the flattened leaves. */
  flatMean(): Float64Array {
    const mu = new Float64Array(this.dim);
    for (let c = 0; c < this.components; c++) {
      for (let i = 0; i < this.dim; i++) mu[i] += this.weights[c]! * this.means[c]![i]!;
    }
    return mu;
  }

  /** The covariance matrix of the flattened leaves (d×d), over the whole mixture. */
  covariance(): number[][] {
    const mu = this.flatMean();
    const d = this.dim;
    const out = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let c = 0; c < this.components; c++) {
      const w = this.weights[c]!;
      const m = this.means[c]!;
      const s = this.covs[c]!;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) out[i]![j] += w * (s[i * d + j]! + (m[i]! - mu[i]!) * (m[j]! - mu[j]!));
      }
    }
    return out;
  }

  /**
   * The nodes of tensor-product Gauss–Hermite quadrature over each component's free coordinates, with
   * weights summing to 1 (`rule(n)` gives n nodes and weights for ∫ e^{−t²} g(t) dt): E[f(X)] ≈ Σ w f(x).
   * The number of nodes per coordinate shrinks with the dimension to keep them near 2·10⁵; above 11 free
   * coordinates it is an error.
   */
  nodes(rule: (n: number) => { x: Float64Array; w: Float64Array }, visit: (x: unknown, w: number) => void): void {
    for (let c = 0; c < this.components; c++) {
      if (this.weights[c] === 0) continue;
      const { L, pivot } = this.factors[c]!;
      const d = this.dim;
      const free: number[] = [];
      for (let j = 0; j < d; j++) if (pivot[j]) free.push(j);
      const r = free.length;
      if (r > 11) {
        throw new PplError(`expect: this Gaussian result has ${r} correlated coordinates, too many for quadrature; ` +
          'draw from it with sample(d) inside a sampling infer, or use mean and variance');
      }
      const n = r === 0 ? 1 : Math.max(3, Math.min(64, Math.floor(Math.pow(2e5, 1 / r))));
      const { x: nodes, w } = rule(n);
      const m = this.means[c]!;
      const idx = new Int32Array(r);
      const z = new Float64Array(d);
      for (;;) {
        let weight = this.weights[c]!;
        for (let q = 0; q < r; q++) {
          z[free[q]!] = Math.SQRT2 * nodes[idx[q]!]!;
          weight *= w[idx[q]!]! / Math.sqrt(Math.PI);
        }
        visit(rebuild(this.shape, (i) => {
          let v = m[i]!;
          for (let j = 0; j <= i; j++) v += L[i * d + j]! * z[j]!;
          return v;
        }), weight);
        let q = 0;
        while (q < r && ++idx[q]! === n) idx[q++] = 0;
        if (q === r) break;
      }
    }
  }

  ess(): number {
    return Infinity;
  }

  logZ(): number {
    return this.logZValue;
  }

  params(): Record<string, unknown> {
    return {
      weights: Array.from(this.weights),
      means: this.means.map((m) => rebuild(this.shape, (i) => m[i]!)),
      covariances: this.covs.map((s) => Array.from({ length: this.dim }, (_, i) => Array.from(s.subarray(i * this.dim, (i + 1) * this.dim)))),
    };
  }
}
