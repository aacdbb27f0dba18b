// The plan of a function's batched variant (SMC without rejuvenation): all particles run one program, statement by
// statement, when every particle reaches the same conditioning statements in the same order. This module decides
// whether a function qualifies and cuts its body into particle loops; codegen.ts writes the code from the plan.
//
// A function qualifies when its conditioning statements (observe/factor/condition) are "aligned": never under
// control flow that depends on a random choice, so that every particle meets them in the same order. Its names are
// then either SCALAR (the same value in every particle: computed from literals, globals, parameters and other
// scalars, outside any per-particle control flow) or PARTICLE (everything else: one value per particle). Control
// flow that contains a conditioning statement must be decided by scalars; the rest of the body runs in particle
// loops — runs of consecutive statements executed for each live particle in turn, each run ending at a
// conditioning statement (where the batch yields to the engine to weigh and resample) or before aligned control
// flow. Within a run a particle executes exactly what its own execution would, in the same order, so a run's
// random draws consume the generator as resuming the particles one by one to their next observation does.

import { builtin } from '../lang/index.js';
import type { Atom, CondBlock, IrFunction, Rhs, Stmt } from './ir.js';

/** One piece of a batched body. */
export type Seg =
  /** Statements run for every live particle in turn; `end` (a conditioning statement) closes the run and yields. */
  | {
    kind: 'loop'; id: number; stmts: Stmt[]; end: Extract<Stmt, { kind: 'observe' | 'factor' | 'condition' }> | null;
    /** The per-particle arrays (BatchPlan.arrays) this loop reads or writes (filled in by `arrayNames`). */
    arrays: string[];
  }
  /** A statement run once, for all particles (scalar `var`s, assignments of scalars, scalar control flow). */
  | { kind: 'scalar'; stmt: Stmt }
  | { kind: 'if'; cond: Atom; then: Seg[]; else: Seg[] }
  | { kind: 'for'; index: string; from: Atom; to: Atom; body: Seg[] }
  | { kind: 'while'; cond: Seg[]; value: Atom; body: Seg[] }
  | { kind: 'return'; value: Atom };

export interface BatchPlan {
  body: Seg[];
  /** Per-particle names. */
  particle: ReadonlySet<string>;
  /** Per-particle names kept in arrays indexed by particle (used in more than one loop, or returned). */
  arrays: readonly string[];
  /** Scalar names bound by `let` inside loops: declared once at the top and assigned in the loop. */
  hoisted: readonly string[];
}

/** Built-ins whose value depends on the execution's state (its memo tables, its seed): never batched. */
const STATEFUL = new Set(['infer', 'mem', 'print']);

class NotBatchable extends Error {}

/**
 * The batched plan of `f` (its parameters are scalars: the same for every particle), or null when `f` does not
 * qualify: it makes calls that may sample or condition, has `=:=`, a conditioning statement or a `return` under per-particle control, or aligned control
 * flow decided by a random value.
 */
export function batchPlan(f: IrFunction, fns: ReadonlyMap<string, IrFunction>): BatchPlan | null {
  try {
    const particle = classify(f.body, fns);
    let ids = 0;
    const hoisted: string[] = [];
    const body = segment(f.body, particle, () => ids++, hoisted);
    return { body, particle, arrays: arrayNames(body, particle), hoisted };
  } catch (e) {
    if (e instanceof NotBatchable) return null;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Which names are per-particle
// ---------------------------------------------------------------------------------------------

function hasConditioning(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case 'observe': case 'factor': case 'condition': case 'equate': return true;
      case 'if': return hasConditioning(s.then) || hasConditioning(s.else);
      case 'while': return hasConditioning(s.cond.stmts) || hasConditioning(s.body);
      case 'for': return hasConditioning(s.body);
      default: return false;
    }
  });
}

function hasReturn(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case 'return': return true;
      case 'if': return hasReturn(s.then) || hasReturn(s.else);
      case 'while': return hasReturn(s.cond.stmts) || hasReturn(s.body);
      case 'for': return hasReturn(s.body);
      default: return false;
    }
  });
}

function refs(atoms: readonly Atom[]): string[] {
  const out: string[] = [];
  for (const a of atoms) if (a.kind === 'ref') out.push(a.name);
  return out;
}

