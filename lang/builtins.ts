// The signature and effect of every built-in name a .ppl program sees (language.md §5–§6): distributions,
// probabilistic primitives, queries on distributions, math, arrays, tensors and inference methods.
// The checker types calls against this table; the compiler reads it to know what a `builtin` binding is.

import type { Effect } from './ast.js';
import {
  Bool, Int, Method, Nat, Real, Str, Tensor, Unit, arrayOf, distOf, fnOf, freshEffectVar, freshTypeVar, tupleOf,
  type FnType, type LatentEffect, type Type, type TypeVar,
} from './types.js';

/** A named argument a built-in accepts (`SMC(particles: 100)`); every named argument is optional. */
export interface NamedParam {
  readonly name: string;
  readonly type: Type;
  /** The value used when the argument is absent, as text for documentation. */
  readonly default: string;
  /** For String parameters with a fixed set of values (`resampling`). */
  readonly oneOf?: readonly string[];
  /** The allowed values of a numeric parameter, as a phrase and a test (checked when the argument is a literal). */
  readonly range?: { readonly text: string; readonly ok: (v: number) => boolean };
}

/** One callable form of a built-in: positional parameters (with result, effect and type parameters) plus named ones. */
export interface Signature {
  readonly type: FnType;
  readonly named?: readonly NamedParam[];
  /** Names of the positional parameters, for messages and documentation. */
  readonly paramNames: readonly string[];
}

export type BuiltinCategory =
  | 'distribution' | 'probabilistic' | 'query' | 'math' | 'constant' | 'array' | 'tensor' | 'method' | 'io';

export interface Builtin {
  readonly name: string;
  readonly category: BuiltinCategory;
  /**
   * The callable forms, tried in order; the checker picks the first whose parameters accept the
   * arguments (so `abs(n)` on a Nat is a Nat and on a Real a Real). `$overload` on a Call is the index.
   */
  readonly overloads: readonly Signature[];
  /** The type of the name used as a value rather than called (`pi`, `Enumerate`, `sqrt` passed to `map`). */
  readonly value?: Type;
  /** Which overload's messages to show when no overload fits (the most general or the usual one; default the first). */
  readonly primary?: number;
  /** One line of documentation. */
  readonly doc: string;
}

// ---------------------------------------------------------------------------------------------
// Building the table
// ---------------------------------------------------------------------------------------------

type P = [name: string, type: Type];

function sig(params: P[], result: Type, effect: LatentEffect | Effect = 'pure', typeParams?: TypeVar[], named?: NamedParam[]): Signature {
  const type = fnOf(params.map((p) => p[1]), result, effect, typeParams);
  return named ? { type, named, paramNames: params.map((p) => p[0]) } : { type, paramNames: params.map((p) => p[0]) };
}

const table = new Map<string, Builtin>();
function def(name: string, category: BuiltinCategory, doc: string, overloads: Signature[], extra: { value?: Type; primary?: number } = {}): void {
  table.set(name, { name, category, doc, overloads, ...extra });
}

/** A generic signature: `mk` receives fresh type variables named as given. */
function generic(names: string[], mk: (...vs: TypeVar[]) => Signature): Signature {
  return mk(...names.map((n) => freshTypeVar(n)));
}
/** A signature whose function parameter has an effect variable ε; the call has the effect of that argument. */
function higherOrder(names: string[], mk: (eff: LatentEffect, ...vs: TypeVar[]) => Signature): Signature {
  const eff: LatentEffect = { base: 'pure', vars: [freshEffectVar()] };
  return mk(eff, ...names.map((n) => freshTypeVar(n)));
}

const real1 = (name: string, doc: string): void => def(name, 'math', doc, [sig([['x', Real]], Real)]);
/** Nat → Nat, Int → Int, Real → Real (or → `realResult`). */
function numericLadder(name: string, doc: string, arity: number, result?: { nat: Type; int: Type; real: Type }): void {
  const ps = (t: Type): P[] => Array.from({ length: arity }, (_, i) => [arity === 1 ? 'x' : ['a', 'b'][i]!, t]);
  const r = result ?? { nat: Nat, int: Int, real: Real };
  def(name, 'math', doc, [sig(ps(Nat), r.nat), sig(ps(Int), r.int), sig(ps(Real), r.real)], { primary: 2 });
}

