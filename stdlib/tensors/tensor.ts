// The `Tensor` value of .ppl programs: an immutable row-major array of float64 numbers with a shape
// (a vector [n] or a matrix [n, d]), and its constructors `tensor(rows)`, `vector(xs)` and `toArray(v)`.
// Tensors are plain JS data; tensorflow.js (backend.ts) only computes the large contractions (ops.ts).

import { PplError } from '../errors.js';

/** A .ppl `Tensor`. `data` is row-major and never mutated after construction. */
export class Tensor {
  /** Cached tensorflow.js copy of the data (float32), made by backend.ts for large operands. */
  tf: unknown = undefined;
  constructor(
    readonly shape: number[],
    readonly data: Float64Array,
  ) {}

  get size(): number {
    return this.data.length;
  }

  /** The elements as nested JS arrays (vectors: number[], matrices: number[][]): for printing and JSON. */
  arraySync(): number[] | number[][] {
    if (this.shape.length === 1) return Array.from(this.data);
    const [n, d] = this.shape as [number, number];
    const rows: number[][] = new Array(n);
    for (let i = 0; i < n; i++) rows[i] = Array.from(this.data.subarray(i * d, (i + 1) * d));
    return rows;
  }
}

export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

/** A vector tensor over the given values (copied). */
export function vectorOf(data: ArrayLike<number>): Tensor {
  return new Tensor([data.length], Float64Array.from(data));
}

/** `tensor(rows)`: the matrix whose rows are `rows` (all of one length). */
export function tensor(rows: readonly (readonly number[])[]): Tensor {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== d) throw new PplError(`tensor: row ${i} has ${r.length} elements but row 0 has ${d}; a matrix needs rows of one length`);
    for (let j = 0; j < d; j++) data[i * d + j] = r[j]!;
  }
  return new Tensor([n, d], data);
}

/** `vector(xs)`: the vector of xs. */
export function vector(xs: readonly number[]): Tensor {
  return vectorOf(xs);
}

/** `toArray(v)`: a vector's elements (a matrix's, row by row). */
export function toArray(v: Tensor): number[] {
  return Array.from(v.data);
}

/** The shape as text for messages: `[200]`, `[200, 3]`. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws unless t is a vector (rank 1); `what` names the argument in the message. */
export function checkVector(fn: string, what: string, t: Tensor): void {
  if (t.shape.length !== 1) throw new PplError(`${fn}: ${what} must be a vector, found a tensor of shape ${shapeText(t.shape)}`);
}

/** Throws unless t is a matrix (rank 2). */
export function checkMatrix(fn: string, what: string, t: Tensor): void {
  if (t.shape.length !== 2) throw new PplError(`${fn}: ${what} must be a matrix, found a tensor of shape ${shapeText(t.shape)}`);
}
