// Weighted moments of values, shared by the finite and sample-based results: numbers (and booleans as
// 1/0) give scalars; tuples, arrays and records of numbers (nested) give one moment per component in the
// values' own structure (the mean of a Dist<(Real, Real)> is a tuple); tensors give tensors.

import { PplError, Tensor, Tuple, numeric, shapeText, type Moment } from '../../stdlib/index.js';
import { flatten, leavesIn, rebuild } from './joint-gaussian.js';

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
  if (first instanceof Tensor) return tensorMoments(query, values, weights, first.shape);
  // A structure of numbers (tuple, array, record, nested): moments per leaf, in the same structure.
  const isNum = (x: unknown): x is number => typeof x === 'number';
  const f0 = flatten(first, isNum);
  if (f0 !== undefined && f0.leaves.length > 0) {
    const d = f0.leaves.length;
    const m = new Float64Array(d);
    const flats: (readonly number[])[] = [];
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      const fi = i === 0 ? f0.leaves : leavesIn(f0.shape, values[i]);
      if (fi === undefined) throw new PplError(`${query}: the values of this distribution differ in shape`);
      flats.push(fi);
      if (w === 0) continue;
      for (let j = 0; j < d; j++) m[j] += w * fi[j]!;
    }
    const v = new Float64Array(d);
    for (let i = 0; i < values.length; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const c = flats[i]!;
      for (let j = 0; j < d; j++) {
        const e = c[j]! - m[j]!;
        v[j] += w * e * e;
      }
    }
    return { mean: rebuild(f0.shape, (j) => m[j]!) as number[], variance: rebuild(f0.shape, (j) => v[j]!) as number[] };
  }
  throw new PplError(`${query}: the values of this distribution are not numbers`);
}

/** Elementwise weighted mean and variance of tensors of one shape (as tensors; `Moment` in the interface's terms). */
function tensorMoments(
  query: string, values: readonly unknown[], weights: ArrayLike<number>, shape: readonly number[],
): { mean: number | number[]; variance: number | number[] } {
  const size = (values[0] as Tensor).size;
  const m = new Float64Array(size);
  for (let i = 0; i < values.length; i++) {
    const t = values[i];
    if (!(t instanceof Tensor) || t.size !== size) {
      throw new PplError(`${query}: the values of this distribution differ in shape (${shapeText(shape)} and ${t instanceof Tensor ? shapeText(t.shape) : 'a non-tensor'})`);
    }
    const w = weights[i]!;
    if (w === 0) continue;
    for (let j = 0; j < size; j++) m[j] += w * t.data[j]!;
  }
  const v = new Float64Array(size);
  for (let i = 0; i < values.length; i++) {
    const w = weights[i]!;
    if (w === 0) continue;
    const d = (values[i] as Tensor).data;
    for (let j = 0; j < size; j++) {
      const e = d[j]! - m[j]!;
      v[j] += w * e * e;
    }
  }
  const asMoment = (x: Float64Array) => new Tensor(shape.slice(), x) as unknown as Moment as number[];
  return { mean: asMoment(m), variance: asMoment(v) };
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
