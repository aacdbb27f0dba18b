// The backward expectation transformer of the loop-free, call-free core (research report §1.7):
// vc⟦S⟧(f) for every statement and its co-twin. wp, wlp and ert differ only in how loops are desugared and in
// `tick`, so this one function serves all three calculi. Loops and calls must be desugared first.

import type { Expr, Stmt, Dist, Ty } from '../ivl/index.js';
import { T, subst, subst1, mayMention, Q, varMask, varBit, LAZY_BIT, exprId, intern, freeVars, freshName } from '../ivl/index.js';
import * as B from './build.js';

export class VcError extends Error {
  constructor(message: string, readonly stmt?: Stmt) { super(message); }
}

/** The types of the variables of the procedure being verified (names are unique per procedure). */
export type TypeEnv = ReadonlyMap<string, Ty>;

/** vc⟦ss⟧(post). Substitutions are kept pending (`lazy` nodes) while going backwards and carried out once at the
 *  end, memoised per (subterm, substitution): a statement costs the size of its own expressions, not the post's. */
export function vcStmts(ss: readonly Stmt[], post: Expr, env: TypeEnv): Expr {
  return materialize(vcRaw(ss, post, env));
}

/** vc⟦S⟧(f) for one statement (materialised). */
export function vcStmt(s: Stmt, f: Expr, env: TypeEnv): Expr {
  return materialize(vcOne(s, f, env));
}

function vcRaw(ss: readonly Stmt[], post: Expr, env: TypeEnv): Expr {
  let f = post;
  for (let i = ss.length - 1; i >= 0; i--) f = vcOne(ss[i]!, f, env);
  return f;
}

/** Wraps a non-trivial post so that substituting into it composes maps instead of copying it. */
function lazy(f: Expr): Expr {
  if (f.k === 'lazy' || f.k === 'var' || f.k === 'num' || f.k === 'bool' || f.k === 'infty') return f;
  return { k: 'lazy', body: f, map: new Map(), ty: f.ty };
}

function vcOne(s: Stmt, f: Expr, env: TypeEnv): Expr {
  const vcStmts_ = (x: readonly Stmt[], g: Expr) => vcRaw(x, g, env);
  switch (s.k) {
    case 'block': return vcStmts_(s.body, f);
    case 'var': return s.init ? subst1(lazy(f), s.name, s.init) : f;
    case 'assign': {
      if (s.lhs.length !== 1) throw new VcError('multiple assignment outside a call', s);
      return subst1(lazy(f), s.lhs[0]!, s.rhs);
    }
    case 'sample': return vcSample(s.lhs, s.dist, f);
    case 'havoc': {
      const vars = s.vars.filter((v) => mayMention(f, v) && (env.has(v) || freeVars(f).has(v)));
      if (vars.length === 0) return f;
      const qvars = vars.map((name) => {
        const ty = env.get(name);
        if (!ty) throw new VcError(`unknown type of \`${name}\``, s);
        return { name, ty };
      });
      return T.quant(s.dir === 'down' ? 'inf' : 'sup', qvars, f);
    }
    case 'assert': return s.dir === 'down' ? B.min(s.e, f) : B.max(s.e, f);
    case 'assume': return s.dir === 'down' ? B.impl(s.e, f) : B.coimpl(s.e, f);
    case 'compare': return s.dir === 'down' ? B.compare(s.e, f) : B.cocompare(s.e, f);
    case 'validate': return s.dir === 'down' ? B.validate(f) : B.covalidate(f);
    case 'negate': return s.dir === 'down' ? B.negate(f) : B.conegate(f);
    case 'tick': return B.add(f, s.e);
    case 'weigh': return B.mul(f, s.e);
    case 'if': {
      // branches that only assign: one copy of f under a merged substitution instead of one copy per branch
      const merged = ifSubst(s, new Map(), env);
      if (merged) return merged.size ? subst(lazy(f), merged) : f;
      return B.ite(s.c, vcStmts_(s.a, f), vcStmts_(s.b, f));
    }
    case 'choice': {
      const a = vcStmts_(s.a, f), b = vcStmts_(s.b, f);
      return s.op === 'demonic' ? B.min(a, b) : s.op === 'angelic' ? B.max(a, b) : B.add(a, b);
    }
    case 'label': return f;
    case 'while': throw new VcError('a loop reached the core transformer without a proof rule', s);
    case 'call': throw new VcError('a call reached the core transformer undesugared', s);
  }
}

/** The substitution σ with vc⟦ss⟧(f) = f[σ] for every f, when ss only assigns (assignments, initialised `var`s,
 *  blocks, labels and `if`s of such statements); undefined otherwise. `sigma` is the substitution of the
 *  statements before (applied to the right-hand sides: x := e after σ is x ↦ e[σ]); it is extended in place.
 *  An `if c {A} else {B}` becomes x ↦ ite(c[σ], σ_A(x), σ_B(x)) for each x either branch assigns. Exact:
 *  ite(c, f[σ_A], f[σ_B]) and f[x := ite(c, σ_A x, σ_B x)] agree in every state. Without it, every deterministic
 *  branch copies the whole post, and k unrolled iterations of a body with n paths make n^k copies. */
