// Reverse-mode automatic differentiation on a flat, reusable tape: the number domain that the code
// generator's gradient variant targets. A value is a plain `number` (a constant) or a `Var` (a node).
//
// Layout (why it is fast): the tape stores, per node, its value and a run of edges (argument index,
// local partial derivative) in typed arrays; the backward sweep is one loop of multiply-adds. Local
// partials are computed in the forward pass, so there is no per-op dispatch on the way back. `Var`
// handles are pooled per tape — node k always gets the same object — so after the first evaluation
// of a model, `reset()` + re-evaluation allocates nothing on the tape. The cost: a `Var` from an
// earlier evaluation aliases the node of the same index in the current one; never keep one across
// `reset()`.

import { digamma, lgamma, log1mExp, log1pExp, logistic, trigamma } from './special.js';

/** A node on a tape. Only its tape knows its value (`tape.value(v)`). */
export class Var {
  constructor(readonly i: number) {}
}

/** A real number in the AD domain: a constant or a tape node. */
export type Real = number | Var;

/** The operations a number domain offers to generated code and to log densities. */
export interface Domain {
  /** The plain value of x. */
  value(x: Real): number;
  add(a: Real, b: Real): Real;
  sub(a: Real, b: Real): Real;
  mul(a: Real, b: Real): Real;
  div(a: Real, b: Real): Real;
  neg(a: Real): Real;
  exp(a: Real): Real;
  log(a: Real): Real;
  log1p(a: Real): Real;
  expm1(a: Real): Real;
  sqrt(a: Real): Real;
  pow(a: Real, b: Real): Real;
  sin(a: Real): Real;
  cos(a: Real): Real;
  tan(a: Real): Real;
  atan2(y: Real, x: Real): Real;
  lgamma(a: Real): Real;
  digamma(a: Real): Real;
  abs(a: Real): Real;
  min(a: Real, b: Real): Real;
  max(a: Real, b: Real): Real;
  logSumExp(xs: ArrayLike<Real>): Real;
  /** a² */
  square(a: Real): Real;
  /** 1/(1 + e⁻ᵃ) */
  logistic(a: Real): Real;
  /** log(1 + eᵃ) */
  log1pExp(a: Real): Real;
  /** log(1 − eᵃ), a ≤ 0 */
  log1mExp(a: Real): Real;
  /** Σ xs */
  sum(xs: ArrayLike<Real>): Real;
  /** Σ xs[i]·ys[i] */
  dot(xs: ArrayLike<Real>, ys: ArrayLike<Real>): Real;
}

const INITIAL_NODES = 1024;

/**
 * A reverse-mode tape. Use it as the `Domain` of a gradient evaluation:
 * ```ts
 * const t = new Tape();
 * t.reset(); const [x, y] = t.inputs(theta);
 * const out = t.mul(t.sin(x), y);
 * const value = t.gradient(out, grad);   // grad[i] = ∂out/∂theta[i]
 * ```
 */
export class Tape implements Domain {
  /** Node values. */
  private val = new Float64Array(INITIAL_NODES);
  /** Node k's edges are eArg/eW[start[k] .. start[k+1]). */
  private start = new Int32Array(INITIAL_NODES + 1);
  private eArg = new Int32Array(INITIAL_NODES * 2);
  private eW = new Float64Array(INITIAL_NODES * 2);
  private adj = new Float64Array(INITIAL_NODES);
  private pool: Var[] = [];
  private inputArray: Var[] = [];
  /** Number of nodes, number of edges. */
  private n = 0;
  private ne = 0;

  /** Forget all nodes (keeps the storage and the pooled handles). */
  reset(): void {
    this.n = 0;
    this.ne = 0;
    this.start[0] = 0;
  }

  /** Number of nodes recorded since the last reset (for tests and profiling). */
  get size(): number {
    return this.n;
  }

  /** A new independent variable with value v. */
  variable(v: number): Var {
    return this.close(v);
  }

  /**
   * Independent variables for each entry of xs, as nodes 0..len−1 when called right after reset().
   * The returned array is owned by the tape and reused by the next call.
   */
  inputs(xs: ArrayLike<number>): Var[] {
    const out = this.inputArray;
    out.length = xs.length;
    for (let i = 0; i < xs.length; i++) out[i] = this.close(xs[i]);
    return out;
  }

  value(x: Real): number {
    return typeof x === 'number' ? x : this.val[x.i];
  }