// ---------------------------------------------------------------------------------------------
// Distributions (language.md §5). All constructors are pure.
// ---------------------------------------------------------------------------------------------

def('Bernoulli', 'distribution', 'Bernoulli(p): true with probability p', [sig([['p', Real]], distOf(Bool))]);
def('Categorical', 'distribution', 'Categorical(weights) over 0..len(weights); Categorical(weights, values) over values; weights are normalised', [
  sig([['weights', arrayOf(Real)]], distOf(Nat)),
  generic(['T'], (T) => sig([['weights', arrayOf(Real)], ['values', arrayOf(T)]], distOf(T), 'pure', [T])),
]);
def('UniformInt', 'distribution', 'UniformInt(a, b): uniform on the integers a..b inclusive', [
  sig([['a', Nat], ['b', Nat]], distOf(Nat)),
  sig([['a', Int], ['b', Int]], distOf(Int)),
], { primary: 1 });
def('Binomial', 'distribution', 'Binomial(n, p): successes in n trials', [sig([['n', Nat], ['p', Real]], distOf(Nat))]);
def('Geometric', 'distribution', 'Geometric(p): failures before the first success', [sig([['p', Real]], distOf(Nat))]);
def('Poisson', 'distribution', 'Poisson(rate)', [sig([['rate', Real]], distOf(Nat))]);
def('Normal', 'distribution', 'Normal(mean, sd); Normal(t, sd) on a Tensor is elementwise independent', [
  sig([['mean', Real], ['sd', Real]], distOf(Real)),
  sig([['mean', Tensor], ['sd', Real]], distOf(Tensor)),
  sig([['mean', Tensor], ['sd', Tensor]], distOf(Tensor)),
], { primary: 0 });
def('Uniform', 'distribution', 'Uniform(a, b): continuous uniform on [a, b]', [sig([['a', Real], ['b', Real]], distOf(Real))]);
def('Beta', 'distribution', 'Beta(a, b)', [sig([['a', Real], ['b', Real]], distOf(Real))]);
def('Gamma', 'distribution', 'Gamma(shape, rate)', [sig([['shape', Real], ['rate', Real]], distOf(Real))]);
def('Exponential', 'distribution', 'Exponential(rate)', [sig([['rate', Real]], distOf(Real))]);
def('Dirichlet', 'distribution', 'Dirichlet(alphas): a probability vector', [sig([['alphas', arrayOf(Real)]], distOf(arrayOf(Real)))]);
def('MvNormal', 'distribution', 'MvNormal(mean, cov): multivariate normal', [
  sig([['mean', arrayOf(Real)], ['cov', arrayOf(arrayOf(Real))]], distOf(arrayOf(Real))),
]);
def('Delta', 'distribution', 'Delta(v): always v', [generic(['T'], (T) => sig([['v', T]], distOf(T), 'pure', [T]))]);

// ---------------------------------------------------------------------------------------------
// Probabilistic primitives
// ---------------------------------------------------------------------------------------------

def('sample', 'probabilistic', 'sample(d): draw from d', [generic(['T'], (T) => sig([['d', distOf(T)]], T, 'sampling', [T]))]);
def('flip', 'probabilistic', 'flip(p) = sample(Bernoulli(p)); flip() = flip(0.5)', [sig([], Bool, 'sampling'), sig([['p', Real]], Bool, 'sampling')], { primary: 1 });
def('observe', 'probabilistic', 'observe(d, v): weight the execution by the density of d at v', [
  generic(['T'], (T) => sig([['d', distOf(T)], ['v', T]], Unit, 'conditioning', [T])),
]);
def('condition', 'probabilistic', 'condition(b): a hard constraint, weight × [b]', [sig([['b', Bool]], Unit, 'conditioning')]);
def('factor', 'probabilistic', 'factor(s): weight × exp(s)', [sig([['s', Real]], Unit, 'conditioning')]);
def('tick', 'probabilistic', 'tick(c): adds c ≥ 0 to the cost read by E[cost]; does nothing when run', [sig([['c', Real]], Unit)]);
// mem takes a function of any arity; the checker gives `mem(f)` the type of `f`. The signature here is its one-argument form.
def('mem', 'probabilistic', 'mem(f): stochastic memoisation; the result has the type and effect of f', [
  higherOrder(['A', 'R'], (eff, A, R) => sig([['f', fnOf([A], R, eff)]], fnOf([A], R, eff), 'pure', [A, R])),
]);
def('infer', 'probabilistic', 'infer(f, method): the normalised distribution of f()\'s result; pure whatever f does', [
  higherOrder(['T'], (eff, T) => sig([['f', fnOf([], T, eff)], ['method', Method]], distOf(T), 'pure', [T])),
]);

