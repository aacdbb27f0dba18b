// Discharges one verification condition with Z3: asks for a model of its negation. unsat → valid;
// sat → a counterexample (values of the named variables); unknown/timeout → a reason. Debugging aid:
// PPL_VERIFY_DUMP=PREFIX writes each query as SMT-LIB to PREFIX.PID.N.smt2.

/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Expr, Program, Ty, Dir } from '../ivl/index.js';
import { loadZ3 } from './z3.js';
import { Encoder, EncodeError, EncodeTimeout, type SV } from './encode.js';
import { qelim } from './qelim.js';

export type ProveResult =
  | { readonly status: 'valid' }
  | { readonly status: 'invalid'; readonly model: Record<string, string> }
  | { readonly status: 'unknown'; readonly reason: string };

export interface Obligation {
  /** 'down': pre ≤ vc must hold everywhere; 'up': vc ≤ pre. */
  readonly dir: Dir;
  readonly pre: Expr;
  readonly vc: Expr;
  /** Variables whose values form the counterexample (the procedure's inputs). */
  readonly inputs: readonly { name: string; ty: Ty }[];
  readonly timeoutMs: number;
}

/** Larger VCs are not sent to Z3: its WebAssembly heap can run out while encoding them, and a crash there cannot
 *  be caught. (Before deterministic branches were merged into substitutions, vcgen/transformer.ts, the VC of
 *  Caesar's unif_gen4, k-induction with k = 5, had 760 000 subterms; it has 2 936 now.) */
export const MAX_VC_NODES = 600_000;

function dagSize(e: Expr, limit: number): number {
  const seen = new Set<Expr>();
  const stack = [e];
  while (stack.length && seen.size <= limit) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    switch (x.k) {
      case 'bin': stack.push(x.a, x.b); break;
      case 'un': case 'cast': stack.push(x.a); break;
      case 'ite': stack.push(x.c, x.a, x.b); break;
      case 'call': stack.push(...x.args); break;
      case 'quant': stack.push(x.body); break;
      case 'lazy': stack.push(x.body, ...x.map.values()); break;
      default: break;
    }
  }
  return seen.size;
}

let dumps = 0;

let gcFn: (() => void) | null | undefined;
/** Runs a full garbage collection and lets the finalizers it queues run, before a check starts.
 *  z3-solver releases a Z3 term when its JS wrapper is collected, by a call into Z3 on the main thread, while
 *  `check` runs Z3 in a worker thread on the same context: a wrapper dropped while encoding and finalised during
 *  the check races with the solver (seen: "memory access out of bounds" and Z3 assertion violations, killing
 *  the process, on the unrolled dice-roller VC of test/verifier/merge.test.ts). During the check itself the
 *  main thread only waits, so no wrapper becomes garbage then. */
async function settleFinalizers(): Promise<void> {
  if (gcFn === undefined) {
    try {
      const v8 = await import('node:v8');
      const vm = await import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  if (!gcFn) return;
  gcFn();
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setImmediate(r));
}

export async function prove(program: Program, ob: Obligation): Promise<ProveResult> {
  const trace = typeof process !== 'undefined' && process.env.PPL_VERIFY_TRACE;
  const size = dagSize(ob.vc, MAX_VC_NODES);
  if (trace) process.stderr.write(`[verify] obligation: ${size} subterms, budget ${Math.round(ob.timeoutMs)} ms\n`);
  if (size > MAX_VC_NODES) return { status: 'unknown', reason: `the verification condition is too large for the solver (more than ${MAX_VC_NODES} subterms)` };
  const { ctx: z } = await loadZ3();
  const enc = new Encoder(z, program);
  const started = performance.now();
  enc.deadline = started + ob.timeoutMs;
  let goal: any;
  try {
    const vc = qelim(ob.vc, ob.dir === 'down' ? 'inf' : 'sup');
    const pre = qelim(ob.pre, ob.dir === 'down' ? 'sup' : 'inf');
    const p = enc.enc(pre) as SV & { t: 'eu' };
    const v = enc.enc(vc) as SV & { t: 'eu' };
    goal = ob.dir === 'down' ? enc.euLe(p, v) : enc.euLe(v, p);
    for (const d of program.domains) for (const a of d.axioms) enc.assumptions.push(enc.bool(a.e));
    for (const x of ob.inputs) enc.variable(x.name, x.ty);
  } catch (e) {
    if (e instanceof EncodeTimeout) return { status: 'unknown', reason: `timeout: ${e.message}` };
    if (e instanceof EncodeError) return { status: 'unknown', reason: `not encodable in SMT: ${e.message}` };
    throw e;
  }
  if (trace) process.stderr.write(`[verify] encoded in ${Math.round(performance.now() - started)} ms\n`);
  const solver = new z.Solver();
  const left = ob.timeoutMs - (performance.now() - started);
  if (left <= 0) return { status: 'unknown', reason: 'timeout: encoding the verification condition used the whole --timeout budget' };
  solver.set('timeout', Math.max(1, Math.round(left)));
  for (const a of enc.assumptions) solver.add(a);
  solver.add(z.Not(goal));
  if (process.env.PPL_VERIFY_DUMP) (await import('node:fs')).writeFileSync(`${process.env.PPL_VERIFY_DUMP}.${process.pid}.${++dumps}.smt2`, solver.toString());
  let res: string;
  try {
    if (trace) process.stderr.write(`[verify] check start (${enc.assumptions.length} assumptions)\n`);
    await settleFinalizers();
    res = await solver.check();
    if (trace) process.stderr.write(`[verify] check end: ${res}${res === "unknown" ? ` (${solver.reasonUnknown()})` : ""}\n`);
  } catch (e) {
    return { status: 'unknown', reason: `the SMT solver failed: ${(e as Error).message}` };
  }
  if (res === 'unsat') return { status: 'valid' };
  if (res === 'unknown') {
    const r = String(solver.reasonUnknown());
    return { status: 'unknown', reason: /timeout|canceled/i.test(r) ? 'timeout (the --timeout budget ran out in the solver)' : `the SMT solver gave up (${r})` };
  }
  const model = solver.model();
  const values: Record<string, string> = {};
  const vars = enc.vars_();
  for (const x of ob.inputs) {
    const sv = vars.get(x.name);
    if (sv) values[x.name] = showValue(model, sv);
  }
  return { status: 'invalid', model: values };
}

function showValue(model: any, sv: SV): string {
  const ev = (e: any) => model.eval(e, true);
  switch (sv.t) {
    case 'bool': return String(ev(sv.e).toString());
    case 'int': return ev(sv.e).toString();
    case 'real': return showReal(ev(sv.e));
    case 'eu': return ev(sv.inf).toString() === 'true' ? '∞' : showReal(ev(sv.v));
    case 'list': return `list(len=${ev(sv.len).toString()})`;
    case 'dom': return ev(sv.e).toString();
  }
}

function showReal(v: any): string {
  try {
    const { numerator, denominator } = v.value();
    if (BigInt(denominator) === 1n) return `${numerator}`;
    return `${numerator}/${denominator}`;
  } catch {
    return v.toString();
  }
}
