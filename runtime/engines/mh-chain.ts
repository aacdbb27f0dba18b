// MH's single-site kernel on ONE mutable trace (SMC's rejuvenation keeps trace.ts's persistent traces, which
// particles share after resampling). Every position has two slots, the current choice and a spare that a
// proposal fills after the changed choice; accepting updates that choice and swaps the rewritten slots in,
// rejecting leaves all as it was: no choice record, prefix copy or trace per proposal. Same chain as MhKernel.

import { MvNormalDist, PplError, type Random } from '../../stdlib/index.js';
import { ROOT, Stop, addrKey, currentExec, inline, setExec, type Addr, type Cont, type DistLike, type ExecState, type InferCall, type ModelFn, type Request } from '../contract.js';
import { DriftProposal } from '../mcmc/index.js';
import type { Rejections } from './rejections.js';
import { DRIFT_PROBABILITY, badObserve, sameAddr, scalarTransform, type ScalarTransform } from './trace.js';

/** One random choice of the trace; a slot is refilled by every proposal that rewrites its position. */
class Slot {
  addr: Addr = ROOT;
  site = 0;
  dist: DistLike = null!;
  value: unknown = null;
  /** log p(value) under `dist`. */
  logp = 0;
  /** Resumes the execution right after this choice, with a value for it. */
  k: Cont<any> = null!;
  /** The execution context (mem table) at the choice. */
  exec: ExecState = null!;
  /** The log joint of the execution before this choice. */
  scoreBefore = 0;
  /** The address as a string (computed on first use, passed on while the address survives). */
  key: string | null = null;
  /** The drift proposal of this address (a cache of MhChain.drifts, passed on with the key). */
  drift: DriftProposal | null = null;
  /** scalarTransform(trDist), cached: distributions with literal parameters are one object per run. */
  trDist: DistLike | null = null;
  tr: ScalarTransform | undefined = undefined;
  /** The proposal that last reused this choice (stale choices are the unmarked ones). */
  mark = 0;
}

/**
 * Lightweight single-site Metropolis–Hastings (trace.ts MhKernel has the acceptance ratio), on finished
 * executions of `model` (the absorbing variant when there is one: conditioning adds to `inline.lp`).
 * `init` draws a starting trace from the prior; `step` makes one proposal; `value` is the current state's.
 */
export class MhChain {
  private cur: Slot[] = [];
  private alt: Slot[] = [];
  private n = 0;
  private score = 0;
  /** The current execution's return value. */
  value: unknown = undefined;
  /** Index of each current choice by address key (built on a cursor miss; dropped when the shape changes). */
  private byKey: Map<string, number> | null = null;
  private readonly drifts = new Map<string, DriftProposal>();
  private adapting = true;
  private stamp = 0;
  // what the last run left: its score, value, Σ log p of fresh choices, and whether every old choice it met
  // was found at its own position (then the addresses by index are unchanged)
  private runScore = 0;
  private runValue: unknown = undefined;
  private runFresh = 0;
  private runAligned = true;
  proposals = 0;
  accepted = 0;

  constructor(
    private readonly call: InferCall,
    private readonly engine: string,
    private readonly rng: Random,
    private readonly model: ModelFn,
    private readonly done: Cont<any>,
  ) {}

