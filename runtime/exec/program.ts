// Loads a generated module (compiler/codegen.ts) into a running program and runs its top-level statements:
// builds the `$rt` object the module sees, implements `infer` (choosing the engine, deriving its seed and
// execution context) and `mem`, and drives `main` as a forward simulation with the run's seeded generator.

import type { Span } from '../../lang/index.js';
import { PplError, valueKey, type ValueKey } from '../../stdlib/index.js';
import {
  Addr, ROOT, Request, Stop, bounce, observed, currentExec, doneReq, fuel, inline, setExec,
  type BatchModel, type Cont, type InferCall, type ModelFn, type SiteTable,
} from '../contract.js';
import { engines } from '../engines/index.js';
import { exactDomain } from '../engines/exact-domain.js';
import { isMethod } from '../methods.js';
import { PMap } from '../pmap.js';
import { Rng } from '../rng.js';
import { baseBuiltins, valueTable } from './builtins.js';
import * as hof from './hof.js';
import * as h from './helpers.js';

/** What compiler/ hands the runtime: the module source, the spans it refers to, and the site table. */
export interface CompiledModule {
  source: string;
  spans: Span[];
  sites: SiteTable;
}

export interface RunOptions {
  /** The run's seed (`ppl run --seed N`, default 0). */
  seed: number | string;
  /** Receives every `print(v)` value. */
  print: (value: unknown) => void;
}

/** A loaded program: its top-level code in CPS and its top-level functions as values (for tests). */
export interface Instance {
  main: (a: Addr, k: Cont<any>) => Request;
  fns: Record<string, Function>;
  /** Binds the domain twins' `$D`, returning the previous domain (see InferCall.withDomain). */
  setDomain?: (domain: object) => object;
}

/** `InferCall.withDomain` over a module's `setDomain`. */
export function domainBinder(setDomain: ((d: object) => object) | undefined): InferCall['withDomain'] {
  if (setDomain === undefined) return undefined;
  return <T>(domain: object, body: () => T): T => {
    const old = setDomain(domain);
    try {
      return body();
    } finally {
      setDomain(old);
    }
  };
}

export function instantiate(mod: CompiledModule, opts: RunOptions): Instance {
  const B = { ...baseBuiltins, print: (v: unknown) => (opts.print(v), null) };
  const rt: Record<string, unknown> & { setDomain?: (d: object) => object } = {
    // `h` as a plain object: a bundled module namespace reads every export through a getter, which keeps
    // V8 from inlining the helpers that generated code calls on every step (`$h.index`, `$h.normalDraw`)
    Request, Addr, fuel, bounce, B, V: valueTable(B), C: locatedHof(mod.sites), D: exactDomain, h: { ...h }, spans: mod.spans,
    I: inline, Stop, observed,
    twin: h.twin,
    infer: (f: Function, m: unknown, site: number, span: Span) => runInfer(f, m, site, span, mod.sites, rt.setDomain),
    mem: memoize,
  };
  const factory = new Function('$rt', mod.source) as (rt: unknown) => Instance;
  return factory(rt);
}

/**
 * The CPS higher-order built-ins with their errors located at the call (the frame address they receive carries
 * the call's site). An error already located deeper keeps its location.
 */
function locatedHof(sites: SiteTable): typeof hof {
  const out: Record<string, Function> = {};
  for (const [name, f] of Object.entries(hof)) {
    out[name] = (a: Addr, k: Cont, ...args: unknown[]): Request => {
      try {
        return (f as Function)(a, k, ...args);
      } catch (e) {
        const span = sites.sites[a.site]?.span;
        throw span === undefined ? e : h.locate(e, span);
      }
    };
  }
  return out as unknown as typeof hof;
}

/** Runs the top-level statements: samples are drawn from the run's generator; returns when they are done. */
export function runMain(inst: Instance, opts: RunOptions): void {
  try {
    forward(inst, opts);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new PplError('recursion too deep: the JavaScript stack overflowed (in pure code, which is not trampolined)');
    }
    throw e;
  }
}

