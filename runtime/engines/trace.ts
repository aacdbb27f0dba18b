// Persistent execution traces, for SMC's rejuvenation moves (MH runs the same kernel on one mutable trace:
// mh-chain.ts): every random choice of an execution with its address, distribution, value, log probability and
// the continuation that resumes right after it. A proposal that changes choice j resumes choice j's continuation
// with the new value — the prefix before j is never re-run — and reuses the old value of every later choice
// whose address survives (lightweight MH, Wingate, Stuhlmüller & Goodman 2011).

import { BetaDist, ExponentialDist, GammaDist, MvNormalDist, NormalDist, PplError, UniformDist, type Random } from '../../stdlib/index.js';
import { Stop, addrKey, currentExec, inline, setExec, type Addr, type Cont, type DistLike, type ExecState, type InferCall, type Request } from '../contract.js';
import { DriftProposal } from '../mcmc/index.js';
import type { Rejections } from './rejections.js';

/** One random choice of an execution. Immutable except `mark` (which proposal reused it last). */
export class Choice {
  mark = 0;
  private keyCache: string | null;
  constructor(
    readonly addr: Addr,
    readonly site: number,
    readonly dist: DistLike,
    readonly value: unknown,
    /** log p(value) under `dist`. */
    readonly logp: number,
    /** Resumes the execution right after this choice, with a value for it. */
    readonly k: Cont<any>,
    /** The execution context (mem table) at the choice. */
    readonly exec: ExecState,
    /** The log joint of the execution before this choice (choices and conditioning). */
    readonly scoreBefore: number,
    /** Conditioning statements (observe, factor, condition) handled before this choice. */
    readonly obsBefore: number,
    /** The address key when known (a choice that replaces one at the same address): computed once per address. */
    key?: string,
  ) {
    this.keyCache = key ?? null;
  }
  /** The address as a string (runtime/contract addrKey), computed once. */
  get key(): string {
    return this.keyCache ??= addrKey(this.addr, this.site);
  }
  /** The key if it has been computed (to pass on without computing it). */
  get cachedKey(): string | undefined {
    return this.keyCache ?? undefined;
  }
}

/**
 * An execution, finished (`done`) or suspended right after its `obs`-th conditioning statement (SMC). The
 * choices are `choices[0..len)`; arrays are shared between traces with a common prefix and only ever
 * appended to by the trace whose `len` equals the array's length, so no trace sees another's choices.
 */
export class Trace {
  private byKeyCache: Map<string, Choice> | null = null;
  constructor(
    readonly choices: Choice[],
    readonly len: number,
    /** Log joint of the choices and the conditioning statements so far. */
    readonly score: number,
    readonly obs: number,
    /** Continuation to resume a suspended execution (null when done). */
    readonly k: Cont<any> | null,
    readonly exec: ExecState,
    readonly done: boolean,
    /** The return value, when done. */
    readonly value: unknown,
    /** The site of the last conditioning statement handled (for zero-evidence messages). */
    readonly lastSite: number,
  ) {}

  /** The choices by address key (built on first use). */
  byKey(): Map<string, Choice> {
    if (this.byKeyCache === null) {
      const m = new Map<string, Choice>();
      for (let i = 0; i < this.len; i++) m.set(this.choices[i]!.key, this.choices[i]!);
      this.byKeyCache = m;
    }
    return this.byKeyCache;
  }
}

/** Whether two frames are the same address (structurally: frames are rebuilt by every execution). */
export function sameAddr(a: Addr | null, b: Addr | null): boolean {
  while (a !== b) {
    if (a === null || b === null || a.site !== b.site || a.iter !== b.iter) return false;
    a = a.up;
    b = b.up;
  }
  return true;
}

/** Where an execution starts or resumes. */
export interface Start {
  /** The continuation to call and its argument. */
  readonly k: Cont<any>;
  readonly arg: unknown;
  readonly exec: ExecState;
  /** Choices before the start (the shared prefix) and their count. */
  readonly choices: Choice[];
  readonly len: number;
  readonly score: number;
  readonly obs: number;
}

