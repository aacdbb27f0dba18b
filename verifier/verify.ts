// The verification pipeline for IVL programs: each procedure with a body is one unit; desugar its loops and
// calls, generate its VC, ask Z3, and turn the answer into a verdict the soundness bookkeeping allows.
// `proved` only for an unsat query on a VC that approximates in the safe direction; a model of a VC that
// approximates in the unsafe direction is reported as `unknown` (a counterexample to the proof only), after an
// attempt to find a sound refutation by bounded unrolling.

import type { Diagnostic, Span } from '../lang/index.js';
import { error } from '../lang/index.js';
import type { Program, Proc, Stmt, Expr } from './ivl/index.js';
import { T, Q, setDeadline, BudgetExceeded, resetIntern, resetMasks } from './ivl/index.js';
import { desugarProc, DesugarError, vcStmts, VcError, combine, meet, EXACT, soundVerdicts, approxName, type ApproxRecord } from './vcgen/index.js';
import { prove } from './smt/index.js';
import { build as B } from './vcgen/index.js';

export type VerdictKind = 'proved' | 'refuted' | 'unknown';

export interface Verdict {
  /** The procedure the claim belongs to. */
  readonly proc: string;
  /** The claim in words, e.g. `coproc geo: pre init_c + 1 ≥ wp(…)(c)`. */
  readonly spec: string;
  readonly verdict: VerdictKind;
  readonly ms: number;
  readonly counterexample?: Record<string, string>;
  readonly reason?: string;
  readonly span?: Span;
}

export interface VerifyOptions {
  /** Per obligation, in seconds (default 30). */
  readonly timeout?: number;
  /** Depths tried for a sound refutation by unrolling when an upper-bound proof fails (default [2, 5, 10, 20, 40, 80]). */
  readonly refuteDepths?: readonly number[];
}

export interface VerifyResult {
  readonly verdicts: Verdict[];
  readonly diagnostics: Diagnostic[];
}

const calcName = (p: Proc) => (p.calculus ? `@${p.calculus} ` : '');

function specText(p: Proc): string {
  if (p.claim) return p.claim;
  const kind = p.dir === 'down' ? 'proc' : 'coproc';
  return `${calcName(p)}${kind} ${p.name}${p.role ? ` (${p.role})` : ''}`;
}

/** Checks calls for recursion where Park induction is unsound (@wp/@ert procs, @wlp coprocs). */
function recursionDiagnostics(program: Program): Diagnostic[] {
  const procs = new Map(program.procs.map((p) => [p.name, p]));
  const callees = (ss: readonly Stmt[], out: Set<string>): Set<string> => {
    for (const s of ss) {
      if (s.k === 'call') out.add(s.proc.replace(/\$spec$/, '')); // a unit's body-less specification copy is the unit
      else if (s.k === 'block') callees(s.body, out);
      else if (s.k === 'if' || s.k === 'choice') { callees(s.a, out); callees(s.b, out); }
      else if (s.k === 'while') callees(s.body, out);
    }
    return out;
  };
  const graph = new Map(program.procs.map((p) => [p.name, callees(p.body ?? [], new Set())]));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(graph.get(from) ?? [])];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === to) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(graph.get(x) ?? []));
    }
    return false;
  };
  const ds: Diagnostic[] = [];
  for (const p of program.procs) {
    const unsound = (p.dir === 'down' && (p.calculus === 'wp' || p.calculus === 'ert')) || (p.dir === 'up' && p.calculus === 'wlp');
    if (unsound && p.body && reaches(p.name, p.name)) {
      ds.push(error(`\`${p.name}\` is recursive, but recursion is Park induction, which cannot prove ${p.dir === 'down' ? 'lower' : 'upper'} bounds for @${p.calculus}`, p.span ?? { file: '<ivl>', start: 0, end: 0, line: 1, col: 1 }, 'verify'));
    }
  }
  return ds;
}

