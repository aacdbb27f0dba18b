// The tensor contractions on plain values: `matvec(m, v)`, its transpose (the vector–Jacobian product that
// gradients need), `dot(u, v)`. Small ones run in float64 JS; ones of at least `DEFAULT_TFJS_MIN_WORK`
// multiply-adds run in tensorflow.js when it is loaded (float32 there: see docs/language.md, Tensors).

import { PplError } from '../errors.js';
import { tfjs, useTfjs, type Tf } from './backend.js';
import { Tensor, checkMatrix, checkVector, shapeText } from './tensor.js';

// The tfjs copy of a large operand is made once per Tensor (tensors are immutable) and freed with it.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ dispose(): void }>((t) => t.dispose())
  : null;

function tfMatrix(tf: Tf, m: Tensor): ReturnType<Tf['tensor2d']> {
  if (m.tf === undefined) {
    const t = tf.tensor2d(Float32Array.from(m.data), [m.shape[0]!, m.shape[1]!], 'float32');
    tf.keep(t);
    m.tf = t;
    registry?.register(m, t);
  }
  return m.tf as ReturnType<Tf['tensor2d']>;
}

/**
 * The values of a tfjs result as float64, freeing it. (Read outside `tf.tidy`: tidy walks a returned typed array
 * element by element looking for tensors, which costs more than the product itself.)
 */
function read(t: { dataSync(): ArrayLike<number>; dispose(): void }): Float64Array {
  const out = Float64Array.from(t.dataSync());
  t.dispose();
  return out;
}

/** m·v for an n × d matrix m and a d-vector v of plain values: n values. */
export function matvecData(m: Tensor, v: ArrayLike<number>): Float64Array {
  const n = m.shape[0]!;
  const d = m.shape[1]!;
  if (useTfjs(n * d)) {
    const tf = tfjs()!;
    const M = tfMatrix(tf, m);
    return read(tf.tidy(() => tf.matMul(M, tf.tensor2d(Float32Array.from(v), [d, 1], 'float32'))));
  }
  const a = m.data;
  const out = new Float64Array(n);
  for (let i = 0, r = 0; i < n; i++, r += d) {
    let c = 0;
    for (let j = 0; j < d; j++) c += a[r + j]! * v[j]!;
    out[i] = c;
  }
  return out;
}

/** mᵀ·g for an n × d matrix m and an n-vector g: d values (the gradient of g·(m v) with respect to v). */
export function matvecTData(m: Tensor, g: ArrayLike<number>): Float64Array {
  const n = m.shape[0]!;
  const d = m.shape[1]!;
  if (useTfjs(n * d)) {
    const tf = tfjs()!;
    const M = tfMatrix(tf, m);
    return read(tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(g), [1, n], 'float32'), M)));
  }
  const a = m.data;
  const out = new Float64Array(d);
  for (let i = 0, r = 0; i < n; i++, r += d) {
    const gi = g[i]!;
    if (gi === 0) continue;
    for (let j = 0; j < d; j++) out[j] += a[r + j]! * gi;
  }
  return out;
}

/** Checks the shapes of `matvec(m, v)`. */
export function checkMatvec(m: { shape: readonly number[] }, v: { shape: readonly number[] }): void {
  checkMatrix('matvec', 'the first argument', m as Tensor);
  checkVector('matvec', 'the second argument', v as Tensor);
  if (m.shape[1] !== v.shape[0]) {
    throw new PplError(`matvec: a matrix of shape ${shapeText(m.shape)} times a vector of length ${v.shape[0]}; the lengths must agree`);
  }
}

/** `matvec(m, v)`: matrix times vector. */
export function matvec(m: Tensor, v: Tensor): Tensor {
  checkMatvec(m, v);
  return new Tensor([m.shape[0]!], matvecData(m, v.data));
}

/** Checks the shapes of `dot(u, v)`. */
export function checkDot(u: { shape: readonly number[] }, v: { shape: readonly number[] }): void {
  checkVector('dot', 'the first argument', u as Tensor);
  checkVector('dot', 'the second argument', v as Tensor);
  if (u.shape[0] !== v.shape[0]) throw new PplError(`dot: vectors of lengths ${u.shape[0]} and ${v.shape[0]}; the lengths must agree`);
}

/** Σ u_i v_i in float64. */
export function dotData(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < u.length; i++) c += u[i]! * v[i]!;
  return c;
}

/** `dot(u, v)`: the inner product of two vectors (float64: a length-n dot is cheaper in JS than one tfjs call). */
export function dot(u: Tensor, v: Tensor): number {
  checkDot(u, v);
  return dotData(u.data, v.data);
}