/** The names a right-hand side reads (lambdas: the locals they capture). */
function rhsReads(r: Rhs): string[] {
  switch (r.kind) {
    case 'atom': return refs([r.atom]);
    case 'prim': return refs(r.args);
    case 'call': return refs([r.callee, ...r.args]);
    case 'builtin': return refs([...r.args, ...r.named.map((n) => n.value)]);
    case 'array': case 'tuple': return refs(r.elems);
    case 'record': return refs(r.fields.map((f) => f.value));
    case 'index': return refs([r.target, r.index]);
    case 'field': case 'tupleField': return refs([r.target]);
    case 'update': return refs([r.target, ...r.path, r.value]);
    case 'lambda': return [...r.fn.captures];
    case 'sample': return refs([r.dist]);
  }
}

/**
 * Rejects right-hand sides a particle loop cannot run: calls that may condition, calls that may sample other than
 * of a top-level function that only samples (`samplesOnly`), stateful built-ins (their state is per execution).
 */
function checkRhs(r: Rhs, fns: ReadonlyMap<string, IrFunction>): void {
  if (r.kind === 'call' && r.effect !== 'pure') {
    const g = r.callee.kind === 'fn' ? fns.get(r.callee.name) : undefined;
    if (r.effect !== 'sampling' || g === undefined || !samplesOnly(g, fns, new Set())) throw new NotBatchable();
  }
  if (r.kind === 'builtin' && (r.effect !== 'pure' || STATEFUL.has(r.name) || builtin(r.name)?.category === 'tensor')) throw new NotBatchable();
}

/**
 * Whether a call of `f` can run inside a particle loop through its prior-sampling variant (runtime `runPrior`):
 * it never conditions, and every call in it that may sample is a direct call of such a function (a function
 * VALUE might be memoised, and memo tables belong to each particle's execution; stateful built-ins likewise).
 */
function samplesOnly(f: IrFunction, fns: ReadonlyMap<string, IrFunction>, visiting: Set<string>): boolean {
  if (visiting.has(f.name)) return true; // recursion: decided by the rest of the cycle
  visiting.add(f.name);
  const ok = (stmts: readonly Stmt[]): boolean => stmts.every((s) => {
    switch (s.kind) {
      case 'observe': case 'factor': case 'condition': case 'equate': return false;
      case 'let': {
        const r = s.rhs;
        if (r.kind === 'builtin' && (r.effect !== 'pure' || STATEFUL.has(r.name) || builtin(r.name)?.category === 'tensor')) return false;
        if (r.kind === 'call' && r.effect !== 'pure') {
          const g = r.callee.kind === 'fn' ? fns.get(r.callee.name) : undefined;
          return r.effect === 'sampling' && g !== undefined && samplesOnly(g, fns, visiting);
        }
        return true;
      }
      case 'if': return ok(s.then) && ok(s.else);
      case 'while': return ok(s.cond.stmts) && ok(s.body);
      case 'for': return ok(s.body);
      default: return true;
    }
  });
  return ok(f.body);
}

/** Names declared or assigned anywhere in `stmts` (for per-particle control flow: all of them become per-particle). */
function definedIn(stmts: readonly Stmt[], out: Set<string>): void {
  for (const s of stmts) {
    switch (s.kind) {
      case 'let': case 'var': case 'set': out.add(s.name); break;
      case 'if': definedIn(s.then, out); definedIn(s.else, out); break;
      case 'while': definedIn(s.cond.stmts, out); definedIn(s.body, out); break;
      case 'for': out.add(s.index); definedIn(s.body, out); break;
    }
  }
}

/**
 * The per-particle names of a body (a fixpoint: a name is per-particle when it is drawn, computed from a
 * per-particle name, or assigned under per-particle control flow). Throws NotBatchable on what cannot be batched.
 */
