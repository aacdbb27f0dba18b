// Free variables and capture-avoiding simultaneous substitution on IVL expressions.
// Substitution preserves sharing: a subterm without substituted variables is returned as is, so the
// backward transformers build DAGs (f[x:=true] and f[x:=false] share every part of f that does not mention x).

import type { Expr, Stmt, QVar } from './ast.js';
import { intern } from './intern.js';

const fvCache = new WeakMap<Expr, ReadonlySet<string>>();
const EMPTY: ReadonlySet<string> = new Set();

export function freeVars(e: Expr): ReadonlySet<string> {
  const hit = fvCache.get(e);
  if (hit) return hit;
  let out: ReadonlySet<string>;
  switch (e.k) {
    case 'var': out = new Set([e.name]); break;
    case 'num': case 'bool': case 'infty': out = EMPTY; break;
    case 'un': case 'cast': out = freeVars(e.a); break;
    case 'bin': out = union([freeVars(e.a), freeVars(e.b)]); break;
    case 'ite': out = union([freeVars(e.c), freeVars(e.a), freeVars(e.b)]); break;
    case 'call': out = union(e.args.map(freeVars)); break;
    case 'lazy': {
      const s = new Set(freeVars(e.body));
      for (const k of e.map.keys()) s.delete(k);
      for (const v of e.map.values()) for (const x of freeVars(v)) s.add(x);
      out = s;
      break;
    }
    case 'quant': {
      const s = new Set(freeVars(e.body));
      for (const t of e.triggers) for (const x of t) for (const v of freeVars(x)) s.add(v);
      for (const v of e.vars) s.delete(v.name);
      out = s;
      break;
    }
  }
  fvCache.set(e, out);
  return out;
}