/** Replaces every loop's rule by `@unroll(k, 0)` (Kleene iterate below lfp). */
function unrollAll(ss: readonly Stmt[], k: number): Stmt[] {
  return ss.map((s): Stmt => {
    switch (s.k) {
      case 'block': return { ...s, body: unrollAll(s.body, k) };
      case 'if': case 'choice': return { ...s, a: unrollAll(s.a, k), b: unrollAll(s.b, k) };
      case 'while': return {
        ...s, body: unrollAll(s.body, k),
        rule: { name: 'unroll', args: [T.num(Q.rat(k), 'UInt'), { k: 'num', value: Q.ZERO, ty: 'EUReal' }], span: s.rule?.span ?? s.span! },
      };
      default: return s;
    }
  });
}

function hasCalls(ss: readonly Stmt[]): boolean {
  return ss.some((s) => s.k === 'call' || (s.k === 'block' && hasCalls(s.body)) || ((s.k === 'if' || s.k === 'choice') && (hasCalls(s.a) || hasCalls(s.b))) || (s.k === 'while' && hasCalls(s.body)));
}

export async function verifyProgram(program: Program, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const diagnostics = recursionDiagnostics(program);
  if (diagnostics.length) return { verdicts: [], diagnostics };
  const verdicts: Verdict[] = [];
  const units = new Map<string, number>();
  const sides: { host: string; role: string; v: Verdict }[] = [];
  const procs = new Map(program.procs.map((p) => [p.name, p]));
  const queue = program.procs.filter((p) => p.body);
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i]!;
    let r = await verifyProcIn(p, program, procs, opts, (g) => queue.splice(i + 1, 0, g));
    // alternatives (one per loop invariant): the claim is proved if any encoding proves it
    for (const alt of p.alternatives ?? []) {
      if ('diagnostic' in r || r.verdict !== 'unknown') break;
      const r2 = await verifyProcIn(alt, program, procs, opts, (g) => queue.splice(i + 1, 0, g));
      if ('diagnostic' in r2) { r = r2; break; }
      r = { ...r2, ms: r.ms + r2.ms };
    }
    if ('diagnostic' in r) diagnostics.push(r.diagnostic);
    else if (p.sideOf) sides.push({ host: p.sideOf, role: p.role ?? p.name, v: r });
    else { verdicts.push(r); units.set(p.name, verdicts.length - 1); }
  }
  // A loop rule's premises (generated units) are part of the claim: it is proved only if all of them are.
  for (const s of sides) {
    const i = units.get(s.host);
    if (i === undefined) continue;
    const h = verdicts[i]!;
    const ms = h.ms + s.v.ms;
    if (s.v.verdict === 'proved') { verdicts[i] = { ...h, ms }; continue; }
    const why = `the premise "${s.role}" of its loop rule is ${s.v.verdict}${s.v.reason ? ` (${s.v.reason})` : ''}`;
    verdicts[i] = h.verdict === 'proved'
      ? { ...h, verdict: 'unknown', ms, reason: why, counterexample: undefined }
      : { ...h, ms, reason: h.reason ? `${h.reason}; ${why}` : why };
  }
  return { verdicts, diagnostics };
}

/** Verifies one IVL procedure of `program` (the door the .ppl → IVL translation uses). */
export async function verifyProc(p: Proc, program: Program, opts: VerifyOptions = {}): Promise<Verdict | { diagnostic: Diagnostic }> {
  const procs = new Map(program.procs.map((q) => [q.name, q]));
  procs.set(p.name, p);
  return verifyProcIn(p, program, procs, opts, () => {});
}

interface Built { pre: Expr; vc: Expr; approx: ApproxRecord[] }

function build(p: Proc, body: readonly Stmt[], procs: ReadonlyMap<string, Proc>, addGenerated: (g: Proc) => void): Built {
  const d = desugarProc({ ...p, body }, procs);
  for (const g of d.generated) addGenerated(g);
  const post = combine(p.posts, p.dir);
  const vc = vcStmts(d.body, post, d.types);
  let pre = combine(p.pres, p.dir);
  // conditional expectation: E[f | obs] ≤ g  ⟺  wp(f) ≤ g · wp(1)   (the normalising constant wp(1))
  if (p.conditional) pre = B.mul(pre, vcStmts(d.body, B.ONE, d.types));
  return { pre, vc, approx: d.approx };
}

