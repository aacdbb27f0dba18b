// The discrete distributions of language.md §5: Bernoulli, Categorical (over indexes or given values),
// UniformInt, Binomial, Geometric, Poisson and Delta. Each is a class with precomputed log constants so
// `logProb` and `sample` allocate nothing; the exported functions of the same name are the .ppl constructors.

import { PplError } from '../errors.js';
import { binomialLogPmf, poissonLogPmf } from '../math.js';
import { formatNumber, valueEquals, valueKey, type ValueKey } from '../values.js';
import {
  checkInteger,
  checkNat,
  checkNonNegative,
  checkProbability,
  fail,
  numeric,
} from './check.js';
import type { Distribution, Moment, Random } from './distribution.js';

const TRUE_FALSE: readonly boolean[] = Object.freeze([true, false]);
const ONLY_TRUE: readonly boolean[] = Object.freeze([true]);
const ONLY_FALSE: readonly boolean[] = Object.freeze([false]);

/** Bernoulli(p) over Bool: true with probability p. Support lists true first. */
export class BernoulliDist implements Distribution<boolean> {
  readonly name = 'Bernoulli';
  readonly isContinuous = false;
  readonly p: number;
  constructor(p: number) {
    this.p = checkProbability('Bernoulli', 'p', p);
  }
  sample(rng: Random): boolean {
    return rng.uniform() < this.p;
  }
  logProb(x: boolean): number {
    // Logs on demand: a sampling engine never needs them, an enumerating one needs each once.
    return x === true ? Math.log(this.p) : x === false ? Math.log1p(-this.p) : -Infinity;
  }
  support(): readonly boolean[] {
    return this.p === 1 ? ONLY_TRUE : this.p === 0 ? ONLY_FALSE : TRUE_FALSE;
  }
  mean(): number {
    return this.p;
  }
  variance(): number {
    return this.p * (1 - this.p);
  }
  params(): Record<string, unknown> {
    return { p: this.p };
  }
}

/** Index of the first cumulative probability exceeding u (cum is non-decreasing, ends at ~1). */
function searchCumulative(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Categorical(weights) over 0..n−1, or Categorical(weights, values) over the given values, normalised by
 * the sum of the weights (language.md §5). Equal values given twice have their weights added. The
 * constructor only validates and sums (generated code builds one per execution); tables for sampling and
 * for values are built on first use.
 */
export class CategoricalDist<T = number> implements Distribution<T> {
  readonly name = 'Categorical';
  readonly isContinuous = false;
  /** The weights as given (not normalised; never mutated). */
  readonly weights: readonly number[];
  /** The given values, or null for indexes 0..n−1. */
  readonly values: readonly T[] | null;
  readonly total: number;
  private readonly logTotal: number;
  /** Cumulative normalised weights for binary search, built on the first sample of a long table. */
  private cum: Float64Array | null;
  /** For given values: key → log probability summed over equal values (built on first use). */
  private byKey: Map<ValueKey, number> | null;
  private supportCache: readonly T[] | null;

  constructor(weights: readonly number[], values?: readonly T[]) {
    if (!Array.isArray(weights)) fail('Categorical', 'weights must be an array of numbers');
    const n = weights.length;
    if (n === 0) fail('Categorical', 'weights must not be empty');
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || w === Infinity) {
        if (typeof w === 'number' && w < 0) fail('Categorical', `weights must be non-negative, got ${formatNumber(w)} at index ${i}`);
        fail('Categorical', `weights[${i}] must be a finite number, got ${typeof w === 'number' ? formatNumber(w) : String(w)}`);
      }
      total += w;
    }
    if (!(total > 0)) fail('Categorical', 'the weights are all zero');
    if (total === Infinity) fail('Categorical', 'the weights sum to infinity');
    if (values !== undefined && values.length !== n) {
      fail('Categorical', `got ${n} weights but ${values.length} values`);
    }
    this.weights = weights;
    this.values = values ?? null;
    this.total = total;
    this.logTotal = Math.log(total);
    this.cum = null;
    this.byKey = null;
    this.supportCache = null;
  }

  /** Normalised probability of index i. */
  probAt(i: number): number {
    return this.weights[i]! / this.total;
  }

  sample(rng: Random): T {
    const w = this.weights;
    const n = w.length;
    let i: number;
    if (n <= 16) {
      let u = rng.uniform() * this.total;
      i = n - 1;
      for (let j = 0; j < n; j++) {
        if (u < w[j]!) {
          i = j;
          break;
        }
        u -= w[j]!;
      }
      while (w[i] === 0) i--; // rounding ran past the end: the last positive weight
    } else {
      i = searchCumulative(this.cumulative(), rng.uniform());
    }
    return (this.values === null ? i : this.values[i]) as T;
  }

  private cumulative(): Float64Array {
    if (this.cum === null) {
      const n = this.weights.length;
      const cum = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) {
        acc += this.weights[i]! / this.total;
        cum[i] = acc;
      }
      // The last positive entry absorbs rounding, so any u < 1 lands on a positive-probability index.
      for (let i = n - 1; i >= 0; i--) {
        cum[i] = Infinity;
        if (this.weights[i]! > 0) break;
      }
      this.cum = cum;
    }
    return this.cum;
  }

  logProb(x: T): number {
    if (this.values === null) {
      const i = x as unknown as number;
      return typeof i === 'number' && i >= 0 && i < this.weights.length && Number.isInteger(i)
        ? Math.log(this.weights[i]!) - this.logTotal
        : -Infinity;
    }
    if (this.byKey === null) {
      const m = new Map<ValueKey, number>();
      for (let i = 0; i < this.values.length; i++) {
        const k = valueKey(this.values[i]);
        m.set(k, (m.get(k) ?? 0) + this.weights[i]!);
      }
      for (const [k, w] of m) m.set(k, Math.log(w) - this.logTotal);
      this.byKey = m;
    }
    const lp = this.byKey.get(valueKey(x));
    return lp === undefined ? -Infinity : lp;
  }

  support(): readonly T[] {
    if (this.supportCache === null) {
      const out: T[] = [];
      const seen = new Set<ValueKey>();
      for (let i = 0; i < this.weights.length; i++) {
        if (!(this.weights[i]! > 0)) continue;
        if (this.values === null) {
          out.push(i as T);
        } else {
          const k = valueKey(this.values[i]);
          if (!seen.has(k)) {
            seen.add(k);
            out.push(this.values[i]!);
          }
        }
      }
      this.supportCache = out;
    }
    return this.supportCache;
  }

  mean(): number {
    let m = 0;
    for (let i = 0; i < this.weights.length; i++) {
      if (this.weights[i] === 0) continue;
      m += this.probAt(i) * this.numericAt(i);
    }
    return m;
  }

  variance(): number {
    const m = this.mean();
    let v = 0;
    for (let i = 0; i < this.weights.length; i++) {
      if (this.weights[i] === 0) continue;
      const d = this.numericAt(i) - m;
      v += this.probAt(i) * d * d;
    }
    return v;
  }

  private numericAt(i: number): number {
    if (this.values === null) return i;
    const x = numeric(this.values[i]);
    if (x === undefined) throw new PplError('mean: the values of this Categorical are not numbers');
    return x;
  }

  params(): Record<string, unknown> {
    return this.values === null ? { weights: this.weights } : { weights: this.weights, values: this.values };
  }
}