function assignsOnly(ss: readonly Stmt[], sigma: Map<string, Expr>, env: TypeEnv): Map<string, Expr> | undefined {
  for (const s of ss) {
    switch (s.k) {
      case 'assign':
        if (s.lhs.length !== 1) return undefined;
        sigma.set(s.lhs[0]!, subst(s.rhs, sigma));
        break;
      case 'var':
        // an uninitialised declaration is the identity transformer (vc⟦var x⟧(f) = f)
        if (s.init) sigma.set(s.name, subst(s.init, sigma));
        break;
      case 'block':
        if (!assignsOnly(s.body, sigma, env)) return undefined;
        break;
      case 'label': break;
      case 'if': {
        const inner = ifSubst(s, sigma, env);
        if (!inner) return undefined;
        for (const [x, v] of inner) sigma.set(x, v);
        break;
      }
      default: return undefined;
    }
  }
  return sigma;
}

/** For an `if` whose branches only assign: the updates it makes after σ (x ↦ ite(c[σ], σ_A(x), σ_B(x))). */
function ifSubst(s: Stmt & { k: 'if' }, sigma: ReadonlyMap<string, Expr>, env: TypeEnv): Map<string, Expr> | undefined {
  const a = assignsOnly(s.a, new Map(sigma), env);
  if (!a) return undefined;
  const b = assignsOnly(s.b, new Map(sigma), env);
  if (!b) return undefined;
  const c = subst(s.c, sigma);
  const out = new Map<string, Expr>();
  for (const x of new Set([...a.keys(), ...b.keys()])) {
    const ty = env.get(x);
    const cur = sigma.get(x) ?? { k: 'var', name: x, ty } as Expr;
    const va = a.get(x) ?? cur, vb = b.get(x) ?? cur;
    if (va === cur && vb === cur) continue;
    out.set(x, c.k === 'bool' ? (c.value ? va : vb) : va === vb ? va : intern({ k: 'ite', c, a: va, b: vb, ty: ty ?? va.ty }));
  }
  return out;
}

/** x = D: Σ_v P(v) · f[x := v]; for flip(p): p · f[x:=true] + (1 ∸ p) · f[x:=false]. */
function vcSample(x: string, d: Dist, f: Expr): Expr {
  if (!mayMention(f, x)) {
    // the distribution's mass still matters: Σ P(v) · f
    if (d.k === 'flip') return f; // p + (1 ∸ p) = 1 for p ∈ [0, 1] (flip is undefined outside)
    const total = d.outcomes.reduce((acc, o) => (o.prob.k === 'num' && acc ? Q.add(acc, o.prob.value) : undefined), Q.ZERO as Q.Rational | undefined);
    if (total && Q.cmp(total, Q.ONE) === 0) return f;
  }
  const g = lazy(f);
  if (d.k === 'flip') {
    return B.add(B.mul(B.eu(d.p), subst1(g, x, T.bool(true))), B.mul(B.oneMinus(d.p), subst1(g, x, T.bool(false))));
  }
  let acc: Expr = B.BOT;
  for (const o of d.outcomes) acc = B.add(acc, B.mul(B.eu(o.prob), subst1(g, x, o.value)));
  return acc;
}

/** Carries out every pending substitution, memoised per (subterm, relevant part of the substitution). */
export function materialize(root: Expr): Expr {
  if ((varMask(root) & LAZY_BIT) === 0) return root;
  const memo = new Map<string, Expr>();
  const go = (e: Expr, s: ReadonlyMap<string, Expr>): Expr => {
    const m = varMask(e);
    let rs = s;
    if (s.size) {
      const r = new Map<string, Expr>();
      for (const [k, v] of s) if ((m & varBit(k)) !== 0) r.set(k, v);
      rs = r;
    }
    if (rs.size === 0 && (m & LAZY_BIT) === 0) return e;
    let key = `${exprId(e)}`;
    if (rs.size) key += `|${[...rs].map(([k, v]) => `${k}=${exprId(v)}`).sort().join(',')}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let r: Expr;
    switch (e.k) {
      case 'var': r = rs.get(e.name) ?? e; break;
      case 'num': case 'bool': case 'infty': r = e; break;
      case 'lazy': {
        const inner = new Map<string, Expr>();
        for (const [y, v] of e.map) inner.set(y, go(v, rs));
        for (const [k, v] of rs) if (!e.map.has(k)) inner.set(k, v);
        r = go(e.body, inner);
        break;
      }
      case 'un': r = intern({ ...e, a: go(e.a, rs) }); break;
      case 'cast': r = intern({ ...e, a: go(e.a, rs) }); break;
      case 'bin': r = intern({ ...e, a: go(e.a, rs), b: go(e.b, rs) }); break;
      case 'ite': r = intern({ ...e, c: go(e.c, rs), a: go(e.a, rs), b: go(e.b, rs) }); break;
      case 'call': r = intern({ ...e, args: e.args.map((a) => go(a, rs)) }); break;
      case 'quant': {
        const inner = new Map(rs);
        for (const v of e.vars) inner.delete(v.name);
        const captured = new Set<string>();
        for (const v of inner.values()) for (const x of freeVars(v)) captured.add(x);
        const vars = e.vars.map((v) => {
          if (!captured.has(v.name)) return v;
          const nn = freshName(v.name);
          inner.set(v.name, { k: 'var', name: nn, ty: v.ty });
          return { name: nn, ty: v.ty };
        });
        r = { ...e, vars, body: go(e.body, inner), triggers: e.triggers.map((t) => t.map((y) => go(y, inner))) };
        break;
      }
    }
    memo.set(key, r);
    return r;
  };
  return go(root, new Map());
}