  /**
   * Back-propagates from `out` and writes ∂out/∂input into grad for the first grad.length nodes
   * (the inputs, when they were created first). Returns out's value.
   */
  gradient(out: Real, grad: Float64Array): number {
    grad.fill(0);
    if (typeof out === 'number') return out;
    const adj = this.adj;
    const top = out.i;
    adj.fill(0, 0, top + 1);
    adj[top] = 1;
    const start = this.start;
    const eArg = this.eArg;
    const eW = this.eW;
    for (let k = top; k >= 0; k--) {
      const g = adj[k];
      if (g === 0) continue;
      for (let e = start[k], end = start[k + 1]; e < end; e++) adj[eArg[e]] += eW[e] * g;
    }
    const m = Math.min(grad.length, this.n);
    for (let i = 0; i < m; i++) grad[i] = adj[i];
    return this.val[top];
  }

  /** The adjoint of node v after the last gradient() call (∂out/∂v). */
  adjoint(v: Var): number {
    return this.adj[v.i];
  }

  // ---- recording -------------------------------------------------------------------------------

  private growNodes(): void {
    const cap = this.val.length * 2;
    const val = new Float64Array(cap);
    val.set(this.val);
    this.val = val;
    const start = new Int32Array(cap + 1);
    start.set(this.start);
    this.start = start;
    this.adj = new Float64Array(cap);
  }

  private growEdges(need: number): void {
    let cap = this.eArg.length * 2;
    while (cap < need) cap *= 2;
    const a = new Int32Array(cap);
    a.set(this.eArg);
    this.eArg = a;
    const w = new Float64Array(cap);
    w.set(this.eW);
    this.eW = w;
  }

  /** Ends the current node: its edges are those pushed since the previous node. */
  private close(v: number): Var {
    const k = this.n;
    if (k === this.val.length) this.growNodes();
    this.val[k] = v;
    this.n = k + 1;
    this.start[k + 1] = this.ne;
    let p = this.pool[k];
    if (p === undefined) {
      p = new Var(k);
      this.pool[k] = p;
    }
    return p;
  }

  private edge(a: Var, w: number): void {
    const e = this.ne;
    if (e === this.eArg.length) this.growEdges(e + 1);
    this.eArg[e] = a.i;
    this.eW[e] = w;
    this.ne = e + 1;
  }

  private un(v: number, a: Var, w: number): Var {
    this.edge(a, w);
    return this.close(v);
  }

  private bin(v: number, a: Var, wa: number, b: Var, wb: number): Var {
    this.edge(a, wa);
    this.edge(b, wb);
    return this.close(v);
  }

  // ---- arithmetic ------------------------------------------------------------------------------

  add(a: Real, b: Real): Real {
    if (typeof a === 'number') {
      if (typeof b === 'number') return a + b;
      return this.un(a + this.val[b.i], b, 1);
    }
    if (typeof b === 'number') return this.un(this.val[a.i] + b, a, 1);
    return this.bin(this.val[a.i] + this.val[b.i], a, 1, b, 1);
  }

  sub(a: Real, b: Real): Real {
    if (typeof a === 'number') {
      if (typeof b === 'number') return a - b;
      return this.un(a - this.val[b.i], b, -1);
    }
    if (typeof b === 'number') return this.un(this.val[a.i] - b, a, 1);
    return this.bin(this.val[a.i] - this.val[b.i], a, 1, b, -1);
  }

  mul(a: Real, b: Real): Real {
    if (typeof a === 'number') {
      if (typeof b === 'number') return a * b;
      return this.un(a * this.val[b.i], b, a);
    }
    if (typeof b === 'number') return this.un(this.val[a.i] * b, a, b);
    const va = this.val[a.i];
    const vb = this.val[b.i];
    return this.bin(va * vb, a, vb, b, va);
  }

  div(a: Real, b: Real): Real {
    if (typeof b === 'number') {
      if (typeof a === 'number') return a / b;
      return this.un(this.val[a.i] / b, a, 1 / b);
    }
    const vb = this.val[b.i];
    if (typeof a === 'number') {
      const r = a / vb;
      return this.un(r, b, -r / vb);
    }
    const r = this.val[a.i] / vb;
    return this.bin(r, a, 1 / vb, b, -r / vb);
  }

  neg(a: Real): Real {
    if (typeof a === 'number') return -a;
    return this.un(-this.val[a.i], a, -1);
  }