/** Finite support a, a+1, …, b as an array. */
function intRange(a: number, b: number): number[] {
  const out = new Array<number>(b - a + 1);
  for (let i = 0; i <= b - a; i++) out[i] = a + i;
  return out;
}

/** UniformInt(a, b): each integer of a..b (inclusive) with probability 1/(b − a + 1). */
export class UniformIntDist implements Distribution<number> {
  readonly name = 'UniformInt';
  readonly isContinuous = false;
  readonly a: number;
  readonly b: number;
  private readonly lp: number;
  private supportCache: number[] | undefined;
  constructor(a: number, b: number) {
    this.a = checkInteger('UniformInt', 'a', a);
    this.b = checkInteger('UniformInt', 'b', b);
    if (b < a) fail('UniformInt', `the bounds are empty: a = ${a} is greater than b = ${b}`);
    this.lp = -Math.log(b - a + 1);
    this.supportCache = undefined;
  }
  sample(rng: Random): number {
    return this.a + rng.int(this.b - this.a + 1);
  }
  logProb(x: number): number {
    return typeof x === 'number' && x >= this.a && x <= this.b && Number.isInteger(x) ? this.lp : -Infinity;
  }
  support(): readonly number[] {
    return (this.supportCache ??= intRange(this.a, this.b));
  }
  mean(): number {
    return (this.a + this.b) / 2;
  }
  variance(): number {
    const n = this.b - this.a + 1;
    return (n * n - 1) / 12;
  }
  params(): Record<string, unknown> {
    return { a: this.a, b: this.b };
  }
}

