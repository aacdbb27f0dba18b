// Name resolution and type checking of parsed HeyVL: every expression gets its type, implicit widenings become
// explicit casts (UInt → Int/UReal/Real/EUReal, Int → Real, UReal → Real/EUReal), calls are classified
// (distribution → sample, procedure → call statement, function → expression) and shadowing locals are renamed.

import type { Diagnostic, Span } from '../../lang/index.js';
import { error } from '../../lang/index.js';
import type { Expr, Stmt, Proc, Domain, Func, Ty, Param, Annotation, Dist, Program, PrimTy } from '../ivl/index.js';
import { T, tyEq, tyToString, Q, freshName } from '../ivl/index.js';
import type { ParsedProgram } from './parser.js';

class TypeError_ extends Error {
  constructor(readonly diagnostic: Diagnostic) { super(diagnostic.message); }
}

const SUBTYPES: Record<string, string[]> = {
  UInt: ['Int', 'UReal', 'Real', 'EUReal'],
  Int: ['Real'],
  UReal: ['Real', 'EUReal'],
};

export function isSubtype(a: Ty, b: Ty): boolean {
  if (tyEq(a, b)) return true;
  return typeof a === 'string' && typeof b === 'string' && (SUBTYPES[a]?.includes(b) ?? false);
}

export function join(a: Ty, b: Ty): Ty | undefined {
  if (isSubtype(a, b)) return b;
  if (isSubtype(b, a)) return a;
  if ((a === 'Int' && b === 'UReal') || (a === 'UReal' && b === 'Int')) return 'Real';
  return undefined;
}

const NUMERIC: PrimTy[] = ['UInt', 'Int', 'UReal', 'Real', 'EUReal'];
const isNumeric = (t: Ty) => typeof t === 'string' && (NUMERIC as string[]).includes(t);

const DISTS: Record<string, { params: Ty[]; ret: Ty; literal: boolean }> = {
  flip: { params: ['UReal'], ret: 'Bool', literal: false },
  ber: { params: ['UInt', 'UInt'], ret: 'Bool', literal: true },
  unif: { params: ['UInt', 'UInt'], ret: 'UInt', literal: true },
  binom: { params: ['UInt', 'UInt', 'UInt'], ret: 'UInt', literal: true },
  hyper: { params: ['UInt', 'UInt', 'UInt'], ret: 'UInt', literal: true },
};

type VarKind = 'input' | 'output' | 'local' | 'bound';
interface VarInfo { readonly unique: string; readonly ty: Ty; readonly kind: VarKind }

class Scope {
  private readonly frames: Map<string, VarInfo>[] = [new Map()];
  push(): void { this.frames.push(new Map()); }
  pop(): void { this.frames.pop(); }
  get(name: string): VarInfo | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const v = this.frames[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }
  add(name: string, info: VarInfo): void { this.frames[this.frames.length - 1]!.set(name, info); }
}

export function typecheckHeyVL(parsed: ParsedProgram): { program?: Program; diagnostics: Diagnostic[] } {
  const c = new Checker(parsed);
  try {
    return { program: c.run(), diagnostics: [] };
  } catch (e) {
    if (e instanceof TypeError_) return { diagnostics: [e.diagnostic] };
    throw e;
  }
}

class Checker {
  private readonly procs = new Map<string, Proc>();
  private readonly funcs = new Map<string, Func>();
  private readonly domains = new Set<string>();
  private scope = new Scope();
  private usedNames = new Set<string>();
  private checkingPre = false;

  constructor(private readonly parsed: ParsedProgram) {}

  private fail(msg: string, span: Span | undefined, notes?: Diagnostic['notes']): never {
    throw new TypeError_(error(msg, span ?? { file: '<heyvl>', start: 0, end: 0, line: 1, col: 1 }, 'check', notes));
  }

