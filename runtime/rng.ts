// The seeded random generator threaded through every run (no Math.random anywhere): Alea, seeded with
// seedrandom's own Alea seeding (Mash hash of a string), stepped inline here, and the exact samplers the
// distributions use (polar normals, Marsaglia–Tsang gammas, PTRS Poisson, BTRS/inversion binomial).
//
// Why Alea (Baagøe 2010) rather than xor4096: it is the fastest generator of seedrandom's table, a step is
// one multiply-add on doubles with a 4-number state (cheap to copy and to clone for forks), and seeding is
// a few hash rounds instead of filling a 4096-bit state — engines derive a fresh stream per `infer` call
// and per fork. Its period (~2^116) is far beyond any run. The stream is bit-for-bit seedrandom's
// `alea(seed)` (test/runtime/rng.test.ts checks it).

// Only the Alea module: seedrandom's main module loads node:crypto (for auto-seeding, which ppl never does),
// and that alone costs ~6 ms of every run's start-up.
import alea from 'seedrandom/lib/alea.js';
import type { Random } from '../stdlib/index.js';
import { lgamma } from '../stdlib/index.js';

const TWO_M32 = 2.3283064365386963e-10; // 2^-32
const TWO_M53 = 1.1102230246251565e-16; // 2^-53

export class Rng implements Random {
  // The state fields start as non-integer doubles so V8 gives them an unboxed double representation from
  // the first object on (a field first seen as `undefined` would box every store: 2–3× slower streams).
  private s0 = 0.5;
  private s1 = 0.5;
  private s2 = 0.5;
  private c = 0.5;
  private hasSpare = false;
  private spare = 0.5;
  /** The seed string this stream was created from (derive() builds on it). */
  readonly seed: string;

  /** A stream seeded from `seed` (number or string); the same seed always gives the same stream. */
  constructor(seed: number | string, state?: { s0: number; s1: number; s2: number; c: number }) {
    this.seed = String(seed);
    const st = state ?? alea(this.seed, { state: true }).state();
    this.s0 = st.s0;
    this.s1 = st.s1;
    this.s2 = st.s2;
    this.c = st.c;
  }

  /**
   * The independent stream for `address` under run seed `seed` (language.md §6: a sampling `infer`
   * draws its generator from the run's seed and the address of the `infer` call, so adding an `infer`
   * elsewhere does not change the others). Depends only on (seed, address), not on any stream's position.
   */
  static derive(seed: number | string, address: string): Rng {
    return new Rng(String(seed) + '\u0000' + address);
  }

  /** `Rng.derive(this.seed, address)`: a child stream named by address; does not advance this stream. */
  derive(address: string): Rng {
    return Rng.derive(this.seed, address);
  }

  /**
   * A new stream seeded from this stream's current state and `label`; advances this stream by one step.
   * Use it when the same address is reached many times (a nested `infer` inside a model executed per
   * particle), so each occurrence gets its own stream, reproducibly.
   */
  fork(label: string): Rng {
    // The state already encodes this stream's seed and position, so the child's seed stays short.
    const seed = `${label}|${this.s0},${this.s1},${this.s2},${this.c}`;
    this.next32();
    return new Rng(seed);
  }

  /** An identical copy of this stream at its current position. */
  clone(): Rng {
    const r = new Rng(this.seed, { s0: this.s0, s1: this.s1, s2: this.s2, c: this.c });
    r.hasSpare = this.hasSpare;
    r.spare = this.spare;
    return r;
  }

