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
  /**
   * One node for a function of up to three arguments whose value and partials the caller computed:
   * s = [value, ∂/∂a, ∂/∂b, ∂/∂c]. Log densities use it so that a Normal observation is one node with
   * three edges rather than seven nodes (Stan's operands-and-partials). Unused arguments are 0.
   */
  fuse3(a: Real, b: Real, c: Real, s: Float64Array): Real;
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
  /** pool[k] is the handle of node k, created once per slot. */
  private pool: Var[] = Array.from({ length: INITIAL_NODES }, (_, k) => new Var(k));
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
    this.reserve(0);
    this.val[this.n] = v;
    return this.seal();
  }

  /**
   * Independent variables for each entry of xs, as nodes 0..len−1 when called right after reset().
   * The returned array is owned by the tape and reused by the next call.
   */
  inputs(xs: ArrayLike<number>): Var[] {
    const out = this.inputArray;
    if (out.length !== xs.length) out.length = xs.length;
    for (let i = 0; i < xs.length; i++) {
      this.reserve(0);
      this.val[this.n] = xs[i];
      out[i] = this.seal();
    }
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
  // Why this shape: V8 boxes a double passed to or returned from a call it does not inline, and the
  // op methods are called from large generated functions whose inlining budget runs out. So every
  // helper below takes and returns only small integers and objects; each op writes its value and
  // local partials straight into the typed arrays.

  private grow(edges: number): void {
    if (this.n >= this.val.length) {
      const cap = this.val.length * 2;
      const val = new Float64Array(cap);
      val.set(this.val);
      this.val = val;
      const start = new Int32Array(cap + 1);
      start.set(this.start);
      this.start = start;
      this.adj = new Float64Array(cap);
      for (let k = this.pool.length; k < cap; k++) this.pool.push(new Var(k));
    }
    if (this.ne + edges > this.eArg.length) {
      let cap = this.eArg.length * 2;
      while (cap < this.ne + edges) cap *= 2;
      const a = new Int32Array(cap);
      a.set(this.eArg);
      this.eArg = a;
      const w = new Float64Array(cap);
      w.set(this.eW);
      this.eW = w;
    }
  }

  /** Makes room for one more node with `edges` edges. */
  private reserve(edges: number): void {
    if (this.n >= this.val.length || this.ne + edges > this.eArg.length) this.grow(edges);
  }

  /** Reserves a node with one edge from node a; returns the edge's index (write its weight there). */
  private edge1(a: number): number {
    this.reserve(1);
    const e = this.ne;
    this.eArg[e] = a;
    this.ne = e + 1;
    return e;
  }

  /** Reserves a node with edges from nodes a and b; returns the first edge's index. */
  private edge2(a: number, b: number): number {
    this.reserve(2);
    const e = this.ne;
    this.eArg[e] = a;
    this.eArg[e + 1] = b;
    this.ne = e + 2;
    return e;
  }

  /** Ends the node whose value was written at val[n]: its edges are those pushed since the last seal. */
  private seal(): Var {
    const k = this.n;
    this.n = k + 1;
    this.start[k + 1] = this.ne;
    return this.pool[k];
  }

  // ---- arithmetic ------------------------------------------------------------------------------

  add(a: Real, b: Real): Real {
    const val = this.val;
    if (typeof a === 'number') {
      if (typeof b === 'number') return a + b;
      const e = this.edge1(b.i);
      this.eW[e] = 1;
      this.val[this.n] = a + val[b.i];
      return this.seal();
    }
    if (typeof b === 'number') {
      const e = this.edge1(a.i);
      this.eW[e] = 1;
      this.val[this.n] = val[a.i] + b;
      return this.seal();
    }
    const e = this.edge2(a.i, b.i);
    this.eW[e] = 1;
    this.eW[e + 1] = 1;
    this.val[this.n] = val[a.i] + val[b.i];
    return this.seal();
  }

  sub(a: Real, b: Real): Real {
    const val = this.val;
    if (typeof a === 'number') {
      if (typeof b === 'number') return a - b;
      const e = this.edge1(b.i);
      this.eW[e] = -1;
      this.val[this.n] = a - val[b.i];
      return this.seal();
    }
    if (typeof b === 'number') {
      const e = this.edge1(a.i);
      this.eW[e] = 1;
      this.val[this.n] = val[a.i] - b;
      return this.seal();
    }
    const e = this.edge2(a.i, b.i);
    this.eW[e] = 1;
    this.eW[e + 1] = -1;
    this.val[this.n] = val[a.i] - val[b.i];
    return this.seal();
  }

  mul(a: Real, b: Real): Real {
    const val = this.val;
    if (typeof a === 'number') {
      if (typeof b === 'number') return a * b;
      const e = this.edge1(b.i);
      this.eW[e] = a;
      this.val[this.n] = a * val[b.i];
      return this.seal();
    }
    if (typeof b === 'number') {
      const e = this.edge1(a.i);
      this.eW[e] = b;
      this.val[this.n] = val[a.i] * b;
      return this.seal();
    }
    const va = val[a.i];
    const vb = val[b.i];
    const e = this.edge2(a.i, b.i);
    this.eW[e] = vb;
    this.eW[e + 1] = va;
    this.val[this.n] = va * vb;
    return this.seal();
  }

  div(a: Real, b: Real): Real {
    const val = this.val;
    if (typeof b === 'number') {
      if (typeof a === 'number') return a / b;
      const e = this.edge1(a.i);
      this.eW[e] = 1 / b;
      this.val[this.n] = val[a.i] / b;
      return this.seal();
    }
    const vb = val[b.i];
    if (typeof a === 'number') {
      const r = a / vb;
      const e = this.edge1(b.i);
      this.eW[e] = -r / vb;
      this.val[this.n] = r;
      return this.seal();
    }
    const r = val[a.i] / vb;
    const e = this.edge2(a.i, b.i);
    this.eW[e] = 1 / vb;
    this.eW[e + 1] = -r / vb;
    this.val[this.n] = r;
    return this.seal();
  }

  neg(a: Real): Real {
    if (typeof a === 'number') return -a;
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = -1;
    this.val[this.n] = -v;
    return this.seal();
  }

  square(a: Real): Real {
    if (typeof a === 'number') return a * a;
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = 2 * v;
    this.val[this.n] = v * v;
    return this.seal();
  }

  // ---- elementary functions --------------------------------------------------------------------

  exp(a: Real): Real {
    if (typeof a === 'number') return Math.exp(a);
    const r = Math.exp(this.val[a.i]);
    const e = this.edge1(a.i);
    this.eW[e] = r;
    this.val[this.n] = r;
    return this.seal();
  }

  log(a: Real): Real {
    if (typeof a === 'number') return Math.log(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = 1 / v;
    this.val[this.n] = Math.log(v);
    return this.seal();
  }

  log1p(a: Real): Real {
    if (typeof a === 'number') return Math.log1p(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = 1 / (1 + v);
    this.val[this.n] = Math.log1p(v);
    return this.seal();
  }

  expm1(a: Real): Real {
    if (typeof a === 'number') return Math.expm1(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = Math.exp(v);
    this.val[this.n] = Math.expm1(v);
    return this.seal();
  }

  sqrt(a: Real): Real {
    if (typeof a === 'number') return Math.sqrt(a);
    const r = Math.sqrt(this.val[a.i]);
    const e = this.edge1(a.i);
    this.eW[e] = 0.5 / r;
    this.val[this.n] = r;
    return this.seal();
  }

  /** aᵇ. ∂/∂b uses log a, taken as 0 where a ≤ 0 (where aᵇ is only defined for integer b). */
  pow(a: Real, b: Real): Real {
    if (typeof b === 'number') {
      if (typeof a === 'number') return Math.pow(a, b);
      const va = this.val[a.i];
      const e = this.edge1(a.i);
      this.eW[e] = b === 0 ? 0 : b === 2 ? 2 * va : b * Math.pow(va, b - 1);
      this.val[this.n] = b === 2 ? va * va : Math.pow(va, b);
      return this.seal();
    }
    const vb = this.val[b.i];
    if (typeof a === 'number') {
      const r = Math.pow(a, vb);
      const e = this.edge1(b.i);
      this.eW[e] = a > 0 ? r * Math.log(a) : 0;
      this.val[this.n] = r;
      return this.seal();
    }
    const va = this.val[a.i];
    const r = Math.pow(va, vb);
    const e = this.edge2(a.i, b.i);
    this.eW[e] = vb === 0 ? 0 : vb * Math.pow(va, vb - 1);
    this.eW[e + 1] = va > 0 ? r * Math.log(va) : 0;
    this.val[this.n] = r;
    return this.seal();
  }

  sin(a: Real): Real {
    if (typeof a === 'number') return Math.sin(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = Math.cos(v);
    this.val[this.n] = Math.sin(v);
    return this.seal();
  }

  cos(a: Real): Real {
    if (typeof a === 'number') return Math.cos(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = -Math.sin(v);
    this.val[this.n] = Math.cos(v);
    return this.seal();
  }

  tan(a: Real): Real {
    if (typeof a === 'number') return Math.tan(a);
    const t = Math.tan(this.val[a.i]);
    const e = this.edge1(a.i);
    this.eW[e] = 1 + t * t;
    this.val[this.n] = t;
    return this.seal();
  }

  atan2(y: Real, x: Real): Real {
    const vy = typeof y === 'number' ? y : this.val[y.i];
    const vx = typeof x === 'number' ? x : this.val[x.i];
    const r = Math.atan2(vy, vx);
    if (typeof y === 'number' && typeof x === 'number') return r;
    const d = vx * vx + vy * vy;
    if (typeof x === 'number') {
      const e = this.edge1((y as Var).i);
      this.eW[e] = vx / d;
    } else if (typeof y === 'number') {
      const e = this.edge1(x.i);
      this.eW[e] = -vy / d;
    } else {
      const e = this.edge2(y.i, x.i);
      this.eW[e] = vx / d;
      this.eW[e + 1] = -vy / d;
    }
    this.val[this.n] = r;
    return this.seal();
  }

  lgamma(a: Real): Real {
    if (typeof a === 'number') return lgamma(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = digamma(v);
    this.val[this.n] = lgamma(v);
    return this.seal();
  }

  digamma(a: Real): Real {
    if (typeof a === 'number') return digamma(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = trigamma(v);
    this.val[this.n] = digamma(v);
    return this.seal();
  }

  /** |a|; the derivative at 0 is taken as 0. */
  abs(a: Real): Real {
    if (typeof a === 'number') return Math.abs(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = v > 0 ? 1 : v < 0 ? -1 : 0;
    this.val[this.n] = Math.abs(v);
    return this.seal();
  }

  /** min(a, b); on a tie the gradient flows to a. */
  min(a: Real, b: Real): Real {
    const va = typeof a === 'number' ? a : this.val[a.i];
    const vb = typeof b === 'number' ? b : this.val[b.i];
    return vb < va ? b : a;
  }

  /** max(a, b); on a tie the gradient flows to a. */
  max(a: Real, b: Real): Real {
    const va = typeof a === 'number' ? a : this.val[a.i];
    const vb = typeof b === 'number' ? b : this.val[b.i];
    return vb > va ? b : a;
  }

  logistic(a: Real): Real {
    if (typeof a === 'number') return logistic(a);
    const s = logistic(this.val[a.i]);
    const e = this.edge1(a.i);
    this.eW[e] = s * (1 - s);
    this.val[this.n] = s;
    return this.seal();
  }

  log1pExp(a: Real): Real {
    if (typeof a === 'number') return log1pExp(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    this.eW[e] = logistic(v);
    this.val[this.n] = log1pExp(v);
    return this.seal();
  }

  log1mExp(a: Real): Real {
    if (typeof a === 'number') return log1mExp(a);
    const v = this.val[a.i];
    const e = this.edge1(a.i);
    // d/dx log(1 − eˣ) = −eˣ/(1 − eˣ) = −1/expm1(−x)
    this.eW[e] = -1 / Math.expm1(-v);
    this.val[this.n] = log1mExp(v);
    return this.seal();
  }

  // ---- n-ary -----------------------------------------------------------------------------------

  logSumExp(xs: ArrayLike<Real>): Real {
    const n = xs.length;
    const val = this.val;
    let m = -Infinity;
    let vars = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      let v: number;
      if (typeof x === 'number') v = x;
      else {
        vars++;
        v = val[x.i];
      }
      if (v > m) m = v;
    }
    if (m === -Infinity || m === Infinity || Number.isNaN(m)) {
      if (vars === 0) return m;
      this.reserve(0);
      this.val[this.n] = m;
      return this.seal();
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      s += Math.exp((typeof x === 'number' ? x : val[x.i]) - m);
    }
    const r = m + Math.log(s);
    if (vars === 0) return r;
    this.reserve(vars);
    let e = this.ne;
    const eArg = this.eArg;
    const eW = this.eW;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      if (typeof x !== 'number') {
        eArg[e] = x.i;
        eW[e] = Math.exp(val[x.i] - r);
        e++;
      }
    }
    this.ne = e;
    this.val[this.n] = r;
    return this.seal();
  }

  sum(xs: ArrayLike<Real>): Real {
    const n = xs.length;
    this.reserve(n);
    const val = this.val;
    const eArg = this.eArg;
    const eW = this.eW;
    let e = this.ne;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      if (typeof x === 'number') c += x;
      else {
        c += val[x.i];
        eArg[e] = x.i;
        eW[e] = 1;
        e++;
      }
    }
    if (e === this.ne) return c;
    this.ne = e;
    val[this.n] = c;
    return this.seal();
  }

  fuse3(a: Real, b: Real, c: Real, s: Float64Array): Real {
    if (typeof a === 'number' && typeof b === 'number' && typeof c === 'number') return s[0];
    this.reserve(3);
    let e = this.ne;
    const eArg = this.eArg;
    const eW = this.eW;
    if (typeof a !== 'number') {
      eArg[e] = a.i;
      eW[e] = s[1];
      e++;
    }
    if (typeof b !== 'number') {
      eArg[e] = b.i;
      eW[e] = s[2];
      e++;
    }
    if (typeof c !== 'number') {
      eArg[e] = c.i;
      eW[e] = s[3];
      e++;
    }
    this.ne = e;
    this.val[this.n] = s[0];
    return this.seal();
  }

  /**
   * One node of value `value` with an edge of weight partials[i] to each tape value among args (constants are
   * skipped): operands-and-partials for many operands. Tensor log densities (runtime/ad/tensors.ts) compute
   * their value and partials in bulk and record them with this. Returns `value` when no argument is on the tape.
   */
  fuseN(args: ArrayLike<Real>, partials: ArrayLike<number>, value: number): Real {
    const n = args.length;
    this.reserve(n);
    const eArg = this.eArg;
    const eW = this.eW;
    let e = this.ne;
    for (let i = 0; i < n; i++) {
      const a = args[i];
      if (typeof a === 'number') continue;
      eArg[e] = a.i;
      eW[e] = partials[i];
      e++;
    }
    if (e === this.ne) return value;
    this.ne = e;
    this.val[this.n] = value;
    return this.seal();
  }

  dot(xs: ArrayLike<Real>, ys: ArrayLike<Real>): Real {
    const n = xs.length;
    if (ys.length !== n) throw new RangeError(`dot: lengths differ (${n} and ${ys.length})`);
    this.reserve(2 * n);
    const val = this.val;
    const eArg = this.eArg;
    const eW = this.eW;
    let e = this.ne;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const y = ys[i];
      const vx = typeof x === 'number' ? x : val[x.i];
      const vy = typeof y === 'number' ? y : val[y.i];
      c += vx * vy;
      if (typeof x !== 'number') {
        eArg[e] = x.i;
        eW[e] = vy;
        e++;
      }
      if (typeof y !== 'number') {
        eArg[e] = y.i;
        eW[e] = vx;
        e++;
      }
    }
    if (e === this.ne) return c;
    this.ne = e;
    val[this.n] = c;
    return this.seal();
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
  fuse3: (_a, _b, _c, s) => s[0],
};
