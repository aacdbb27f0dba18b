// SampleDist: the result of a sampling engine — equally weighted samples (Rejection, MCMC, resampled SMC)
// or log-weighted ones (Importance). Probabilities, moments and quantiles come from the normalised
// weights; ess = (Σw)²/Σw²; logZ is whatever estimate the engine provides.

import { PplError, valueKey, type Random, type ValueKey } from '../../stdlib/index.js';
import { looksDiscrete, weightedMoments } from './moments.js';
import type { InferResult } from './result.js';

export interface SampleDistOptions {
  /** The engine's log evidence estimate (e.g. log mean weight for Importance). */
  readonly logZ?: number;
  /** The engine's name, for error messages ("Importance"). */
  readonly method?: string;
}

interface Table<T> {
  values: T[];
  probs: number[];
  index: Map<ValueKey, number>;
}

export class SampleDist<T = unknown> implements InferResult<T> {
  readonly name = 'Samples';
  readonly kind = 'samples' as const;
  /** True unless every sample is free of non-integer numbers (then the result is reported as a table). */
  readonly isContinuous: boolean;
  readonly n: number;
  private readonly values: readonly T[];
  /** Normalised weights, or null when all samples weigh the same. */
  private readonly weights: Float64Array | null;
  private readonly essValue: number;
  private readonly logZValue: number | undefined;
  private readonly method: string;
  private tableCache: Table<T> | undefined;
  private cumCache: Float64Array | undefined;
  private resampled: T[] | undefined;

  /**
   * `samples` with optional unnormalised `logWeights` (same length). At least one sample must have
   * positive weight. The samples array is kept, not copied: do not mutate it afterwards.
   */
  constructor(samples: readonly T[], logWeights?: ArrayLike<number>, options: SampleDistOptions = {}) {
    const n = samples.length;
    this.method = options.method ?? 'sampling';
    if (n === 0) throw new PplError(`${this.method}: no samples`);
    this.values = samples;
    this.n = n;
    this.logZValue = options.logZ;
    if (logWeights === undefined) {
      this.weights = null;
      this.essValue = n;
    } else {
      if (logWeights.length !== n) throw new PplError('internal: samples and weights differ in length');
      let m = -Infinity;
      let allEqual = true;
      for (let i = 0; i < n; i++) {
        const w = logWeights[i]!;
        if (w !== w) throw new PplError('internal: a NaN log weight reached the sample set');
        if (w > m) m = w;
        if (w !== logWeights[0]) allEqual = false;
      }
      if (m === -Infinity) throw new PplError(`${this.method}: every sample has weight zero: the evidence is zero`);
      if (allEqual) {
        this.weights = null;
        this.essValue = n;
      } else {
        const w = new Float64Array(n);
        let s = 0;
        for (let i = 0; i < n; i++) {
          w[i] = Math.exp(logWeights[i]! - m);
          s += w[i]!;
        }
        let s2 = 0;
        for (let i = 0; i < n; i++) {
          w[i] = w[i]! / s;
          s2 += w[i]! * w[i]!;
        }
        this.weights = w;
        this.essValue = 1 / s2;
      }
    }
    let discrete = true;
    for (let i = 0; i < n && discrete; i++) discrete = looksDiscrete(samples[i]);
    this.isContinuous = !discrete;
    this.tableCache = undefined;
    this.cumCache = undefined;
  }

  private weightAt(i: number): number {
    return this.weights === null ? 1 / this.n : this.weights[i]!;
  }

  private allWeights(): Float64Array {
    if (this.weights !== null) return this.weights;
    return new Float64Array(this.n).fill(1 / this.n);
  }

  /** Distinct values with summed weights, most probable first (ties in first-seen order). */
  private table(): Table<T> {
    if (this.tableCache === undefined) {
      const index = new Map<ValueKey, number>();
      const vs: T[] = [];
      const ps: number[] = [];
      for (let i = 0; i < this.n; i++) {
        const k = valueKey(this.values[i]);
        const j = index.get(k);
        if (j === undefined) {
          index.set(k, vs.length);
          vs.push(this.values[i]!);
          ps.push(this.weightAt(i));
        } else {
          ps[j] = ps[j]! + this.weightAt(i);
        }
      }
      const order = ps.map((_, i) => i).sort((a, b) => ps[b]! - ps[a]! || a - b);
      const values = order.map((i) => vs[i]!);
      const probs = order.map((i) => ps[i]!);
      const sortedIndex = new Map<ValueKey, number>();
      for (let i = 0; i < values.length; i++) sortedIndex.set(valueKey(values[i]), i);
      this.tableCache = { values, probs, index: sortedIndex };
    }
    return this.tableCache;
  }

