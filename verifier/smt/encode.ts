// Translation of typed IVL expressions to Z3. EUReal is the pair (isInf: Bool, v: Real) with v ≥ 0; v is
// ignored when isInf holds, so no normalisation is needed: a ≤ b ⇔ b.inf ∨ (¬a.inf ∧ a.v ≤ b.v).
// UInt/UReal are Int/Real with ≥ 0 constraints on free variables, and `-` on them is monus. Remaining
// quantitative quantifiers become Skolem constants with their defining axioms (exact, but may make Z3 give up).
// Definitional functions: non-recursive ones are inlined; recursive ones get a fuel-bounded definition.

/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Expr, Ty, Program, Func, QVar } from '../ivl/index.js';
import { tyToString, freeVars, subst, Q } from '../ivl/index.js';

import type { Z3Ctx } from './z3.js';

export type SV =
  | { readonly t: 'bool'; readonly e: any }
  | { readonly t: 'int'; readonly e: any }
  | { readonly t: 'real'; readonly e: any }
  | { readonly t: 'eu'; readonly inf: any; readonly v: any }
  | { readonly t: 'list'; readonly arr: any; readonly len: any }
  | { readonly t: 'dom'; readonly e: any };

export class EncodeError extends Error {}
/** The --timeout budget ran out while encoding (reported as a timeout, not as an unsupported construct). */
export class EncodeTimeout extends EncodeError {}

const isLiteral = (e: Expr): boolean => e.k === 'num' || e.k === 'bool' || (e.k === 'cast' && isLiteral(e.a));

export class Encoder {
  /** Constraints that must hold (type ranges of free variables, axioms, Skolem definitions, names of numeric
   *  ite terms): every query must assert all of them, or its encoded terms mean something else. */
  readonly assumptions: any[] = [];
  private readonly vars = new Map<string, SV>();
  private readonly sorts = new Map<string, any>();
  private readonly funcDecls = new Map<string, { f: Func; decls: any[] }>();
  private readonly funcs = new Map<string, Func>();
  private readonly recursive = new Set<string>();
  private memo = new Map<Expr, SV>();
  private skolems = 0;
  /** Fuel for recursive definitional functions (Amin/Leino/Rompf fuel): Z and S of an uninterpreted sort. */
  private fuel?: { sort: any; Z: any; S: any };
  /** The fuel a recursive call gets while a function body is being encoded (one less than the caller's). */
  private curFuel: any;
  /** Unfoldings available to a recursive call made from the VC (literal arguments get more: computation). */
  static readonly MAX_FUEL = 2;
  static readonly LITERAL_FUEL = 30;

  constructor(readonly z: Z3Ctx, readonly program: Program) {
    for (const d of program.domains) {
      this.sorts.set(d.name, z.Sort.declare(d.name));
      for (const f of d.funcs) this.funcs.set(f.name, f);
    }
    for (const f of this.funcs.values()) if (f.body && this.reaches(f.body, f.name, new Set())) this.recursive.add(f.name);
  }

  private reaches(e: Expr, target: string, seen: Set<string>): boolean {
    let found = false;
    const visited = new Set<Expr>();
    const walk = (x: Expr): void => {
      if (found || visited.has(x)) return;
      visited.add(x);
      switch (x.k) {
        case 'call':
          if (x.fn === target) { found = true; return; }
          if (!seen.has(x.fn)) {
            seen.add(x.fn);
            const g = this.funcs.get(x.fn);
            if (g?.body) walk(g.body);
          }
          x.args.forEach(walk);
          return;
        case 'bin': walk(x.a); walk(x.b); return;
        case 'un': case 'cast': walk(x.a); return;
        case 'ite': walk(x.c); walk(x.a); walk(x.b); return;
        case 'quant': walk(x.body); return;
        default: return;
      }
    };
    walk(e);
    return found;
  }

  sort(t: Ty): any {
    const z = this.z;
    if (t === 'Bool') return z.Bool.sort();
    if (t === 'Int' || t === 'UInt') return z.Int.sort();
    if (t === 'Real' || t === 'UReal') return z.Real.sort();
    if (typeof t === 'object' && 'domain' in t) return this.sorts.get(t.domain);
    throw new EncodeError(`no single SMT sort for ${tyToString(t)}`);
  }

  /** A fresh or existing constant for a variable, with its type's range constraint recorded. */
  variable(name: string, ty: Ty): SV {
    const hit = this.vars.get(name);
    if (hit) return hit;
    const sv = this.fresh(name, ty, this.assumptions);
    this.vars.set(name, sv);
    return sv;
  }

