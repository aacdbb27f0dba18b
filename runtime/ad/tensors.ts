// Tensors on the tape: reverse-mode AD for the tensor built-ins under HMC/NUTS. A tensor that depends on
// tape values is an `AdTensor`: its current values (computed eagerly, with tensorflow.js for large
// contractions) and the op that made it. A scalar that comes out of tensors (`dot`, a `Normal` log density
// over a tensor, an element of `toArray`) is recorded as ONE tape node whose edges go to the scalar tape
// values the tensors were built from, with partials found by a local backward pass over the tensor ops
// (vector–Jacobian products: mᵀ·g for matvec, via tfjs when large) — Stan's operands-and-partials, so an
// observe of 10,000 data points costs one node, not 10,000.

import {
  PplError, Tensor, checkDot, checkMatvec, checkValueShape, dotData, matvecData, matvecTData, normalSum, shapeText,
} from '../../stdlib/index.js';
import type { Real, Tape } from './tape.js';

let nextId = 0;

/** How an AdTensor was made: from scalars (some on the tape), or as a matrix–vector product. */
type Op =
  | { readonly kind: 'leaf'; readonly entries: readonly Real[] }
  | { readonly kind: 'matvec'; readonly m: TensorArg; readonly v: TensorArg };

/** A tensor whose elements depend on tape values. Valid until the tape's next reset, like a `Var`. */
export class AdTensor {
  /** Creation order: an op's operands always have smaller ids, so decreasing ids is a reverse topological order. */
  readonly id = nextId++;
  constructor(
    readonly shape: number[],
    /** The elements' current values (row-major); never mutated. */
    readonly value: Float64Array,
    readonly op: Op,
  ) {}

  get size(): number {
    return this.value.length;
  }

  /** The plain Tensor of the current values. */
  plain(): Tensor {
    return new Tensor(this.shape.slice(), this.value);
  }
}

/** A tensor operand in AD code: plain or on the tape. */
export type TensorArg = Tensor | AdTensor;

export function isTensorArg(v: unknown): v is TensorArg {
  return v instanceof Tensor || v instanceof AdTensor;
}

function valuesOf(t: TensorArg): Float64Array {
  return t instanceof AdTensor ? t.value : t.data;
}
function asPlain(t: TensorArg): Tensor {
  return t instanceof AdTensor ? t.plain() : t;
}

/** Operands and their partials, gathered for one `fuseN` node. */
class Partials {
  readonly args: Real[] = [];
  readonly ws: number[] = [];
  push(a: Real, w: number): void {
    if (typeof a === 'number' || w === 0) return;
    this.args.push(a);
    this.ws.push(w);
  }
}

/**
 * Back-propagates the adjoints `seeds` (∂out/∂ each element of some AdTensors) through the tensor ops down to
 * the scalars the leaves were built from, adding (scalar, ∂out/∂scalar) to `out`.
 */
function backprop(seeds: ReadonlyArray<readonly [AdTensor, Float64Array]>, out: Partials): void {
  const adj = new Map<AdTensor, Float64Array>();
  const add = (t: AdTensor, g: Float64Array): void => {
    const a = adj.get(t);
    if (a === undefined) adj.set(t, g);
    else for (let i = 0; i < a.length; i++) a[i] += g[i]!;
  };
  // every AdTensor reachable from the seeds, newest first
  const nodes: AdTensor[] = [];
  const seen = new Set<AdTensor>();
  const stack: AdTensor[] = [];
  for (const [t, g] of seeds) {
    add(t, g.slice());
    stack.push(t);
  }
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    nodes.push(t);
    if (t.op.kind === 'matvec') {
      if (t.op.m instanceof AdTensor) stack.push(t.op.m);
      if (t.op.v instanceof AdTensor) stack.push(t.op.v);
    }
  }
  nodes.sort((a, b) => b.id - a.id);
  for (const t of nodes) {
    const g = adj.get(t);
    if (g === undefined) continue;
    const op = t.op;
    if (op.kind === 'leaf') {
      for (let i = 0; i < g.length; i++) out.push(op.entries[i]!, g[i]!);
      continue;
    }
    // y = m·v: ∂/∂v = mᵀ g, ∂/∂m = g vᵀ
    if (op.v instanceof AdTensor) add(op.v, matvecTData(asPlain(op.m), g));
    if (op.m instanceof AdTensor) {
      const v = valuesOf(op.v);
      const d = v.length;
      const gm = new Float64Array(g.length * d);
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]!;
        if (gi !== 0) for (let j = 0; j < d; j++) gm[i * d + j] = gi * v[j]!;
      }
      add(op.m, gm);
    }
  }
}

function record(T: Tape, out: Partials, value: number): Real {
  return T.fuseN(out.args, out.ws, value);
}

function isVarLike(x: unknown): boolean {
  return typeof x === 'object' && x !== null;
}

/** `vector(xs)` over tape values: a leaf (plain Tensor when no element is on the tape). */
export function adVector(T: Tape, xs: readonly Real[]): TensorArg {
  const value = new Float64Array(xs.length);
  let any = false;
  for (let i = 0; i < xs.length; i++) {
    value[i] = T.value(xs[i]!);
    if (isVarLike(xs[i])) any = true;
  }
  return any ? new AdTensor([xs.length], value, { kind: 'leaf', entries: xs.slice() }) : new Tensor([xs.length], value);
}