function classify(body: readonly Stmt[], fns: ReadonlyMap<string, IrFunction>): Set<string> {
  const particle = new Set<string>();
  const mark = (name: string): void => {
    if (!particle.has(name)) { particle.add(name); changed = true; }
  };
  const isP = (a: Atom): boolean => a.kind === 'ref' && particle.has(a.name);
  let changed = true;

  // Whether a yield-free compound statement runs per particle (else once, for all).
  const perParticle = (s: Stmt): boolean => {
    const names = new Set<string>();
    definedIn([s], names);
    for (const n of names) if (particle.has(n)) return true;
    let sampled = false;
    const scan = (ss: readonly Stmt[]): void => {
      for (const x of ss) {
        if (x.kind === 'let' && (x.rhs.kind === 'sample' || (x.rhs.kind === 'call' && x.rhs.effect !== 'pure'))) sampled = true;
        else if (x.kind === 'if') { if (isP(x.cond)) sampled = true; scan(x.then); scan(x.else); }
        else if (x.kind === 'while') { scan(x.cond.stmts); if (isP(x.cond.value)) sampled = true; scan(x.body); }
        else if (x.kind === 'for') { if (isP(x.from) || isP(x.to)) sampled = true; scan(x.body); }
        else if (x.kind === 'let' && rhsReads(x.rhs).some((n) => particle.has(n))) sampled = true;
        else if ((x.kind === 'var' && isP(x.init)) || (x.kind === 'set' && isP(x.value))) sampled = true;
      }
    };
    scan([s]);
    return sampled;
  };

  const walk = (stmts: readonly Stmt[], underParticle: boolean): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'let':
          checkRhs(s.rhs, fns);
          if (underParticle || s.rhs.kind === 'sample' || (s.rhs.kind === 'call' && s.rhs.effect !== 'pure') || rhsReads(s.rhs).some((n) => particle.has(n))) mark(s.name);
          break;
        case 'var':
          if (underParticle || isP(s.init)) mark(s.name);
          break;
        case 'set':
          if (underParticle || isP(s.value)) mark(s.name);
          break;
        case 'observe': case 'factor': case 'condition':
          if (underParticle) throw new NotBatchable();
          break;
        case 'equate':
          throw new NotBatchable();
        case 'tick':
          break;
        case 'return':
          if (underParticle) throw new NotBatchable();
          break;
        case 'if': case 'while': case 'for': {
          if (!underParticle && hasConditioning([s])) {
            // aligned: its decision must be scalar (checked once the fixpoint is reached)
            if (s.kind === 'if') { walk(s.then, false); walk(s.else, false); }
            else if (s.kind === 'while') { walk(s.cond.stmts, false); walk(s.body, false); }
            else walk(s.body, false);
            break;
          }
          // (a `return` inside control flow run once or per particle would end one particle's execution)
          if (hasReturn([s])) throw new NotBatchable();
          const inner = underParticle || perParticle(s);
          if (inner) {
            const names = new Set<string>();
            definedIn([s], names);
            for (const n of names) mark(n);
          }
          if (s.kind === 'if') { walk(s.then, inner); walk(s.else, inner); }
          else if (s.kind === 'while') { walk(s.cond.stmts, inner); walk(s.body, inner); }
          else walk(s.body, inner);
          break;
        }
      }
    }
  };
  while (changed) {
    changed = false;
    walk(body, false);
  }
  // aligned decisions must be scalar
  const checkAligned = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'if' && hasConditioning([s])) {
        if (isP(s.cond)) throw new NotBatchable();
        checkAligned(s.then); checkAligned(s.else);
      } else if (s.kind === 'while' && hasConditioning([s])) {
        if (isP(s.cond.value) || hasConditioning(s.cond.stmts)) throw new NotBatchable();
        checkAligned(s.cond.stmts); checkAligned(s.body);
      } else if (s.kind === 'for' && hasConditioning([s])) {
        if (isP(s.from) || isP(s.to)) throw new NotBatchable();
        checkAligned(s.body);
      }
    }
  };
  checkAligned(body);
  return particle;
}

// ---------------------------------------------------------------------------------------------
// Cutting the body into loops
// ---------------------------------------------------------------------------------------------

function segment(stmts: readonly Stmt[], particle: ReadonlySet<string>, nextId: () => number, hoisted: string[]): Seg[] {
  const out: Seg[] = [];
  let run: Stmt[] = [];
  let hasParticle = false;
  const flush = (end: Extract<Seg, { kind: 'loop' }>['end']): void => {
    if (run.length === 0 && end === null) return;
    if (!hasParticle && end === null) {
      // only scalar lets: run once
      for (const s of run) out.push({ kind: 'scalar', stmt: s });
    } else {
      for (const s of run) if (s.kind === 'let' && !particle.has(s.name)) hoisted.push(s.name);
      out.push({ kind: 'loop', id: nextId(), stmts: run, end, arrays: [] });
    }
    run = [];
    hasParticle = false;
  };
  const isParticleStmt = (s: Stmt): boolean => {
    switch (s.kind) {
      case 'let': case 'var': case 'set': return particle.has(s.name);
      case 'if': case 'while': case 'for': {
        const names = new Set<string>();
        definedIn([s], names);
        for (const n of names) if (particle.has(n)) return true;
        return false;
      }
      default: return false;
    }
  };
  for (const s of stmts) {
    switch (s.kind) {
      case 'observe': case 'factor': case 'condition':
        flush(s);
        break;
      case 'return':
        flush(null);
        out.push({ kind: 'return', value: s.value });
        break;
      case 'tick':
        break;
      case 'if':
        if (hasConditioning([s])) {
          flush(null);
          out.push({ kind: 'if', cond: s.cond, then: segment(s.then, particle, nextId, hoisted), else: segment(s.else, particle, nextId, hoisted) });
          break;
        }
        addPlain(s);
        break;
      case 'for':
        if (hasConditioning([s])) {
          flush(null);
          out.push({ kind: 'for', index: s.index, from: s.from, to: s.to, body: segment(s.body, particle, nextId, hoisted) });
          break;
        }
        addPlain(s);
        break;
      case 'while':
        if (hasConditioning([s])) {
          flush(null);
          out.push({ kind: 'while', cond: segment(s.cond.stmts, particle, nextId, hoisted), value: s.cond.value, body: segment(s.body, particle, nextId, hoisted) });
          break;
        }
        addPlain(s);
        break;
      default:
        addPlain(s);
    }
  }
  flush(null);
  return out;

  function addPlain(s: Stmt): void {
    if (isParticleStmt(s)) {
      run.push(s);
      hasParticle = true;
    } else if (s.kind === 'let') {
      // a scalar binding may run in a loop (every particle computes the same value): it does not split the run
      run.push(s);
    } else {
      // scalar `var`s, assignments and control flow run once, between loops
      flush(null);
      out.push({ kind: 'scalar', stmt: s });
    }
  }
}

