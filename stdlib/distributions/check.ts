// Parameter validation shared by the distribution constructors: each failure is a PplError worded
// "Normal: sd must be positive, got -1", which generated code locates at the constructor's call.

import { PplError } from '../errors.js';
import { formatNumber } from '../values.js';

function show(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v) : JSON.stringify(v) ?? String(v);
}

export function fail(dist: string, message: string): never {
  throw new PplError(`${dist}: ${message}`);
}

export function checkFinite(dist: string, param: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(dist, `${param} must be a finite number, got ${show(x)}`);
  return x;
}

export function checkPositive(dist: string, param: string, x: number): number {
  if (typeof x !== 'number' || !(x > 0) || x === Infinity) fail(dist, `${param} must be positive, got ${show(x)}`);
  return x;
}

export function checkNonNegative(dist: string, param: string, x: number): number {
  if (typeof x !== 'number' || !(x >= 0) || x === Infinity) fail(dist, `${param} must be non-negative, got ${show(x)}`);
  return x;
}

export function checkProbability(dist: string, param: string, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(dist, `${param} must be a probability in [0, 1], got ${show(p)}`);
  return p;
}

export function checkInteger(dist: string, param: string, n: number): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) fail(dist, `${param} must be an integer, got ${show(n)}`);
  return n;
}

export function checkNat(dist: string, param: string, n: number): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    fail(dist, `${param} must be a non-negative integer, got ${show(n)}`);
  }
  return n;
}

/** Validates an array of numbers (Array or typed array); returns it. */
export function checkNumberArray(dist: string, param: string, xs: unknown): ArrayLike<number> {
  if (!(Array.isArray(xs) || ArrayBuffer.isView(xs))) fail(dist, `${param} must be an array of numbers`);
  const a = xs as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'number' || !Number.isFinite(a[i] as number)) {
      fail(dist, `${param}[${i}] must be a finite number, got ${show(a[i])}`);
    }
  }
  return a as ArrayLike<number>;
}

/** (a − 1)·log x with the convention 0·log 0 = 0, so boundary densities are ±Infinity or finite, never NaN. */
export function xlogy(a: number, x: number): number {
  return a === 0 ? 0 : a * Math.log(x);
}

/** A value read as a number for moments: numbers as they are, booleans as 1/0; otherwise undefined. */
export function numeric(v: unknown): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
}