  /** Constants for a value of type ty; range constraints go to `into`. */
  fresh(name: string, ty: Ty, into: any[]): SV {
    const z = this.z;
    const sv: SV = ty === 'Bool' ? { t: 'bool', e: z.Bool.const(name) }
      : ty === 'Int' || ty === 'UInt' ? { t: 'int', e: z.Int.const(name) }
      : ty === 'Real' || ty === 'UReal' ? { t: 'real', e: z.Real.const(name) }
      : ty === 'EUReal' ? { t: 'eu', inf: z.Bool.const(`${name}.inf`), v: z.Real.const(`${name}.v`) }
      : 'list' in ty ? { t: 'list', arr: z.Array.const(`${name}.arr`, z.Int.sort(), this.sort(ty.list)), len: z.Int.const(`${name}.len`) }
      : { t: 'dom', e: z.Const(name, this.sort(ty)) };
    const r = this.range(sv, ty);
    if (r) into.push(r);
    return sv;
  }

  range(sv: SV, ty: Ty): any | undefined {
    if (ty === 'UInt' || ty === 'UReal') return (sv as any).e.ge(0);
    if (sv.t === 'eu') return sv.v.ge(0);
    if (sv.t === 'list') return sv.len.ge(0);
    return undefined;
  }

  vars_(): ReadonlyMap<string, SV> { return this.vars; }