function union(sets: ReadonlySet<string>[]): ReadonlySet<string> {
  const nonEmpty = sets.filter((s) => s.size > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const s = new Set<string>();
  for (const x of nonEmpty) for (const v of x) s.add(v);
  return s;
}

// A 31-bit summary of the variables an expression mentions. The first 30 variable names seen since the last
// `resetMasks()` get a bit of their own, later ones share bit 30; a zero intersection proves a variable absent
// without building free-variable sets for a large DAG. For a pending substitution body[σ] the bits of σ's keys
// are removed (when they are not shared), so dead temporaries assigned in a loop body do not keep the substitution
// maps of later iterations apart (which would make unrolled loops exponential).
let maskCache = new WeakMap<Expr, number>();
let bitIndex = new Map<string, number>();
const SHARED_BIT = 1 << 30;
export function varBit(name: string): number {
  let b = bitIndex.get(name);
  if (b === undefined) {
    b = bitIndex.size < 30 ? 1 << bitIndex.size : SHARED_BIT;
    bitIndex.set(name, b);
  }
  return b;
}
/** Starts a fresh bit assignment (per verification unit); cached masks are dropped with it. */
export function resetMasks(): void {
  maskCache = new WeakMap();
  bitIndex = new Map();
}
/** Marks expressions that contain a pending substitution (bit 31; variable bits are 0–30). */
export const LAZY_BIT = 1 << 31;
export function varMask(e: Expr): number {
  const hit = maskCache.get(e);
  if (hit !== undefined) return hit;
  let m: number;
  switch (e.k) {
    case 'var': m = varBit(e.name); break;
    case 'num': case 'bool': case 'infty': m = 0; break;
    case 'un': case 'cast': m = varMask(e.a); break;
    case 'bin': m = varMask(e.a) | varMask(e.b); break;
    case 'ite': m = varMask(e.c) | varMask(e.a) | varMask(e.b); break;
    case 'call': m = 0; for (const a of e.args) m |= varMask(a); break;
    case 'quant': m = varMask(e.body); for (const t of e.triggers) for (const x of t) m |= varMask(x); break;
    case 'lazy': {
      m = varMask(e.body);
      for (const k of e.map.keys()) { const b = varBit(k); if (b !== SHARED_BIT) m &= ~b; }
      m |= LAZY_BIT;
      for (const v of e.map.values()) m |= varMask(v);
      break;
    }
  }
  maskCache.set(e, m);
  return m;
}
/** false: e certainly does not mention x; true: it may. */
export function mayMention(e: Expr, x: string): boolean { return (varMask(e) & varBit(x)) !== 0; }

let freshCounter = 0;
/** A name that no user program can write (`$` is not an identifier character in HeyVL). */
export function freshName(base: string): string {
  const stem = base.replace(/\$\d+$/, '');
  return `${stem}$${++freshCounter}`;
}

/** e[x1 := v1, …] (simultaneous, capture-avoiding). */
export function subst(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  if (map.size === 0) return e;
  const memo = new Map<Expr, Expr>();
  const maskOf = (m: ReadonlyMap<string, Expr>) => { let b = 0; for (const k of m.keys()) b |= varBit(k); return b; };
  const outerMask = maskOf(map);
  const go = (x: Expr, m: ReadonlyMap<string, Expr>, useMemo: boolean): Expr => {
    // fast path: the hashed variable summary proves that no substituted variable occurs (no Set is built)
    if ((varMask(x) & (useMemo ? outerMask : maskOf(m))) === 0) return x;
    if (x.k === 'var') return m.get(x.name) ?? x;
    if (useMemo) {
      const hit = memo.get(x);
      if (hit) return hit;
    }
    let r: Expr;
    switch (x.k) {
      case 'num': case 'bool': case 'infty': r = x; break;
      case 'un': r = intern({ ...x, a: go(x.a, m, useMemo) }); break;
      case 'cast': r = intern({ ...x, a: go(x.a, m, useMemo) }); break;
      case 'bin': r = intern({ ...x, a: go(x.a, m, useMemo), b: go(x.b, m, useMemo) }); break;
      case 'ite': r = intern({ ...x, c: go(x.c, m, useMemo), a: go(x.a, m, useMemo), b: go(x.b, m, useMemo) }); break;
      case 'call': r = intern({ ...x, args: x.args.map((a) => go(a, m, useMemo)) }); break;
      case 'lazy': {
        // (body[σ])[m] = body[σ'] with σ'(y) = σ(y)[m] for y ∈ dom σ, σ'(x) = m(x) otherwise: no traversal of body
        const composed = new Map<string, Expr>();
        for (const [y, v] of x.map) composed.set(y, go(v, m, useMemo));
        for (const [k, v] of m) if (!x.map.has(k) && (varMask(x.body) & varBit(k)) !== 0) composed.set(k, v);
        r = { ...x, map: composed };
        break;
      }
      case 'quant': {
        const inner = new Map(m);
        for (const v of x.vars) inner.delete(v.name);
        // rename bound variables that would capture a free variable of a replacement
        const captured = new Set<string>();
        for (const [k, val] of inner) if (freeVars(x.body).has(k)) for (const f of freeVars(val)) captured.add(f);
        const vars: QVar[] = x.vars.map((v) => {
          if (!captured.has(v.name)) return v;
          const nn = freshName(v.name);
          inner.set(v.name, { k: 'var', name: nn, ty: v.ty });
          return { name: nn, ty: v.ty };
        });
        // the inner map differs from the outer one: do not share the memo table
        r = { ...x, vars, body: go(x.body, inner, false), triggers: x.triggers.map((t) => t.map((y) => go(y, inner, false))) };
        break;
      }
    }
    if (useMemo) memo.set(x, r);
    return r;
  };
  return go(e, map, true);
}

export function subst1(e: Expr, x: string, v: Expr): Expr {
  return subst(e, new Map([[x, v]]));
}

/** Variables assigned (or havocked, sampled, declared) anywhere in the statements: the loop's modified set. */
export function modifiedVars(ss: readonly Stmt[], out: Set<string> = new Set()): Set<string> {
  for (const s of ss) {
    switch (s.k) {
      case 'assign': case 'call': for (const x of s.lhs) out.add(x); break;
      case 'sample': out.add(s.lhs); break;
      case 'var': out.add(s.name); break;
      case 'havoc': for (const x of s.vars) out.add(x); break;
      case 'block': modifiedVars(s.body, out); break;
      case 'if': case 'choice': modifiedVars(s.a, out); modifiedVars(s.b, out); break;
      case 'while': modifiedVars(s.body, out); break;
      default: break;
    }
  }
  return out;
}
