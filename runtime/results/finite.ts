// FiniteDist: the exact table an exact engine (Enumerate, or Exact without Gaussians) returns, built
// from log-weighted values merged by structural key and normalised by log-sum-exp, with its exact logZ.
// FiniteBuilder accumulates executions one at a time without keeping them.

import { logAddExp, logSumExp, PplError, valueKey, type Random, type ValueKey } from '../../stdlib/index.js';
import { weightedMoments } from './moments.js';
import type { InferResult } from './result.js';

/**
 * Accumulates (value, log weight) pairs, merging equal values; `build()` normalises. Each value keeps a
 * running (max, Σ exp(w − max)) pair, so an `add` costs one map lookup and one `exp` (no log).
 */
export class FiniteBuilder<T = unknown> {
  private readonly index = new Map<ValueKey, number>();
  private readonly values: T[] = [];
  private readonly maxes: number[] = [];
  private readonly sums: number[] = [];

  /** Adds an execution that returned `value` with log weight `logWeight` (−Infinity is legal and ignored). */
  add(value: T, logWeight: number): void {
    if (logWeight === -Infinity) return;
    if (logWeight !== logWeight) throw new PplError('internal: a NaN log weight reached the result table');
    const k = valueKey(value);
    const i = this.index.get(k);
    if (i === undefined) {
      this.index.set(k, this.values.length);
      this.values.push(value);
      this.maxes.push(logWeight);
      this.sums.push(1);
    } else {
      const m = this.maxes[i]!;
      if (logWeight <= m) {
        this.sums[i] = this.sums[i]! + Math.exp(logWeight - m);
      } else {
        this.sums[i] = this.sums[i]! * Math.exp(m - logWeight) + 1;
        this.maxes[i] = logWeight;
      }
    }
  }

  /** log Σ weights so far: −Infinity while every execution had probability zero. */
  get logTotal(): number {
    return logSumExp(this.logWeights());
  }

  /** The number of distinct values so far. */
  get size(): number {
    return this.values.length;
  }

  private logWeights(): number[] {
    return this.maxes.map((m, i) => m + Math.log(this.sums[i]!));
  }

  /**
   * The normalised table. Throws a PplError when the total weight is zero (the engine should check
   * `logTotal` first and say which `infer` and why).
   */
  build(): FiniteDist<T> {
    return FiniteDist.fromLogWeights(this.values, this.logWeights());
  }
}

/** An exact finite distribution: distinct values sorted by descending probability (ties in first-seen order). */
export class FiniteDist<T = unknown> implements InferResult<T> {
  readonly name = 'Finite';
  readonly kind = 'finite' as const;
  readonly isContinuous = false;
  readonly n = Infinity;
  /** Distinct values, most probable first. */
  readonly values: readonly T[];
  /** Their probabilities (sum 1). */
  readonly probs: Float64Array;
  /** Their log probabilities (exactly log weight − logZ). */
  readonly logProbs: Float64Array;
  private readonly cum: Float64Array;
  private readonly index: Map<ValueKey, number>;
  private readonly logZValue: number;

  private constructor(values: T[], logProbs: Float64Array, probs: Float64Array, logZ: number) {
    const n = values.length;
    this.values = values;
    this.logProbs = logProbs;
    this.probs = probs;
    this.cum = new Float64Array(n);
    this.index = new Map();
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const p = probs[i]!;
      acc += p;
      this.cum[i] = acc;
      this.index.set(valueKey(values[i]), i);
    }
    if (n > 0) this.cum[n - 1] = Infinity;
    this.logZValue = logZ;
  }

  /**
   * The table of values with unnormalised log weights (equal values merged by valueKey). logZ is
   * logsumexp(logWeights). A total weight of zero is a PplError.
   */
  static fromLogWeights<T>(values: readonly T[], logWeights: ArrayLike<number>): FiniteDist<T> {
    return FiniteDist.make(values, logWeights, true);
  }

  /** The table of values with unnormalised probabilities (normalised here in linear space); logZ = log Σ probs. */
  static fromProbs<T>(values: readonly T[], probs: ArrayLike<number>): FiniteDist<T> {
    return FiniteDist.make(values, probs, false);
  }

  private static make<T>(values: readonly T[], weights: ArrayLike<number>, isLog: boolean): FiniteDist<T> {
    if (values.length !== weights.length) throw new PplError('internal: values and weights differ in length');
    const zero = isLog ? -Infinity : 0;
    const index = new Map<ValueKey, number>();
    const vs: T[] = [];
    const ws: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      if (w === zero) continue;
      if (w !== w || (!isLog && w < 0)) throw new PplError(`internal: a bad weight (${w}) reached the result table`);
      const k = valueKey(values[i]);
      const j = index.get(k);
      if (j === undefined) {
        index.set(k, vs.length);
        vs.push(values[i]!);
        ws.push(w);
      } else {
        ws[j] = isLog ? logAddExp(ws[j]!, w) : ws[j]! + w;
      }
    }
    if (ws.length === 0) throw new PplError('every execution has probability zero: the evidence is zero');
    const order = ws.map((_, i) => i).sort((a, b) => ws[b]! - ws[a]! || a - b);
    const sortedValues = order.map((i) => vs[i]!);
    const n = order.length;
    const logProbs = new Float64Array(n);
    const probs = new Float64Array(n);
    let logZ: number;
    if (isLog) {
      const m = ws[order[0]!]!;
      if (m === Infinity) throw new PplError('an execution has infinite weight: the distribution cannot be normalised');
      let s = 0;
      for (const w of ws) s += Math.exp(w - m);
      logZ = m + Math.log(s);
      for (let i = 0; i < n; i++) {
        const w = ws[order[i]!]!;
        logProbs[i] = w - logZ;
        // exp(w − max) / Σ exp(w − max) rounds a little better than exp(w − logZ).
        probs[i] = Math.exp(w - m) / s;
      }
    } else {
      let s = 0;
      for (const w of ws) s += w;
      if (!Number.isFinite(s)) throw new PplError('the weights sum to infinity: the distribution cannot be normalised');
      logZ = Math.log(s);
      for (let i = 0; i < n; i++) {
        const w = ws[order[i]!]!;
        probs[i] = w / s;
        logProbs[i] = Math.log(w) - logZ;
      }
    }
    return new FiniteDist(sortedValues, logProbs, probs, logZ);
  }

  sample(rng: Random): T {
    const u = rng.uniform();
    const cum = this.cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }

  logProb(x: T): number {
    const i = this.index.get(valueKey(x));
    return i === undefined ? -Infinity : this.logProbs[i]!;
  }

  /** P(x), read directly (no exp of a log). */
  prob(x: T): number {
    const i = this.index.get(valueKey(x));
    return i === undefined ? 0 : this.probs[i]!;
  }

  support(): readonly T[] {
    return this.values;
  }

  mean(): number | number[] {
    return weightedMoments('mean', this.values, this.probs).mean;
  }

  variance(): number | number[] {
    return weightedMoments('variance', this.values, this.probs).variance;
  }

  ess(): number {
    return Infinity;
  }

  /** The exact log normalising constant log Σ weights of the executions. */
  logZ(): number {
    return this.logZValue;
  }

  params(): Record<string, unknown> {
    return { support: this.values, probs: Array.from(this.probs) };
  }
}
