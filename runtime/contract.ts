// The execution contract between compiled .ppl code and the inference engines. Compiled probabilistic code
// never calls a handler: it RETURNS a request (sample, observe, factor, condition, equate, done, bounce) that
// carries a continuation; an engine is a loop that answers requests and may resume one continuation many times.

import type { Span } from '../lang/index.js';
import type { PMap } from './pmap.js';

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/**
 * The address of a function invocation or loop iteration: the path of static call sites (and loop iteration
 * numbers) from the `infer` that runs the model. A persistent linked list — one small allocation per call —
 * turned into a string only when an engine needs a key (MH traces, seeds). The address of a random choice is
 * the pair (addr of the frame, static site of the choice).
 */
export class Addr {
  constructor(
    /** The enclosing frame; null at the root of a model. */
    readonly up: Addr | null,
    /** The static site (IR site id) of the call or loop that opened this frame. */
    readonly site: number,
    /** The loop iteration (0-based) for loop frames; -1 for call frames. */
    readonly iter: number,
  ) {}
}

/** The root frame of a model run by an engine. */
export const ROOT = new Addr(null, -1, -1);

/** A string key for the choice at `site` in frame `addr`, e.g. `4/7.2/12` (call 4, loop 7 iteration 2, choice 12). */
export function addrKey(addr: Addr | null, site: number): string {
  let s = String(site);
  for (let a = addr; a !== null && a.site >= 0; a = a.up) s = (a.iter >= 0 ? `${a.site}.${a.iter}` : String(a.site)) + '/' + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** A continuation: resumable any number of times (it closes over immutable values only). */
export type Cont<T = unknown> = (value: T) => Request;

/** The minimal view of a distribution that engines need (stdlib's `Distribution<T>` satisfies it). */
export interface DistLike {
  sample(rng: any): unknown;
  logProb(value: any): number;
  support(): readonly unknown[] | undefined;
}

/**
 * Every request object has the same six fields, in this order, so that the engine's `switch (req.kind)` stays
 * monomorphic in V8. What `dist` and `value` hold depends on `kind`:
 *
 * | kind        | dist            | value                         | k receives                    |
 * |-------------|-----------------|-------------------------------|-------------------------------|
 * | `sample`    | the distribution| null                          | the drawn value               |
 * | `observe`   | the distribution| the observed value            | null (Unit)                   |
 * | `factor`    | null            | the log weight (number)       | null                          |
 * | `condition` | null            | the condition (boolean)       | null                          |
 * | `equate`    | null            | `[left, right]` (reals or symbolic forms) | null              |
 * | `done`      | null            | the model's return value      | — (k is null)                 |
 * | `bounce`    | null            | null                          | null: just resume             |
 *
 * `addr` + `site` is the address of the construct; `site` also indexes the program's site table (spans for
 * messages). `bounce` is a trampoline step that compiled code emits periodically so that long chains of
 * calls and loop iterations never deepen the JS stack: engines simply resume it.
 *
 * Derived meanings (defaults any engine may use; only engines that exploit structure override them):
 *   condition(b)    ≡ factor(b ? 0 : -Infinity)
 *   observe(d, v)   ≡ factor(d.logProb(v))
 */
export class Request {
  constructor(
    readonly kind: RequestKind,
    readonly addr: Addr | null,
    readonly site: number,
    readonly dist: DistLike | null,
    readonly value: unknown,
    readonly k: Cont<any> | null,
  ) {}
}

export type RequestKind = 'sample' | 'observe' | 'factor' | 'condition' | 'equate' | 'done' | 'bounce';

export const sampleReq = (addr: Addr, site: number, dist: DistLike, k: Cont<any>): Request => new Request('sample', addr, site, dist, null, k);
export const observeReq = (addr: Addr, site: number, dist: DistLike, value: unknown, k: Cont<any>): Request =>
  new Request('observe', addr, site, dist, value, k);
export const factorReq = (addr: Addr, site: number, logWeight: number, k: Cont<any>): Request => new Request('factor', addr, site, null, logWeight, k);
export const conditionReq = (addr: Addr, site: number, ok: boolean, k: Cont<any>): Request => new Request('condition', addr, site, null, ok, k);
export const equateReq = (addr: Addr, site: number, left: unknown, right: unknown, k: Cont<any>): Request =>
  new Request('equate', addr, site, null, [left, right], k);
export const doneReq = (value: unknown): Request => new Request('done', null, -1, null, value, null);

/**
 * `doneReq` for an engine that reads a finished execution's value before it resumes anything else (MH's
 * traces): one shared `done` request, refilled by every call, so a proposal allocates no request to finish.
 */
const sharedDone = new Request('done', null, -1, null, null, null) as { -readonly [F in keyof Request]: Request[F] };
export const doneShared = (value: unknown): Request => {
  sharedDone.value = value;
  return sharedDone as Request;
};

// The trampoline. `fuel.n` counts down at every CPS function entry and loop iteration; at zero compiled code
// returns `bounce(resume)`, which unwinds the JS stack to the engine. It measures how deep the JS stack may
// be, not anything about an execution, so one process-wide counter is correct (and costs one decrement).
export const fuel = { n: 400 };
export function bounce(k: Cont<null>): Request {
  fuel.n = 400;
  return new Request('bounce', null, -1, null, null, k);
}

// ---------------------------------------------------------------------------------------------
// The inline variants (compiler/codegen.ts): what compiled code handles without a request
// ---------------------------------------------------------------------------------------------

/**
 * The registers of the inline variants of compiled code. The prior-sampling variant (`InferCall.priorModel`)
 * draws every `sample` from `rng`; the absorbing variant (`InferCall.absorbModel`) adds the log weight of every
 * observe/factor/condition to `lp`. An engine that runs either sets the register before resuming an execution
 * and reads `lp` at each request (and restores the previous values when it returns: `infer`s nest).
 */
export const inline: { rng: any; lp: number } = { rng: null, lp: 0 };

/**
 * The request of an observe that the prior variant scored itself: kind `observe`, dist and value null, its log
 * density in `inline.lp` (a number field: storing it allocates nothing). There is ONE such object, refilled by
 * every call — an engine that runs the prior variant must read it before it resumes any execution (SMC does:
 * it keeps only `k` and the weight). A particle step then allocates only its continuation.
 */
const shared = new Request('observe', null, -1, null, null, null) as { -readonly [F in keyof Request]: Request[F] };
export function observed(site: number, logDensity: number, k: Cont<null>): Request {
  inline.lp = logDensity;
  shared.site = site;
  shared.k = k;
  return shared as Request;
}

/**
 * Thrown by the absorbing variant when a conditioning statement's log weight is not finite: −∞ is a rejection
 * at `site`; NaN or +∞ is the error the request would have caused (`kind` says which statement).
 */
export class Stop {
  constructor(readonly kind: 'observe' | 'factor' | 'condition', readonly site: number, readonly weight: number) {}
}

// ---------------------------------------------------------------------------------------------
// Per-execution context for `mem` and nested `infer`
// ---------------------------------------------------------------------------------------------

/**
 * The memo tables of one execution: for each `mem`-wrapped function (key: its id), a persistent map from the
 * structural key of its arguments to the value. Persistent hash tries (runtime/pmap.ts): lookups are
 * O(log₃₂ n) and forking is free. `null` is the empty table.
 */
export type MemTables = PMap<PMap<unknown>>;

/**
 * The part of an execution's state that compiled code itself reads and updates: the `mem` table and what
 * nested `infer`s need (a seed namespace and a counter). It is immutable; an update installs a new object as
 * the current one. Engines save `currentExec()` when an execution yields a request and `setExec(saved)` before
 * resuming its continuation — so forking an execution is free and each branch/particle keeps its own table.
 */
export interface ExecState {
  readonly mem: MemTables | null;
  /** Seeds of nested sampling `infer`s derive from this string, the infer's site and `inferCounts`. */
  readonly seedPath: string;
  /** How many `infer`s each site (key: the site id) has run in this execution. */
  readonly inferCounts: PMap<number> | null;
}

let current: ExecState = { mem: null, seedPath: '0', inferCounts: null };
export function currentExec(): ExecState {
  return current;
}
export function setExec(s: ExecState): void {
  current = s;
}

// ---------------------------------------------------------------------------------------------
// What engines are given
// ---------------------------------------------------------------------------------------------

/** A model in CPS: run it from `addr`, passing its return value to `k`. */
export type ModelFn = (addr: Addr, k: Cont<any>) => Request;

/**
 * The population a batched model runs: `n` particles, their log weights `lw` (−∞: dead, skipped), the log weight
 * `w` each conditioning statement gives each live particle, and — set by the engine after it resampled, else null
 * — `idx` (particle i of the new population descends from particle idx[i]) with `take`, which reorders an array of
 * per-particle values by it.
 */
export interface Batch {
  readonly n: number;
  readonly lw: Float64Array;
  readonly w: Float64Array;
  idx: Int32Array | null;
  take<T>(a: T[]): T[];
}

/**
 * A batched model: a generator that draws with `inline.rng`, yields the site of each conditioning statement once
 * every live particle's weight for it is in `batch.w`, and returns the particles' values.
 */
export type BatchModel = (batch: Batch) => Generator<number, unknown[], void>;

/** Static facts about the compiled program that engines use for messages. */
export interface SiteTable {
  readonly file: string;
  readonly sites: readonly { kind: string; label: string; span: Span }[];
}

/** Everything an engine receives for one `infer(f, method)`. */
export interface InferCall {
  /** The model in plain JavaScript numbers. */
  model: ModelFn;
  /** The model's number-domain twin (real arithmetic through `$D`), when the program was compiled with one. */
  domainModel?: () => ModelFn;
  /**
   * The same model with `sample` drawn inline from `inline.rng` and no addresses (requests only at
   * conditioning statements; an inlined `observe` is the shared request of `observed`: dist null, its log
   * density in `inline.lp`), when the program was compiled with it. Function values it calls may still return
   * any request.
   */
  priorModel?: ModelFn;
  /** The same model with conditioning folded into `inline.lp` (throwing `Stop`), when compiled with it. */
  absorbModel?: ModelFn;
  /**
   * The same model run for a whole population at once (compiler/batch.ts), when compiled with it: present only
   * when every particle meets the same conditioning statements in the same order.
   */
  batchModel?: BatchModel;
  /**
   * Runs `body` with the twins' `$D` bound to `domain` (the previous domain restored afterwards); present
   * with `domainModel`. Exact runs with the default domain; HMC/NUTS bind runtime/ad's tape domain.
   */
  withDomain?: <T>(domain: object, body: () => T) => T;
  /** The method's options (`samples`, `maxExecutions`, …), validated by the engine. */
  options: Readonly<Record<string, unknown>>;
  /** The execution context the model starts from (a copy of the caller's mem table; the seed namespace). */
  exec: ExecState;
  /** The seed of this infer's generator (derived from the run seed and the infer's address). */
  seed: string;
  /** The `infer` call, for messages. */
  span: Span;
  sites: SiteTable;
}

/** An inference method: answers the requests of executions of `call.model` and returns a `Dist`. */
export interface Engine {
  readonly name: string;
  run(call: InferCall): unknown;
}
