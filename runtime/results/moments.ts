// Weighted moments of values, shared by the finite and sample-based results: numbers (and booleans as
// 1/0) give scalars; arrays and tuples of numbers give one moment per component.

import { PplError, Tuple, numeric } from '../../stdlib/index.js';

function components(v: unknown): readonly unknown[] | undefined {
  return Array.isArray(v) ? v : v instanceof Tuple ? v.items : undefined;
}

/** Σ w_i v_i and Σ w_i (v_i − mean)² for weights summing to 1. Throws a PplError for non-numeric values. */
export function weightedMoments(
  query: string,
  values: readonly unknown[],
  weights: ArrayLike<number>,
): { mean: number | number[]; variance: number | number[] } {
  if (values.length === 0) throw new PplError(`${query}: the distribution has no values`);
  const first = values[0];
  if (numeric(first) !== undefined) {
    let m = 0;
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const x = numeric(values[i]);
      if (x === undefined) throw new PplError(`${query}: the values of this distribution are not all numbers`);
      m += w * x;
    }
    let v = 0;
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const d = numeric(values[i])! - m;
      v += w * d * d;
    }
    return { mean: m, variance: v };
  }
  const c0 = components(first);
  if (c0 !== undefined && c0.every((x) => typeof x === 'number')) {
    const d = c0.length;
    const m = new Array<number>(d).fill(0);
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      const c = components(values[i]);
      if (c === undefined || c.length !== d) throw new PplError(`${query}: the values of this distribution differ in shape`);
      if (w === 0) continue;
      for (let j = 0; j < d; j++) m[j] += w * (c[j] as number);
    }
    const v = new Array<number>(d).fill(0);
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const c = components(values[i])!;
      for (let j = 0; j < d; j++) {
        const e = (c[j] as number) - m[j]!;
        v[j] += w * e * e;
      }
    }
    return { mean: m, variance: v };
  }
  throw new PplError(`${query}: the values of this distribution are not numbers`);
}

/** True when v holds no non-integer number anywhere (so a sample set over it looks discrete). */
export function looksDiscrete(v: unknown): boolean {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v);
    case 'boolean':
    case 'string':
      return true;
  }
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.every(looksDiscrete);
  if (v instanceof Tuple) return v.items.every(looksDiscrete);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.values(v as object).every(looksDiscrete);
  }
  return false;
}