  // ---- EUReal helpers ----
  euLe(a: SV & { t: 'eu' }, b: SV & { t: 'eu' }): any {
    const z = this.z;
    return z.Or(b.inf, z.And(z.Not(a.inf), a.v.le(b.v)));
  }
  euEq(a: SV & { t: 'eu' }, b: SV & { t: 'eu' }): any {
    const z = this.z;
    return z.Or(z.And(a.inf, b.inf), z.And(z.Not(a.inf), z.Not(b.inf), a.v.eq(b.v)));
  }
  euIte(c: any, a: SV & { t: 'eu' }, b: SV & { t: 'eu' }): SV {
    const z = this.z;
    return { t: 'eu', inf: z.If(c, a.inf, b.inf), v: z.If(c, a.v, b.v) };
  }
  euConst(inf: boolean, v: Q.Rational = Q.ZERO): SV {
    return { t: 'eu', inf: this.z.Bool.val(inf), v: this.real(v) };
  }
  real(r: Q.Rational): any {
    return this.z.Real.val(r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`);
  }
  euIsZero(a: SV & { t: 'eu' }): any { return this.z.And(this.z.Not(a.inf), a.v.eq(0)); }

  private cmp(op: string, a: SV, b: SV): any {
    const z = this.z;
    if (a.t === 'eu' && b.t === 'eu') {
      switch (op) {
        case '<=': return this.euLe(a, b);
        case '>=': return this.euLe(b, a);
        case '<': return z.Not(this.euLe(b, a));
        case '>': return z.Not(this.euLe(a, b));
      }
    }
    const x = (a as any).e, y = (b as any).e;
    switch (op) {
      case '<=': return x.le(y);
      case '>=': return x.ge(y);
      case '<': return x.lt(y);
      case '>': return x.gt(y);
    }
    throw new EncodeError(`bad comparison ${op}`);
  }

  eq(a: SV, b: SV): any {
    const z = this.z;
    if (a.t === 'eu' && b.t === 'eu') return this.euEq(a, b);
    if (a.t === 'list' && b.t === 'list') {
      const i = z.Int.const(`list_eq_i$${++this.skolems}`);
      return z.And(a.len.eq(b.len), z.ForAll([i], z.Implies(z.And(i.ge(0), i.lt(a.len)), z.Select(a.arr, i).eq(z.Select(b.arr, i)))));
    }
    return (a as any).e.eq((b as any).e);
  }

  ite(c: any, a: SV, b: SV): SV {
    const z = this.z;
    if (a.t === 'eu' && b.t === 'eu') return this.euIte(c, a, b);
    if (a.t === 'list' && b.t === 'list') return { t: 'list', arr: z.If(c, a.arr, b.arr), len: z.If(c, a.len, b.len) };
    return { ...(a as any), e: z.If(c, (a as any).e, (b as any).e) };
  }

  bool(e: Expr, env?: Map<string, SV>): any { return (this.enc(e, env) as any).e; }

  /** performance.now() time after which encoding gives up (the obligation's --timeout budget). */
  deadline = Infinity;
  private ticks = 0;

  /** Encodes an expression; `env` binds quantifier variables (no memoisation under binders). */
  enc(e: Expr, env?: Map<string, SV>): SV {
    if (++this.ticks % 2048 === 0 && performance.now() > this.deadline) throw new EncodeTimeout('encoding the verification condition for the solver exceeded the time limit');
    if (!env) {
      const hit = this.memo.get(e);
      if (hit) return hit;
    }
    const r = this.enc_(e, env);
    if (!env) this.memo.set(e, r);
    return r;
  }

  private enc_(e: Expr, env: Map<string, SV> | undefined): SV {
    const z = this.z;
    const ty = e.ty!;
    switch (e.k) {
      case 'var': return env?.get(e.name) ?? this.variable(e.name, ty);
      case 'bool': return { t: 'bool', e: z.Bool.val(e.value) };
      case 'infty': return this.euConst(true);
      case 'num':
        if (ty === 'EUReal') return this.euConst(false, e.value);
        if (ty === 'Int' || ty === 'UInt') {
          if (e.value.den !== 1n) throw new EncodeError('fractional integer literal');
          return { t: 'int', e: z.Int.val(e.value.num.toString()) };
        }
        return { t: 'real', e: this.real(e.value) };
      case 'cast': {
        const a = this.enc(e.a, env);
        if (ty === 'EUReal') {
          if (a.t === 'eu') return a;
          const v = a.t === 'int' ? z.ToReal(a.e) : (a as any).e;
          return { t: 'eu', inf: z.Bool.val(false), v };
        }
        if ((ty === 'Real' || ty === 'UReal') && a.t === 'int') return { t: 'real', e: z.ToReal(a.e) };
        if ((ty === 'Int' || ty === 'UInt') && a.t === 'int') return a;
        if ((ty === 'Real' || ty === 'UReal') && a.t === 'real') return a;
        throw new EncodeError(`cannot cast to ${tyToString(ty)}`);
      }
      case 'ite': {
        const r = this.ite(this.bool(e.c, env), this.enc(e.a, env), this.enc(e.b, env));
        // A numeric ite outside binders gets a name: a fresh constant k with the assumption k = ite(c, a, b).
        // Exact (the definition is functional: ∃k. k = t ∧ φ(k) ⇔ φ(t)). Merged branches (vcgen/transformer.ts)
        // nest ites over ites; named, Z3's contextual simplification (ctx-simplify, in its default strategy) no
        // longer copies the nesting into every atom: unif_gen4's VC took 15–30 s unnamed, ~0.5 s named.
        if (!env && (r.t === 'int' || r.t === 'real')) {
          const name = `ite$${++this.skolems}`;
          const k = r.t === 'int' ? z.Int.const(name) : z.Real.const(name);
          this.assumptions.push(k.eq(r.e));
          return { t: r.t, e: k };
        }
        return r;
      }
      case 'un': {
        const a = this.enc(e.a, env);
        switch (e.op) {
          case 'iverson': return { t: 'eu', inf: z.Bool.val(false), v: z.If((a as any).e, z.Real.val(1), z.Real.val(0)) };
          case 'embed': return { t: 'eu', inf: (a as any).e, v: z.Real.val(0) };
          case 'not':
            if (a.t === 'bool') return { t: 'bool', e: z.Not(a.e) };
            return { t: 'eu', inf: this.euIsZero(a as any), v: z.Real.val(0) };
          case 'non':
            if (a.t === 'bool') return { t: 'bool', e: z.Not(a.e) };
            return { t: 'eu', inf: z.Not((a as any).inf), v: z.Real.val(0) };
        }
        break;
      }
      case 'bin': return this.binary(e as Expr & { k: 'bin' }, env);
      case 'call': return this.call(e as Expr & { k: 'call' }, env);
      case 'quant': return this.quant(e as Expr & { k: 'quant' }, env);
      case 'lazy': throw new EncodeError('internal: a pending substitution reached the encoder');
    }
    throw new EncodeError('cannot encode this expression');
  }

  private binary(e: Expr & { k: 'bin' }, env: Map<string, SV> | undefined): SV {
    const z = this.z;
    const a = this.enc(e.a, env);
    const b = this.enc(e.b, env);
    const t = e.a.ty;
    if (a.t === 'bool' && b.t === 'bool') {
      switch (e.op) {
        case '&&': case 'inf': return { t: 'bool', e: z.And(a.e, b.e) };
        case '||': case 'sup': return { t: 'bool', e: z.Or(a.e, b.e) };
        case 'impl': case 'compare': return { t: 'bool', e: z.Implies(a.e, b.e) };
        case 'coimpl': return { t: 'bool', e: z.And(z.Not(a.e), b.e) };
        case 'cocompare': return { t: 'bool', e: z.And(z.Not(a.e), b.e) };
        case '==': return { t: 'bool', e: a.e.eq(b.e) };
        case '!=': return { t: 'bool', e: z.Not(a.e.eq(b.e)) };
        default: break;
      }
    }
    switch (e.op) {
      case '==': return { t: 'bool', e: this.eq(a, b) };
      case '!=': return { t: 'bool', e: z.Not(this.eq(a, b)) };
      case '<': case '<=': case '>': case '>=': return { t: 'bool', e: this.cmp(e.op, a, b) };
      default: break;
    }
    if (a.t === 'eu' && b.t === 'eu') {
      const ea = a as SV & { t: 'eu' }, eb = b as SV & { t: 'eu' };
      const le = () => this.euLe(ea, eb);
      switch (e.op) {
        case '+': return { t: 'eu', inf: z.Or(a.inf, b.inf), v: a.v.add(b.v) };
        case '*': {
          const nzA = z.Or(a.inf, a.v.gt(0)), nzB = z.Or(b.inf, b.v.gt(0));
          return { t: 'eu', inf: z.Or(z.And(a.inf, nzB), z.And(b.inf, nzA)), v: a.v.mul(b.v) };
        }
        case '-': {
          // monus: x − ∞ = 0, ∞ − finite = ∞, finite: max(a − b, 0)
          const d = a.v.sub(b.v);
          return { t: 'eu', inf: z.And(a.inf, z.Not(b.inf)), v: z.If(z.Or(b.inf, d.lt(0)), z.Real.val(0), d) };
        }
        case 'inf': return this.euIte(le(), ea, eb);
        case 'sup': return this.euIte(le(), eb, ea);
        case 'impl': return this.euIte(le(), this.euConst(true) as any, eb);
        case 'coimpl': return this.euIte(this.euLe(eb, ea), this.euConst(false) as any, eb);
        case 'compare': return { t: 'eu', inf: le(), v: z.Real.val(0) };
        case 'cocompare': return { t: 'eu', inf: z.Not(this.euLe(eb, ea)), v: z.Real.val(0) };
        default: break;
      }
    }
    if ((a.t === 'int' || a.t === 'real') && (b.t === 'int' || b.t === 'real')) {
      const x = a.e, y = b.e;
      const unsigned = t === 'UInt' || t === 'UReal';
      const kind = a.t;
      switch (e.op) {
        case '+': return { t: kind, e: x.add(y) };
        case '*': return { t: kind, e: x.mul(y) };
        case '-': {
          const d = x.sub(y);
          return { t: kind, e: unsigned ? z.If(d.lt(0), kind === 'int' ? z.Int.val(0) : z.Real.val(0), d) : d };
        }
        case '/': return { t: kind, e: x.div(y) };
        case '%': return { t: kind, e: x.mod(y) };
        case 'inf': return { t: kind, e: z.If(x.le(y), x, y) };
        case 'sup': return { t: kind, e: z.If(x.le(y), y, x) };
        default: break;
      }
    }
    throw new EncodeError(`cannot encode \`${e.op}\` on ${tyToString(t!)}`);
  }

