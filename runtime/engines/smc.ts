// SMC(particles: n, rejuvenation: k, resampling: "systematic"|"multinomial"|"stratified", ess: t): sequential
// Monte Carlo. Every particle is a suspended execution: it is resumed (never re-run) to its next
// observe/factor/condition, reweighted, and waits there; a finished particle waits with its weight. Then the
// population is resampled in O(n) — at every step, or with `ess: t` only when the effective sample size falls
// below t·n — and with `rejuvenation: k` each particle gets k single-site MH moves on its trace (resample-move;
// trace.ts). logZ accumulates log(mean weight) at each resampling and at the end: the unbiased estimate.

import { PplError } from '../../stdlib/index.js';
import { ROOT, currentExec, doneReq, doneShared, inline, setExec, type Batch, type BatchModel, type Cont, type Engine, type ExecState, type InferCall, type ModelFn, type Request } from '../contract.js';
import { countOption } from '../methods.js';
import { SampleDist } from '../results/index.js';
import { Rng } from '../rng.js';
import { Rejections, zeroEvidence } from './rejections.js';
import { RunReport, fmt } from './report.js';
import { resampleWeights, type Resampling } from './resampling.js';
import { MhKernel, badObserve, newStamp, runTrace, type Trace } from './trace.js';

interface SmcOptions {
  n: number;
  rejuvenation: number;
  resampling: Resampling;
  /** Resample when ESS < threshold·n; null: at every step. */
  threshold: number | null;
}

function options(call: InferCall): SmcOptions {
  const m = { name: 'SMC', options: call.options };
  const n = countOption(m, 'particles', 1000);
  const rj = call.options.rejuvenation;
  if (rj !== undefined && (typeof rj !== 'number' || !Number.isInteger(rj) || rj < 0)) {
    throw new PplError(`SMC: rejuvenation must be a natural number, got ${String(rj)}`);
  }
  const rs = call.options.resampling ?? 'systematic';
  if (rs !== 'systematic' && rs !== 'multinomial' && rs !== 'stratified') {
    throw new PplError(`SMC: resampling must be "systematic", "multinomial" or "stratified", got ${JSON.stringify(rs)}`);
  }
  const t = call.options.ess;
  if (t !== undefined && (typeof t !== 'number' || !(t > 0 && t <= 1))) {
    throw new PplError(`SMC: ess must be a number in (0, 1], got ${String(t)}`);
  }
  return { n, rejuvenation: (rj as number | undefined) ?? 0, resampling: rs, threshold: (t as number | undefined) ?? null };
}

/**
 * From the current log weights: log of their mean, whether to resample, their ESS; leaves the linear weights
 * exp(lw − max) in `w` (their sum is `total`) for the resampler. Resamples when ess < limit (Infinity: always).
 */
function weigh(lw: Float64Array, w: Float64Array, n: number, limit: number): { logMean: number; resample: boolean; ess: number; total: number } {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (lw[i]! > max) max = lw[i]!;
  if (max === -Infinity) return { logMean: -Infinity, resample: false, ess: 0, total: 0 };
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.exp(lw[i]! - max);
    w[i] = x;
    s += x;
    s2 += x * x;
  }
  const ess = (s * s) / s2;
  return { logMean: max + Math.log(s / n), resample: ess < limit, ess, total: s };
}

/**
 * The bookkeeping every population loop shares, once per step after each live particle was weighed: the log
 * evidence, the step and resampling counts, the ESS before the last resampling, and the resampling itself.
 */
class Steps {
  logZ = 0;
  steps = 0;
  resamplings = 0;
  essBefore = Infinity;
  readonly rejections = new Rejections();
  private readonly w: Float64Array;
  private readonly idx: Int32Array;
  private readonly limit: number;

  constructor(private readonly call: InferCall, private readonly o: SmcOptions, private readonly rng: Rng) {
    this.w = new Float64Array(o.n);
    this.idx = new Int32Array(o.n);
    this.limit = o.threshold === null ? Infinity : o.threshold * o.n;
  }