  run(): Program {
    for (const d of this.parsed.domains) {
      if (this.domains.has(d.name)) this.fail(`domain \`${d.name}\` is declared twice`, d.span);
      this.domains.add(d.name);
    }
    for (const d of this.parsed.domains) for (const f of d.funcs) {
      if (this.funcs.has(f.name)) this.fail(`function \`${f.name}\` is declared twice`, f.span);
      for (const p of f.params) this.checkTy(p.ty, p.span ?? f.span);
      this.checkTy(f.ret, f.span);
      this.funcs.set(f.name, f);
    }
    for (const p of this.parsed.procs) {
      if (this.procs.has(p.name) || this.funcs.has(p.name) || DISTS[p.name]) this.fail(`\`${p.name}\` is declared twice`, p.span);
      for (const x of [...p.params, ...p.returns]) this.checkTy(x.ty, x.span ?? p.span);
      this.procs.set(p.name, p);
    }
    const domains: Domain[] = this.parsed.domains.map((d) => this.domain(d));
    const procs = this.parsed.procs.map((p) => this.proc(p));
    return { procs, domains };
  }

  private checkTy(t: Ty, span: Span | undefined): void {
    if (typeof t === 'string') return;
    if ('list' in t) return this.checkTy(t.list, span);
    if (!this.domains.has(t.domain)) this.fail(`unknown type \`${t.domain}\``, span);
  }

  private domain(d: Domain): Domain {
    const funcs = d.funcs.map((f) => {
      if (!f.body) return f;
      this.scope = new Scope();
      for (const p of f.params) this.scope.add(p.name, { unique: p.name, ty: p.ty, kind: 'input' });
      return { ...f, body: this.cast(this.expr(f.body), f.ret) };
    });
    const axioms = d.axioms.map((a) => {
      this.scope = new Scope();
      return { ...a, e: this.cast(this.expr(a.e), 'Bool') };
    });
    return { ...d, funcs, axioms };
  }

  private proc(p: Proc): Proc {
    this.scope = new Scope();
    this.usedNames = new Set();
    const seen = new Set<string>();
    for (const x of [...p.params, ...p.returns]) {
      if (seen.has(x.name)) this.fail(`parameter \`${x.name}\` is declared twice`, x.span ?? p.span);
      seen.add(x.name);
      this.usedNames.add(x.name);
    }
    for (const x of p.params) this.scope.add(x.name, { unique: x.name, ty: x.ty, kind: 'input' });
    for (const x of p.returns) this.scope.add(x.name, { unique: x.name, ty: x.ty, kind: 'output' });
    this.checkingPre = true;
    const pres = p.pres.map((e) => this.cast(this.expr(e), 'EUReal'));
    this.checkingPre = false;
    const posts = p.posts.map((e) => this.cast(this.expr(e), 'EUReal'));
    const body = p.body ? this.stmts(p.body) : undefined;
    return { ...p, pres, posts, body };
  }

  // ---- statements ----

  private stmts(ss: readonly Stmt[]): Stmt[] {
    this.scope.push();
    const out: Stmt[] = [];
    for (const s of ss) out.push(...this.stmt(s));
    this.scope.pop();
    return out;
  }

  private declare(name: string, ty: Ty, span: Span | undefined): string {
    this.checkTy(ty, span);
    const unique = this.usedNames.has(name) ? freshName(name) : name;
    this.usedNames.add(unique);
    this.scope.add(name, { unique, ty, kind: 'local' });
    return unique;
  }

  private writable(name: string, span: Span | undefined): VarInfo {
    const v = this.scope.get(name);
    if (!v) this.fail(`unknown variable \`${name}\``, span);
    if (v.kind === 'input') this.fail(`cannot assign to the input \`${name}\` (procedure inputs are immutable)`, span);
    if (v.kind === 'bound') this.fail(`cannot assign to the bound variable \`${name}\``, span);
    return v;
  }