  private call(e: Expr & { k: 'call' }, env: Map<string, SV> | undefined): SV {
    const z = this.z;
    const args = e.args.map((a) => this.enc(a, env));
    switch (e.fn) {
      case 'len': if (!this.funcs.has('len')) return { t: 'int', e: (args[0] as any).len }; break;
      case 'select': if (!this.funcs.has('select')) return this.fromSort(z.Select((args[0] as any).arr, (args[1] as any).e), e.ty!); break;
      case 'store': if (!this.funcs.has('store')) {
        const l = args[0] as SV & { t: 'list' };
        return { t: 'list', arr: z.Store(l.arr, (args[1] as any).e, this.toSort(args[2]!)), len: l.len };
      }
        break;
      default: break;
    }
    const f = this.funcs.get(e.fn);
    if (!f) throw new EncodeError(`unknown function ${e.fn}`);
    if (f.body && !this.recursive.has(f.name)) {
      // non-recursive definitional function: inline
      const map = new Map<string, Expr>();
      f.params.forEach((p, i) => map.set(p.name, e.args[i]!));
      const body = subst(f.body, map);
      return this.enc(body, env);
    }
    const decls = this.declare(f);
    if (this.recursive.has(f.name)) {
      const fuel = this.curFuel ?? this.fuelTerm(e.args.every((a) => isLiteral(a) || freeVars(a).size === 0) ? Encoder.LITERAL_FUEL : Encoder.MAX_FUEL);
      return this.applyDecls(f, decls, args, fuel);
    }
    return this.applyDecls(f, decls, args);
  }