  /**
   * Counts a step; resamples when due (ESS below the threshold, or always), adding log(mean weight) to the log
   * evidence and resetting `lw` to 0. Returns the ancestors (particle i descends from idx[i]), or null when it
   * did not resample. Throws when every particle has weight zero.
   */
  next(lw: Float64Array): Int32Array | null {
    this.steps++;
    const n = this.o.n;
    const { logMean, resample, ess, total } = weigh(lw, this.w, n, this.limit);
    if (logMean === -Infinity) throw zeroEvidence('SMC', this.call, this.rejections);
    this.essBefore = resample ? ess : Infinity;
    if (!resample) return null;
    this.resamplings++;
    this.logZ += logMean;
    resampleWeights(this.o.resampling, this.w, total, n, this.rng, this.idx);
    lw.fill(0);
    return this.idx;
  }

  /** The result from the final population's values and weights (the last weights' mean enters the log evidence). */
  finish(values: unknown[], lw: Float64Array, acceptance = NaN): SmcRun {
    const { logMean } = weigh(lw, this.w, this.o.n, Infinity);
    if (logMean === -Infinity) throw zeroEvidence('SMC', this.call, this.rejections);
    this.logZ += logMean;
    return { dist: finish(values, lw, this.o.n, this.logZ, this.essBefore), steps: this.steps, resamplings: this.resamplings, acceptance };
  }
}

export const smcEngine: Engine = {
  name: 'SMC',
  run(call: InferCall): SampleDist {
    const o = options(call);
    const report = new RunReport('SMC');
    let dist: SampleDist | undefined;
    let steps = 0;
    let resamplings = 0;
    let acceptance = NaN;
    try {
      const r = o.rejuvenation > 0 ? runWithTraces(call, o, report)
        : call.batchModel !== undefined ? runBatch(call, call.batchModel, o, report)
        : runLean(call, o, report);
      steps = r.steps;
      resamplings = r.resamplings;
      acceptance = r.acceptance;
      dist = r.dist;
      return dist;
    } finally {
      report.end(dist === undefined ? undefined : () => {
        const d = dist!;
        const parts = [`${fmt(o.n)} particles`, `${steps} steps`, `${resamplings} resamplings`, `ess ${fmt(d.ess())}`, `logZ ${fmt(d.logZ())}`];
        if (o.rejuvenation > 0) parts.push(`rejuvenation accept ${fmt(acceptance)}`);
        return parts.join(', ');
      });
    }
  },
};

interface SmcRun { dist: SampleDist; steps: number; resamplings: number; acceptance: number }

/**
 * SMC's result: the final population. Its `ess` is weight-based: of the final weights, or — when the last
 * step resampled (the final weights are then equal) — of the weights just before that resampling, which is
 * how many independent draws the population is worth.
 */
export class SmcDist<T = unknown> extends SampleDist<T> {
  constructor(samples: readonly T[], logWeights: ArrayLike<number>, logZ: number, private readonly essBefore: number) {
    super(samples, logWeights, { logZ, method: 'SMC' });
  }
  override ess(): number {
    return Math.min(super.ess(), this.essBefore);
  }
}

/** The result from the final population: values and log weights of the particles of positive weight. */
function finish(values: unknown[], lw: Float64Array, n: number, logZ: number, essBefore: number): SampleDist {
  let m = 0;
  for (let i = 0; i < n; i++) if (lw[i] !== -Infinity) m++;
  // sized once (no growing by push: the population may be large)
  const kept = new Array<unknown>(m);
  const keptW = new Float64Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    if (lw[i] !== -Infinity) {
      kept[j] = values[i];
      keptW[j++] = lw[i]!;
    }
  }
  return new SmcDist(kept, keptW, logZ, essBefore);
}

/**
 * Advances every live, unfinished particle to its next conditioning statement and adds its weight; a finished
 * particle's value goes to `vs` (its continuation becomes null). Returns how many particles are pending.
 * The hot loops are kept in small functions (this one, `settle`, `weightOf`): V8 optimises small functions
 * soon and cheaply, which decides how fast a cold run of 1,000 particles is — and so is the optimised code of
 * this loop: the model is resumed through `resume`, a call site V8 does not inline (see there). The first
 * step, which starts the model, is `startAll`.
 */
