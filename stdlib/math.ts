// Special functions and the math built-ins of language.md §5: lgamma, digamma, logSumExp, log-beta,
// erf/erfc, the normal CDF and quantile, and Int-checked conversions (floor/ceil/round/toInt, integer
// division). Pure functions on JS numbers; errors are PplErrors (integer division by zero, Int past 2^53).

import { PplError } from './errors.js';
import { formatNumber } from './values.js';

export const LOG_2PI = 1.8378770664093453; // log(2π)
export const LOG_SQRT_2PI = 0.9189385332046728; // log(√(2π))
const SQRT2 = 1.4142135623730951;
const SQRT_PI = 1.7724538509055159;
/** The largest integer such that every Int up to it is exact: 2^53 − 1. */
export const MAX_INT = 9007199254740991;

/** log((n)!) for n = 0..170 from the factorial computed in doubles (exact to 22!, then relative error ~1e-16). */
const LOG_FACTORIALS: number[] = (() => {
  const out = [0];
  let f = 1;
  for (let n = 1; n <= 170; n++) {
    f *= n;
    out.push(Math.log(f));
  }
  return out;
})();

/**
 * log Γ(x) for x > 0 (and log|Γ(x)| for negative non-integers). Stirling's series with terms to x^-11
 * after shifting x up to ≥ 15 with the recurrence Γ(x+1) = xΓ(x); reflection for x < 0.5.
 * Absolute error ≈ 1e-15 (Abramowitz & Stegun 6.1.40).
 */
export function lgamma(x: number): number {
  if (x !== x) return NaN;
  if (x === Infinity) return Infinity;
  if (Number.isInteger(x)) {
    if (x <= 0) return Infinity;
    if (x <= LOG_FACTORIALS.length) return LOG_FACTORIALS[x - 1]!;
  }
  if (x < 0.5) {
    // Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  let shift = 0;
  if (x < 15) {
    let prod = 1;
    while (x < 15) {
      prod *= x;
      x += 1;
    }
    shift = Math.log(prod);
  }
  const r = 1 / x;
  const r2 = r * r;
  const series =
    r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series - shift;
}

/** ψ(x) = d/dx log Γ(x): recurrence up to x ≥ 10, then the asymptotic series (A&S 6.3.18); reflection below 0. */
export function digamma(x: number): number {
  if (x !== x || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const r2 = 1 / (x * x);
  const series = r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132)))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/** log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b). */
export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** log C(n, k) for 0 ≤ k ≤ n; −Infinity outside. */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/** log Σ exp(xs[i]) without overflow; −Infinity for an empty array or all −Infinity; never NaN from infinities. */
export function logSumExp(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i]! > m) m = xs[i]!;
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i]! - m);
  return m + Math.log(s);
}

/** log(exp(a) + exp(b)), for running sums of log weights. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * erfc(x) for x ≥ 0 by the continued fraction erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …))))
 * (A&S 7.1.14), evaluated with the modified Lentz method; accurate to a few ulps for x ≥ 2.
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? tiny : d;
    c = x + an / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** erf(x) for |x| < 2.5 by the series with positive terms erf(x) = 2/√π e^{−x²} Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)) (A&S 7.1.6). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-x2)) * sum;
}

export function erf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) return x < 0 ? -erfSeries(ax) : erfSeries(ax);
  const r = 1 - erfcContinuedFraction(ax);
  return x < 0 ? -r : r;
}

export function erfc(x: number): number {
  if (x !== x) return NaN;
  if (x < 0) return 2 - erfc(-x);
  // Below 1 the series has no cancellation to fear; above, the continued fraction keeps erfc's
  // relative accuracy in the tail (1 − erf(x) would lose it).
  if (x < 1) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

/** Φ(x), the standard normal CDF, accurate in both tails. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

/** log φ(x) for the normal density with mean mu and standard deviation sd. */
export function normalLogPdf(x: number, mu: number, sd: number): number {
  const z = (x - mu) / sd;
  return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
}

// Acklam's rational approximation of Φ⁻¹ (relative error 1.15e-9), refined below by Halley steps.
const QA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const QB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const QC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const QD = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * Φ⁻¹(p), the standard normal quantile: Acklam's approximation followed by two Halley steps on
 * Φ(x) − p (with our erfc), which brings it to full double precision. p = 0 → −∞, p = 1 → +∞.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((QC[0]! * q + QC[1]!) * q + QC[2]!) * q + QC[3]!) * q + QC[4]!) * q + QC[5]!) /
      ((((QD[0]! * q + QD[1]!) * q + QD[2]!) * q + QD[3]!) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((QA[0]! * r + QA[1]!) * r + QA[2]!) * r + QA[3]!) * r + QA[4]!) * r + QA[5]!) * q) /
      (((((QB[0]! * r + QB[1]!) * r + QB[2]!) * r + QB[3]!) * r + QB[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((QC[0]! * q + QC[1]!) * q + QC[2]!) * q + QC[3]!) * q + QC[4]!) * q + QC[5]!) /
      ((((QD[0]! * q + QD[1]!) * q + QD[2]!) * q + QD[3]!) * q + 1);
  }
  for (let i = 0; i < 2; i++) {
    // Halley: e = Φ(x) − p, u = e / φ(x), x ← x − u / (1 + x u / 2). For x ≥ 0, Φ(x) − p is computed
    // as (1 − p) − Φ(−x), which keeps the upper tail accurate.
    const e = x < 0 ? normalCdf(x) - p : 1 - p - normalCdf(-x);
    const u = e * Math.exp(0.5 * x * x + LOG_SQRT_2PI);
    const step = u / (1 + (x * u) / 2);
    if (!Number.isFinite(step)) break;
    x -= step;
  }
  return x;
}

