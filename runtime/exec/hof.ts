// CPS variants of the higher-order array built-ins (`$C` in compiled modules), used when their function
// argument may be probabilistic. Each element's call gets its own frame `Addr(frame, site, i)`; results are
// accumulated in an immutable cons list so that a continuation resumed twice never shares a mutable array.

import type { Distribution } from '../../stdlib/index.js';
import { expectationNodes } from '../results/index.js';
import { Addr, bounce, fuel, type Cont, type Request } from '../contract.js';
import { callDyn } from './helpers.js';

interface Cons { readonly head: unknown; readonly tail: Cons | null }

function toArray(list: Cons | null, n: number): unknown[] {
  const out = new Array<unknown>(n);
  for (let i = n - 1; list !== null; i--, list = list.tail) out[i] = list.head;
  return out;
}

export function map(a: Addr, k: Cont<unknown[]>, xs: readonly unknown[], f: Function): Request {
  const n = xs.length;
  const step = (i: number, acc: Cons | null): Request => {
    if (i === n) return k(toArray(acc, n));
    if (--fuel.n < 0) return bounce(() => step(i, acc));
    return callDyn(f, new Addr(a, a.site, i), (v) => step(i + 1, { head: v, tail: acc }), [xs[i]]);
  };
  return step(0, null);
}

export function mapIndexed(a: Addr, k: Cont<unknown[]>, xs: readonly unknown[], f: Function): Request {
  const n = xs.length;
  const step = (i: number, acc: Cons | null): Request => {
    if (i === n) return k(toArray(acc, n));
    if (--fuel.n < 0) return bounce(() => step(i, acc));
    return callDyn(f, new Addr(a, a.site, i), (v) => step(i + 1, { head: v, tail: acc }), [i, xs[i]]);
  };
  return step(0, null);
}

export function repeat(a: Addr, k: Cont<unknown[]>, n: number, f: Function): Request {
  const step = (i: number, acc: Cons | null): Request => {
    if (i === n) return k(toArray(acc, n));
    if (--fuel.n < 0) return bounce(() => step(i, acc));
    return callDyn(f, new Addr(a, a.site, i), (v) => step(i + 1, { head: v, tail: acc }), []);
  };
  return step(0, null);
}

export function filter(a: Addr, k: Cont<unknown[]>, xs: readonly unknown[], f: Function): Request {
  const n = xs.length;
  const step = (i: number, acc: Cons | null, m: number): Request => {
    if (i === n) return k(toArray(acc, m));
    if (--fuel.n < 0) return bounce(() => step(i, acc, m));
    return callDyn(f, new Addr(a, a.site, i), (keep) => (keep ? step(i + 1, { head: xs[i], tail: acc }, m + 1) : step(i + 1, acc, m)), [xs[i]]);
  };
  return step(0, null, 0);
}

export function fold(a: Addr, k: Cont<unknown>, xs: readonly unknown[], init: unknown, f: Function): Request {
  const n = xs.length;
  const step = (i: number, acc: unknown): Request => {
    if (i === n) return k(acc);
    if (--fuel.n < 0) return bounce(() => step(i, acc));
    return callDyn(f, new Addr(a, a.site, i), (v) => step(i + 1, v), [acc, xs[i]]);
  };
  return step(0, init);
}

export function any(a: Addr, k: Cont<boolean>, xs: readonly unknown[], f: Function): Request {
  const n = xs.length;
  const step = (i: number): Request => {
    if (i === n) return k(false);
    if (--fuel.n < 0) return bounce(() => step(i));
    return callDyn(f, new Addr(a, a.site, i), (b) => (b ? k(true) : step(i + 1)), [xs[i]]);
  };
  return step(0);
}

export function all(a: Addr, k: Cont<boolean>, xs: readonly unknown[], f: Function): Request {
  const n = xs.length;
  const step = (i: number): Request => {
    if (i === n) return k(true);
    if (--fuel.n < 0) return bounce(() => step(i));
    return callDyn(f, new Addr(a, a.site, i), (b) => (b ? step(i + 1) : k(false)), [xs[i]]);
  };
  return step(0);
}

/**
 * `expect(d, f)` with a probabilistic `f`: Σ w · f(x) over the points of `expect`'s rule for d (the support of a
 * finite distribution, the weighted draws of a sample-based result, quadrature nodes of a continuous one), in order.
 */
export function expect(a: Addr, k: Cont<number>, d: Distribution, f: Function): Request {
  const xs: unknown[] = [];
  const ws: number[] = [];
  expectationNodes(d, (x, w) => {
    if (w !== 0) {
      xs.push(x);
      ws.push(w);
    }
  });
  const n = xs.length;
  const step = (i: number, acc: number): Request => {
    if (i === n) return k(acc);
    if (--fuel.n < 0) return bounce(() => step(i, acc));
    return callDyn(f, new Addr(a, a.site, i), (v) => step(i + 1, acc + ws[i]! * (v as number)), [xs[i]]);
  };
  return step(0, 0);
}