function advanceAll(call: InferCall, n: number, ks: (Cont<any> | null)[], xs: ExecState[], vs: unknown[], lw: Float64Array, rng: Rng, rejections: Rejections): number {
  let pending = 0;
  for (let i = 0; i < n; i++) {
    const k = ks[i];
    if (k === null || lw[i] === -Infinity) continue;
    setExec(xs[i]!);
    let req = resume(k!);
    let w: number;
    if (req.dist === null && req.kind === 'observe') {
      // the prior variant's inlined observe (contract.ts `observed`), read here without further calls: until
      // V8 has optimised this loop (most of a run of 1,000 particles) every call costs
      w = inline.lp;
      if (w !== w || w === Infinity) throw badObserve(w, call, req.site);
    } else {
      req = settle(req, rng);
      if (req.kind === 'done') {
        finished(i, req, ks, vs);
        continue;
      }
      w = weightOf(req, call);
    }
    pending++;
    lw[i] += w;
    if (w === -Infinity) rejections.add(req.site);
    ks[i] = req.k;
    xs[i] = currentExec();
  }
  return pending;
}

/**
 * Resumes a particle: the one call site from the engine's loops into model code, kept megamorphic on purpose
 * (`megamorphicResume`) so that V8 compiles the loops without inlining the model into them. Measured: inlined,
 * the loops take long to compile while the run is still cold (their compilation competes with the model's own
 * on this 2-core machine); called, the model's code is compiled once, on its own. (In the last step the
 * model's exit path and this loop's path for a finished particle still deoptimise: code never run before has
 * no type feedback.) The call costs a few ns per particle step once optimised. Measured on cold runs: about
 * 3 ms less CPU at 1,000 particles, no change beyond the noise at 10,000.
 */
function resume(k: Cont<any>): Request {
  return k(null);
}

let resumeIsMegamorphic = false;

/**
 * Gives `resume`'s call site the feedback of five different functions, which V8 treats as megamorphic (its
 * polymorphic inlining stops at four). Done on the first SMC run in a process, not when the module loads: a
 * start-up snapshot may drop the feedback. Costs well under a millisecond, once.
 */
function megamorphicResume(): void {
  if (resumeIsMegamorphic) return;
  resumeIsMegamorphic = true;
  const ks: Cont<any>[] = [() => doneShared(1), () => doneShared(2), () => doneShared(3), () => doneShared(4), () => doneShared(5)];
  // enough calls for the feedback vector to be allocated (V8 allocates it lazily, after some bytecode budget)
  for (let i = 0; i < 2000; i++) resume(ks[i % 5]!);
}

/** The first step: starts the model in every particle. */
function startAll(call: InferCall, n: number, model: ModelFn, ks: (Cont<any> | null)[], xs: ExecState[], vs: unknown[], lw: Float64Array, rng: Rng, rejections: Rejections): number {
  let pending = 0;
  const start = (): Request => model(ROOT, doneReq);
  for (let i = 0; i < n; i++) {
    setExec(xs[i]!);
    const req = settle(resume(start), rng);
    if (req.kind === 'done') {
      finished(i, req, ks, vs);
      continue;
    }
    const w = weightOf(req, call);
    pending++;
    lw[i] += w;
    if (w === -Infinity) rejections.add(req.site);
    ks[i] = req.k;
    xs[i] = currentExec();
  }
  return pending;
}

/** Particle i finished: its value is kept and it is not resumed again. */
function finished(i: number, req: Request, ks: (Cont<any> | null)[], vs: unknown[]): void {
  ks[i] = null;
  vs[i] = req.value;
}

/** Answers sample and bounce requests from `req` on: the request the execution stops at (conditioning, `=:=` or done). */
function settle(req: Request, rng: Rng): Request {
  for (;;) {
    const kind = req.kind;
    if (kind === 'sample') req = req.k!(req.dist!.sample(rng));
    else if (kind === 'bounce') req = req.k!(null);
    else return req;
  }
}

/** The log weight of a conditioning request (−∞: rejected); NaN or +∞, and `=:=`, are errors at the statement. */
function weightOf(req: Request, call: InferCall): number {
  const kind = req.kind;
  if (kind === 'observe') {
    // an observe the compiled code scored itself carries no distribution; its log density is in inline.lp
    const w = req.dist === null ? inline.lp : req.dist.logProb(req.value);
    if (w !== w || w === Infinity) throw badObserve(w, call, req.site);
    return w;
  }
  if (kind === 'factor') {
    const w = req.value as number;
    if (w !== w || w === Infinity) {
      throw new PplError(`factor: the log weight must be a number below infinity, got ${w}`, call.sites.sites[req.site]?.span);
    }
    return w;
  }
  if (kind === 'condition') return req.value === true ? 0 : -Infinity;
  throw new PplError('`=:=` conditions exactly on a Gaussian equality; SMC cannot do that — use `Exact`',
    call.sites.sites[req.site]?.span);
}