  private stmt(s: Stmt): Stmt[] {
    switch (s.k) {
      case 'block': return [{ ...s, body: this.stmts(s.body) }];
      case 'var': {
        if (s.init) {
          const rhs = this.rhs([{ name: s.name, ty: s.ty }], s.init, s.span, true);
          const unique = this.declare(s.name, s.ty, s.span);
          return [{ k: 'var', name: unique, ty: s.ty, span: s.span }, ...rhs(new Map([[s.name, unique]]))];
        }
        return [{ ...s, name: this.declare(s.name, s.ty, s.span) }];
      }
      case 'assign': {
        const targets = s.lhs.map((x) => this.writable(x, s.span));
        return this.rhs(targets.map((t, i) => ({ name: s.lhs[i]!, ty: t.ty })), s.rhs, s.span, false)(new Map(s.lhs.map((x, i) => [x, targets[i]!.unique])));
      }
      case 'call': {
        const st = this.rhs([], { k: 'call', fn: s.proc, args: s.args, span: s.span }, s.span, false)(new Map());
        return st;
      }
      case 'havoc': return [{ ...s, vars: s.vars.map((x) => this.writable(x, s.span).unique) }];
      case 'assert': case 'assume': case 'compare': return [{ ...s, e: this.cast(this.expr(s.e), 'EUReal') }];
      case 'tick': case 'weigh': return [{ ...s, e: this.cast(this.expr(s.e), 'EUReal') }];
      case 'validate': case 'negate': case 'label': return [s];
      case 'if': return [{ ...s, c: this.cast(this.expr(s.c), 'Bool'), a: this.stmts(s.a), b: this.stmts(s.b) }];
      case 'choice': return [{ ...s, a: this.stmts(s.a), b: this.stmts(s.b) }];
      case 'while': {
        const c = this.cast(this.expr(s.c), 'Bool');
        const rule = s.rule ? this.annotation(s.rule) : undefined;
        return [{ ...s, c, rule, body: this.stmts(s.body) }];
      }
    }
    return [s];
  }

  /** The right side of an assignment: a distribution, a procedure call, or an expression. */
  private rhs(targets: { name: string; ty: Ty }[], e: Expr, span: Span | undefined, isDecl: boolean): (names: Map<string, string>) => Stmt[] {
    if (e.k === 'call' && DISTS[e.fn] && !this.funcs.has(e.fn)) {
      const d = DISTS[e.fn]!;
      if (targets.length !== 1) this.fail(`\`${e.fn}\` produces one value`, span);
      if (e.args.length !== d.params.length) this.fail(`\`${e.fn}\` takes ${d.params.length} argument(s), found ${e.args.length}`, e.span);
      const args = e.args.map((a, i) => this.cast(this.expr(a), d.params[i]!));
      if (!isSubtype(d.ret, targets[0]!.ty)) this.fail(`\`${e.fn}\` produces ${tyToString(d.ret)}, which cannot be assigned to ${tyToString(targets[0]!.ty)}`, span);
      const dist = this.dist(e.fn, args, e.span, targets[0]!.ty);
      return (names) => [{ k: 'sample', lhs: names.get(targets[0]!.name)!, dist, span }];
    }
    if (e.k === 'call' && this.procs.has(e.fn)) {
      const callee = this.procs.get(e.fn)!;
      if (e.args.length !== callee.params.length) this.fail(`\`${e.fn}\` takes ${callee.params.length} argument(s), found ${e.args.length}`, e.span);
      const args = e.args.map((a, i) => this.cast(this.expr(a), callee.params[i]!.ty));
      if (targets.length !== callee.returns.length) {
        this.fail(`\`${e.fn}\` returns ${callee.returns.length} value(s), but ${targets.length} variable(s) are assigned`, span);
      }
      callee.returns.forEach((r, i) => {
        if (!isSubtype(r.ty, targets[i]!.ty)) this.fail(`\`${e.fn}\` returns ${tyToString(r.ty)} for \`${r.name}\`, which cannot be assigned to ${tyToString(targets[i]!.ty)}`, span);
      });
      return (names) => [{ k: 'call', lhs: targets.map((t) => names.get(t.name)!), proc: e.fn, args, span }];
    }
    if (targets.length !== 1) this.fail('a multiple assignment needs a procedure call on the right', span);
    if (isDecl && e.k === 'call' && !this.funcs.has(e.fn) && !['len', 'select', 'store'].includes(e.fn)) this.fail(`unknown function or procedure \`${e.fn}\``, e.span);
    const v = this.cast(this.expr(e), targets[0]!.ty);
    return (names) => [{ k: 'assign', lhs: [names.get(targets[0]!.name)!], rhs: v, span }];
  }