  /** Tries one execution from the prior as the current state; false when it has weight zero. */
  init(rejections: Rejections): boolean {
    const len = this.resume(() => this.model(ROOT, this.done), null, this.call.exec, 0, 0, false, rejections);
    if (len < 0) return false;
    this.accept(0, len);
    return true;
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

  private driftFor(c: Slot, target: number): DriftProposal {
    if (c.drift !== null) return c.drift;
    const key = (c.key ??= addrKey(c.addr, c.site));
    let d = this.drifts.get(key);
    if (d === undefined) {
      d = new DriftProposal(1, target);
      if (!this.adapting) d.freeze();
      this.drifts.set(key, d);
    }
    return (c.drift = d);
  }

  /**
   * One MH step: pick a choice uniformly, propose a value (drift on the unconstrained scale, or from the
   * prior), re-execute from it reusing surviving choices, accept with
   *   α = p(x′) q(x | x′) / (p(x) q(x′ | x)),  q(x′ | x) = (1/|x|) K(v′ | v) Π_fresh p,  q(x | x′) = (1/|x′|) K(v | v′) Π_stale p.
   */
  step(): void {
    const n = this.n;
    if (n === 0) return;
    const rng = this.rng;
    this.proposals++;
    const j = n === 1 ? 0 : rng.int(n);
    const c = this.cur[j]!;
    const dist = c.dist;
    if (c.trDist !== dist) {
      c.tr = scalarTransform(dist);
      c.trDist = dist;
    }
    const tr = c.tr;
    let v: unknown;
    let lpNew: number;
    let logq: number; // log K(v | v′) − log K(v′ | v)
    let drift: DriftProposal | null = null;
    let u: number;
    // (the rare proposals are methods of their own: this one stays small for the optimising compiler)
    if (tr !== undefined && rng.uniform() < DRIFT_PROBABILITY && Number.isFinite((u = tr.toFree(c.value as number)))) {
      drift = c.drift ?? this.driftFor(c, 0.44);
      const u2 = drift.propose(u, rng);
      v = tr.fromFree(u2);
      logq = tr.logJ(u2) - tr.logJ(u);
      lpNew = dist.logProb(v);
    } else {
      drift = tr === undefined ? this.vectorDrift(c) : null;
      v = drift === null ? dist.sample(rng) : this.proposed;
      lpNew = dist.logProb(v);
      logq = drift === null ? c.logp - lpNew : 0;
    }
    if (!(lpNew > -Infinity)) {
      drift?.record(false);
      return;
    }
    const stamp = ++this.stamp;
    const len = this.resume(c.k, v, c.exec, j + 1, c.scoreBefore + lpNew, true, null);
    if (len < 0) {
      drift?.record(false);
      return;
    }
    let stale = 0;
    const cur = this.cur;
    for (let i = j + 1; i < n; i++) {
      const o = cur[i]!;
      if (o.mark !== stamp) stale += o.logp;
    }
    const logA = this.runScore - this.score + (len === n ? 0 : Math.log(n / len)) + logq + stale - this.runFresh;
    const ok = logA >= 0 || Math.log(rng.uniform()) < logA;
    drift?.record(ok);
    if (!ok) return;
    this.accepted++;
    // the changed choice keeps its slot (only its value and log probability change); the rest swap in
    c.value = v;
    c.logp = lpNew;
    this.accept(j + 1, len);
  }

  /** The value of the last vector drift proposal. */
  private proposed: unknown = null;

  /**
   * For a choice without a scalar transform: with probability DRIFT_PROBABILITY, an MvNormal's drift
   * proposal, a Gaussian random walk on every coordinate (symmetric; 0.234 is the optimal rate in several
   * dimensions), left in `proposed`; null for a prior proposal (and for every other distribution).
   */
  private vectorDrift(c: Slot): DriftProposal | null {
    if (!(c.dist instanceof MvNormalDist) || !(this.rng.uniform() < DRIFT_PROBABILITY)) return null;
    const drift = this.driftFor(c, 0.234);
    const x = c.value as number[];
    const y = new Array<number>(x.length);
    for (let i = 0; i < x.length; i++) y[i] = drift.propose(x[i]!, this.rng);
    this.proposed = y;
    return drift;
  }

  /** Makes the last run the current state: the slots it filled, from..len, swap in. */
  private accept(from: number, len: number): void {
    const cur = this.cur;
    const alt = this.alt;
    for (let i = from; i < len; i++) {
      const t = cur[i]!;
      cur[i] = alt[i]!;
      alt[i] = t;
    }
    if (!(this.runAligned && len === this.n)) this.byKey = null;
    this.n = len;
    this.score = this.runScore;
    this.value = this.runValue;
  }

  /** The spare slot of position i (both arrays grow together). */
  private slot(i: number): Slot {
    if (i === this.alt.length) {
      this.alt.push(new Slot());
      this.cur.push(new Slot());
    }
    return this.alt[i]!;
  }

  /** The index of the current choice at `key` (-1 if none). */
  private indexOf(addr: Addr, site: number): number {
    let m = this.byKey;
    if (m === null) {
      m = new Map<string, number>();
      for (let i = 0; i < this.n; i++) {
        const c = this.cur[i]!;
        m.set((c.key ??= addrKey(c.addr, c.site)), i);
      }
      this.byKey = m;
    }
    return m.get(addrKey(addr, site)) ?? -1;
  }

  /**
   * Runs the execution from `k(arg)` to its end, filling spare slots from position `from` with score `score`
   * so far; with `reuse`, a choice whose address the current trace has (and whose value the new distribution
   * supports) keeps its value and marks the old choice. Returns the length, or -1 when the execution has
   * weight zero (its site added to `rejections` if given); the run's score, value and fresh log probability
   * are left in `run*`.
   */
  private resume(k: Cont<any>, arg: unknown, exec: ExecState, from: number, score: number, reuse: boolean, rejections: Rejections | null): number {
    inline.lp = 0;
    try {
      return this.run(k, arg, exec, from, score, reuse, rejections);
    } catch (e) {
      return this.stopped(e, rejections);
    }
  }

  /** A run that threw: a `Stop` of the absorbing variant is a rejection (-1) or the request's error. */
  private stopped(e: unknown, rejections: Rejections | null): number {
    if (!(e instanceof Stop)) throw e;
    inline.lp = 0;
    const w = e.weight;
    if (w !== w || w === Infinity) {
      if (e.kind === 'observe') throw badObserve(w, this.call, e.site);
      throw new PplError(`factor: the log weight must be a number below infinity, got ${w}`, this.call.sites.sites[e.site]?.span);
    }
    rejections?.add(e.site);
    return -1;
  }

  /** The log weight of an observe or factor request (errors for NaN and +∞), or the error of `=:=`. */
  private weight(req: Request): number {
    switch (req.kind) {
      case 'observe': {
        const lp = req.dist!.logProb(req.value);
        if (lp !== lp || lp === Infinity) throw badObserve(lp, this.call, req.site);
        return lp;
      }
      case 'factor': {
        const w = req.value as number;
        if (w !== w || w === Infinity) {
          throw new PplError(`factor: the log weight must be a number below infinity, got ${w}`, this.call.sites.sites[req.site]?.span);
        }
        return w;
      }
      default:
        throw new PplError(`\`=:=\` conditions exactly on a Gaussian equality; ${this.engine} cannot do that — use \`Exact\``,
          this.call.sites.sites[req.site]?.span);
    }
  }

  private run(k: Cont<any>, arg: unknown, exec: ExecState, from: number, score: number, reuse: boolean, rejections: Rejections | null): number {
    const cur = this.cur;
    const n = this.n;
    const stamp = this.stamp;
    let len = from;
    let fresh = 0;
    let cursor = from;
    let aligned = true;
    setExec(exec);
    let req: Request = k(arg);
    for (;;) {
      // the weight the absorbing variant accumulated since the last request
      score += inline.lp;
      inline.lp = 0;
      switch (req.kind) {
        case 'sample': {
          const d = req.dist!;
          const s = this.slot(len);
          let lp = -Infinity;
          let o: Slot | null = null;
          if (reuse) {
            let i = -1;
            if (cursor < n && cur[cursor]!.site === req.site && sameAddr(cur[cursor]!.addr, req.addr)) {
              i = cursor++;
              if (i !== len) aligned = false;
            } else {
              aligned = false;
              i = this.indexOf(req.addr!, req.site);
            }
            if (i >= 0) {
              o = cur[i]!;
              // the same distribution object (literal parameters: one per run) gives the same density
              lp = o.dist === d ? o.logp : d.logProb(o.value);
              if (!(lp > -Infinity)) o = null;
            }
          }
          if (o !== null) {
            o.mark = stamp;
            s.value = o.value;
            // the address survives: so do its key, drift proposal and (for the same distribution) transform
            s.key = o.key;
            s.drift = o.drift;
            s.trDist = o.trDist;
            s.tr = o.tr;
          } else {
            aligned = false;
            const value = d.sample(this.rng);
            lp = d.logProb(value);
            fresh += lp;
            s.value = value;
            s.key = null;
            s.drift = null;
            s.trDist = null;
            s.tr = undefined;
          }
          s.addr = req.addr!;
          s.site = req.site;
          s.dist = d;
          s.logp = lp;
          s.k = req.k!;
          s.exec = currentExec();
          s.scoreBefore = score;
          len++;
          score += lp;
          req = req.k!(s.value);
          continue;
        }
        case 'bounce':
          req = req.k!(null);
          continue;
        case 'done':
          this.runScore = score;
          this.runValue = req.value;
          this.runFresh = fresh;
          this.runAligned = aligned && cursor === n;
          return len;
        case 'condition':
          if (req.value !== true) score = -Infinity;
          break;
        default:
          score += this.weight(req);
      }
      // observe / factor / condition
      if (score === -Infinity) {
        rejections?.add(req.site);
        return -1;
      }
      req = req.k!(null);
    }
  }
}