  /** A draw from the (weighted) empirical distribution. */
  sample(rng: Random): T {
    if (this.weights === null) return this.values[rng.int(this.n)]!;
    if (this.cumCache === undefined) {
      const c = new Float64Array(this.n);
      let acc = 0;
      for (let i = 0; i < this.n; i++) {
        acc += this.weights[i]!;
        c[i] = acc;
      }
      for (let i = this.n - 1; i >= 0; i--) {
        c[i] = Infinity;
        if (this.weights[i]! > 0) break;
      }
      this.cumCache = c;
    }
    const cum = this.cumCache;
    const u = rng.uniform();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }

  /** log of the empirical probability of x; a PplError for results over real numbers (no density). */
  logProb(x: T): number {
    if (this.isContinuous) {
      throw new PplError(
        `logProb: this ${this.method} result is a set of samples of real numbers, which has no density; ` +
          'use mean, quantile or expect, or an exact method',
      );
    }
    const t = this.table();
    const i = t.index.get(valueKey(x));
    return i === undefined ? -Infinity : Math.log(t.probs[i]!);
  }

  /** The empirical probability of x (for discrete-looking results). */
  prob(x: T): number {
    return Math.exp(this.logProb(x));
  }

  /** Distinct sampled values, most probable first, when the result looks discrete; else undefined. */
  support(): readonly T[] | undefined {
    return this.isContinuous ? undefined : this.table().values;
  }

  /** The distinct values with their probabilities, most probable first (for printing and JSON). */
  entries(): { values: readonly T[]; probs: readonly number[] } {
    const t = this.table();
    return { values: t.values, probs: t.probs };
  }

  mean(): number | number[] {
    return weightedMoments('mean', this.values, this.allWeights()).mean;
  }

  variance(): number | number[] {
    return weightedMoments('variance', this.values, this.allWeights()).variance;
  }

  /**
   * The samples, as n equally weighted posterior draws. Equally weighted results (Rejection, MCMC, resampled
   * SMC) return their draws as they are. Weighted ones (Importance) return a deterministic systematic resample
   * of size n in draw order: draw i appears round(n·C_i) − round(n·C_{i−1}) times (C the cumulative normalised
   * weights), i.e. within one of n·w_i — so averages over `samples(d)` estimate the posterior, never the prior.
   * The weighted support itself is `support(d)` with `prob(d, v)` (for discrete-looking results).
   */
  samples(): readonly T[] {
    if (this.weights === null) return this.values;
    if (this.resampled === undefined) {
      const out: T[] = [];
      let acc = 0;
      let last = 0;
      for (let i = 0; i < this.n; i++) {
        if (this.weights[i]! > 0) last = i;
        acc += this.weights[i]!;
        const upto = Math.min(this.n, Math.floor(this.n * acc + 0.5));
        while (out.length < upto) out.push(this.values[i]!);
      }
      // Rounding of the cumulative sum may leave a slot: it goes to the last draw of positive weight.
      while (out.length < this.n) out.push(this.values[last]!);
      this.resampled = out;
    }
    return this.resampled;
  }

  /** The samples and their normalised weights, for engines and diagnostics. */
  weighted(): { samples: readonly T[]; weights: Float64Array } {
    return { samples: this.values, weights: this.allWeights() };
  }

  /** Σ w f(x) over the normalised weights. */
  expect(f: (x: T) => number): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) {
      const w = this.weightAt(i);
      if (w !== 0) s += w * f(this.values[i]!);
    }
    return s;
  }

  /** The weighted empirical q-quantile: the smallest sample value v with P(X ≤ v) ≥ q. */
  quantile(q: number): number {
    const idx: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const v = this.values[i];
      if (typeof v !== 'number') throw new PplError('quantile: the samples are not numbers');
      if (this.weightAt(i) > 0) idx.push(i);
    }
    idx.sort((a, b) => (this.values[a] as number) - (this.values[b] as number));
    let acc = 0;
    const target = q * (1 - 1e-12);
    for (const i of idx) {
      acc += this.weightAt(i);
      if (acc >= target) return this.values[i] as number;
    }
    return this.values[idx[idx.length - 1]!] as number;
  }

  ess(): number {
    return this.essValue;
  }

  logZ(): number {
    if (this.logZValue === undefined) {
      throw new PplError(`logZ: ${this.method} does not estimate the evidence`);
    }
    return this.logZValue;
  }

  params(): Record<string, unknown> {
    return { n: this.n };
  }
}