  private dist(name: string, args: Expr[], span: Span | undefined, target: Ty): Dist {
    if (name === 'flip') return { k: 'flip', p: args[0]! };
    const lits = args.map((a) => {
      const inner = a.k === 'cast' ? a.a : a;
      if (inner.k !== 'num' || inner.value.den !== 1n) this.fail(`the arguments of \`${name}\` must be integer literals`, a.span ?? span);
      return inner.value.num;
    });
    const outcomes: { value: bigint | boolean; w: Q.Rational }[] = [];
    const choose = (n: bigint, k: bigint): bigint => {
      if (k < 0n || k > n) return 0n;
      let r = 1n;
      for (let i = 0n; i < k; i++) r = (r * (n - i)) / (i + 1n);
      return r;
    };
    if (name === 'ber') {
      const [a, b] = lits as [bigint, bigint];
      if (a + b === 0n) this.fail('`ber(0, 0)` has no probability mass', span);
      outcomes.push({ value: true, w: Q.rat(a, a + b) }, { value: false, w: Q.rat(b, a + b) });
    } else if (name === 'unif') {
      const [a, b] = lits as [bigint, bigint];
      if (a > b) this.fail('`unif(a, b)` needs a ≤ b', span);
      for (let v = a; v <= b; v++) outcomes.push({ value: v, w: Q.rat(1n, b - a + 1n) });
    } else if (name === 'binom') {
      const [n, a, b] = lits as [bigint, bigint, bigint];
      if (a + b === 0n) this.fail('`binom(n, 0, 0)` has no probability mass', span);
      // P(k) = C(n,k) p^k (1-p)^(n-k) with p = a/(a+b)
      for (let k = 0n; k <= n; k++) outcomes.push({ value: k, w: Q.rat(choose(n, k) * a ** k * b ** (n - k), (a + b) ** n) });
    } else {
      const [N, K, n] = lits as [bigint, bigint, bigint];
      if (K > N || n > N) this.fail('`hyper(N, K, n)` needs K ≤ N and n ≤ N', span);
      for (let k = 0n; k <= n; k++) {
        const w = Q.rat(choose(K, k) * choose(N - K, n - k), choose(N, n));
        if (w.num !== 0n) outcomes.push({ value: k, w });
      }
    }
    return {
      k: 'finite',
      outcomes: outcomes.map((o) => ({
        value: typeof o.value === 'boolean' ? T.bool(o.value) : T.cast(T.num(Q.rat(o.value), 'UInt'), target),
        prob: T.num(o.w, 'UReal'),
      })),
    };
  }

  private annotation(a: Annotation): Annotation {
    const need = (n: number) => {
      if (a.args.length !== n) this.fail(`\`@${a.name}\` takes ${n} argument(s), found ${a.args.length}`, a.span);
    };
    const literal = (e: Expr, ty: Ty): Expr => {
      const t = this.cast(this.expr(e), ty);
      const inner = t.k === 'cast' ? t.a : t;
      if (inner.k !== 'num') this.fail(`this argument of \`@${a.name}\` must be a literal`, e.span ?? a.span);
      return t;
    };
    const spec = (e: Expr) => this.cast(this.expr(e), 'EUReal');
    const bound = (e: Expr, ty: Ty, body: () => Expr[]): Expr[] => {
      if (e.k !== 'var') this.fail(`this argument of \`@${a.name}\` must be a fresh variable name`, e.span ?? a.span);
      this.scope.push();
      const unique = freshName(e.name);
      this.scope.add(e.name, { unique, ty, kind: 'bound' });
      const rest = body();
      this.scope.pop();
      return [{ k: 'var', name: unique, ty, span: e.span }, ...rest];
    };
    const args = a.args;
    switch (a.name) {
      case 'invariant': need(1); return { ...a, args: [spec(args[0]!)] };
      case 'k_induction': need(2); return { ...a, args: [literal(args[0]!, 'UInt'), spec(args[1]!)] };
      case 'unroll': need(2); return { ...a, args: [literal(args[0]!, 'UInt'), spec(args[1]!)] };
      case 'omega_invariant': need(2); return { ...a, args: bound(args[0]!, 'UInt', () => [spec(args[1]!)]) };
      case 'ost': need(4); return { ...a, args: [spec(args[0]!), spec(args[1]!), literal(args[2]!, 'UReal'), spec(args[3]!)] };
      case 'past': need(3); return { ...a, args: [spec(args[0]!), literal(args[1]!, 'UReal'), literal(args[2]!, 'UReal')] };
      case 'ast': need(5); return {
        ...a,
        args: [this.cast(this.expr(args[0]!), 'Bool'), this.cast(this.expr(args[1]!), 'UReal'),
          ...bound(args[2]!, 'UReal', () => [this.cast(this.expr(args[3]!), 'UReal'), this.cast(this.expr(args[4]!), 'UReal')])],
      };
      default: this.fail(`unknown loop rule \`@${a.name}\``, a.span);
    }
  }