  /** One Alea step: a double in [0, 1) with 32 random bits (seedrandom's `alea()()`). */
  next32(): number {
    const t = 2091639 * this.s0 + this.c * TWO_M32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  /** Uniform on the open interval (0, 1) with 53 random bits (seedrandom's `double()`, zero rejected). */
  uniform(): number {
    for (;;) {
      const u = this.next32() + ((this.next32() * 0x200000) | 0) * TWO_M53;
      if (u !== 0) return u;
    }
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal by Marsaglia's polar method (Marsaglia & Bray 1964); the second variate is kept.
   * The hottest sampler (every Normal draw of SMC and MH): the Alea steps of its two `uniform()`s are
   * written out on local copies of the state — the same stream as calling `uniform()` twice, without four
   * calls per draw in code that V8 has not optimised yet.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, c = this.c;
    let u: number, v: number, s: number, t: number, a: number;
    do {
      do {
        t = 2091639 * s0 + c * TWO_M32; s0 = s1; s1 = s2; a = s2 = t - (c = t | 0);
        t = 2091639 * s0 + c * TWO_M32; s0 = s1; s1 = s2; s2 = t - (c = t | 0);
        u = a + ((s2 * 0x200000) | 0) * TWO_M53;
      } while (u === 0);
      do {
        t = 2091639 * s0 + c * TWO_M32; s0 = s1; s1 = s2; a = s2 = t - (c = t | 0);
        t = 2091639 * s0 + c * TWO_M32; s0 = s1; s1 = s2; s2 = t - (c = t | 0);
        v = a + ((s2 * 0x200000) | 0) * TWO_M53;
      } while (v === 0);
      u = 2 * u - 1;
      v = 2 * v - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.c = c;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  exponential(): number {
    return -Math.log(this.uniform());
  }

  /**
   * Gamma(shape, 1) by Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS
   * 26(3), 2000; for shape < 1 the boost Gamma(a) = Gamma(a + 1) · U^{1/a} of the same paper.
   */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** log of a Gamma(shape, 1) variate; for shape < 1 uses log U / a so tiny shapes do not underflow to log 0. */
  logGamma(shape: number): number {
    if (shape >= 1) return Math.log(this.gamma(shape));
    return Math.log(this.gamma(shape + 1)) + Math.log(this.uniform()) / shape;
  }

  /** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b), computed from log variates (robust for small a, b). */
  beta(a: number, b: number): number {
    const la = this.logGamma(a);
    const lb = this.logGamma(b);
    return 1 / (1 + Math.exp(lb - la));
  }

  /**
   * Poisson(rate): inversion by sequential search below rate 10; above, PTRS, the
   * transformed rejection with squeeze of Hörmann, "The transformed rejection method for generating
   * Poisson random variables", Insurance: Mathematics and Economics 12, 1993 (as in NumPy).
   */
  poisson(rate: number): number {
    if (rate <= 0) return 0;
    if (rate < 10) {
      // Inversion by sequential search (Devroye 1986, X.3.3): one uniform, ~rate multiplications.
      let p = Math.exp(-rate);
      let f = p;
      const u = this.uniform();
      let k = 0;
      while (u > f) {
        k++;
        p *= rate / k;
        f += p;
        if (p === 0 && k > rate) break; // u beyond the double-precision CDF: the tail is exhausted
      }
      return k;
    }
    const slam = Math.sqrt(rate);
    const loglam = Math.log(rate);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -rate + k * loglam - lgamma(k + 1)) {
        return k;
      }
    }
  }

  /**
   * Binomial(n, p): by symmetry p ≤ ½; when n·p < 10 the inversion algorithm BINV, otherwise BTRS, both
   * from Kachitvichyanukul & Schmeiser (1988) and Hörmann, "The generation of binomial random variates",
   * J. Stat. Comput. Simul. 46, 1993.
   */
  binomial(n: number, p: number): number {
    if (p <= 0 || n === 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const q = 1 - p;
    if (n * p < 10) {
      const s = p / q;
      const a = (n + 1) * s;
      const r0 = Math.exp(n * Math.log1p(-p));
      for (;;) {
        let r = r0;
        let u = this.uniform();
        let x = 0;
        while (u > r) {
          u -= r;
          x++;
          if (x > n) break;
          r *= a / x - s;
        }
        if (x <= n) return x;
      }
    }
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(p / q);
    const m = Math.floor((n + 1) * p);
    const h = lgamma(m + 1) + lgamma(n - m + 1);
    for (;;) {
      const u = this.uniform() - 0.5;
      let v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      if (v <= h - lgamma(k + 1) - lgamma(n - k + 1) + (k - m) * lpq) return k;
    }
  }

  /** Index i with probability probs[i] / total, by a linear scan (callers with long tables use binary search). */
  categorical(probs: ArrayLike<number>, total?: number): number {
    let t = total;
    if (t === undefined) {
      t = 0;
      for (let i = 0; i < probs.length; i++) t += probs[i]!;
    }
    let u = this.uniform() * t;
    let last = -1;
    for (let i = 0; i < probs.length; i++) {
      const w = probs[i]!;
      if (w > 0) {
        if (u < w) return i;
        u -= w;
        last = i;
      }
    }
    return last; // rounding left u ≥ the last weight: the last positive one
  }

  /** A Dirichlet(alphas) draw, from log-gamma variates normalised in log space. */
  dirichlet(alphas: ArrayLike<number>): number[] {
    const n = alphas.length;
    const out = new Array<number>(n);
    let m = -Infinity;
    for (let i = 0; i < n; i++) {
      out[i] = this.logGamma(alphas[i]!);
      if (out[i]! > m) m = out[i]!;
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      out[i] = Math.exp(out[i]! - m);
      s += out[i]!;
    }
    for (let i = 0; i < n; i++) out[i] = out[i]! / s;
    return out;
  }
}
