// Exact rational numbers over BigInt, and the extended non-negative reals [0, ∞] built on them.
// Used by the exact evaluator (the reference model the SMT encoding is tested against) and for literals.

export interface Rational {
  readonly num: bigint;
  /** Always > 0; gcd(num, den) = 1. */
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rat(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational with zero denominator');
  if (d < 0n) { n = -n; d = -d; }
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

/** Parses `12`, `0.25`, `3/4`, `-2.5`. */
export function parseRational(text: string): Rational {
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const a = parseRational(text.slice(0, slash));
    const b = parseRational(text.slice(slash + 1));
    return div(a, b);
  }
  const neg = text.startsWith('-');
  const t = neg ? text.slice(1) : text;
  const dot = t.indexOf('.');
  let r: Rational;
  if (dot < 0) r = rat(BigInt(t));
  else {
    const frac = t.slice(dot + 1);
    r = rat(BigInt(t.slice(0, dot) + frac), 10n ** BigInt(frac.length));
  }
  return neg ? neg_(r) : r;
}

function neg_(a: Rational): Rational { return { num: -a.num, den: a.den }; }
export const neg = neg_;
export const ZERO = rat(0n);
export const ONE = rat(1n);
export function add(a: Rational, b: Rational): Rational { return rat(a.num * b.den + b.num * a.den, a.den * b.den); }
export function sub(a: Rational, b: Rational): Rational { return rat(a.num * b.den - b.num * a.den, a.den * b.den); }
export function mul(a: Rational, b: Rational): Rational { return rat(a.num * b.num, a.den * b.den); }
export function div(a: Rational, b: Rational): Rational { return rat(a.num * b.den, a.den * b.num); }
export function cmp(a: Rational, b: Rational): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
export function isZero(a: Rational): boolean { return a.num === 0n; }
export function isInteger(a: Rational): boolean { return a.den === 1n; }
/** Floor division and Euclidean-style remainder as SMT-LIB defines `div`/`mod` on integers. */
export function intDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a - q * b;
  if (r < 0n) return b > 0n ? q - 1n : q + 1n;
  return q;
}
export function intMod(a: bigint, b: bigint): bigint { return a - intDiv(a, b) * b; }
export function toNumber(a: Rational): number { return Number(a.num) / Number(a.den); }
export function ratToString(a: Rational): string { return a.den === 1n ? `${a.num}` : `${a.num}/${a.den}`; }
/** A decimal rendering for reports: exact when the expansion terminates, else ~12 significant digits. */
export function ratToDecimal(a: Rational): string {
  if (a.den === 1n) return `${a.num}`;
  let d = a.den;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  if (d === 1n) {
    // terminating: scale until integral
    let k = 0;
    let n = a.num;
    let den = a.den;
    while (den !== 1n) { n *= 10n; k++; const g = gcd(n, den); n /= g; den /= g; }
    const s = (n < 0n ? -n : n).toString().padStart(k + 1, '0');
    return `${n < 0n ? '-' : ''}${s.slice(0, s.length - k)}.${s.slice(s.length - k)}`;
  }
  return `${ratToString(a)} (≈ ${Number(toNumber(a).toPrecision(12))})`;
}

/** A value of [0, ∞]: a non-negative rational or infinity. */
export type EUReal = Rational | 'inf';
export const INF = 'inf' as const;
export function euAdd(a: EUReal, b: EUReal): EUReal { return a === INF || b === INF ? INF : add(a, b); }
/** 0 · ∞ = 0 (the convention of expectation transformers). */
export function euMul(a: EUReal, b: EUReal): EUReal {
  if (a !== INF && isZero(a)) return ZERO;
  if (b !== INF && isZero(b)) return ZERO;
  return a === INF || b === INF ? INF : mul(a, b);
}
/** Monus: truncated subtraction; ∞ − finite = ∞, anything − ∞ = 0. */
export function euSub(a: EUReal, b: EUReal): EUReal {
  if (b === INF) return ZERO;
  if (a === INF) return INF;
  const d = sub(a, b);
  return d.num < 0n ? ZERO : d;
}
export function euLe(a: EUReal, b: EUReal): boolean {
  if (b === INF) return true;
  if (a === INF) return false;
  return cmp(a, b) <= 0;
}
export function euEq(a: EUReal, b: EUReal): boolean { return euLe(a, b) && euLe(b, a); }
export function euMin(a: EUReal, b: EUReal): EUReal { return euLe(a, b) ? a : b; }
export function euMax(a: EUReal, b: EUReal): EUReal { return euLe(a, b) ? b : a; }
export function euToString(a: EUReal): string { return a === INF ? '∞' : ratToString(a); }