  private fuelDecls(): { sort: any; Z: any; S: any } {
    if (!this.fuel) {
      const z = this.z;
      const sort = z.Sort.declare('Fuel$');
      this.fuel = { sort, Z: z.Const('Z$fuel', sort), S: z.Function.declare('S$fuel', sort, sort) };
    }
    return this.fuel;
  }

  private fuelTerm(n: number): any {
    const { Z, S } = this.fuelDecls();
    let t = Z;
    for (let i = 0; i < n; i++) t = S.call(t);
    return t;
  }

  private applyDecls(f: Func, decls: any[], args: SV[], fuel?: any): SV {
    const flat = [...(fuel ? [fuel] : []), ...args.flatMap((a) => this.flatten(a))];
    if (f.ret === 'EUReal') return { t: 'eu', inf: decls[0].call(...flat), v: decls[1].call(...flat) };
    if (typeof f.ret === 'object' && 'list' in f.ret) return { t: 'list', arr: decls[0].call(...flat), len: decls[1].call(...flat) };
    return this.fromSort(decls[0].call(...flat), f.ret);
  }

  private flatten(a: SV): any[] {
    if (a.t === 'eu') return [a.inf, a.v];
    if (a.t === 'list') return [a.arr, a.len];
    return [a.e];
  }

  private paramSorts(t: Ty): any[] {
    const z = this.z;
    if (t === 'EUReal') return [z.Bool.sort(), z.Real.sort()];
    if (typeof t === 'object' && 'list' in t) return [z.Array.sort(z.Int.sort(), this.sort(t.list)), z.Int.sort()];
    return [this.sort(t)];
  }

  private declare(f: Func): any[] {
    const hit = this.funcDecls.get(f.name);
    if (hit) return hit.decls;
    const z = this.z;
    const rec = this.recursive.has(f.name);
    const dom = [...(rec ? [this.fuelDecls().sort] : []), ...f.params.flatMap((p) => this.paramSorts(p.ty))];
    const rets = this.paramSorts(f.ret);
    const decls = rets.map((r, i) => z.Function.declare(rets.length > 1 ? `${f.name}.${i}` : f.name, ...dom, r));
    this.funcDecls.set(f.name, { f, decls });
    const ps = f.params.map((p, i) => this.fresh(`${f.name}$p${i}`, p.ty, []));
    const flatPs = ps.flatMap((p) => this.flatten(p));
    const fv = rec ? z.Const(`${f.name}$fuel`, this.fuelDecls().sort) : undefined;
    const app = this.applyDecls(f, decls, ps, fv);
    const guards = f.params.map((p, i) => this.range(ps[i]!, p.ty)).filter(Boolean);
    const guarded = (x: any) => (guards.length ? z.Implies(z.And(...guards), x) : x);
    const bound = [...(fv ? [fv] : []), ...flatPs];
    const forall = (x: any) => (bound.length ? z.ForAll(bound, x) : x);
    // result range (UInt/UReal/EUReal results are ≥ 0)
    const r = this.range(app, f.ret);
    if (r) this.assumptions.push(forall(r));
    if (f.body && rec) {
      // fuel-indexed definition: f(S(k), x) = body[f(k, …)]  and the synonym f(S(k), x) = f(k, x)
      const env = new Map<string, SV>();
      f.params.forEach((p, i) => env.set(p.name, ps[i]!));
      const saved = this.curFuel;
      this.curFuel = fv;
      const body = this.enc(f.body, env);
      this.curFuel = saved;
      const appS = this.applyDecls(f, decls, ps, this.fuelDecls().S.call(fv));
      this.assumptions.push(forall(guarded(this.eq(appS, body))));
      this.assumptions.push(forall(this.eq(appS, app)));
    }
    return decls;
  }