  // ---- expressions ----

  cast(e: Expr, ty: Ty): Expr {
    if (tyEq(e.ty, ty)) return e;
    if (e.ty && isSubtype(e.ty, ty)) return { k: 'cast', a: e, ty, span: e.span };
    this.fail(`expected ${tyToString(ty)}, found ${tyToString(e.ty!)}`, e.span);
  }

  private unify(a: Expr, b: Expr, span: Span | undefined): [Expr, Expr, Ty] {
    const j = join(a.ty!, b.ty!);
    if (!j) this.fail(`the operands have incompatible types ${tyToString(a.ty!)} and ${tyToString(b.ty!)}`, span);
    return [this.cast(a, j), this.cast(b, j), j];
  }

  private expr(e: Expr): Expr {
    switch (e.k) {
      case 'num': return { ...e, ty: e.ty ?? (e.value.den === 1n ? 'UInt' : 'UReal') };
      case 'bool': return { ...e, ty: 'Bool' };
      case 'infty': return { ...e, ty: 'EUReal' };
      case 'cast': return e;
      case 'var': {
        const v = this.scope.get(e.name);
        if (!v) {
          const f = this.funcs.get(e.name);
          if (f && f.params.length === 0) return { k: 'call', fn: e.name, args: [], ty: f.ret, span: e.span };
          this.fail(`unknown variable \`${e.name}\``, e.span);
        }
        if (this.checkingPre && v.kind === 'output') this.fail(`the output \`${e.name}\` cannot be read in a \`pre\``, e.span);
        return { k: 'var', name: v.unique, ty: v.ty, span: e.span };
      }
      case 'ite': {
        const c = this.cast(this.expr(e.c), 'Bool');
        const [a, b, ty] = this.unify(this.expr(e.a), this.expr(e.b), e.span);
        return { ...e, c, a, b, ty };
      }
      case 'un': {
        const a = this.expr(e.a);
        switch (e.op) {
          case 'embed': case 'iverson': return { ...e, a: this.cast(a, 'Bool'), ty: 'EUReal' };
          case 'not': case 'non': {
            if (a.ty === 'Bool') return { ...e, a, ty: 'Bool' };
            const c = this.cast(a, 'EUReal');
            return { ...e, a: c, ty: 'EUReal' };
          }
        }
        break;
      }
      case 'quant': {
        this.scope.push();
        const vars = e.vars.map((v) => {
          this.checkTy(v.ty, e.span);
          const unique = this.scope.get(v.name) || this.usedNames.has(v.name) ? freshName(v.name) : v.name;
          this.scope.add(v.name, { unique, ty: v.ty, kind: 'bound' });
          return { name: unique, ty: v.ty };
        });
        const body = this.expr(e.body);
        const triggers = e.triggers.map((t) => t.map((x) => this.expr(x)));
        this.scope.pop();
        if (e.q === 'forall' || e.q === 'exists') return { ...e, vars, triggers, body: this.cast(body, 'Bool'), ty: 'Bool' };
        return { ...e, vars, triggers, body: this.cast(body, 'EUReal'), ty: 'EUReal' };
      }
      case 'call': return this.call(e);
      case 'bin': {
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        const numericOperands = () => {
          if (!isNumeric(a.ty!)) this.fail(`expected a number, found ${tyToString(a.ty!)}`, a.span);
          if (!isNumeric(b.ty!)) this.fail(`expected a number, found ${tyToString(b.ty!)}`, b.span);
        };
        switch (e.op) {
          case '+': case '-': case '*': case 'inf': case 'sup': {
            if ((e.op === 'inf' || e.op === 'sup') && a.ty === 'Bool' && b.ty === 'Bool') return { ...e, a, b, ty: 'Bool' };
            numericOperands();
            const [x, y, ty] = this.unify(a, b, e.span);
            return { ...e, a: x, b: y, ty };
          }
          case '/': {
            numericOperands();
            if (isSubtype(a.ty!, 'UReal') && isSubtype(b.ty!, 'UReal')) return { ...e, a: this.cast(a, 'UReal'), b: this.cast(b, 'UReal'), ty: 'UReal' };
            return { ...e, a: this.cast(a, 'Real'), b: this.cast(b, 'Real'), ty: 'Real' };
          }
          case '%': {
            const [x, y, ty] = this.unify(a, b, e.span);
            if (ty !== 'UInt' && ty !== 'Int') this.fail(`\`%\` needs integers, found ${tyToString(ty)}`, e.span);
            return { ...e, a: x, b: y, ty };
          }
          case '&&': case '||': return { ...e, a: this.cast(a, 'Bool'), b: this.cast(b, 'Bool'), ty: 'Bool' };
          case '==': case '!=': {
            const [x, y] = this.unify(a, b, e.span);
            return { ...e, a: x, b: y, ty: 'Bool' };
          }
          case '<': case '<=': case '>': case '>=': {
            numericOperands();
            const [x, y] = this.unify(a, b, e.span);
            return { ...e, a: x, b: y, ty: 'Bool' };
          }
          case 'impl': case 'coimpl': case 'compare': case 'cocompare': {
            if (a.ty === 'Bool' && b.ty === 'Bool') return { ...e, a, b, ty: 'Bool' };
            return { ...e, a: this.cast(a, 'EUReal'), b: this.cast(b, 'EUReal'), ty: 'EUReal' };
          }
        }
      }
    }
    throw new Error('unreachable expression kind');
  }

