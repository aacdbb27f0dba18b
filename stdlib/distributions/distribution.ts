// The one interface every .ppl distribution implements — primitive ones (Normal, Categorical…) and the
// results of `infer` alike — and the random source they draw from (runtime/rng.ts implements it; stdlib
// does not import runtime/, so the type lives here).

/**
 * A seeded source of random variates. All methods consume the stream deterministically. Implemented by
 * `Rng` of runtime/; tests may pass any object that honours the contracts below.
 */
export interface Random {
  /** A uniform double in the open interval (0, 1), 53 random bits. */
  uniform(): number;
  /** A standard normal variate. */
  normal(): number;
  /** A standard exponential variate (rate 1). */
  exponential(): number;
  /** A Gamma(shape, rate 1) variate, shape > 0. */
  gamma(shape: number): number;
  /** log of a Gamma(shape, 1) variate, accurate for tiny shapes where the variate itself underflows. */
  logGamma(shape: number): number;
  /** A Beta(a, b) variate. */
  beta(a: number, b: number): number;
  /** A Poisson(rate) variate. */
  poisson(rate: number): number;
  /** A Binomial(n, p) variate. */
  binomial(n: number, p: number): number;
  /** An index i in [0, probs.length) with probability probs[i] / total (total = Σ probs, precomputed). */
  categorical(probs: ArrayLike<number>, total?: number): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

/** A mean or a variance: a number for scalar distributions, one per component for vector ones. */
export type Moment = number | readonly number[];

/**
 * A distribution over values of type T (values.md), i.e. a .ppl value of type `Dist<T>`.
 * Implementations are classes with monomorphic fields; `sample` and `logProb` are hot.
 */
export interface Distribution<T = unknown> {
  /** The constructor's .ppl name: 'Normal', 'Categorical', … or 'Finite' / 'Samples' / 'Gaussian' for results. */
  readonly name: string;
  /** True when `logProb` is a density (w.r.t. Lebesgue measure) rather than a mass. */
  readonly isContinuous: boolean;
  /** A draw from the distribution. */
  sample(rng: Random): T;
  /** log density or mass at x; −Infinity outside the support (and for values of the wrong shape); never NaN. */
  logProb(x: T): number;
  /** The values of positive probability when there are finitely many, each once; otherwise undefined. */
  support(): readonly T[] | undefined;
  /** The mean; throws a PplError when it is undefined (values that are not numbers, infinite mean). */
  mean(): Moment;
  /** The variance; throws a PplError when it is undefined. */
  variance(): Moment;
  /** The parameters by name, in constructor order, for printing and for engines that read them. */
  params(): Record<string, unknown>;
}

/** Optional capabilities that queries use when a distribution has them. */
export interface HasCdf {
  /** P(X ≤ x). */
  cdf(x: number): number;
  /** The smallest x with P(X ≤ x) ≥ q, for q in [0, 1]. */
  quantile(q: number): number;
}

/** Duck-typed test for a distribution value (used by printers and queries). */
export function isDistribution(v: unknown): v is Distribution {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Distribution).sample === 'function' &&
    typeof (v as Distribution).logProb === 'function' &&
    typeof (v as Distribution).support === 'function'
  );
}
