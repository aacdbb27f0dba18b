// The small helpers generated code calls (`$h` in compiled modules): located runtime errors, bounds-checked
// indexing and persistent updates, exact Int arithmetic, structural equality, and dynamic calls that accept
// either calling convention (a direct function or a CPS one tagged by `twin`).

import type { Span } from '../../lang/index.js';
import { PplError, Tuple, checkInt, intDiv, intMod, isPplError, valueEquals } from '../../stdlib/index.js';
import { ROOT, doneReq, inline, type Addr, type Cont, type Request } from '../contract.js';

/** Attaches `span` to a runtime error that has no location yet; turns a JS stack overflow into a PplError. */
export function locate(e: unknown, span: Span): unknown {
  if (isPplError(e)) return (e as PplError).located(span);
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new PplError('recursion too deep: the JavaScript stack overflowed in pure code', span);
  }
  return e;
}

export function index(xs: readonly unknown[], i: number, span: Span): unknown {
  if (i >= 0 && i < xs.length && Number.isInteger(i)) return xs[i];
  throw new PplError(`index ${i} is out of range for an array of length ${xs.length}`, span);
}

/** `a[i][j] = v`: a copy of `a` with the element at the path replaced (every level copied, none mutated). */
export function update(a: readonly unknown[], path: readonly number[], v: unknown, span: Span, depth = 0): unknown[] {
  const i = path[depth]!;
  if (!(i >= 0 && i < a.length && Number.isInteger(i))) {
    throw new PplError(`index ${i} is out of range for an array of length ${a.length}`, span);
  }
  const out = a.slice();
  out[i] = depth === path.length - 1 ? v : update(a[i] as unknown[], path, v, span, depth + 1);
  return out;
}

export function int(x: number, span: Span): number {
  if (x <= 9007199254740991 && x >= -9007199254740991) return x;
  try {
    return checkInt(x);
  } catch (e) {
    throw locate(e, span);
  }
}

export function idiv(a: number, b: number, span: Span): number {
  try {
    return intDiv(a, b);
  } catch (e) {
    throw locate(e, span);
  }
}

export function imod(a: number, b: number, span: Span): number {
  try {
    return intMod(a, b);
  } catch (e) {
    throw locate(e, span);
  }
}

export const equals = valueEquals;
export { normalDraw, normalLogPdf } from './fused.js';
export { Tuple };

/**
 * A function value in the CPS convention carries `$cps`; its number-domain twin, if any, `$D`; a top-level
 * function its inline variants `$P` (prior sampling) and `$O` (absorbed conditioning) and its batched variant
 * `$V` when generated.
 */
export interface Tagged {
  $cps?: boolean;
  $D?: Function;
  $P?: Function;
  $O?: Function;
  $V?: Function;
}

/** Marks `f` (and links its domain twin); returns `f`. */
export function twin<F extends Function>(f: F, dom: Function | null, cps: boolean): F {
  const t = f as unknown as Tagged;
  if (cps) t.$cps = true;
  if (dom !== null) {
    t.$D = dom;
    if (cps) (dom as unknown as Tagged).$cps = true;
  }
  return f;
}

/** Calls a function value from CPS code, whichever convention it has. */
export function callDyn(f: Function, addr: Addr, k: Cont<any>, args: readonly unknown[]): Request {
  if ((f as Tagged).$cps === true) return f(addr, k, ...args);
  return k(f(...args));
}

/**
 * Runs a CPS function value to completion from direct-style code. Only the direct variant of a function that
 * takes functions needs this: its callers guarantee that the function arguments are pure, but lambdas built
 * from them were compiled in CPS (their latent effect is that of the arguments). A random choice here would
 * mean the checker's effects were wrong.
 */
export function callPure(f: Function, args: readonly unknown[]): unknown {
  if ((f as Tagged).$cps !== true) return f(...args);
  let req: Request = f(ROOT, doneReq, ...args);
  while (req.kind === 'bounce') req = req.k!(null);
  if (req.kind !== 'done') throw new Error(`internal: \`${req.kind}\` in code the checker inferred pure`);
  return req.value;
}

/**
 * Runs the prior-sampling variant of a function that may sample but never conditions (a batched model's call of
 * a sampling helper, compiler/batch.ts) to its value: draws are inline with `inline.rng`; a sample request (from
 * a function value it calls) is answered by drawing from it, as SMC answers them.
 */
export function runPrior(f: Function, args: readonly unknown[]): unknown {
  let req: Request = f(null, doneReq, ...args);
  for (;;) {
    if (req.kind === 'bounce') req = req.k!(null);
    else if (req.kind === 'sample') req = req.k!(req.dist!.sample(inline.rng));
    else break;
  }
  if (req.kind !== 'done') throw new Error(`internal: \`${req.kind}\` in a function the checker inferred sampling`);
  return req.value;
}

/** Gives the lambda value `f` the batched variant `v` (compiler/codegen.ts `batchedLambda`); returns `f`. */
export function batched<F extends Function>(f: F, v: Function): F {
  (f as unknown as Tagged).$V = v;
  return f;
}

/** A function argument of a direct-style built-in (map, filter, …): CPS values are adapted with callPure. */
export function direct(f: unknown): unknown {
  if (typeof f !== 'function' || (f as Tagged).$cps !== true) return f;
  return (...args: unknown[]) => callPure(f, args);
}