// ---------------------------------------------------------------------------------------------
// Queries on distributions
// ---------------------------------------------------------------------------------------------

def('prob', 'query', 'prob(d, v): the probability (or density) of v', [generic(['T'], (T) => sig([['d', distOf(T)], ['v', T]], Real, 'pure', [T]))]);
def('logProb', 'query', 'logProb(d, v): the log probability (or log density) of v', [generic(['T'], (T) => sig([['d', distOf(T)], ['v', T]], Real, 'pure', [T]))]);
def('mean', 'query', 'mean(d): the expected value of d', [
  sig([['d', distOf(Real)]], Real),
  sig([['d', distOf(arrayOf(Real))]], arrayOf(Real)),
  sig([['d', distOf(Tensor)]], Tensor),
], { primary: 0 });
def('variance', 'query', 'variance(d)', [sig([['d', distOf(Real)]], Real), sig([['d', distOf(arrayOf(Real))]], arrayOf(Real))], { primary: 0 });
def('sd', 'query', 'sd(d): the standard deviation', [sig([['d', distOf(Real)]], Real), sig([['d', distOf(arrayOf(Real))]], arrayOf(Real))], { primary: 0 });
def('support', 'query', 'support(d): the values of a finite distribution', [generic(['T'], (T) => sig([['d', distOf(T)]], arrayOf(T), 'pure', [T]))]);
def('expect', 'query', 'expect(d, f): the expected value of f(x) for x ~ d', [
  higherOrder(['T'], (eff, T) => sig([['d', distOf(T)], ['f', fnOf([T], Real, eff)]], Real, eff, [T])),
]);
def('samples', 'query', 'samples(d): the samples of a sample-based distribution', [generic(['T'], (T) => sig([['d', distOf(T)]], arrayOf(T), 'pure', [T]))]);
def('quantile', 'query', 'quantile(d, q)', [sig([['d', distOf(Real)], ['q', Real]], Real)]);
def('logZ', 'query', 'logZ(d): the log evidence (estimate) of an infer result', [generic(['T'], (T) => sig([['d', distOf(T)]], Real, 'pure', [T]))]);
def('ess', 'query', 'ess(d): the effective sample size (infinity for exact results)', [generic(['T'], (T) => sig([['d', distOf(T)]], Real, 'pure', [T]))]);

// ---------------------------------------------------------------------------------------------
// Math
// ---------------------------------------------------------------------------------------------

def('abs', 'math', 'abs(x): |x|; a Nat on integers', [sig([['x', Nat]], Nat), sig([['x', Int]], Nat), sig([['x', Real]], Real)], { primary: 2 });
real1('exp', 'exp(x)');
real1('log', 'log(x), natural');
real1('log1p', 'log1p(x) = log(1 + x)');
real1('expm1', 'expm1(x) = exp(x) - 1');
real1('sqrt', 'sqrt(x)');
real1('sin', 'sin(x)');
real1('cos', 'cos(x)');
real1('tan', 'tan(x)');
real1('lgamma', 'lgamma(x): log |Γ(x)|');
real1('digamma', 'digamma(x)');
real1('toReal', 'toReal(x): x as a Real');
def('atan2', 'math', 'atan2(y, x)', [sig([['y', Real], ['x', Real]], Real)]);
def('pow', 'math', 'pow(a, b) = a^b', [sig([['a', Real], ['b', Real]], Real)]);
numericLadder('min', 'min(a, b)', 2);
numericLadder('max', 'max(a, b)', 2);
def('logSumExp', 'math', 'logSumExp(xs) = log(sum of exp(x))', [sig([['xs', arrayOf(Real)]], Real)]);
for (const [name, doc] of [['floor', 'floor(x)'], ['ceil', 'ceil(x)'], ['round', 'round(x), halves away from zero'], ['toInt', 'toInt(x): truncation toward zero']] as const) {
  numericLadder(name, doc, 1, { nat: Nat, int: Int, real: Int });
}
def('pi', 'constant', 'π', [], { value: Real });
def('e', 'constant', 'Euler\'s number', [], { value: Real });