/** What a run reports besides the trace (fields reused across runs to avoid allocation). */
export interface RunStats {
  /** Σ log p of the choices drawn fresh (not reused from the old trace). */
  freshLogp: number;
}

let stampCounter = 0;
/** A new stamp for `Choice.mark` (one per proposal). */
export function newStamp(): number {
  return ++stampCounter;
}

/**
 * Runs an execution from `start` until it finishes or has handled `stopObs` conditioning statements
 * (Infinity: to the end). Choices whose address appears in `old` (and whose old value the new distribution
 * supports) are reused and marked with `stamp`; others are drawn from their distribution. Returns null when
 * the execution gets weight zero (the site is added to `rejections` if given).
 *
 * The execution may be of the model's absorbing variant (contract.ts `absorbModel`; MH's chain runs it): its
 * conditioning statements add to `inline.lp`, which is folded into the score at every request, and a weight
 * of zero arrives as a thrown `Stop`. Such traces count no conditioning statements (`obs`), so SMC's
 * rejuvenation, which stops at the n-th one, runs the standard model.
 */
export function runTrace(
  call: InferCall, engine: string, start: Start, old: Trace | null, stamp: number, stopObs: number, rng: Random,
  stats: RunStats, rejections: Rejections | null, oldCursor = 0,
): Trace | null {
  inline.lp = 0;
  try {
    return run(call, engine, start, old, stamp, stopObs, rng, stats, rejections, oldCursor);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    inline.lp = 0;
    const w = e.weight;
    if (w !== w || w === Infinity) {
      if (e.kind === 'observe') throw badObserve(w, call, e.site);
      throw new PplError(`factor: the log weight must be a number below infinity, got ${w}`, call.sites.sites[e.site]?.span);
    }
    rejections?.add(e.site);
    return null;
  }
}

function run(
  call: InferCall, engine: string, start: Start, old: Trace | null, stamp: number, stopObs: number, rng: Random,
  stats: RunStats, rejections: Rejections | null, oldCursor: number,
): Trace | null {
  let choices = start.choices;
  let len = start.len;
  if (choices.length !== len) choices = choices.slice(0, len);
  let score = start.score;
  let obs = start.obs;
  let fresh = 0;
  let cursor = oldCursor;
  setExec(start.exec);
  let req: Request = start.k(start.arg);
  for (;;) {
    // the weight the absorbing variant accumulated since the last request
    score += inline.lp;
    inline.lp = 0;
    switch (req.kind) {
      case 'sample': {
        const d = req.dist!;
        let value: unknown;
        let lp = -Infinity;
        let reused = false;
        let reusedKey: string | undefined;
        if (old !== null) {
          let c: Choice | undefined;
          if (cursor < old.len && old.choices[cursor]!.site === req.site && sameAddr(old.choices[cursor]!.addr, req.addr)) {
            c = old.choices[cursor++];
          } else {
            c = old.byKey().get(addrKey(req.addr, req.site));
          }
          if (c !== undefined) {
            lp = d.logProb(c.value);
            if (lp > -Infinity) {
              value = c.value;
              c.mark = stamp;
              reused = true;
              reusedKey = c.cachedKey;
            }
          }
        }
        if (!reused) {
          value = d.sample(rng);
          lp = d.logProb(value);
          fresh += lp;
        }
        // a reused choice passes its address key on (MH looks its drift proposal up by it)
        choices.push(new Choice(req.addr!, req.site, d, value, lp, req.k!, currentExec(), score, obs, reused ? reusedKey : undefined));
        len++;
        score += lp;
        req = req.k!(value);
        continue;
      }
      case 'observe': {
        const lp = req.dist!.logProb(req.value);
        if (lp !== lp || lp === Infinity) throw badObserve(lp, call, req.site);
        score += lp;
        break;
      }
      case 'factor': {
        const s = req.value as number;
        if (s !== s || s === Infinity) {
          throw new PplError(`factor: the log weight must be a number below infinity, got ${s}`, call.sites.sites[req.site]?.span);
        }
        score += s;
        break;
      }
      case 'condition':
        if (req.value !== true) score = -Infinity;
        break;
      case 'bounce':
        req = req.k!(null);
        continue;
      case 'done':
        stats.freshLogp = fresh;
        return new Trace(choices, len, score, obs, null, currentExec(), true, req.value, -1);
      case 'equate':
        throw new PplError(`\`=:=\` conditions exactly on a Gaussian equality; ${engine} cannot do that — use \`Exact\``,
          call.sites.sites[req.site]?.span);
    }
    // observe / factor / condition
    obs++;
    if (score === -Infinity) {
      rejections?.add(req.site);
      return null;
    }
    if (obs >= stopObs) {
      stats.freshLogp = fresh;
      return new Trace(choices, len, score, obs, req.k, currentExec(), false, undefined, req.site);
    }
    req = req.k!(null);
  }
}