  private call(e: Expr & { k: 'call' }): Expr {
    const args = e.args.map((a) => this.expr(a));
    const f = this.funcs.get(e.fn);
    if (f) {
      if (args.length !== f.params.length) this.fail(`\`${e.fn}\` takes ${f.params.length} argument(s), found ${args.length}`, e.span);
      return { ...e, args: args.map((a, i) => this.cast(a, f.params[i]!.ty)), ty: f.ret };
    }
    const listOf = (x: Expr): Ty => {
      if (typeof x.ty === 'object' && 'list' in x.ty) return x.ty.list;
      this.fail(`expected a list, found ${tyToString(x.ty!)}`, x.span);
    };
    switch (e.fn) {
      case 'len':
        if (args.length !== 1) this.fail('`len` takes one argument', e.span);
        listOf(args[0]!);
        return { ...e, args, ty: 'UInt' };
      case 'select': {
        if (args.length !== 2) this.fail('`select` takes two arguments', e.span);
        const el = listOf(args[0]!);
        return { ...e, args: [args[0]!, this.cast(args[1]!, 'UInt')], ty: el };
      }
      case 'store': {
        if (args.length !== 3) this.fail('`store` takes three arguments', e.span);
        const el = listOf(args[0]!);
        return { ...e, args: [args[0]!, this.cast(args[1]!, 'UInt'), this.cast(args[2]!, el)], ty: args[0]!.ty };
      }
      default: break;
    }
    if (this.procs.has(e.fn) || DISTS[e.fn]) {
      this.fail(`\`${e.fn}\` is a procedure or distribution: call it only as the whole right side of an assignment`, e.span);
    }
    this.fail(`unknown function \`${e.fn}\``, e.span);
  }
}

export type { Param };
