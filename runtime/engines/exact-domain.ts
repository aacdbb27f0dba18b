// The number domain of the Exact engine (`$D` in the domain twins of compiled code): real arithmetic that
// accepts plain numbers and symbolic affine Gaussian forms. Plain numbers take a fast path; an operation that
// would leave the affine fragment (x * y of two Gaussians, exp(x), a comparison on x) is a located error.

import type { Span } from '../../lang/index.js';
import { PplError } from '../../stdlib/index.js';
import { baseBuiltins } from '../exec/builtins.js';

/** Whether `v` is a symbolic form (anything the domain made that is not a plain number). */
export function isSymbolic(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { $affine?: boolean }).$affine === true;
}

function nonAffine(what: string, span: Span): PplError {
  return new PplError(`Exact keeps Gaussians symbolic and affine; ${what} is not affine in them — use a sampling method (Importance, SMC, MH)`, span);
}

export const exactDomain = {
  add(a: number, b: number, span: Span): number {
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    throw nonAffine('`+`', span);
  },
  sub(a: number, b: number, span: Span): number {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    throw nonAffine('`-`', span);
  },
  mul(a: number, b: number, span: Span): number {
    if (typeof a === 'number' && typeof b === 'number') return a * b;
    throw nonAffine('`*` of two Gaussians', span);
  },
  div(a: number, b: number, span: Span): number {
    if (typeof a === 'number' && typeof b === 'number') return a / b;
    throw nonAffine('`/` by a Gaussian', span);
  },
  neg(a: number): number {
    return -a;
  },
  cmp(op: string, a: number, b: number, span: Span): boolean {
    if (typeof a === 'number' && typeof b === 'number') {
      switch (op) {
        case 'lt': return a < b;
        case 'le': return a <= b;
        case 'gt': return a > b;
        case 'ge': return a >= b;
        case 'eq': return a === b;
        default: return a !== b;
      }
    }
    throw nonAffine('a comparison', span);
  },
  call(name: string, span: Span, ...args: unknown[]): unknown {
    return (baseBuiltins[name] as Function)(...args);
  },
  value(name: string): unknown {
    return baseBuiltins[name];
  },
};