// ---------------------------------------------------------------------------------------------
// Arrays: the array first, the function last. Higher-order ones have the effect of their function.
// ---------------------------------------------------------------------------------------------

def('len', 'array', 'len(xs): the number of elements', [generic(['T'], (T) => sig([['xs', arrayOf(T)]], Nat, 'pure', [T]))]);
def('range', 'array', 'range(n) = [0, …, n-1]; range(a, b) = [a, …, b-1]', [
  sig([['n', Nat]], arrayOf(Nat)),
  sig([['a', Nat], ['b', Nat]], arrayOf(Nat)),
  sig([['a', Int], ['b', Int]], arrayOf(Int)),
], { primary: 2 });
def('map', 'array', 'map(xs, f): [f(x) for x in xs]', [
  higherOrder(['T', 'U'], (eff, T, U) => sig([['xs', arrayOf(T)], ['f', fnOf([T], U, eff)]], arrayOf(U), eff, [T, U])),
]);
def('mapIndexed', 'array', 'mapIndexed(xs, f): [f(i, xs[i]) for each index i]', [
  higherOrder(['T', 'U'], (eff, T, U) => sig([['xs', arrayOf(T)], ['f', fnOf([Nat, T], U, eff)]], arrayOf(U), eff, [T, U])),
]);
def('filter', 'array', 'filter(xs, f): the elements for which f is true', [
  higherOrder(['T'], (eff, T) => sig([['xs', arrayOf(T)], ['f', fnOf([T], Bool, eff)]], arrayOf(T), eff, [T])),
]);
def('fold', 'array', 'fold(xs, init, f): f(…f(f(init, xs[0]), xs[1])…)', [
  higherOrder(['T', 'A'], (eff, T, A) => sig([['xs', arrayOf(T)], ['init', A], ['f', fnOf([A, T], A, eff)]], A, eff, [T, A])),
]);
def('any', 'array', 'any(xs, f): whether f is true for some element', [
  higherOrder(['T'], (eff, T) => sig([['xs', arrayOf(T)], ['f', fnOf([T], Bool, eff)]], Bool, eff, [T])),
]);
def('all', 'array', 'all(xs, f): whether f is true for every element', [
  higherOrder(['T'], (eff, T) => sig([['xs', arrayOf(T)], ['f', fnOf([T], Bool, eff)]], Bool, eff, [T])),
]);
def('repeat', 'array', 'repeat(n, f): [f(), f(), …] (n calls)', [
  higherOrder(['T'], (eff, T) => sig([['n', Nat], ['f', fnOf([], T, eff)]], arrayOf(T), eff, [T])),
]);
def('sum', 'array', 'sum(xs)', [sig([['xs', arrayOf(Nat)]], Nat), sig([['xs', arrayOf(Int)]], Int), sig([['xs', arrayOf(Real)]], Real)], { primary: 2 });
def('product', 'array', 'product(xs)', [sig([['xs', arrayOf(Nat)]], Nat), sig([['xs', arrayOf(Int)]], Int), sig([['xs', arrayOf(Real)]], Real)], { primary: 2 });
def('average', 'array', 'average(xs): the arithmetic mean of a non-empty array', [sig([['xs', arrayOf(Real)]], Real)]);
def('zip', 'array', 'zip(xs, ys): pairs, as long as the shorter', [
  generic(['T', 'U'], (T, U) => sig([['xs', arrayOf(T)], ['ys', arrayOf(U)]], arrayOf(tupleOf([T, U])), 'pure', [T, U])),
]);
def('append', 'array', 'append(xs, x): a new array with x at the end', [generic(['T'], (T) => sig([['xs', arrayOf(T)], ['x', T]], arrayOf(T), 'pure', [T]))]);
def('concat', 'array', 'concat(xs, ys)', [generic(['T'], (T) => sig([['xs', arrayOf(T)], ['ys', arrayOf(T)]], arrayOf(T), 'pure', [T]))]);
def('reverse', 'array', 'reverse(xs)', [generic(['T'], (T) => sig([['xs', arrayOf(T)]], arrayOf(T), 'pure', [T]))]);
def('slice', 'array', 'slice(xs, from, to): xs[from..to], to exclusive', [
  generic(['T'], (T) => sig([['xs', arrayOf(T)], ['from', Nat], ['to', Nat]], arrayOf(T), 'pure', [T])),
]);
def('indexOf', 'array', 'indexOf(xs, x): the first index of x, or -1', [generic(['T'], (T) => sig([['xs', arrayOf(T)], ['x', T]], Int, 'pure', [T]))]);
def('contains', 'array', 'contains(xs, x): whether x is an element', [generic(['T'], (T) => sig([['xs', arrayOf(T)], ['x', T]], Bool, 'pure', [T]))]);