/** `tensor(rows)` over tape values. */
export function adMatrix(T: Tape, rows: readonly (readonly Real[])[]): TensorArg {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const entries: Real[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== d) throw new PplError(`tensor: row ${i} has ${r.length} elements but row 0 has ${d}; a matrix needs rows of one length`);
    for (let j = 0; j < d; j++) entries.push(r[j]!);
  }
  const value = Float64Array.from(entries, (x) => T.value(x));
  return entries.some(isVarLike) ? new AdTensor([n, d], value, { kind: 'leaf', entries }) : new Tensor([n, d], value);
}

/** A tensor-valued choice of the given shape from its free coordinates (HMC/NUTS's constrained values). */
export function adLeaf(T: Tape, shape: readonly number[], entries: readonly Real[]): AdTensor {
  return new AdTensor(shape.slice(), Float64Array.from(entries, (x) => T.value(x)), { kind: 'leaf', entries });
}

/** `matvec(m, v)` with either operand on the tape. */
export function adMatvec(m: TensorArg, v: TensorArg): TensorArg {
  checkMatvec(m, v);
  const value = matvecData(asPlain(m), valuesOf(v));
  if (!(m instanceof AdTensor) && !(v instanceof AdTensor)) return new Tensor([m.shape[0]!], value);
  return new AdTensor([m.shape[0]!], value, { kind: 'matvec', m, v });
}

/** `dot(u, v)`: one tape node. */
export function adDot(T: Tape, u: TensorArg, v: TensorArg): Real {
  checkDot(u, v);
  const uv = valuesOf(u);
  const vv = valuesOf(v);
  const value = dotData(uv, vv);
  const seeds: [AdTensor, Float64Array][] = [];
  if (u instanceof AdTensor) seeds.push([u, vv]);
  if (v instanceof AdTensor) seeds.push([v, uv]);
  if (seeds.length === 0) return value;
  const out = new Partials();
  backprop(seeds, out);
  return record(T, out, value);
}

/** `toArray(v)`: a leaf gives back its scalars; a computed tensor one tape node per element. */
export function adToArray(T: Tape, v: TensorArg): Real[] {
  if (!(v instanceof AdTensor)) return Array.from(v.data);
  if (v.op.kind === 'leaf') return v.op.entries.slice();
  const n = v.size;
  const res: Real[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const seed = new Float64Array(n);
    seed[i] = 1;
    const out = new Partials();
    backprop([[v, seed]], out);
    res[i] = record(T, out, v.value[i]!);
  }
  return res;
}

/**
 * log N(x; mu, sd) summed over the elements of a tensor normal, as one tape node: x and mu tensors (plain or
 * on the tape; x may also be the free coordinates of a tensor-valued choice, as an array), sd a scalar or a
 * tensor. Values out of range give NaN and the HMC target treats it as −∞, as for scalar densities.
 */
export function adNormalLogDensity(T: Tape, x: unknown, mu: TensorArg, sd: unknown): Real {
  const xs: TensorArg = Array.isArray(x) ? adLeaf(T, mu.shape, x as Real[]) : (x as TensorArg);
  if (!isTensorArg(xs)) throw new PplError(`Normal: the value of a tensor normal must be a Tensor, of shape ${shapeText(mu.shape)}`);
  checkValueShape(mu.shape, xs.shape);
  let sdv: number | Float64Array;
  if (isTensorArg(sd)) {
    checkValueShape(mu.shape, sd.shape);
    sdv = valuesOf(sd);
  } else sdv = T.value(sd as Real);
  const want = { x: xs instanceof AdTensor, mu: mu instanceof AdTensor, sd: sd instanceof AdTensor || isVarLike(sd) };
  const r = normalSum(valuesOf(xs), valuesOf(mu), sdv, want);
  if (!want.x && !want.mu && !want.sd) return r.value;
  const seeds: [AdTensor, Float64Array][] = [];
  if (xs instanceof AdTensor) seeds.push([xs, r.dx!]);
  if (mu instanceof AdTensor) seeds.push([mu, r.dmu!]);
  if (sd instanceof AdTensor) seeds.push([sd, r.dsd as Float64Array]);
  const out = new Partials();
  if (want.sd && !isTensorArg(sd)) out.push(sd as Real, r.dsd as number);
  backprop(seeds, out);
  return record(T, out, r.value);
}

/** The built-ins of the `tensor` category over the AD domain (called when an argument is on the tape). */
export function adTensorCall(T: Tape, name: string, args: readonly unknown[]): { value: unknown } | undefined {
  switch (name) {
    case 'vector': return { value: adVector(T, args[0] as Real[]) };
    case 'tensor': return { value: adMatrix(T, args[0] as Real[][]) };
    case 'matvec': return { value: adMatvec(args[0] as TensorArg, args[1] as TensorArg) };
    case 'dot': return { value: adDot(T, args[0] as TensorArg, args[1] as TensorArg) };
    case 'toArray': return { value: adToArray(T, args[0] as TensorArg) };
    default: return undefined;
  }
}