  private toSort(a: SV): any {
    if (a.t === 'eu' || a.t === 'list') throw new EncodeError('lists of EUReal or of lists are not supported');
    return a.e;
  }
  private fromSort(x: any, ty: Ty): SV {
    if (ty === 'Bool') return { t: 'bool', e: x };
    if (ty === 'Int' || ty === 'UInt') return { t: 'int', e: x };
    if (ty === 'Real' || ty === 'UReal') return { t: 'real', e: x };
    if (typeof ty === 'object' && 'domain' in ty) return { t: 'dom', e: x };
    throw new EncodeError(`unsupported element type ${tyToString(ty)}`);
  }

  private bindVars(vars: readonly QVar[], env: Map<string, SV> | undefined): { inner: Map<string, SV>; consts: any[]; guards: any[] } {
    const inner = new Map(env ?? []);
    const consts: any[] = [];
    const guards: any[] = [];
    for (const v of vars) {
      const sv = this.fresh(`${v.name}!q${++this.skolems}`, v.ty, guards);
      inner.set(v.name, sv);
      consts.push(...this.flatten(sv));
    }
    return { inner, consts, guards };
  }

  private quant(e: Expr & { k: 'quant' }, env: Map<string, SV> | undefined): SV {
    const z = this.z;
    if (e.q === 'forall' || e.q === 'exists') {
      const { inner, consts, guards } = this.bindVars(e.vars, env);
      const body = this.bool(e.body, inner);
      if (e.q === 'forall') return { t: 'bool', e: z.ForAll(consts, guards.length ? z.Implies(z.And(...guards), body) : body) };
      return { t: 'bool', e: z.Exists(consts, guards.length ? z.And(...guards, body) : body) };
    }
    // inf/sup that qelim could not remove: a Skolem function of the free variables with its defining axioms
    //   inf: ∀x. m ≤ body(x)   and   ∀c. (∀x. c ≤ body(x)) ⇒ c ≤ m        (dually for sup)
    const free = [...freeVars(e)];
    if (env && free.some((n) => env.has(n))) throw new EncodeError('a quantitative quantifier under a Boolean quantifier');
    const freeSV = free.map((n) => env?.get(n) ?? this.variable(n, this.typeOfFree(e, n)));
    const outer = new Map(env ?? []);
    const id = ++this.skolems;
    const m = this.skolemValue(`${e.q}$${id}`, freeSV);
    const { inner, consts, guards } = this.bindVars(e.vars, outer);
    const body = this.enc(e.body, inner) as SV & { t: 'eu' };
    const bound = e.q === 'inf' ? this.euLe(m as any, body) : this.euLe(body, m as any);
    const c: SV = { t: 'eu', inf: z.Bool.const(`c$${id}.inf`), v: z.Real.const(`c$${id}.v`) };
    const { inner: inner2, consts: consts2, guards: guards2 } = this.bindVars(e.vars, outer);
    const body2 = this.enc(e.body, inner2) as SV & { t: 'eu' };
    const cBound = e.q === 'inf' ? this.euLe(c as any, body2) : this.euLe(body2, c as any);
    const best = e.q === 'inf' ? this.euLe(c as any, m as any) : this.euLe(m as any, c as any);
    const guarded = (g: any[], x: any) => (g.length ? z.Implies(z.And(...g), x) : x);
    const ax1 = z.ForAll(consts, guarded(guards, bound));
    const ax2 = z.ForAll([(c as any).inf, (c as any).v], z.Implies(z.And((c as any).v.ge(0), z.ForAll(consts2, guarded(guards2, cBound))), best));
    this.assumptions.push(ax1, ax2, (m as any).v.ge(0));
    return m;
  }

  private skolemValue(name: string, _args: SV[]): SV {
    // The free variables are fixed constants of the query (the check is for one state at a time),
    // so a constant suffices outside binders.
    return { t: 'eu', inf: this.z.Bool.const(`${name}.inf`), v: this.z.Real.const(`${name}.v`) };
  }

  private typeOfFree(e: Expr, name: string): Ty {
    let found: Ty | undefined;
    const visited = new Set<Expr>();
    const walk = (x: Expr): void => {
      if (found || visited.has(x)) return;
      visited.add(x);
      switch (x.k) {
        case 'var': if (x.name === name) found = x.ty; return;
        case 'bin': walk(x.a); walk(x.b); return;
        case 'un': case 'cast': walk(x.a); return;
        case 'ite': walk(x.c); walk(x.a); walk(x.b); return;
        case 'call': x.args.forEach(walk); return;
        case 'quant': walk(x.body); return;
        default: return;
      }
    };
    walk(e);
    if (!found) throw new EncodeError(`no type for ${name}`);
    return found;
  }
}
