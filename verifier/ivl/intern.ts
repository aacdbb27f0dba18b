// Hash-consing and constant folding for expressions built during VC generation. Substitution results go through
// `intern`, so equal subterms are one object: memo tables keyed by identity then stay small, which keeps unrolled
// loops polynomial instead of exponential (f[c:=c+1][c:=c+1] and f[c:=c+2]-like terms reconverge).

import type { Expr, Ty } from './ast.js';
import * as Q from './rational.js';

const ids = new WeakMap<Expr, number>();
let nextId = 1;
// Strong references (WeakRefs make V8's GC crawl at a million nodes); cleared per verification unit.
const table = new Map<string, Expr>();

/** Forgets all interned nodes (call between independent verification units). */
export function resetIntern(): void { table.clear(); }

/** A number identifying this object (for memo keys). */
export function exprId(e: Expr): number { return id(e); }

function id(e: Expr): number {
  let i = ids.get(e);
  if (i === undefined) { i = nextId++; ids.set(e, i); }
  return i;
}

function tyKey(t: Ty | undefined): string {
  if (t === undefined) return '?';
  if (typeof t === 'string') return t;
  return 'list' in t ? `[]${tyKey(t.list)}` : `D:${t.domain}`;
}

function key(e: Expr): string | undefined {
  const t = tyKey(e.ty);
  switch (e.k) {
    case 'var': return `v|${e.name}|${t}`;
    case 'num': return `n|${e.value.num}/${e.value.den}|${t}`;
    case 'bool': return `b|${e.value}`;
    case 'infty': return `i|${t}`;
    case 'bin': return `B|${e.op}|${t}|${id(e.a)}|${id(e.b)}`;
    case 'un': return `U|${e.op}|${t}|${id(e.a)}`;
    case 'ite': return `I|${t}|${id(e.c)}|${id(e.a)}|${id(e.b)}`;
    case 'cast': return `C|${t}|${id(e.a)}`;
    case 'call': return `F|${e.fn}|${t}|${e.args.map(id).join(',')}`;
    case 'quant': case 'lazy': return undefined; // binders and pending substitutions are not shared
  }
}

/** Thrown when building a VC exceeds its time budget (e.g. deep unrolling of a branching loop body). */
export class BudgetExceeded extends Error {}
let deadline: number | undefined;
let ticks = 0;
/** Sets (or clears) the wall-clock deadline (performance.now() ms) for building expressions. */
export function setDeadline(t: number | undefined): void { deadline = t; }

/** The canonical object for e (after folding constants). */
export function intern(e: Expr): Expr {
  if (deadline !== undefined && ++ticks % 4096 === 0 && performance.now() > deadline) {
    throw new BudgetExceeded('building the verification condition exceeded the time limit');
  }
  const f = fold(e);
  const k = key(f);
  if (k === undefined) return f;
  const hit = table.get(k);
  if (hit) return hit;
  table.set(k, f);
  if (table.size > 4_000_000) table.clear();
  return f;
}

const lit = (e: Expr): Q.Rational | undefined => (e.k === 'num' ? e.value : e.k === 'cast' && e.a.k === 'num' ? e.a.value : undefined);

function fold(e: Expr): Expr {
  switch (e.k) {
    case 'ite':
      if (e.c.k === 'bool') return e.c.value ? e.a : e.b;
      if (e.a === e.b) return e.a;
      return e;
    case 'un':
      if (e.op === 'not' && e.ty === 'Bool' && e.a.k === 'bool') return { k: 'bool', value: !e.a.value, ty: 'Bool' };
      return e;
    case 'cast':
      if (e.a.k === 'num' && e.ty !== 'EUReal') return { k: 'num', value: e.a.value, ty: e.ty };
      return e;
    case 'bin': {
      const a = lit(e.a), b = lit(e.b);
      if (e.a.k === 'bool' && e.b.k === 'bool') {
        const x = e.a.value, y = e.b.value;
        switch (e.op) {
          case '&&': case 'inf': return { k: 'bool', value: x && y, ty: 'Bool' };
          case '||': case 'sup': return { k: 'bool', value: x || y, ty: 'Bool' };
          case '==': return { k: 'bool', value: x === y, ty: 'Bool' };
          case '!=': return { k: 'bool', value: x !== y, ty: 'Bool' };
          default: return e;
        }
      }
      if (e.op === '&&') {
        if (e.a.k === 'bool') return e.a.value ? e.b : e.a;
        if (e.b.k === 'bool') return e.b.value ? e.a : e.b;
      }
      if (e.op === '||') {
        if (e.a.k === 'bool') return e.a.value ? e.a : e.b;
        if (e.b.k === 'bool') return e.b.value ? e.b : e.a;
      }
      // (x + a) + b → x + (a + b) for literals a, b (keeps unrolled counters like c+1+1 canonical)
      if (e.op === '+' && b && e.ty !== 'EUReal' && e.a.k === 'bin' && e.a.op === '+' && lit(e.a.b)) {
        return intern({ ...e, a: e.a.a, b: { k: 'num', value: Q.add(lit(e.a.b)!, b), ty: e.ty } });
      }
      if (!a || !b || e.a.ty === 'EUReal') return e;
      const t = e.a.ty;
      const unsigned = t === 'UInt' || t === 'UReal';
      const c = Q.cmp(a, b);
      switch (e.op) {
        case '==': return { k: 'bool', value: c === 0, ty: 'Bool' };
        case '!=': return { k: 'bool', value: c !== 0, ty: 'Bool' };
        case '<': return { k: 'bool', value: c < 0, ty: 'Bool' };
        case '<=': return { k: 'bool', value: c <= 0, ty: 'Bool' };
        case '>': return { k: 'bool', value: c > 0, ty: 'Bool' };
        case '>=': return { k: 'bool', value: c >= 0, ty: 'Bool' };
        case '+': return { k: 'num', value: Q.add(a, b), ty: e.ty };
        case '*': return { k: 'num', value: Q.mul(a, b), ty: e.ty };
        case '-': {
          const d = Q.sub(a, b);
          return { k: 'num', value: unsigned && d.num < 0n ? Q.ZERO : d, ty: e.ty };
        }
        default: return e;
      }
    }
    default: return e;
  }
}