  square(a: Real): Real {
    if (typeof a === 'number') return a * a;
    const v = this.val[a.i];
    return this.un(v * v, a, 2 * v);
  }

  // ---- elementary functions --------------------------------------------------------------------

  exp(a: Real): Real {
    if (typeof a === 'number') return Math.exp(a);
    const r = Math.exp(this.val[a.i]);
    return this.un(r, a, r);
  }

  log(a: Real): Real {
    if (typeof a === 'number') return Math.log(a);
    const v = this.val[a.i];
    return this.un(Math.log(v), a, 1 / v);
  }

  log1p(a: Real): Real {
    if (typeof a === 'number') return Math.log1p(a);
    const v = this.val[a.i];
    return this.un(Math.log1p(v), a, 1 / (1 + v));
  }

  expm1(a: Real): Real {
    if (typeof a === 'number') return Math.expm1(a);
    const v = this.val[a.i];
    return this.un(Math.expm1(v), a, Math.exp(v));
  }

  sqrt(a: Real): Real {
    if (typeof a === 'number') return Math.sqrt(a);
    const r = Math.sqrt(this.val[a.i]);
    return this.un(r, a, 0.5 / r);
  }

  /** aᵇ. ∂/∂b uses log a, taken as 0 where a ≤ 0 (where aᵇ is only defined for integer b). */
  pow(a: Real, b: Real): Real {
    if (typeof b === 'number') {
      if (typeof a === 'number') return Math.pow(a, b);
      const va = this.val[a.i];
      if (b === 2) return this.un(va * va, a, 2 * va);
      return this.un(Math.pow(va, b), a, b === 0 ? 0 : b * Math.pow(va, b - 1));
    }
    const vb = this.val[b.i];
    if (typeof a === 'number') {
      const r = Math.pow(a, vb);
      return this.un(r, b, a > 0 ? r * Math.log(a) : 0);
    }
    const va = this.val[a.i];
    const r = Math.pow(va, vb);
    return this.bin(r, a, vb === 0 ? 0 : vb * Math.pow(va, vb - 1), b, va > 0 ? r * Math.log(va) : 0);
  }

  sin(a: Real): Real {
    if (typeof a === 'number') return Math.sin(a);
    const v = this.val[a.i];
    return this.un(Math.sin(v), a, Math.cos(v));
  }

  cos(a: Real): Real {
    if (typeof a === 'number') return Math.cos(a);
    const v = this.val[a.i];
    return this.un(Math.cos(v), a, -Math.sin(v));
  }

  tan(a: Real): Real {
    if (typeof a === 'number') return Math.tan(a);
    const t = Math.tan(this.val[a.i]);
    return this.un(t, a, 1 + t * t);
  }

  atan2(y: Real, x: Real): Real {
    const vy = this.value(y);
    const vx = this.value(x);
    const r = Math.atan2(vy, vx);
    if (typeof y === 'number' && typeof x === 'number') return r;
    const d = vx * vx + vy * vy;
    if (typeof y !== 'number') this.edge(y, vx / d);
    if (typeof x !== 'number') this.edge(x, -vy / d);
    return this.close(r);
  }

  lgamma(a: Real): Real {
    if (typeof a === 'number') return lgamma(a);
    const v = this.val[a.i];
    return this.un(lgamma(v), a, digamma(v));
  }

  digamma(a: Real): Real {
    if (typeof a === 'number') return digamma(a);
    const v = this.val[a.i];
    return this.un(digamma(v), a, trigamma(v));
  }

  /** |a|; the derivative at 0 is taken as 0. */
  abs(a: Real): Real {
    if (typeof a === 'number') return Math.abs(a);
    const v = this.val[a.i];
    return this.un(Math.abs(v), a, v > 0 ? 1 : v < 0 ? -1 : 0);
  }

  /** min(a, b); on a tie the gradient flows to a. */
  min(a: Real, b: Real): Real {
    return this.value(b) < this.value(a) ? b : a;
  }

  /** max(a, b); on a tie the gradient flows to a. */
  max(a: Real, b: Real): Real {
    return this.value(b) > this.value(a) ? b : a;
  }

  logistic(a: Real): Real {
    if (typeof a === 'number') return logistic(a);
    const s = logistic(this.val[a.i]);
    return this.un(s, a, s * (1 - s));
  }

