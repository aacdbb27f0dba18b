// Smart constructors for EUReal-valued verification conditions: they type the nodes and apply a few
// exact simplifications (neutral elements, Boolean embeddings under Gödel operators) so that Z3 sees
// ite(b, f, ∞) instead of ?(b) → f. Every rewrite here is an identity on [0, ∞]; test/verifier checks them.

import type { Expr, Ty, BinOp } from '../ivl/index.js';
import { T, Q, tyEq, intern } from '../ivl/index.js';

export const TOP: Expr = T.infty();
export const BOT: Expr = { k: 'num', value: Q.ZERO, ty: 'EUReal' };
export const ONE: Expr = { k: 'num', value: Q.ONE, ty: 'EUReal' };

export function eu(e: Expr): Expr {
  if (e.ty === 'EUReal') return e;
  if (e.k === 'num' && e.value.num >= 0n) return { k: 'num', value: e.value, ty: 'EUReal' };
  return T.cast(e, 'EUReal');
}

const isTop = (e: Expr) => e.k === 'infty';
const isZero = (e: Expr) => e.k === 'num' && e.value.num === 0n;
const isOne = (e: Expr) => e.k === 'num' && e.value.num === 1n && e.value.den === 1n;
/** `?(b)` → b */
const embedded = (e: Expr): Expr | undefined => (e.k === 'un' && e.op === 'embed' ? e.a : undefined);
/** `!?(b)` → b (∞ iff ¬b) */
const negEmbedded = (e: Expr): Expr | undefined => (e.k === 'un' && e.op === 'not' && e.a.ty === 'EUReal' ? embedded(e.a) : undefined);

export function not(b: Expr): Expr {
  if (b.k === 'bool') return T.bool(!b.value);
  if (b.k === 'un' && b.op === 'not' && b.ty === 'Bool') return b.a;
  return { k: 'un', op: 'not', a: b, ty: 'Bool' };
}

export function ite(c: Expr, a: Expr, b: Expr): Expr {
  if (c.k === 'bool') return c.value ? a : b;
  if (a === b) return a;
  return intern({ k: 'ite', c, a, b, ty: a.ty });
}

export function bin(op: BinOp, a: Expr, b: Expr, ty: Ty = 'EUReal'): Expr {
  return intern({ k: 'bin', op, a, b, ty });
}

export function add(a: Expr, b: Expr): Expr {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (isTop(a) || isTop(b)) return TOP;
  return bin('+', a, b);
}

export function mul(a: Expr, b: Expr): Expr {
  if (isZero(a) || isZero(b)) return BOT;
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  return bin('*', a, b);
}

export function min(a: Expr, b: Expr): Expr {
  if (isTop(a)) return b;
  if (isTop(b)) return a;
  if (isZero(a) || isZero(b)) return BOT;
  if (a === b) return a;
  const ea = embedded(a);
  if (ea) return ite(ea, b, BOT);
  const eb = embedded(b);
  if (eb) return ite(eb, a, BOT);
  return bin('inf', a, b);
}

export function max(a: Expr, b: Expr): Expr {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (isTop(a) || isTop(b)) return TOP;
  if (a === b) return a;
  const na = negEmbedded(a);
  if (na) return ite(na, b, TOP);
  const nb = negEmbedded(b);
  if (nb) return ite(nb, a, TOP);
  return bin('sup', a, b);
}

/** a → b: ∞ if a ≤ b, else b. */
export function impl(a: Expr, b: Expr): Expr {
  if (isZero(a) || isTop(b)) return TOP;
  const ea = embedded(a);
  if (ea) return ite(ea, b, TOP);
  if (a.k === 'un' && a.op === 'iverson') return ite(a.a, bin('impl', ONE, b), TOP);
  return bin('impl', a, b);
}

/** a ← b: 0 if a ≥ b, else b. */
export function coimpl(a: Expr, b: Expr): Expr {
  if (isTop(a) || isZero(b)) return BOT;
  const na = negEmbedded(a);
  if (na) return ite(na, b, BOT);
  return bin('coimpl', a, b);
}

/** a ↘ b: ∞ if a ≤ b, else 0. */
export function compare(a: Expr, b: Expr): Expr {
  if (isZero(a) || isTop(b)) return TOP;
  const ea = embedded(a);
  if (ea) return ite(ea, validate(b), TOP);
  return bin('compare', a, b);
}

/** a ↖ b: 0 if a ≥ b, else ∞. */
export function cocompare(a: Expr, b: Expr): Expr {
  if (isTop(a) || isZero(b)) return BOT;
  const na = negEmbedded(a);
  if (na) return ite(na, covalidate(b), BOT);
  return bin('cocompare', a, b);
}

// validate/covalidate push into ite branches; memoised because VCs are DAGs (a tree walk is exponential)
const validateMemo = new WeakMap<Expr, Expr>();
const covalidateMemo = new WeakMap<Expr, Expr>();

/** △f: ∞ if f = ∞, else 0 (validate). `validate(a → b)` = a ↘ b. */
export function validate(f: Expr): Expr {
  const hit = validateMemo.get(f);
  if (hit) return hit;
  const r = validate_(f);
  validateMemo.set(f, r);
  return r;
}

function validate_(f: Expr): Expr {
  if (isTop(f)) return TOP;
  if (f.k === 'num') return BOT;
  if (f.k === 'bin' && f.op === 'impl') return compare(f.a, f.b);
  if (f.k === 'bin' && f.op === 'compare') return f;
  if (f.k === 'ite') return ite(f.c, validate(f.a), validate(f.b));
  return ite(bin('==', f, TOP, 'Bool'), TOP, BOT);
}

/** ▽f: 0 if f = 0, else ∞ (covalidate). `covalidate(a ← b)` = a ↖ b. */
export function covalidate(f: Expr): Expr {
  const hit = covalidateMemo.get(f);
  if (hit) return hit;
  const r = covalidate_(f);
  covalidateMemo.set(f, r);
  return r;
}

function covalidate_(f: Expr): Expr {
  if (isZero(f)) return BOT;
  if (f.k === 'infty' || (f.k === 'num' && f.value.num > 0n)) return TOP;
  if (f.k === 'bin' && f.op === 'coimpl') return cocompare(f.a, f.b);
  if (f.k === 'bin' && f.op === 'cocompare') return f;
  if (f.k === 'ite') return ite(f.c, covalidate(f.a), covalidate(f.b));
  return ite(bin('==', f, BOT, 'Bool'), BOT, TOP);
}

/** !f: ∞ if f = 0, else 0. */
export function negate(f: Expr): Expr { return { k: 'un', op: 'not', a: f, ty: 'EUReal' }; }
/** ~f: 0 if f = ∞, else ∞. */
export function conegate(f: Expr): Expr { return { k: 'un', op: 'non', a: f, ty: 'EUReal' }; }

/** 1 ∸ p for a probability p (UReal). */
export function oneMinus(p: Expr): Expr {
  if (p.k === 'num') return { k: 'num', value: Q.sub(Q.ONE, p.value), ty: 'EUReal' };
  return bin('-', ONE, eu(p));
}

export function sameTy(a: Expr, ty: Ty): boolean { return tyEq(a.ty, ty); }