/** The error for an observation whose log density is NaN or +∞ (a density with a pole at the observed value). */
export function badObserve(lp: number, call: InferCall, site: number): PplError {
  const why = lp !== lp ? 'is NaN' : 'is infinite (the density has a pole at the observed value)';
  return new PplError(`observe: the log density ${why}`, call.sites.sites[site]?.span);
}

// ---------------------------------------------------------------------------------------------
// Proposals
// ---------------------------------------------------------------------------------------------

/**
 * The unconstraining map of a scalar continuous distribution, for drift proposals: u = toFree(x) and
 * x = fromFree(u) with logJ(u) = log |dx/du|. Undefined for other distributions (they use prior proposals).
 */
export interface ScalarTransform {
  toFree(x: number): number;
  fromFree(u: number): number;
  logJ(u: number): number;
}

const IDENTITY: ScalarTransform = { toFree: (x) => x, fromFree: (u) => u, logJ: () => 0 };
const POSITIVE: ScalarTransform = { toFree: Math.log, fromFree: Math.exp, logJ: (u) => u };
/** log σ(u) + log(1 − σ(u)) = −softplus(−u) − softplus(u), computed stably. */
function logLogisticJ(u: number): number {
  const a = Math.abs(u);
  return -a - 2 * Math.log1p(Math.exp(-a));
}
function interval(a: number, b: number): ScalarTransform {
  const w = b - a;
  const lw = Math.log(w);
  return {
    toFree: (x) => {
      const p = (x - a) / w;
      return Math.log(p) - Math.log1p(-p);
    },
    fromFree: (u) => a + w / (1 + Math.exp(-u)),
    logJ: (u) => lw + logLogisticJ(u),
  };
}
const UNIT = interval(0, 1);