  log1pExp(a: Real): Real {
    if (typeof a === 'number') return log1pExp(a);
    const v = this.val[a.i];
    return this.un(log1pExp(v), a, logistic(v));
  }

  log1mExp(a: Real): Real {
    if (typeof a === 'number') return log1mExp(a);
    const v = this.val[a.i];
    // d/dx log(1 − eˣ) = −eˣ/(1 − eˣ) = −1/expm1(−x)
    return this.un(log1mExp(v), a, -1 / Math.expm1(-v));
  }

  // ---- n-ary -----------------------------------------------------------------------------------

  logSumExp(xs: ArrayLike<Real>): Real {
    const n = xs.length;
    let m = -Infinity;
    let anyVar = false;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const v = typeof x === 'number' ? x : ((anyVar = true), this.val[x.i]);
      if (v > m) m = v;
    }
    if (m === -Infinity || m === Infinity || Number.isNaN(m)) {
      if (!anyVar) return m;
      return this.close(m);
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(this.value(xs[i]) - m);
    const r = m + Math.log(s);
    if (!anyVar) return r;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      if (typeof x !== 'number') this.edge(x, Math.exp(this.val[x.i] - r));
    }
    return this.close(r);
  }

  sum(xs: ArrayLike<Real>): Real {
    let c = 0;
    let anyVar = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (typeof x === 'number') c += x;
      else {
        anyVar = true;
        c += this.val[x.i];
        this.edge(x, 1);
      }
    }
    return anyVar ? this.close(c) : c;
  }

  dot(xs: ArrayLike<Real>, ys: ArrayLike<Real>): Real {
    const n = xs.length;
    if (ys.length !== n) throw new RangeError(`dot: lengths differ (${n} and ${ys.length})`);
    let c = 0;
    let anyVar = false;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = ys[i];
      const vx = typeof x === 'number' ? x : this.val[x.i];
      const vy = typeof y === 'number' ? y : this.val[y.i];
      c += vx * vy;
      if (typeof x !== 'number') {
        anyVar = true;
        this.edge(x, vy);
      }
      if (typeof y !== 'number') {
        anyVar = true;
        this.edge(y, vx);
      }
    }
    return anyVar ? this.close(c) : c;
  }
}

/** The plain-number domain: the same operations without a tape (for evaluating log densities fast). */
export const plain: Domain = {
  value: (x) => x as number,
  add: (a, b) => (a as number) + (b as number),
  sub: (a, b) => (a as number) - (b as number),
  mul: (a, b) => (a as number) * (b as number),
  div: (a, b) => (a as number) / (b as number),
  neg: (a) => -(a as number),
  exp: (a) => Math.exp(a as number),
  log: (a) => Math.log(a as number),
  log1p: (a) => Math.log1p(a as number),
  expm1: (a) => Math.expm1(a as number),
  sqrt: (a) => Math.sqrt(a as number),
  pow: (a, b) => Math.pow(a as number, b as number),
  sin: (a) => Math.sin(a as number),
  cos: (a) => Math.cos(a as number),
  tan: (a) => Math.tan(a as number),
  atan2: (y, x) => Math.atan2(y as number, x as number),
  lgamma: (a) => lgamma(a as number),
  digamma: (a) => digamma(a as number),
  abs: (a) => Math.abs(a as number),
  min: (a, b) => ((b as number) < (a as number) ? b : a),
  max: (a, b) => ((b as number) > (a as number) ? b : a),
  logSumExp: (xs) => {
    let m = -Infinity;
    for (let i = 0; i < xs.length; i++) if ((xs[i] as number) > m) m = xs[i] as number;
    if (m === -Infinity || m === Infinity || Number.isNaN(m)) return m;
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += Math.exp((xs[i] as number) - m);
    return m + Math.log(s);
  },
  square: (a) => (a as number) * (a as number),
  logistic: (a) => logistic(a as number),
  log1pExp: (a) => log1pExp(a as number),
  log1mExp: (a) => log1mExp(a as number),
  sum: (xs) => {
    let c = 0;
    for (let i = 0; i < xs.length; i++) c += xs[i] as number;
    return c;
  },
  dot: (xs, ys) => {
    if (ys.length !== xs.length) throw new RangeError(`dot: lengths differ (${xs.length} and ${ys.length})`);
    let c = 0;
    for (let i = 0; i < xs.length; i++) c += (xs[i] as number) * (ys[i] as number);
    return c;
  },
};