/** The resampled population: particle i of the new arrays is particle idx[i] of the old. */
function reorder(idx: Int32Array, n: number, ks: (Cont<any> | null)[], xs: ExecState[], ks2: (Cont<any> | null)[], xs2: ExecState[]): void {
  for (let i = 0; i < n; i++) {
    const a = idx[i]!;
    ks2[i] = ks[a]!;
    xs2[i] = xs[a]!;
  }
}

/** The finished particles' values, resampled as `reorder` does the rest. */
function reorderValues(idx: Int32Array, n: number, vs: unknown[], vs2: unknown[]): void {
  for (let i = 0; i < n; i++) vs2[i] = vs[idx[i]!];
}

/**
 * Without rejuvenation no traces are kept: a particle is its continuation, execution context and weight, in
 * parallel arrays (double-buffered for resampling), so a step costs one resumption per particle. The model
 * runs in its prior-sampling variant when compiled with one (contract.ts `priorModel`): samples are drawn
 * inline from this run's generator — in the same order as answering sample requests would, so the results
 * are the same — and a step returns one request, at the conditioning statement.
 */
function runLean(call: InferCall, o: SmcOptions, report: RunReport): SmcRun {
  const n = o.n;
  const rng = new Rng(call.seed);
  inline.rng = rng; // (runInfer restores the caller's registers)
  megamorphicResume();
  const model = call.priorModel ?? call.model;
  // every array starts filled (packed, of generic elements) so that the buffers swapped by resampling all have
  // the same elements kind: one map per loop, no deoptimisation when they trade places
  let ks = new Array<Cont<any> | null>(n).fill(null);
  let xs = new Array<ExecState>(n);
  let vs = new Array<unknown>(n).fill(null);
  let ks2 = new Array<Cont<any> | null>(n).fill(null);
  let xs2 = new Array<ExecState>(n);
  let vs2 = new Array<unknown>(n).fill(null);
  const lw = new Float64Array(n);
  const { mem, inferCounts } = call.exec;
  for (let i = 0; i < n; i++) xs[i] = { mem, seedPath: `${call.seed}/${i}`, inferCounts };
  xs2.fill(xs[0]!);
  const st = new Steps(call, o, rng);
  const rejections = st.rejections;
  for (;;) {
    const pending = st.steps === 0 ? startAll(call, n, model, ks, xs, vs, lw, rng, rejections) : advanceAll(call, n, ks, xs, vs, lw, rng, rejections);
    if (pending === 0) break;
    const idx = st.next(lw);
    if (idx !== null) {
      reorder(idx, n, ks, xs, ks2, xs2);
      [ks, ks2] = [ks2, ks];
      [xs, xs2] = [xs2, xs];
      // drop the old population at once: stale references would keep it alive (and promoted) for a step
      ks2.fill(null);
      if (pending < n) {
        // some particle has finished (or died): values matter. While every particle is pending, none has a
        // value, and their entries of `vs` are never read (a particle writes its own when it finishes).
        reorderValues(idx, n, vs, vs2);
        [vs, vs2] = [vs2, vs];
        vs2.fill(null);
      }
    }
    if (report.active) report.status(`step ${st.steps}`);
  }
  return st.finish(vs, lw);
}

/**
 * The batched model (compiler/batch.ts: every particle meets the same conditioning statements in the same order)
 * runs the population one statement at a time in loops over the particles: no continuation per particle, values
 * in arrays. It draws in the same order as `runLean` (a particle loop runs each particle to its next conditioning
 * statement in turn) and weighs and resamples the same way, so both give the same population from the same seed
 * when each step between conditioning statements is one loop.
 */