export function scalarTransform(d: DistLike): ScalarTransform | undefined {
  if (d instanceof NormalDist) return IDENTITY;
  if (d instanceof GammaDist || d instanceof ExponentialDist) return POSITIVE;
  if (d instanceof BetaDist) return UNIT;
  if (d instanceof UniformDist) return interval(d.a, d.b);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The single-site MH kernel
// ---------------------------------------------------------------------------------------------

/** How often a continuous choice gets a drift proposal rather than a draw from its prior. */
export const DRIFT_PROBABILITY = 0.8;

/**
 * One single-site Metropolis–Hastings kernel (lightweight MH): pick a choice uniformly, propose a new value
 * (a Gaussian drift on its unconstrained scale for scalar continuous choices and on every coordinate of an
 * MvNormal choice, else a draw from its distribution), resume the execution from that choice reusing
 * surviving choices, and accept with
 *   α = p(x′) q(x | x′) / (p(x) q(x′ | x)),  q(x′ | x) = (1/|x|) K(v′ | v) Π_fresh p,  q(x | x′) = (1/|x′|) K(v | v′) Π_stale p,
 * where fresh choices are those drawn anew in x′ and stale ones those of x that x′ no longer has.
 * Works on finished traces (MH) and on traces suspended after their n-th conditioning statement (SMC's
 * rejuvenation: the proposal must stop at the same statement count).
 */
export class MhKernel {
  /** Drift proposals by choice address (scales adapted while `adapting`). */
  private readonly drifts = new Map<string, DriftProposal>();
  private readonly stats: RunStats = { freshLogp: 0 };
  private readonly start: { -readonly [F in keyof Start]: Start[F] } = {
    k: () => { throw new Error('internal: MhKernel.start used before it was filled'); }, arg: null, exec: null!, choices: [], len: 0, score: 0, obs: 0,
  };
  proposals = 0;
  accepted = 0;
  private adapting = true;

  constructor(private readonly call: InferCall, private readonly engine: string, private readonly rng: Random) {}

  private driftFor(c: Choice, target = 0.44): DriftProposal {
    let d = this.drifts.get(c.key);
    if (d === undefined) {
      d = new DriftProposal(1, target);
      if (!this.adapting) d.freeze();
      this.drifts.set(c.key, d);
    }
    return d;
  }

  /** Stops adapting the drift scales (end of burn-in): from then on the chain is a true Markov chain. */
  freeze(): void {
    this.adapting = false;
    for (const d of this.drifts.values()) d.freeze();
  }

  /** Resets the acceptance counters (they report the post-burn-in rate). */
  resetCounts(): void {
    this.proposals = 0;
    this.accepted = 0;
  }

  /** One MH step from `t`: the next state (t itself when the proposal is rejected). */
  step(t: Trace): Trace {
    const n = t.len;
    if (n === 0) return t;
    const rng = this.rng;
    this.proposals++;
    const j = n === 1 ? 0 : rng.int(n);
    const c = t.choices[j]!;
    let v: unknown;
    let logq: number; // log K(v | v′) − log K(v′ | v)
    let drift: DriftProposal | undefined;
    const tr = scalarTransform(c.dist);
    if (tr !== undefined && rng.uniform() < DRIFT_PROBABILITY) {
      const u = tr.toFree(c.value as number);
      if (Number.isFinite(u)) {
        drift = this.driftFor(c);
        const u2 = drift.propose(u, rng);
        v = tr.fromFree(u2);
        logq = tr.logJ(u2) - tr.logJ(u);
      }
    } else if (c.dist instanceof MvNormalDist && rng.uniform() < DRIFT_PROBABILITY) {
      // a Gaussian random walk on every coordinate (symmetric; 0.234 is the optimal rate in several dimensions)
      drift = this.driftFor(c, 0.234);
      const x = c.value as number[];
      const y = new Array<number>(x.length);
      for (let i = 0; i < x.length; i++) y[i] = drift.propose(x[i]!, rng);
      v = y;
      logq = 0;
    }
    let lpNew: number;
    if (drift === undefined) {
      v = c.dist.sample(rng);
      lpNew = c.dist.logProb(v);
      logq = c.logp - lpNew;
    } else {
      lpNew = c.dist.logProb(v);
    }
    if (!(lpNew > -Infinity)) {
      drift?.record(false);
      return t;
    }
    // (sliced to j + 1 and overwritten rather than sliced to j and pushed: no regrowth of the copy)
    const prefix = t.choices.slice(0, j + 1);
    prefix[j] = new Choice(c.addr, c.site, c.dist, v, lpNew, c.k, c.exec, c.scoreBefore, c.obsBefore, c.cachedKey);
    const stamp = newStamp();
    // the kernel's one Start object, refilled (runTrace reads it only before it resumes the execution)
    const start = this.start;
    start.k = c.k;
    start.arg = v;
    start.exec = c.exec;
    start.choices = prefix;
    start.len = j + 1;
    start.score = c.scoreBefore + lpNew;
    start.obs = c.obsBefore;
    const t2 = runTrace(this.call, this.engine, start, t, stamp, t.done ? Infinity : t.obs, rng, this.stats, null, j + 1);
    if (t2 === null || t2.done !== t.done || (!t.done && t2.obs !== t.obs)) {
      drift?.record(false);
      return t;
    }
    let stale = 0;
    for (let i = j + 1; i < n; i++) {
      const o = t.choices[i]!;
      if (o.mark !== stamp) stale += o.logp;
    }
    const logA = t2.score - t.score + (t2.len === n ? 0 : Math.log(n / t2.len)) + logq! + stale - this.stats.freshLogp;
    const ok = logA >= 0 || Math.log(rng.uniform()) < logA;
    drift?.record(ok);
    if (!ok) return t;
    this.accepted++;
    return t2;
  }
}