/** Binomial(n, p): the number of successes in n independent trials of probability p. */
export class BinomialDist implements Distribution<number> {
  readonly name = 'Binomial';
  readonly isContinuous = false;
  readonly n: number;
  readonly p: number;
  private supportCache: number[] | undefined;
  constructor(n: number, p: number) {
    this.n = checkNat('Binomial', 'n', n);
    this.p = checkProbability('Binomial', 'p', p);
    this.supportCache = undefined;
  }
  sample(rng: Random): number {
    return rng.binomial(this.n, this.p);
  }
  logProb(k: number): number {
    if (typeof k !== 'number' || !(k >= 0 && k <= this.n) || !Number.isInteger(k)) return -Infinity;
    return binomialLogPmf(k, this.n, this.p);
  }
  support(): readonly number[] {
    if (this.supportCache === undefined) {
      this.supportCache = this.p === 0 ? [0] : this.p === 1 ? [this.n] : intRange(0, this.n);
    }
    return this.supportCache;
  }
  mean(): number {
    return this.n * this.p;
  }
  variance(): number {
    return this.n * this.p * (1 - this.p);
  }
  params(): Record<string, unknown> {
    return { n: this.n, p: this.p };
  }
}

/** Geometric(p): the number of failures before the first success, P(k) = (1 − p)^k p, p in (0, 1]. */
export class GeometricDist implements Distribution<number> {
  readonly name = 'Geometric';
  readonly isContinuous = false;
  readonly p: number;
  private readonly logP: number;
  private readonly log1mP: number;
  constructor(p: number) {
    checkProbability('Geometric', 'p', p);
    if (p === 0) fail('Geometric', 'p must be positive (with p = 0 there is never a success), got 0');
    this.p = p;
    this.logP = Math.log(p);
    this.log1mP = Math.log1p(-p);
  }
  sample(rng: Random): number {
    if (this.p === 1) return 0;
    // P(floor(log U / log(1−p)) ≥ k) = P(U ≤ (1−p)^k) = (1−p)^k: inversion.
    return Math.floor(Math.log(rng.uniform()) / this.log1mP);
  }
  logProb(k: number): number {
    if (typeof k !== 'number' || !(k >= 0) || !Number.isInteger(k)) return -Infinity;
    return k === 0 ? this.logP : k * this.log1mP + this.logP;
  }
  support(): readonly number[] | undefined {
    return this.p === 1 ? [0] : undefined;
  }
  mean(): number {
    return (1 - this.p) / this.p;
  }
  variance(): number {
    return (1 - this.p) / (this.p * this.p);
  }
  params(): Record<string, unknown> {
    return { p: this.p };
  }
}

/** Poisson(rate): P(k) = rate^k e^{−rate} / k!; rate ≥ 0 (rate 0 is the point mass at 0). */
export class PoissonDist implements Distribution<number> {
  readonly name = 'Poisson';
  readonly isContinuous = false;
  readonly rate: number;
  constructor(rate: number) {
    this.rate = checkNonNegative('Poisson', 'rate', rate);
  }
  sample(rng: Random): number {
    return rng.poisson(this.rate);
  }
  logProb(k: number): number {
    if (typeof k !== 'number' || !(k >= 0) || !Number.isInteger(k)) return -Infinity;
    return poissonLogPmf(k, this.rate);
  }
  support(): readonly number[] | undefined {
    return this.rate === 0 ? [0] : undefined;
  }
  mean(): number {
    return this.rate;
  }
  variance(): number {
    return this.rate;
  }
  params(): Record<string, unknown> {
    return { rate: this.rate };
  }
}

/** Delta(v): the point mass at v (compared structurally). */
export class DeltaDist<T> implements Distribution<T> {
  readonly name = 'Delta';
  readonly isContinuous = false;
  readonly value: T;
  private readonly supportList: readonly T[];
  constructor(value: T) {
    this.value = value;
    this.supportList = [value];
  }
  sample(_rng: Random): T {
    return this.value;
  }
  logProb(x: T): number {
    return x === this.value || valueEquals(x, this.value) ? 0 : -Infinity;
  }
  support(): readonly T[] {
    return this.supportList;
  }
  mean(): Moment {
    const v = this.value as unknown;
    const x = numeric(v);
    if (x !== undefined) return x;
    if (Array.isArray(v) && v.every((e) => typeof e === 'number')) return v as number[];
    throw new PplError('mean: the value of this Delta is not a number');
  }
  variance(): Moment {
    const m = this.mean();
    return typeof m === 'number' ? 0 : m.map(() => 0);
  }
  params(): Record<string, unknown> {
    return { v: this.value };
  }
}


export function Bernoulli(p: number): BernoulliDist {
  return new BernoulliDist(p);
}
export function Categorical<T = number>(weights: readonly number[], values?: readonly T[]): CategoricalDist<T> {
  return new CategoricalDist<T>(weights, values);
}
export function UniformInt(a: number, b: number): UniformIntDist {
  return new UniformIntDist(a, b);
}
export function Binomial(n: number, p: number): BinomialDist {
  return new BinomialDist(n, p);
}
export function Geometric(p: number): GeometricDist {
  return new GeometricDist(p);
}
export function Poisson(rate: number): PoissonDist {
  return new PoissonDist(rate);
}
export function Delta<T>(v: T): DeltaDist<T> {
  return new DeltaDist<T>(v);
}
