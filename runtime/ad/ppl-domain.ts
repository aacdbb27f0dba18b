// The AD number domain in the shape compiled .ppl code calls (`$D` in the domain twins, like the Exact
// engine's domain): real arithmetic, comparisons and built-ins over tape values, and distribution
// constructors that return `AdDist`s whose `logDensity` is recorded on the tape. The HMC/NUTS engine runs a
// model's twin with this domain, reads each `sample` site's `constraint()` to map free coordinates to the
// choice (runtime/transforms), and sums `logDensity` of samples and observes plus the log-Jacobians.

import { PplError, Tensor, valueEquals } from '../../stdlib/index.js';
import {
  bernoulliLogPmf, betaLogPdf, binomialLogPmf, categoricalLogPmf, dirichletLogPdf, exponentialLogPdf, gammaLogPdf,
  geometricLogPmf, mvNormalLogPdf, normalLogPdf, poissonLogPmf, uniformLogPdf,
} from './densities.js';
import { Tape, Var, type Real } from './tape.js';
import { AdTensor, adLeaf, adNormalLogDensity, adTensorCall, isTensorArg } from './tensors.js';
import { supportConstraint, type Constraint } from '../transforms/index.js';

/** Whether v is, or contains (arrays, tuples, records), a tape value. */
export function containsVar(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Var || v instanceof AdTensor) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (containsVar(x)) return true;
    return false;
  }
  const items = (v as { items?: unknown }).items;
  if (Array.isArray(items)) return containsVar(items);
  if (Object.getPrototypeOf(v) === Object.prototype) {
    for (const k in v) if (containsVar((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** v with every tape value replaced by its plain value (same structure; tuples keep their class). */
export function plainValue(tape: Tape, v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Var) return tape.value(v);
  if (v instanceof AdTensor) return v.plain();
  if (!containsVar(v)) return v;
  if (Array.isArray(v)) return v.map((x) => plainValue(tape, x));
  const items = (v as { items?: unknown }).items;
  if (Array.isArray(items)) {
    const copy = Object.create(Object.getPrototypeOf(v));
    return Object.assign(copy, v, { items: items.map((x) => plainValue(tape, x)) });
  }
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = plainValue(tape, (v as Record<string, unknown>)[k]);
  return out;
}

type Builtins = Record<string, Function>;

/** Distributions whose log density the tape records (the continuous ones and the discrete ones with real parameters). */
const AD_DISTS = new Set([
  'Normal', 'Uniform', 'Beta', 'Gamma', 'Exponential', 'Dirichlet', 'MvNormal', 'Bernoulli', 'Categorical',
  'Poisson', 'Binomial', 'Geometric',
]);
const DISCRETE = new Set(['Bernoulli', 'Categorical', 'Poisson', 'Binomial', 'Geometric']);

/**
 * A distribution whose parameters may be tape values. `logDensity(x)` records log p(x) on the tape;
 * the plain-number interface (`sample`, `logProb`, moments) delegates to the stdlib distribution built
 * from the parameters' current values.
 */
export class AdDist {
  readonly isContinuous: boolean;
  private plainDist: { sample(r: unknown): unknown; logProb(x: unknown): number; support(): readonly unknown[] | undefined; mean(): unknown; variance(): unknown; params(): Record<string, unknown> } | null = null;
  constructor(
    readonly name: string,
    readonly args: readonly unknown[],
    private readonly tape: Tape,
    private readonly builtins: Builtins,
  ) {
    this.isContinuous = !DISCRETE.has(name);
  }

  private plain() {
    if (this.plainDist === null) {
      const args = this.args.map((a) => plainValue(this.tape, a));
      this.plainDist = this.builtins[this.name](...args) as NonNullable<AdDist['plainDist']>;
    }
    return this.plainDist;
  }

  /** The support as a transform sees it (undefined for discrete distributions: not HMC-samplable). */
  constraint(): Constraint | undefined {
    if (!this.isContinuous) return undefined;
    // a Normal over a tensor: one free coordinate per element
    if (this.name === 'Normal' && isTensorArg(this.args[0])) return { kind: 'real', size: this.args[0].size };
    return supportConstraint(this.name, this.args);
  }

  /** The program's value for a choice from its constrained coordinates (a tensor Normal's array becomes a Tensor). */
  choiceValue(x: unknown): unknown {
    if (this.name === 'Normal' && isTensorArg(this.args[0]) && Array.isArray(x)) return adLeaf(this.tape, this.args[0].shape, x as Real[]);
    return x;
  }

  /** The constrained coordinates of a plain value of this distribution (a Tensor's elements as an array). */
  choiceCoords(x: unknown): unknown {
    return x instanceof AdTensor ? Array.from(x.value) : x instanceof Tensor ? Array.from(x.data) : x;
  }

  /** log p(x) recorded on the tape (x may itself be a tape value or contain some). */
  logDensity(x: unknown): Real {
    const D = this.tape;
    const a = this.args;
    switch (this.name) {
      case 'Normal':
        if (isTensorArg(a[0])) return adNormalLogDensity(D, x, a[0], a[1]);
        return normalLogPdf(D, x as Real, a[0] as Real, a[1] as Real);
      case 'Uniform':
        return uniformLogPdf(D, x as Real, a[0] as Real, a[1] as Real);
      case 'Beta':
        return betaLogPdf(D, x as Real, a[0] as Real, a[1] as Real);
      case 'Gamma':
        return gammaLogPdf(D, x as Real, a[0] as Real, a[1] as Real);
      case 'Exponential':
        return exponentialLogPdf(D, x as Real, a[0] as Real);
      case 'Dirichlet':
        return dirichletLogPdf(D, x as Real[], a[0] as Real[]);
      case 'MvNormal':
        return mvNormalLogPdf(D, x as Real[], a[0] as Real[], a[1] as Real[][]);
      case 'Bernoulli':
        return typeof x === 'boolean' ? bernoulliLogPmf(D, x, a[0] as Real) : -Infinity;
      case 'Categorical': {
        const w = a[0] as Real[];
        if (a.length < 2) return categoricalLogPmf(D, x as number, w);
        // Categorical(weights, values): mass of every index whose value equals x
        const values = a[1] as unknown[];
        const hits: Real[] = [];
        const px = plainValue(D, x);
        for (let i = 0; i < values.length; i++) {
          if (valueEquals(plainValue(D, values[i]), px)) hits.push(categoricalLogPmf(D, i, w));
        }
        return hits.length === 0 ? -Infinity : D.logSumExp(hits);
      }
      case 'Poisson':
        return poissonLogPmf(D, x as number, a[0] as Real);
      case 'Binomial':
        return binomialLogPmf(D, x as number, D.value(a[0] as Real), a[1] as Real);
      case 'Geometric':
        return geometricLogPmf(D, x as number, a[0] as Real);
      default:
        throw new PplError(`internal: no AD log density for ${this.name}`);
    }
  }

  sample(rng: unknown): unknown {
    return this.plain().sample(rng);
  }
  logProb(x: unknown): number {
    return this.plain().logProb(plainValue(this.tape, x));
  }
  support(): readonly unknown[] | undefined {
    return this.plain().support();
  }
  mean(): unknown {
    return this.plain().mean();
  }
  variance(): unknown {
    return this.plain().variance();
  }
  params(): Record<string, unknown> {
    return this.plain().params();
  }
}

/** Built-ins that only move values around: tape values pass through them untouched. */
const STRUCTURAL = new Set([
  'len', 'range', 'map', 'mapIndexed', 'filter', 'fold', 'any', 'all', 'repeat', 'zip', 'append', 'concat', 'reverse',
  'slice', 'indexOf', 'contains', 'toReal', 'print', 'Delta', 'infer', 'mem',
]);

export interface PplAdDomain {
  readonly tape: Tape;
  add(a: Real, b: Real, span?: unknown): Real;
  sub(a: Real, b: Real, span?: unknown): Real;
  mul(a: Real, b: Real, span?: unknown): Real;
  div(a: Real, b: Real, span?: unknown): Real;
  mod(a: Real, b: Real, span?: unknown): Real;
  neg(a: Real): Real;
  cmp(op: string, a: Real, b: Real, span?: unknown): boolean;
  call(name: string, span: unknown, ...args: unknown[]): unknown;
  value(name: string): unknown;
}

/**
 * The `$D` object for a gradient run over `tape`. `builtins` is the prelude table compiled code calls
 * (runtime/exec's baseBuiltins); `locate(error, span)` attaches a source location to an error.
 */
export function pplAdDomain(
  tape: Tape,
  builtins: Builtins,
  locate: (e: unknown, span: unknown) => unknown = (e) => e,
): PplAdDomain {
  const T = tape;
  const unsupported = (name: string, span: unknown) =>
    locate(new PplError(`HMC/NUTS: \`${name}\` of a continuous choice has no gradient; use MH or SMC for this model`), span);

  function call(name: string, span: unknown, ...args: unknown[]): unknown {
    let anyVar = false;
    for (const a of args) if (containsVar(a)) anyVar = true;
    if (AD_DISTS.has(name)) {
      // constant parameters: let stdlib validate them (a located error for Normal(0, -1))
      if (!anyVar) {
        try {
          builtins[name](...args);
        } catch (e) {
          throw locate(e, span);
        }
      }
      return new AdDist(name, args, T, builtins);
    }
    if (!anyVar) return builtins[name](...args);
    const [x, y] = args as [Real, Real];
    switch (name) {
      case 'abs': return T.abs(x);
      case 'exp': return T.exp(x);
      case 'log': return T.log(x);
      case 'log1p': return T.log1p(x);
      case 'expm1': return T.expm1(x);
      case 'sqrt': return T.sqrt(x);
      case 'pow': return T.pow(x, y);
      case 'sin': return T.sin(x);
      case 'cos': return T.cos(x);
      case 'tan': return T.tan(x);
      case 'atan2': return T.atan2(x, y);
      case 'lgamma': return T.lgamma(x);
      case 'digamma': return T.digamma(x);
      case 'min': return T.min(x, y);
      case 'max': return T.max(x, y);
      case 'logSumExp': return T.logSumExp(args[0] as Real[]);
      case 'sum': return T.sum(args[0] as Real[]);
      case 'average': {
        const xs = args[0] as Real[];
        if (xs.length === 0) throw locate(new PplError('average: the array is empty'), span);
        return T.div(T.sum(xs), xs.length);
      }
      case 'product': {
        let acc: Real = 1;
        for (const v of args[0] as Real[]) acc = T.mul(acc, v);
        return acc;
      }
      // piecewise constant: the value, with zero gradient
      case 'floor': case 'ceil': case 'round': case 'toInt':
        return builtins[name](T.value(x));
    }
    if (name === 'logProb' && args[0] instanceof AdDist) return args[0].logDensity(args[1]);
    let t: { value: unknown } | undefined;
    try {
      t = adTensorCall(T, name, args);
    } catch (e) {
      throw locate(e, span);
    }
    if (t !== undefined) return t.value;
    if (STRUCTURAL.has(name)) return builtins[name](...args);
    throw unsupported(name, span);
  }

  return {
    tape,
    add: (a, b) => T.add(a, b),
    sub: (a, b) => T.sub(a, b),
    mul: (a, b) => T.mul(a, b),
    div: (a, b) => T.div(a, b),
    /** a − b·trunc(a/b) (JavaScript's %), differentiable almost everywhere. */
    mod: (a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return a % b;
      const q = Math.trunc(T.value(a) / T.value(b));
      return T.sub(a, T.mul(b, q));
    },
    neg: (a) => T.neg(a),
    cmp(op, a, b) {
      const x = T.value(a);
      const y = T.value(b);
      switch (op) {
        case 'lt': return x < y;
        case 'le': return x <= y;
        case 'gt': return x > y;
        case 'ge': return x >= y;
        case 'eq': return x === y;
        default: return x !== y;
      }
    },
    call,
    value(name: string): unknown {
      const f = builtins[name];
      if (typeof f !== 'function') return f;
      return (...args: unknown[]) => call(name, undefined, ...args);
    },
  };
}