// ---- Ints -------------------------------------------------------------------------------------------

/** Checks that an Int result is exact (|n| ≤ 2^53 − 1); returns it. Generated Int arithmetic calls this. */
export function checkInt(n: number): number {
  if (n > MAX_INT || n < -MAX_INT) {
    throw new PplError(`integer overflow: ${formatNumber(n)} is past 2^53, where Ints are no longer exact`);
  }
  return n;
}

/** `a / b` on Ints: truncates toward zero; exact for all Ints (a − a % b is an exact multiple of b). */
export function intDiv(a: number, b: number): number {
  if (b === 0) throw new PplError(`integer division by zero (${formatNumber(a)} / 0)`);
  return (a - (a % b)) / b + 0;
}

/** `a % b` on Ints: the remainder with the sign of a (truncated division, as in Rust and TypeScript). */
export function intMod(a: number, b: number): number {
  if (b === 0) throw new PplError(`integer remainder by zero (${formatNumber(a)} % 0)`);
  return (a % b) + 0;
}

function toIntChecked(what: string, x: number, r: number): number {
  if (r !== r || r === Infinity || r === -Infinity) {
    throw new PplError(`${what}: cannot convert ${formatNumber(x)} to an Int`);
  }
  if (r > MAX_INT || r < -MAX_INT) {
    throw new PplError(`${what}: ${formatNumber(x)} is past 2^53, where Ints are no longer exact`);
  }
  return r + 0;
}

export function floor(x: number): number {
  return toIntChecked('floor', x, Math.floor(x));
}
export function ceil(x: number): number {
  return toIntChecked('ceil', x, Math.ceil(x));
}
/** Rounds half away from zero (2.5 → 3, −2.5 → −3), as Rust's `f64::round`. */
export function round(x: number): number {
  return toIntChecked('round', x, x < 0 ? -Math.round(-x) : Math.round(x));
}
/** Truncates toward zero (as Rust's `as i64`), but an error for NaN, ±∞ and values past 2^53. */
export function toInt(x: number): number {
  return toIntChecked('toInt', x, Math.trunc(x));
}
export function toReal(x: number): number {
  return x;
}

export const abs = Math.abs;
export const exp = Math.exp;
export const log = Math.log;
export const log1p = Math.log1p;
export const expm1 = Math.expm1;
export const sqrt = Math.sqrt;
export const pow = Math.pow;
export const sin = Math.sin;
export const cos = Math.cos;
export const tan = Math.tan;
export const atan2 = Math.atan2;
export const pi = Math.PI;
export const e = Math.E;

export function min(a: number, b: number): number {
  return a < b ? a : b !== b ? b : a !== a ? a : b;
}
export function max(a: number, b: number): number {
  return a > b ? a : b !== b ? b : a !== a ? a : b;
}

// ---- Regularised incomplete gamma and beta (for Gamma and Beta CDFs and quantiles) -------------------
// Series and continued fractions as in Press et al., Numerical Recipes (3rd ed.), §6.2 and §6.4.

const EPS = 1e-16;
const FPMIN = 1e-300;

/** P(a, x) = γ(a, x)/Γ(a), the regularised lower incomplete gamma function (the Gamma(a, 1) CDF). */
export function gammaP(a: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return 1;
  const logPrefix = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 10000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function (the Beta(a, b) CDF). */
export function betaI(a: number, b: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x >= 1) return 1;
  const logBt = -logBeta(a, b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logBt) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logBt) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * The smallest x in [lo, hi] with cdf(x) ≥ q for a continuous increasing cdf, by bisection to the
 * resolution of doubles (used for quantiles without a closed form).
 */
export function invertCdf(cdf: (x: number) => number, q: number, lo: number, hi: number): number {
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (cdf(mid) >= q) hi = mid;
    else lo = mid;
  }
  return hi;
}

// ---- Binomial and Poisson log masses to full relative precision ---------------------------------------
// Loader, "Fast and accurate computation of binomial probabilities" (2000), as in R's dbinom/dpois:
// the saddle-point form with Stirling's error term and a stable deviance bd0, which avoids the
// cancellation of lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1) for large n.

/** stirlerr(n) = log n! − log(√(2πn) (n/e)^n) for integers n ≥ 0. */
export function stirlerr(n: number): number {
  if (n <= 15) {
    // n! is exact in doubles up to 22!, so this loses only ~1e-15 in absolute terms.
    return lgamma(n + 1) - (n + 0.5) * Math.log(n) + n - LOG_SQRT_2PI;
  }
  const nn = n * n;
  if (n > 500) return (1 / 12 - 1 / 360 / nn) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - 1 / 1260 / nn) / nn) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / 1680 / nn) / nn) / nn) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, m) = x log(x/m) + m − x, the deviance term, computed without cancellation when x ≈ m. */
export function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** log P(K = k) for K ~ Binomial(n, p), k an integer in 0..n (not checked). */
export function binomialLogPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  if (k === 0) return n === 0 ? 0 : p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log1p(-p);
  if (k === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  return lc - 0.5 * (LOG_2PI + Math.log(k) + Math.log(n - k) - Math.log(n));
}

/** log P(K = k) for K ~ Poisson(rate), k a non-negative integer (not checked). */
export function poissonLogPmf(k: number, rate: number): number {
  if (rate === 0) return k === 0 ? 0 : -Infinity;
  if (k === 0) return -rate;
  return -stirlerr(k) - bd0(k, rate) - 0.5 * (LOG_2PI + Math.log(k));
}
