// The backward expectation transformer of the loop-free, call-free core (research report §1.7):
// vc⟦S⟧(f) for every statement and its co-twin. wp, wlp and ert differ only in how loops are desugared and in
// `tick`, so this one function serves all three calculi. Loops and calls must be desugared first.

import type { Expr, Stmt, Dist, Ty } from '../ivl/index.js';
import { T, subst1, freeVars, Q } from '../ivl/index.js';
import * as B from './build.js';

export class VcError extends Error {
  constructor(message: string, readonly stmt?: Stmt) { super(message); }
}

/** The types of the variables of the procedure being verified (names are unique per procedure). */
export type TypeEnv = ReadonlyMap<string, Ty>;

export function vcStmts(ss: readonly Stmt[], post: Expr, env: TypeEnv): Expr {
  let f = post;
  for (let i = ss.length - 1; i >= 0; i--) f = vcStmt(ss[i]!, f, env);
  return f;
}

export function vcStmt(s: Stmt, f: Expr, env: TypeEnv): Expr {
  const vcStmts_ = (x: readonly Stmt[], g: Expr) => vcStmts(x, g, env);
  switch (s.k) {
    case 'block': return vcStmts_(s.body, f);
    case 'var': return s.init ? subst1(f, s.name, s.init) : f;
    case 'assign': {
      if (s.lhs.length !== 1) throw new VcError('multiple assignment outside a call', s);
      return subst1(f, s.lhs[0]!, s.rhs);
    }
    case 'sample': return vcSample(s.lhs, s.dist, f);
    case 'havoc': {
      const vars = s.vars.filter((v) => freeVars(f).has(v));
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
    case 'if': return B.ite(s.c, vcStmts_(s.a, f), vcStmts_(s.b, f));
    case 'choice': {
      const a = vcStmts_(s.a, f), b = vcStmts_(s.b, f);
      return s.op === 'demonic' ? B.min(a, b) : s.op === 'angelic' ? B.max(a, b) : B.add(a, b);
    }
    case 'label': return f;
    case 'while': throw new VcError('a loop reached the core transformer without a proof rule', s);
    case 'call': throw new VcError('a call reached the core transformer undesugared', s);
  }
}

/** x = D: Σ_v P(v) · f[x := v]; for flip(p): p · f[x:=true] + (1 ∸ p) · f[x:=false]. */
function vcSample(x: string, d: Dist, f: Expr): Expr {
  if (!freeVars(f).has(x)) {
    // the distribution's mass still matters: Σ P(v) · f
    if (d.k === 'flip') return f; // p + (1 ∸ p) = 1 for p ∈ [0, 1] (flip is undefined outside)
    const total = d.outcomes.reduce((acc, o) => (o.prob.k === 'num' && acc ? Q.add(acc, o.prob.value) : undefined), Q.ZERO as Q.Rational | undefined);
    if (total && Q.cmp(total, Q.ONE) === 0) return f;
  }
  if (d.k === 'flip') {
    return B.add(B.mul(B.eu(d.p), subst1(f, x, T.bool(true))), B.mul(B.oneMinus(d.p), subst1(f, x, T.bool(false))));
  }
  let acc: Expr = B.BOT;
  for (const o of d.outcomes) acc = B.add(acc, B.mul(B.eu(o.prob), subst1(f, x, o.value)));
  return acc;
}
