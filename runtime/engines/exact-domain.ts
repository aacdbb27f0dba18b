// The number domain of the Exact engine (`$D` in the domain twins of compiled code): real arithmetic on plain
// numbers and symbolic affine Gaussian forms (runtime/gaussian). Numbers take a fast path; an operation that
// leaves the affine fragment (x * y of two Gaussians, exp(x), a comparison or branch on x) is an error located
// at the construct, naming it.

import type { Span } from '../../lang/index.js';
import { NormalDist, PplError } from '../../stdlib/index.js';
import { GaussianDist } from '../results/index.js';
import { Affine, isSymbolic, symAdd, symDiv, symMul, symNeg, symSub, type Sym } from '../gaussian/index.js';
import { locate } from '../exec/helpers.js';

/**
 * `Normal(mean, sd)` whose mean is a Gaussian form: under Exact, sampling it gives mean + sd·z (z fresh) and
 * observing it conditions exactly. It is a value of type Dist<Real> only inside the Exact run.
 */
export class SymNormal {
  readonly name = 'Normal';
  readonly isContinuous = true;
  constructor(readonly mean: Affine, readonly sd: number) {}
  sample(): never {
    throw new PplError('internal: a symbolic Normal was sampled outside Exact');
  }
  logProb(): never {
    throw new PplError('internal: a symbolic Normal was scored outside Exact');
  }
  support(): undefined {
    return undefined;
  }
}

const PRETTY: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };

function notAffine(what: string, span: Span | undefined): PplError {
  return new PplError(`Exact: ${what} of a Gaussian term is not affine, so Exact cannot keep it symbolic; use a sampling method such as Importance, SMC or MH`, span);
}

/** Whether a value contains a symbolic form anywhere (arrays, tuples, records). */
export function containsSymbolic(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Affine) return !v.isConstant;
  if (Array.isArray(v)) return v.some(containsSymbolic);
  const items = (v as { items?: unknown }).items;
  if (Array.isArray(items)) return items.some(containsSymbolic);
  if (Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).some(containsSymbolic);
  return false;
}

/** Built-ins that only move values around: symbolic forms pass through them untouched. */
const STRUCTURAL = new Set([
  'len', 'range', 'map', 'mapIndexed', 'filter', 'fold', 'any', 'all', 'repeat', 'zip', 'append', 'concat', 'reverse',
  'slice', 'toReal', 'print', 'Delta', 'infer', 'mem',
]);

function sum(xs: readonly Sym[]): Sym {
  let acc: Sym = 0;
  for (const x of xs) acc = symAdd(acc, x);
  return acc;
}

/** A built-in call in domain code: `f` is its plain implementation, used whenever no argument is symbolic. */
function call(name: string, span: Span | undefined, f: Function, ...args: unknown[]): unknown {
  if (!args.some(containsSymbolic)) return f(...args);
  try {
    switch (name) {
      case 'Normal': {
        const [m, sd] = args as [Sym, Sym];
        if (isSymbolic(sd)) throw notAffine('the standard deviation of `Normal`', span);
        return new SymNormal(m as Affine, sd);
      }
      case 'sum':
        return sum(args[0] as Sym[]);
      case 'average': {
        const xs = args[0] as Sym[];
        if (xs.length === 0) throw new PplError('average: the array is empty');
        return symDiv(sum(xs), xs.length);
      }
      case 'product': {
        let acc: Sym = 1;
        for (const x of args[0] as Sym[]) acc = symMul(acc, x);
        return acc;
      }
      case 'min': case 'max':
        throw notAffine(`\`${name}\``, span);
    }
    if (STRUCTURAL.has(name)) return f(...args);
  } catch (e) {
    throw locate(e, span!);
  }
  throw notAffine(`\`${name}\``, span);
}

function wrapOp<A extends unknown[]>(op: (...a: A) => Sym): (...a: [...A, Span]) => Sym {
  return (...a) => {
    const span = a.pop() as Span;
    try {
      return op(...(a as unknown as A));
    } catch (e) {
      throw locate(e, span);
    }
  };
}

const addS = wrapOp(symAdd);
const subS = wrapOp(symSub);
const mulS = wrapOp(symMul);
const divS = wrapOp(symDiv);

export const exactDomain = {
  add(a: Sym, b: Sym, span: Span): Sym {
    return typeof a === 'number' && typeof b === 'number' ? a + b : addS(a, b, span);
  },
  sub(a: Sym, b: Sym, span: Span): Sym {
    return typeof a === 'number' && typeof b === 'number' ? a - b : subS(a, b, span);
  },
  mul(a: Sym, b: Sym, span: Span): Sym {
    return typeof a === 'number' && typeof b === 'number' ? a * b : mulS(a, b, span);
  },
  div(a: Sym, b: Sym, span: Span): Sym {
    return typeof a === 'number' && typeof b === 'number' ? a / b : divS(a, b, span);
  },
  mod(a: Sym, b: Sym, span: Span): Sym {
    if (typeof a === 'number' && typeof b === 'number') return a % b;
    throw notAffine('`%`', span);
  },
  neg(a: Sym): Sym {
    return typeof a === 'number' ? -a : symNeg(a);
  },
  cmp(op: string, a: Sym, b: Sym, span: Span): boolean {
    if (typeof a !== 'number' || typeof b !== 'number') {
      throw notAffine(`the comparison \`${PRETTY[op] ?? op}\` (a branch on a Gaussian)`, span);
    }
    switch (op) {
      case 'lt': return a < b;
      case 'le': return a <= b;
      case 'gt': return a > b;
      case 'ge': return a >= b;
      case 'eq': return a === b;
      default: return a !== b;
    }
  },
  call,
  /**
   * A built-in used as a value in domain code (`v` is its plain value): functions refuse symbolic arguments
   * unless they are affine or structural; constants, methods and CPS primitives are unchanged.
   */
  value(name: string, v: unknown): unknown {
    if (typeof v !== 'function' || (v as { $cps?: boolean }).$cps === true) return v;
    return (...args: unknown[]) => call(name, undefined, v, ...args);
  },
};

/** The Normal parameters of a distribution under Exact: symbolic or plain mean, plain sd; else undefined. */
export function normalParams(d: unknown): { mean: Sym; sd: number } | undefined {
  if (d instanceof SymNormal) return { mean: d.mean, sd: d.sd };
  if (d instanceof NormalDist) return { mean: d.mu, sd: d.sigma };
  // The Gaussian result of an inner Exact `infer` with one component is a Normal too.
  if (d instanceof GaussianDist && d.means.length === 1 && d.variances[0]! > 0) {
    return { mean: d.means[0]!, sd: Math.sqrt(d.variances[0]!) };
  }
  return undefined;
}