// ---------------------------------------------------------------------------------------------
// Tensors (tensorflow.js, loaded only when a program uses them)
// ---------------------------------------------------------------------------------------------

def('tensor', 'tensor', 'tensor(rows): a matrix', [sig([['rows', arrayOf(arrayOf(Real))]], Tensor)]);
def('vector', 'tensor', 'vector(xs): a vector', [sig([['xs', arrayOf(Real)]], Tensor)]);
def('matvec', 'tensor', 'matvec(m, v): matrix times vector', [sig([['m', Tensor], ['v', Tensor]], Tensor)]);
def('dot', 'tensor', 'dot(u, v): the inner product of two vectors', [sig([['u', Tensor], ['v', Tensor]], Real)]);
def('toArray', 'tensor', 'toArray(v): a vector\'s elements', [sig([['v', Tensor]], arrayOf(Real))]);

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

// `print` is allowed only in pure code and at top level; the checker enforces that beyond this signature.
def('print', 'io', 'print(v): writes v on its own line', [generic(['T'], (T) => sig([['v', T]], Unit, 'pure', [T]))]);

// ---------------------------------------------------------------------------------------------
// Inference methods (language.md §6). Each is a Method value and can be called with named options.
// ---------------------------------------------------------------------------------------------

const atLeast1 = { text: 'at least 1', ok: (v: number) => v >= 1 };
const fraction = { text: 'between 0 and 1', ok: (v: number) => v >= 0 && v <= 1 };
const positive = { text: 'positive', ok: (v: number) => v > 0 };
const n = (name: string, def_: string, type: Type = Nat, range?: NamedParam['range']): NamedParam =>
  (range ? { name, type, default: def_, range } : { name, type, default: def_ });
function method(name: string, doc: string, named: NamedParam[]): void {
  def(name, 'method', doc, [sig([], Method, 'pure', undefined, named)], { value: Method });
}
const chains = n('chains', '1', Nat, atLeast1);
const samples = n('samples', '1000', Nat, atLeast1);
method('Enumerate', 'exact enumeration of every execution', [n('maxExecutions', '1000000', Nat, atLeast1)]);
method('Exact', 'exact: discrete choices enumerated, Gaussians symbolic', []);
method('Rejection', 'rejection sampling: exact samples', [samples]);
method('Importance', 'likelihood weighting', [samples]);
method('SMC', 'sequential Monte Carlo', [
  n('particles', '1000', Nat, atLeast1), n('rejuvenation', '0'),
  { name: 'resampling', type: Str, default: '"systematic"', oneOf: ['systematic', 'multinomial', 'stratified'] },
  n('ess', '1 (resample at every step)', Real, fraction),
]);
method('MH', 'single-site Metropolis–Hastings', [samples, n('burn', '0'), n('thin', '1', Nat, atLeast1), chains]);
method('HMC', 'Hamiltonian Monte Carlo', [samples, n('burn', 'samples'), n('steps', '10', Nat, atLeast1), n('stepSize', '0.1', Real, positive), chains]);
method('NUTS', 'the No-U-Turn sampler', [samples, n('warmup', 'samples'), chains]);

/** Every built-in by name. */
export const builtins: ReadonlyMap<string, Builtin> = table;

/** The built-in named `name`, if any. */
export function builtin(name: string): Builtin | undefined {
  return table.get(name);
}

/** The type a built-in has when used as a value: its `value`, else its primary (most general) callable form. */
export function builtinValueType(b: Builtin): Type | undefined {
  if (b.value) return b.value;
  const o = b.overloads[b.primary ?? b.overloads.length - 1];
  return o && !o.named ? o.type : undefined;
}