/**
 * Per-particle names used in more than one loop or outside loops: they live in arrays indexed by particle. Also
 * fills in each loop's `arrays`.
 */
function arrayNames(body: readonly Seg[], particle: ReadonlySet<string>): string[] {
  const where = new Map<string, number>(); // name → loop id, or -1 for use outside loops / in several loops
  const byLoop = new Map<number, Set<string>>(); // loop id → the per-particle names it uses
  const note = (name: string, id: number): void => {
    if (!particle.has(name)) return;
    if (id >= 0) {
      let u = byLoop.get(id);
      if (u === undefined) byLoop.set(id, (u = new Set()));
      u.add(name);
    }
    const w = where.get(name);
    if (w === undefined) where.set(name, id);
    else if (w !== id) where.set(name, -1);
  };
  const noteAtoms = (atoms: readonly Atom[], id: number): void => {
    for (const a of atoms) if (a.kind === 'ref') note(a.name, id);
  };
  const noteStmts = (stmts: readonly Stmt[], id: number): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'let': note(s.name, id); for (const n of rhsReads(s.rhs)) note(n, id); break;
        case 'var': note(s.name, id); noteAtoms([s.init], id); break;
        case 'set': note(s.name, id); noteAtoms([s.value], id); break;
        case 'observe': noteAtoms([s.dist, s.value], id); break;
        case 'factor': noteAtoms([s.logWeight], id); break;
        case 'condition': noteAtoms([s.cond], id); break;
        case 'if': noteAtoms([s.cond], id); noteStmts(s.then, id); noteStmts(s.else, id); break;
        case 'while': noteCond(s.cond, id); noteStmts(s.body, id); break;
        case 'for': note(s.index, id); noteAtoms([s.from, s.to], id); noteStmts(s.body, id); break;
        case 'return': noteAtoms([s.value], id); break;
        default: break;
      }
    }
  };
  const noteCond = (c: CondBlock, id: number): void => {
    noteStmts(c.stmts, id);
    noteAtoms([c.value], id);
  };
  const walk = (segs: readonly Seg[]): void => {
    for (const s of segs) {
      switch (s.kind) {
        case 'loop': noteStmts(s.stmts, s.id); if (s.end) noteStmts([s.end], s.id); break;
        case 'scalar': noteStmts([s.stmt], -1); break;
        case 'if': noteAtoms([s.cond], -1); walk(s.then); walk(s.else); break;
        case 'for': noteAtoms([s.from, s.to], -1); walk(s.body); break;
        case 'while': walk(s.cond); noteAtoms([s.value], -1); walk(s.body); break;
        case 'return': noteAtoms([s.value], -1); break;
      }
    }
  };
  walk(body);
  const arrays = [...where].filter(([, id]) => id === -1).map(([n]) => n);
  const fill = (segs: readonly Seg[]): void => {
    for (const s of segs) {
      if (s.kind === 'loop') s.arrays = arrays.filter((n) => byLoop.get(s.id)?.has(n) === true);
      else if (s.kind === 'if') { fill(s.then); fill(s.else); }
      else if (s.kind === 'for') fill(s.body);
      else if (s.kind === 'while') { fill(s.cond); fill(s.body); }
    }
  };
  fill(body);
  return arrays;
}