function forward(inst: Instance, opts: RunOptions): void {
  const rng = Rng.derive(opts.seed, 'main');
  setExec({ mem: null, seedPath: String(opts.seed), inferCounts: null });
  let req = inst.main(ROOT, doneReq);
  for (;;) {
    switch (req.kind) {
      case 'done':
        return;
      case 'bounce':
        req = req.k!(null);
        break;
      case 'sample':
        req = req.k!(req.dist!.sample(rng));
        break;
      default:
        // The checker rejects conditioning outside `infer`; this guards programs built without it.
        throw new PplError(`\`${req.kind}\` outside \`infer\`: conditioning needs an inference method`);
    }
  }
}

/** The CPS model of a function value of no arguments, whichever convention it was compiled in. */
export function toModel(f: Function): ModelFn {
  if ((f as h.Tagged).$cps === true) return f as ModelFn;
  return (_a, k) => k(f());
}

/**
 * `infer(f, method)`: runs the method's engine to completion on `f`. The inner run starts from a copy of the
 * caller's mem table; its seed is the caller's seed path, this infer's site and how many times this site has
 * run an infer in the current execution (so adding an `infer` elsewhere changes no other's stream).
 */
function runInfer(f: Function, m: unknown, site: number, span: Span, sites: SiteTable, setDomain?: (d: object) => object): unknown {
  if (!isMethod(m)) throw new PplError('infer: the second argument is not an inference method', span);
  const engine = engines[m.name];
  if (engine === undefined) {
    throw new PplError(`infer: the method \`${m.name}\` is not available yet; use Enumerate, Exact, Rejection or Importance`, span);
  }
  const outer = currentExec();
  const counts = outer.inferCounts ?? PMap.empty<number>();
  const n = counts.get(site) ?? 0;
  setExec({ ...outer, inferCounts: counts.set(site, n + 1) });
  const after = currentExec();
  const seed = `${outer.seedPath}/${site}#${n}`;
  const dom = (f as h.Tagged).$D;
  const call: InferCall = {
    model: toModel(f),
    domainModel: dom ? () => toModel(dom) : undefined,
    priorModel: (f as h.Tagged).$P as ModelFn | undefined,
    absorbModel: (f as h.Tagged).$O as ModelFn | undefined,
    batchModel: (f as h.Tagged).$V as BatchModel | undefined,
    withDomain: dom ? domainBinder(setDomain) : undefined,
    options: m.options,
    exec: { mem: outer.mem, seedPath: seed, inferCounts: null },
    seed,
    span,
    sites,
  };
  // the inline variants' registers belong to the caller's execution (it may be absorbing its weight)
  const { rng, lp } = inline;
  try {
    return engine.run(call);
  } catch (e) {
    throw h.locate(e, span);
  } finally {
    setExec(after);
    inline.rng = rng;
    inline.lp = lp;
  }
}

let memIds = 0;
const MISS: unique symbol = Symbol('miss');
const NO_TABLE = PMap.empty<unknown>();

/**
 * `mem(f)`: a probabilistic `f` is memoised in the current execution's table (forked with the execution, so
 * each branch or particle has its own); a pure `f` needs no table — caching it is invisible — so it gets a
 * private cache.
 */
function memoize(f: Function, site: number): Function {
  const id = memIds++;
  if ((f as h.Tagged).$cps !== true) {
    const cache = new Map<unknown, unknown>();
    return (...args: unknown[]) => {
      const key = valueKey(args);
      if (cache.has(key)) return cache.get(key);
      const v = f(...args);
      cache.set(key, v);
      return v;
    };
  }
  // A function has one arity, so a single argument's own key (a number or string: no allocation) is unique.
  const keyOf = (args: unknown[]): ValueKey => (args.length === 1 ? valueKey(args[0]) : valueKey(args));
  const wrap = (g: Function): Function =>
    (a: Addr, k: Cont, ...args: unknown[]): Request => {
      const key = keyOf(args);
      const mine = currentExec().mem?.get(id);
      const hit = mine === undefined ? MISS : mine.lookup(key, MISS);
      if (hit !== MISS) return k(hit);
      return h.callDyn(g, new Addr(a, site, -1), (v) => {
        // Re-read the tables: the call itself may have memoised other keys (recursion through mem).
        const ex = currentExec();
        const tables = ex.mem ?? PMap.empty<PMap<unknown>>();
        setExec({ ...ex, mem: tables.set(id, (tables.get(id) ?? NO_TABLE).set(key, v)) });
        return k(v);
      }, args);
    };
  const dom = (f as h.Tagged).$D;
  return h.twin(wrap(f), dom ? wrap(dom) : null, true);
}
