// The prelude as compiled code sees it: `$B` (built-ins called by name) and `$V` (built-ins used as values:
// `pi`, `Enumerate`, `flip` passed to `map`). Distributions, math and arrays come from stdlib/, queries on
// distributions from runtime/results, methods from runtime/methods.ts.

import * as S from '../../stdlib/index.js';
import { PplError, valueEquals } from '../../stdlib/index.js';
import { Request, type Addr, type Cont } from '../contract.js';
import { METHOD_NAMES, method } from '../methods.js';
import { prob, logProb, mean, variance, sd, support, expect, samples, quantile, logZ, ess } from '../results/index.js';
import { twin } from './helpers.js';

export type BuiltinTable = Record<string, Function>;

function mapIndexed(xs: readonly unknown[], f: (i: number, x: unknown) => unknown): unknown[] {
  return xs.map((x, i) => f(i, x));
}
function average(xs: readonly number[]): number {
  if (xs.length === 0) throw new PplError('average: the array is empty');
  return S.sum(xs) / xs.length;
}
function indexOf(xs: readonly unknown[], x: unknown): number {
  for (let i = 0; i < xs.length; i++) if (valueEquals(xs[i], x)) return i;
  return -1;
}
function contains(xs: readonly unknown[], x: unknown): boolean {
  return indexOf(xs, x) >= 0;
}
/** `Normal(mean, sd)`: over a Tensor mean, independent normals per element (stdlib/tensors). */
function Normal(mean: number | S.Tensor, sd: number | S.Tensor): S.Distribution {
  if (mean instanceof S.Tensor) return new S.TensorNormalDist(mean, sd);
  return S.Normal(mean, sd as number);
}

/** Built-ins callable by name (everything but `print`, which each run binds to its output). */
export const baseBuiltins: BuiltinTable = {
  Bernoulli: S.Bernoulli, Categorical: S.Categorical, UniformInt: S.UniformInt, Binomial: S.Binomial,
  Geometric: S.Geometric, Poisson: S.Poisson, Normal, Uniform: S.Uniform, Beta: S.Beta, Gamma: S.Gamma,
  Exponential: S.Exponential, Dirichlet: S.Dirichlet, MvNormal: S.MvNormal, Delta: S.Delta,
  abs: S.abs, exp: S.exp, log: S.log, log1p: S.log1p, expm1: S.expm1, sqrt: S.sqrt, pow: S.pow, sin: S.sin,
  cos: S.cos, tan: S.tan, atan2: S.atan2, lgamma: S.lgamma, digamma: S.digamma, min: S.min, max: S.max,
  logSumExp: S.logSumExp, floor: S.floor, ceil: S.ceil, round: S.round, toInt: S.toInt, toReal: S.toReal,
  len: S.len, range: S.range, map: S.map, mapIndexed, filter: S.filter, fold: S.fold, any: S.any, all: S.all,
  repeat: S.repeat, sum: S.sum, product: S.product, sumInt: S.sumInt, productInt: S.productInt, average, zip: S.zip, append: S.append, concat: S.concat,
  reverse: S.reverse, slice: S.slice, indexOf, contains,
  prob, logProb, mean, variance, sd, support, expect, samples, quantile, logZ, ess,
  tensor: S.tensor, vector: S.vector, matvec: S.matvec, dot: S.dot, toArray: S.toArray,
};
for (const name of METHOD_NAMES) baseBuiltins[name] = (named: Record<string, unknown> = {}) => method(name, named);

/** CPS function values for the probabilistic primitives used as values (`map(ps, flip)`); site -1. */
const primitiveValues: Record<string, Function> = {
  flip: twin((a: Addr, k: Cont, p = 0.5) => new Request('sample', a, -1, S.Bernoulli(p), null, k), null, true),
  sample: twin((a: Addr, k: Cont, d: S.Distribution) => new Request('sample', a, -1, d, null, k), null, true),
  observe: twin((a: Addr, k: Cont, d: S.Distribution, v: unknown) => new Request('observe', a, -1, d, v, k), null, true),
  condition: twin((a: Addr, k: Cont, b: boolean) => new Request('condition', a, -1, null, b, k), null, true),
  factor: twin((a: Addr, k: Cont, s: number) => new Request('factor', a, -1, null, s, k), null, true),
  tick: () => null,
};

/** The value table: every callable built-in as itself, constants, methods with default options. */
export function valueTable(B: BuiltinTable): Record<string, unknown> {
  const V: Record<string, unknown> = { ...B, ...primitiveValues, pi: S.pi, e: S.e };
  for (const name of METHOD_NAMES) V[name] = method(name);
  return V;
}