function runBatch(call: InferCall, model: BatchModel, o: SmcOptions, report: RunReport): SmcRun {
  const n = o.n;
  const rng = new Rng(call.seed);
  inline.rng = rng; // (runInfer restores the caller's registers)
  const lw = new Float64Array(n);
  let idx: Int32Array | null = null;
  const batch: Batch = {
    n,
    lw,
    w: new Float64Array(n),
    idx: null,
    take<T>(a: T[]): T[] {
      const b = new Array<T>(n);
      for (let i = 0; i < n; i++) b[i] = a[idx![i]!]!;
      return b;
    },
  };
  setExec(call.exec);
  const gen = model(batch);
  const st = new Steps(call, o, rng);
  for (;;) {
    const r = gen.next();
    if (r.done === true) return st.finish(r.value, lw);
    addWeights(call, r.value, batch.w, lw, n, st.rejections);
    batch.idx = idx = st.next(lw);
    if (report.active) report.status(`step ${st.steps}`);
  }
}

/** Adds each live particle's log weight for the conditioning statement at `site`; NaN or +∞ is an error there. */
function addWeights(call: InferCall, site: number, w: Float64Array, lw: Float64Array, n: number, rejections: Rejections): void {
  const kind = call.sites.sites[site]?.kind;
  for (let i = 0; i < n; i++) {
    if (lw[i] === -Infinity) continue;
    const x = w[i]!;
    if (x !== x || x === Infinity) {
      if (kind === 'factor') throw new PplError(`factor: the log weight must be a number below infinity, got ${x}`, call.sites.sites[site]?.span);
      throw badObserve(x, call, site);
    }
    lw[i] += x;
    if (x === -Infinity) rejections.add(site);
  }
}

/** With rejuvenation every particle carries its trace (trace.ts), which the MH moves need. */
function runWithTraces(call: InferCall, o: SmcOptions, report: RunReport): SmcRun {
  const n = o.n;
  const rng = new Rng(call.seed);
  const kernel = new MhKernel(call, 'SMC', rng);
  const stats = { freshLogp: 0 };
  let ts = new Array<Trace | null>(n);
  let ts2 = new Array<Trace | null>(n);
  const lw = new Float64Array(n);
  const st = new Steps(call, o, rng);
  const rejections = st.rejections;
  const start = (i: number) => ({
    k: () => call.model(ROOT, doneReq), arg: null, exec: { ...call.exec, seedPath: `${call.seed}/${i}` },
    choices: [], len: 0, score: 0, obs: 0,
  });
  let first = true;
  for (;;) {
    let pending = 0;
    for (let i = 0; i < n; i++) {
      const t = ts[i];
      if (!first && (t === null || t.done || lw[i] === -Infinity)) continue;
      const from = first
        ? start(i)
        : { k: t!.k!, arg: null, exec: t!.exec, choices: t!.choices, len: t!.len, score: t!.score, obs: t!.obs };
      const t2 = runTrace(call, 'SMC', from, null, newStamp(), (first ? 0 : t!.obs) + 1, rng, stats, rejections);
      if (t2 === null) {
        lw[i] = -Infinity;
        ts[i] = null;
        pending++;
        continue;
      }
      ts[i] = t2;
      if (!t2.done) {
        pending++;
        lw[i] += t2.score - (first ? 0 : t!.score) - choicesLogp(t2, first ? 0 : t!.len);
      } else {
        // finished without another conditioning statement: its weight is unchanged
      }
    }
    first = false;
    if (pending === 0) break;
    const idx = st.next(lw);
    if (idx !== null) {
      for (let i = 0; i < n; i++) ts2[i] = ts[idx[i]!]!;
      [ts, ts2] = [ts2, ts];
      ts2.fill(null);
      for (let i = 0; i < n; i++) {
        let t = ts[i]!;
        for (let r = 0; r < o.rejuvenation; r++) t = kernel.step(t);
        ts[i] = t;
      }
    }
    if (report.active) report.status(`step ${st.steps}`);
  }
  return st.finish(ts.map((t) => (t === null ? undefined : t.value)), lw, kernel.accepted / kernel.proposals);
}

/** Σ log p of the choices of t from index `from` on (the prior part of a score increment). */
function choicesLogp(t: Trace, from: number): number {
  let s = 0;
  for (let i = from; i < t.len; i++) s += t.choices[i]!.logp;
  return s;
}