async function verifyProcIn(
  p: Proc, program: Program, procs: ReadonlyMap<string, Proc>, opts: VerifyOptions, addGenerated: (g: Proc) => void,
): Promise<Verdict | { diagnostic: Diagnostic }> {
  const t0 = performance.now();
  const timeoutMs = (opts.timeout ?? 30) * 1000;
  const spec = specText(p);
  const base = { proc: p.parent ?? p.name, spec, span: p.span };
  let built: Built;
  try {
    resetIntern();
    resetMasks();
    setDeadline(t0 + timeoutMs);
    built = build(p, p.body ?? [], procs, addGenerated);
  } catch (e) {
    if (e instanceof BudgetExceeded) return { ...base, verdict: 'unknown', ms: Math.round(performance.now() - t0), reason: `timeout: ${e.message} (${timeoutMs / 1000} s)` };
    if (e instanceof DesugarError || e instanceof VcError) {
      const span = e instanceof DesugarError ? e.span : e.stmt?.span;
      return { diagnostic: error(e.message, span ?? p.span ?? { file: '<ivl>', start: 0, end: 0, line: 1, col: 1 }, 'verify') };
    }
    throw e;
  } finally {
    setDeadline(undefined);
  }
  const approx = built.approx.reduce((a, r) => meet(a, r.approx), EXACT);
  const sound = soundVerdicts(p.dir, approx);
  const inputs = p.params.map((x) => ({ name: x.name, ty: x.ty }));
  // one budget per obligation: building the VC and solving share it
  const left = Math.max(1, timeoutMs - (performance.now() - t0));
  const res = await prove(program, { dir: p.dir, pre: built.pre, vc: built.vc, inputs, timeoutMs: left });
  const ms = () => Math.round(performance.now() - t0);
  const culprit = (want: 'under' | 'over') => [...new Set(built.approx.filter((r) => !r.approx[want]).map((r) => r.what))].join('; ');
  if (res.status === 'valid') {
    if (sound.proofs) return { ...base, verdict: 'proved', ms: ms() };
    return {
      ...base, verdict: 'unknown', ms: ms(),
      reason: `the VC holds, but ${culprit(p.dir === 'down' ? 'under' : 'over')} does not ${p.dir === 'down' ? 'under' : 'over'}-approximate the true one (the VC is ${approxName(approx)}), so this is no proof`
        + (p.dir === 'down' ? '; a lower bound across a loop needs a rule that proves lower bounds (@omega_invariant, @unroll, @ost, @ast or @wlp reasoning)' : ''),
    };
  }
  if (res.status === 'unknown') return { ...base, verdict: 'unknown', ms: ms(), reason: res.reason };
  if (sound.refutations) return { ...base, verdict: 'refuted', ms: ms(), counterexample: res.model };
  // A counterexample to the proof only. For an upper bound on a least fixed point, try to refute soundly by unrolling.
  const lfp = p.calculus !== 'wlp';
  if (p.dir === 'up' && lfp && !hasCalls(p.body ?? [])) {
    for (const k of opts.refuteDepths ?? [2, 5, 10, 20, 40, 80]) {
      const left = timeoutMs - (performance.now() - t0);
      if (left <= 0) break;
      let b: Built;
      try {
        resetIntern();
        resetMasks();
        setDeadline(t0 + timeoutMs);
        b = build(p, unrollAll(p.body ?? [], k), procs, () => {});
      } catch { break; } finally { setDeadline(undefined); }
      const a = b.approx.reduce((x, r) => meet(x, r.approx), EXACT);
      if (!soundVerdicts('up', a).refutations) break;
      const r = await prove(program, { dir: 'up', pre: b.pre, vc: b.vc, inputs, timeoutMs: left });
      if (r.status === 'invalid') {
        return { ...base, verdict: 'refuted', ms: ms(), counterexample: r.model, reason: `the loops unrolled ${k} times already exceed the bound` };
      }
      if (r.status === 'unknown') break;
    }
  }
  return {
    ...base, verdict: 'unknown', ms: ms(), counterexample: res.model,
    reason: `a counterexample to the verification only, not necessarily to the bound (it uses ${culprit(p.dir === 'down' ? 'over' : 'under') || 'approximations'}): the invariant or specification may be too weak, or the bound false`,
  };
}
