// Translation of .ppl specifications (language.md §7) into the IVL, through the compiler's IR:
// every `ensures` of a function becomes its own verification unit over the function's body —
//   E[f] <= g  ↦  @wp coproc F(params) -> (result) pre g post f        (upper bound, Park induction at loops)
//   E[f] >= g  ↦  @wp proc   …                                         (lower bound: needs a lower-bound rule)
//   E[cost] <= g / >= g  ↦  @ert coproc / proc … post 0                (tick(c) adds c)
//   P[b] is E[[b]];  `requires b` makes the pre ite(b, g, ∞) (upper) or ite(b, g, 0) (lower);
//   `condition(b)` makes E conditional: wp(f) ≤ g · wp(1) with condition(b) weighting by [b] (loop-free only).
// A construct outside the verified fragment is a compile error at its location, never a verdict.

import type { Diagnostic, Span, Expr as AstExpr, Program as AstProgram, Binding, Spec } from '../lang/index.js';
import { checkSource } from '../lang/index.js';
import { lower } from '../compiler/index.js';
import type { IrProgram, IrFunction, Stmt as IrStmt, Rhs, Atom } from '../compiler/index.js';
import type { Expr, Stmt, Proc, Program, Ty, Dist, Annotation, Dir, Calculus } from './ivl/index.js';
import { T, Q, freshName, subst } from './ivl/index.js';
import { build as B } from './vcgen/index.js';

class FragmentError extends Error {
  constructor(message: string, readonly span: Span) { super(message); }
}

export function translateSource(text: string, file: string): { program?: Program; diagnostics: Diagnostic[]; sources?: Map<string, string> } {
  const checked = checkSource(text, file);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: checked.diagnostics, sources: checked.sources };
  const ir = lower(checked.program);
  const r = translateIr(ir, checked.program, checked.sources);
  return { ...r, sources: checked.sources };
}

/** The IR name of a binding (compiler/lower.ts: source name made unique by the binding id). */
const irName = (b: Binding) => `${b.name}_${b.id}`;

function ivlType(t: unknown, span: Span, what: string): Ty {
  const k = (t as { kind?: string } | undefined)?.kind;
  switch (k) {
    case 'Bool': return 'Bool';
    case 'Nat': return 'UInt';
    case 'Int': return 'Int';
    case 'Real': return 'Real';
    default: throw new FragmentError(`${what} has type ${k ?? 'unknown'}, which is outside the verified fragment (Bool, Nat, Int, Real)`, span);
  }
}

/** Every binding in the AST, by IR name (params, lets, vars, for indices). */
function collectBindings(node: unknown, out: Map<string, Binding>, seen = new Set<unknown>()): Map<string, Binding> {
  if (typeof node !== 'object' || node === null || seen.has(node)) return out;
  seen.add(node);
  if (Array.isArray(node)) { for (const x of node) collectBindings(x, out, seen); return out; }
  const o = node as Record<string, unknown>;
  const add = (b: unknown) => {
    const bb = b as Binding | undefined;
    if (bb && typeof bb.id === 'number' && ['let', 'var', 'param', 'for', 'global'].includes(bb.kind)) out.set(irName(bb), bb);
  };
  add(o.$binding);
  if (Array.isArray(o.$bindings)) o.$bindings.forEach(add);
  for (const k in o) if (k !== '$binding' && k !== '$bindings' && k !== 'span' && k !== 'decl' && k !== '$type') collectBindings(o[k], out, seen);
  return out;
}

function numToRational(v: number, span: Span): Q.Rational {
  if (!Number.isFinite(v)) throw new FragmentError('an infinite or NaN number here is outside the verified fragment', span);
  const s = String(v);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(s);
  if (!m) throw new FragmentError(`cannot read the number ${s} exactly`, span);
  const [, sign, int, frac = '', exp = '0'] = m;
  let r = Q.rat(BigInt(int! + frac), 10n ** BigInt(frac.length));
  const e = Number(exp);
  r = e >= 0 ? Q.mul(r, Q.rat(10n ** BigInt(e))) : Q.div(r, Q.rat(10n ** BigInt(-e)));
  return sign ? Q.neg(r) : r;
}

const isNumTy = (t: Ty | undefined) => t === 'UInt' || t === 'Int' || t === 'Real' || t === 'UReal';
function numJoin(a: Ty, b: Ty): Ty {
  if (a === 'Real' || b === 'Real' || a === 'UReal' || b === 'UReal') return 'Real';
  if (a === 'Int' || b === 'Int') return 'Int';
  return 'UInt';
}
function castTo(e: Expr, t: Ty): Expr {
  if (e.ty === t) return e;
  if (e.k === 'num') return { ...e, ty: t };
  return { k: 'cast', a: e, ty: t };
}

/** Translates one function; returns its units (or throws FragmentError). */
class FnTranslator {
  private readonly types = new Map<string, Ty>();
  private readonly defs = new Map<string, Rhs>();
  private readonly resultVar: string;
  private resultTy: Ty = 'Real';
  private hasCondition = false;
  /** Unit-valued temporaries (statement-like `if`s): they carry no information. */
  private readonly unitVars = new Set<string>();
  private hasLoop = false;

  /** Direction and calculus of the unit being translated (calls use the callee's specification of the same kind). */
  private curDir: Dir = 'up';
  private curCalculus: Calculus = 'wp';

  constructor(
    private readonly f: IrFunction,
    private readonly bindings: Map<string, Binding>,
    private readonly text: (s: Span) => string,
    private readonly callees: CalleeTable = new Map(),
  ) {
    this.resultVar = freshName('result');
  }

  private ty(name: string, span: Span): Ty {
    const t = this.types.get(name);
    if (t) return t;
    const b = this.bindings.get(name);
    if (b) {
      const ty = ivlType(b.type, b.span ?? span, `\`${b.name}\``);
      this.types.set(name, ty);
      return ty;
    }
    throw new FragmentError(`the value \`${name}\` is outside the verified fragment`, span);
  }

  private atom(a: Atom, span: Span, want?: Ty): Expr {
    switch (a.kind) {
      case 'lit':
        if (typeof a.value === 'boolean') return T.bool(a.value);
        if (typeof a.value === 'number') {
          const r = numToRational(a.value, span);
          const t = want ?? (Number.isInteger(a.value) && a.value >= 0 ? 'UInt' : 'Real');
          return { k: 'num', value: r, ty: t === 'UInt' && (r.den !== 1n || r.num < 0n) ? 'Real' : t };
        }
        throw new FragmentError('strings and unit values are outside the verified fragment', span);
      case 'ref': return T.v(a.name, this.ty(a.name, span));
      default: throw new FragmentError('functions as values are outside the verified fragment', span);
    }
  }

  // ---- statements ----

  body(calculus: Calculus): Stmt[] {
    for (const p of this.f.params) this.ty(p, this.f.span);
    const stmts = this.stmts(this.f.body, calculus, true);
    return stmts;
  }

  params(): { name: string; ty: Ty }[] {
    return this.f.params.map((p) => ({ name: p, ty: this.ty(p, this.f.span) }));
  }

  result(): { name: string; ty: Ty } { return { name: this.resultVar, ty: this.resultTy }; }

  private stmts(ss: readonly IrStmt[], calculus: Calculus, tail: boolean): Stmt[] {
    const out: Stmt[] = [];
    ss.forEach((s, i) => out.push(...this.stmt(s, calculus, tail && i === ss.length - 1)));
    return out;
  }

  private stmt(s: IrStmt, calculus: Calculus, tail: boolean): Stmt[] {
    switch (s.kind) {
      case 'let': return this.let(s.name, s.rhs);
      case 'var': {
        if (s.init.kind === 'lit' && s.init.value === null) { this.unitVars.add(s.name); return []; }
        const init = this.atom(s.init, this.f.span);
        const ty = this.bindings.has(s.name) ? this.ty(s.name, this.f.span) : (init.ty ?? 'Real');
        this.types.set(s.name, ty);
        return [{ k: 'var', name: s.name, ty, init: castTo(init, ty) }];
      }
      case 'set': {
        if (this.unitVars.has(s.name)) {
          // a temporary declared with `()` and assigned in branches (an `if` expression): typed by its value
          if (this.isUnit(s.value)) return [];
          if (!this.types.has(s.name)) {
            const t = this.joinOfSets(s.name);
            this.types.set(s.name, t);
            return [{ k: 'var', name: s.name, ty: t }, { k: 'assign', lhs: [s.name], rhs: castTo(this.atom(s.value, this.f.span, t), t) }];
          }
        }
        const ty = this.ty(s.name, this.f.span);
        return [{ k: 'assign', lhs: [s.name], rhs: castTo(this.atom(s.value, this.f.span, ty), ty) }];
      }
      case 'tick': {
        if (calculus !== 'ert') return [];
        return [{ k: 'tick', e: this.nonNegative(this.atom(s.cost, s.span, 'Real'), s.span) }];
      }
      case 'condition': {
        this.hasCondition = true;
        return [{ k: 'weigh', e: B.eu(T.un('iverson', this.atom(s.cond, s.span))), span: s.span }];
      }
      case 'observe': throw new FragmentError('`observe` is outside the verified fragment (use `condition`)', s.span);
      case 'factor': throw new FragmentError('`factor` is outside the verified fragment', s.span);
      case 'equate': throw new FragmentError('`=:=` is outside the verified fragment', s.span);
      case 'if': return [{ k: 'if', c: this.atom(s.cond, s.span), a: this.stmts(s.then, calculus, tail), b: this.stmts(s.else, calculus, tail), span: s.span }];
      case 'return': {
        if (!tail) throw new FragmentError('a `return` before the end of the function is outside the verified fragment', this.f.span);
        const v = this.atom(s.value, this.f.span);
        this.resultTy = v.ty ?? 'Real';
        return [{ k: 'assign', lhs: [this.resultVar], rhs: v }];
      }
      case 'while': {
        this.hasLoop = true;
        // the condition's statements must be pure: they are folded into the guard expression, so that the loop's
        // invariant speaks about the guard directly (no temporaries havocked apart from the variables they read)
        const guard = new Map<string, Expr>();
        this.pureStmts(s.cond.stmts, guard, s.span);
        const c = subst(this.atom(s.cond.value, s.span), guard);
        const body = this.stmts(s.body, calculus, false);
        return [{ k: 'while', c, body, span: s.span, rule: undefined }, ...this.loopMarker(s)];
      }
      case 'for': {
        this.hasLoop = true;
        const i = s.index;
        const ty = this.bindings.has(i) ? this.ty(i, s.span) : 'Int';
        this.types.set(i, ty);
        const from = castTo(this.atom(s.from, s.span, ty), ty);
        const toName = freshName('for_to');
        const to = castTo(this.atom(s.to, s.span, ty), ty);
        this.types.set(toName, ty);
        const iv = T.v(i, ty);
        const body = this.stmts(s.body, calculus, false);
        const inc: Stmt = { k: 'assign', lhs: [i], rhs: T.bin('+', iv, T.num(Q.ONE, ty), ty) };
        return [
          { k: 'var', name: toName, ty, init: to },
          { k: 'var', name: i, ty, init: from },
          { k: 'while', c: T.bin('<', iv, T.v(toName, ty), 'Bool'), body: [...body, inc], span: s.span },
          ...this.loopMarker(s),
        ];
      }
    }
  }

  /** `()` or a temporary that only ever holds `()`. */
  private isUnit(a: Atom): boolean {
    return (a.kind === 'lit' && a.value === null) || (a.kind === 'ref' && this.unitVars.has(a.name) && !this.types.has(a.name));
  }

  /** The type of an `if`-expression temporary: the join of every value assigned to it. */
  private joinOfSets(name: string): Ty {
    const tys: Ty[] = [];
    const walk = (ss: readonly IrStmt[]) => {
      for (const x of ss) {
        if (x.kind === 'set' && x.name === name && !this.isUnit(x.value)) {
          const v = x.value;
          if (v.kind === 'lit') tys.push(typeof v.value === 'boolean' ? 'Bool' : typeof v.value === 'number' && Number.isInteger(v.value) && v.value >= 0 ? 'UInt' : 'Real');
          else if (v.kind === 'ref') tys.push(this.types.get(v.name) ?? (this.bindings.has(v.name) ? this.ty(v.name, this.f.span) : 'Real'));
        } else if (x.kind === 'if') { walk(x.then); walk(x.else); }
        else if (x.kind === 'while') { walk(x.cond.stmts); walk(x.body); }
        else if (x.kind === 'for') walk(x.body);
      }
    };
    walk(this.f.body);
    if (tys.length === 0) return 'Real';
    if (tys.every((t) => t === 'Bool')) return 'Bool';
    return tys.filter((t) => t !== 'Bool').reduce((a: Ty, b: Ty) => numJoin(a, b), 'UInt' as Ty);
  }

  /** Symbolically executes pure straight-line code with `if`s (the lowering of `&&`, `||`, `if` expressions):
   *  `env` maps each temporary to its value as an expression over the program's variables. */
  private pureStmts(ss: readonly IrStmt[], env: Map<string, Expr>, span: Span): void {
    for (const cs of ss) {
      switch (cs.kind) {
        case 'let': {
          if (cs.rhs.kind !== 'prim' && cs.rhs.kind !== 'atom') throw new FragmentError('a loop condition must be a pure expression to verify', span);
          const st = this.let(cs.name, cs.rhs)[0] as Stmt & { k: 'var' };
          env.set(cs.name, subst(st.init!, env));
          break;
        }
        case 'var': case 'set': {
          const val = cs.kind === 'var' ? cs.init : cs.value;
          if (val.kind === 'lit' && val.value === null) break;
          const v = subst(this.atom(val, span), env);
          if (cs.kind === 'var') this.types.set(cs.name, v.ty!);
          env.set(cs.name, v);
          break;
        }
        case 'if': {
          const c = subst(this.atom(cs.cond, span), env);
          const a = new Map(env), b = new Map(env);
          this.pureStmts(cs.then, a, span);
          this.pureStmts(cs.else, b, span);
          for (const k of new Set([...a.keys(), ...b.keys()])) {
            const x = a.get(k), y = b.get(k);
            if (x && y) env.set(k, x === y ? x : T.ite(c, x, y));
          }
          break;
        }
        default: throw new FragmentError('a loop condition must be a pure expression to verify', span);
      }
    }
  }

  /** Loops are annotated per unit later (the rule depends on the specification); remember the IR node. */
  readonly loops: (IrStmt & { kind: 'while' | 'for' })[] = [];
  private loopMarker(s: IrStmt & { kind: 'while' | 'for' }): Stmt[] {
    this.loops.push(s);
    return [{ k: 'label', name: `loop${this.loops.length - 1}` }];
  }

  private let(name: string, rhs: Rhs): Stmt[] {
    this.defs.set(name, rhs);
    switch (rhs.kind) {
      case 'atom': {
        if (this.isUnit(rhs.atom)) { this.unitVars.add(name); return []; }
        const v = this.atom(rhs.atom, this.f.span);
        const ty = this.bindings.has(name) ? this.ty(name, this.f.span) : v.ty!;
        this.types.set(name, ty);
        return [{ k: 'var', name, ty, init: castTo(v, ty) }];
      }
      case 'prim': {
        const e = this.prim(rhs);
        const ty = this.bindings.has(name) ? this.ty(name, rhs.span) : e.ty!;
        this.types.set(name, ty);
        return [{ k: 'var', name, ty, init: castTo(e, ty) }];
      }
      case 'builtin': {
        if (['Bernoulli', 'UniformInt', 'Categorical'].includes(rhs.name)) return []; // used by a later `sample`
        if (rhs.name === 'min' || rhs.name === 'max' || rhs.name === 'abs') {
          const args = rhs.args.map((a) => this.atom(a, rhs.span));
          const t = args.map((a) => a.ty!).reduce(numJoin);
          const [a, b] = args.map((x) => castTo(x, t)) as [Expr, Expr];
          const e = rhs.name === 'abs'
            ? T.ite(T.bin('<', a, T.num(Q.ZERO, t), 'Bool'), T.bin('-', T.num(Q.ZERO, t), a, t), a)
            : T.bin(rhs.name === 'min' ? 'inf' : 'sup', a, b, t);
          this.types.set(name, e.ty!);
          return [{ k: 'var', name, ty: e.ty!, init: e }];
        }
        throw new FragmentError(`\`${rhs.name}\` is outside the verified fragment`, rhs.span);
      }
      case 'sample': {
        const d = this.dist(rhs.dist, rhs.span);
        const ty = this.bindings.has(name) ? this.ty(name, rhs.span) : d.ty;
        this.types.set(name, ty);
        return [{ k: 'var', name, ty }, { k: 'sample', lhs: name, dist: d.dist, span: rhs.span }];
      }
      case 'call': return this.call(name, rhs);
      default: throw new FragmentError(`this ${rhs.kind} expression is outside the verified fragment`, this.f.span);
    }
  }

  /** `let x = g(args)`: through g's `ensures` of the same direction (language.md §7), as a HeyVL call. */
  private call(name: string, r: Rhs & { kind: 'call' }): Stmt[] {
    if (r.callee.kind !== 'fn') throw new FragmentError('calls of function values are outside the verified fragment', r.span);
    const callee = this.callees.get(r.callee.name);
    if (!callee) throw new FragmentError('this call is outside the verified fragment', r.span);
    if (this.curCalculus === 'ert') throw new FragmentError(`calls inside an \`E[cost]\` specification are outside the verified fragment (\`${callee.display}\`'s cost is not composed)`, r.span);
    if (callee.conditions) throw new FragmentError(`\`${callee.display}\` uses \`condition\`: its specification is a conditional expectation and cannot stand for a call`, r.span);
    const specs = callee.specs.filter((x) => x.dir === this.curDir && x.calculus === this.curCalculus);
    if (specs.length !== 1) {
      throw new FragmentError(`calling \`${callee.display}\` here needs exactly one \`ensures E[…] ${this.curDir === 'up' ? '<=' : '>='} …\` in it (it has ${specs.length})`, r.span);
    }
    const spec = specs[0]!;
    const args = r.args.map((a, i) => castTo(this.atom(a, r.span, callee.params[i]), callee.params[i]!));
    const ty = this.bindings.has(name) ? this.ty(name, r.span) : callee.result;
    this.types.set(name, ty);
    return [{ k: 'var', name, ty }, { k: 'call', lhs: [name], proc: spec.proc, args, span: r.span }];
  }

  private prim(r: Rhs & { kind: 'prim' }): Expr {
    const args = r.args.map((a) => this.atom(a, r.span, r.num === 'real' ? 'Real' : undefined));
    const [a, b] = args as [Expr, Expr];
    const cmp = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' } as const;
    switch (r.op) {
      case 'not': return B.not(a);
      case 'neg': {
        const t = a.ty === 'UInt' ? 'Int' : a.ty!;
        return T.bin('-', T.num(Q.ZERO, t), castTo(a, t), t);
      }
      case 'lt': case 'le': case 'gt': case 'ge': case 'eq': case 'ne': {
        if (a.ty === 'Bool' || b.ty === 'Bool') return T.bin(cmp[r.op], a, b, 'Bool');
        const t = numJoin(a.ty!, b.ty!);
        return T.bin(cmp[r.op], castTo(a, t), castTo(b, t), 'Bool');
      }
      default: {
        let t = r.num === 'real' ? 'Real' : numJoin(a.ty!, b.ty!);
        // ppl's `-` is ordinary subtraction (never monus), and division of integers is on Int
        if (t === 'UInt' && (r.op === 'sub' || r.op === 'idiv' || r.op === 'mod')) t = 'Int';
        const op = { add: '+', sub: '-', mul: '*', div: '/', idiv: '/', mod: '%' }[r.op as 'add'];
        return T.bin(op as '+', castTo(a, t), castTo(b, t), t);
      }
    }
  }

  private dist(a: Atom, span: Span): { dist: Dist; ty: Ty } {
    if (a.kind !== 'ref') throw new FragmentError('this distribution is outside the verified fragment', span);
    const def = this.defs.get(a.name);
    if (!def || def.kind !== 'builtin') throw new FragmentError('only Bernoulli, flip, UniformInt and finite Categorical distributions are in the verified fragment', span);
    const constant = (x: Atom): Q.Rational => {
      if (x.kind === 'lit' && typeof x.value === 'number') return numToRational(x.value, def.span);
      throw new FragmentError(`the parameters of \`${def.name}\` must be constants to verify`, def.span);
    };
    switch (def.name) {
      case 'Bernoulli': return { dist: { k: 'flip', p: castTo(this.atom(def.args[0]!, def.span, 'Real'), 'UReal') }, ty: 'Bool' };
      case 'UniformInt': {
        const lo = constant(def.args[0]!), hi = constant(def.args[1]!);
        if (lo.den !== 1n || hi.den !== 1n || Q.cmp(lo, hi) > 0) throw new FragmentError('UniformInt(a, b) needs integers a ≤ b', def.span);
        const n = hi.num - lo.num + 1n;
        if (n > 1000n) throw new FragmentError('UniformInt with more than 1000 outcomes is outside the verified fragment', def.span);
        const ty: Ty = lo.num >= 0n ? 'UInt' : 'Int';
        const outcomes = [];
        for (let v = lo.num; v <= hi.num; v++) outcomes.push({ value: T.num(Q.rat(v), ty), prob: T.num(Q.rat(1n, n), 'UReal') });
        return { dist: { k: 'finite', outcomes }, ty };
      }
      case 'Categorical': {
        const w = def.args[0]!;
        const arr = w.kind === 'ref' ? this.defs.get(w.name) : undefined;
        if (!arr || arr.kind !== 'array' || def.args.length !== 1) throw new FragmentError('Categorical needs a literal array of constant weights to verify', def.span);
        const ws = arr.elems.map(constant);
        const total = ws.reduce(Q.add, Q.ZERO);
        if (total.num <= 0n || ws.some((x) => x.num < 0n)) throw new FragmentError('Categorical needs non-negative weights with a positive sum', def.span);
        return { dist: { k: 'finite', outcomes: ws.map((x, i) => ({ value: T.num(Q.rat(i), 'UInt'), prob: T.num(Q.div(x, total), 'UReal') })) }, ty: 'UInt' };
      }
      default: throw new FragmentError(`\`${def.name}\` is outside the verified fragment (Bernoulli, flip, UniformInt, finite Categorical)`, def.span);
    }
  }

  private nonNegative(e: Expr, span: Span): Expr {
    void span;
    if (e.ty === 'UInt' || e.ty === 'UReal' || e.ty === 'EUReal') return B.eu(e);
    // a Real that the checker allowed in an expectation; clamp at 0 so that the EUReal encoding stays sound
    return B.eu(T.ite(T.bin('>=', e, T.num(Q.ZERO, e.ty!), 'Bool'), e, T.num(Q.ZERO, e.ty!)));
  }

  // ---- specification expressions (AST) ----

  /** A variable of a specification/invariant: a parameter, local, `result`. */
  private specVar(e: AstExpr & { kind: 'Var' }, bound: Map<string, Expr>): Expr {
    const b = e.$binding;
    if (!b) {
      const v = bound.get(e.name);
      if (v) return v;
      throw new FragmentError(`unknown name \`${e.name}\``, e.span);
    }
    if (b.kind === 'result') return T.v(this.resultVar, this.resultTy);
    if (b.kind === 'cost') throw new FragmentError('`cost` is allowed only as `E[cost]`', e.span);
    const n = irName(b);
    return T.v(n, this.ty(n, e.span));
  }

  /** A numeric (or Bool) expression of a specification. */
  num(e: AstExpr, bound: Map<string, Expr>): Expr {
    switch (e.kind) {
      case 'Nat': return T.num(Q.rat(BigInt(e.value)), 'UInt');
      case 'Real': return T.num(numToRational(e.value, e.span), e.value >= 0 ? 'UReal' : 'Real');
      case 'Bool': return T.bool(e.value);
      case 'Var': return this.specVar(e, bound);
      case 'Unary':
        if (e.op === '!') return B.not(this.num(e.operand, bound));
        {
          const a = this.num(e.operand, bound);
          const t = a.ty === 'UInt' ? 'Int' : a.ty === 'UReal' ? 'Real' : a.ty!;
          return T.bin('-', T.num(Q.ZERO, t), castTo(a, t), t);
        }
      case 'Binary': {
        const a = this.num(e.left, bound), b = this.num(e.right, bound);
        if (e.op === '&&' || e.op === '||') return T.bin(e.op, a, b, 'Bool');
        if (a.ty === 'Bool' && b.ty === 'Bool' && (e.op === '==' || e.op === '!=')) return T.bin(e.op, a, b, 'Bool');
        if (!isNumTy(a.ty) || !isNumTy(b.ty)) throw new FragmentError(`\`${e.op}\` here is outside the verified fragment`, e.opSpan);
        let t = numJoin(a.ty!, b.ty!);
        if (e.op === '-' || e.op === '/') t = t === 'UInt' ? (e.op === '/' ? 'Real' : 'Int') : 'Real';
        if (['<', '<=', '>', '>=', '==', '!='].includes(e.op)) return T.bin(e.op as '<', castTo(a, t), castTo(b, t), 'Bool');
        if (e.op === '=:=') throw new FragmentError('`=:=` is outside specifications', e.opSpan);
        return T.bin(e.op as '+', castTo(a, t), castTo(b, t), t);
      }
      case 'Call': {
        const callee = e.callee;
        if (callee.kind === 'Var' && callee.$binding?.kind === 'builtin' && (callee.name === 'min' || callee.name === 'max') && e.args.length === 2) {
          const [a, b] = e.args.map((x) => this.num(x, bound)) as [Expr, Expr];
          const t = numJoin(a.ty!, b.ty!);
          return T.bin(callee.name === 'min' ? 'inf' : 'sup', castTo(a, t), castTo(b, t), t);
        }
        throw new FragmentError('this call is outside the verified fragment of specifications', e.span);
      }
      case 'If': {
        if (e.then.stmts.length || !e.then.result || !e.otherwise) throw new FragmentError('only `if c { a } else { b }` expressions are allowed in specifications', e.span);
        const other = e.otherwise.kind === 'If' ? e.otherwise : e.otherwise.result;
        if (!other || (e.otherwise.kind === 'Block' && e.otherwise.stmts.length)) throw new FragmentError('only `if c { a } else { b }` expressions are allowed in specifications', e.span);
        const a = this.num(e.then.result, bound), b = this.num(other, bound);
        const t = a.ty === 'Bool' ? 'Bool' : numJoin(a.ty!, b.ty!);
        return T.ite(this.num(e.cond, bound), castTo(a, t), castTo(b, t));
      }
      case 'Block': if (!e.stmts.length && e.result) return this.num(e.result, bound); break;
      case 'Iverson': case 'Infinity': case 'Expect': return this.eu(e, bound);
      default: break;
    }
    throw new FragmentError(`this ${e.kind} expression is outside the verified fragment of specifications`, e.span);
  }

  /** A non-negative expectation (EUReal). */
  eu(e: AstExpr, bound: Map<string, Expr>): Expr {
    switch (e.kind) {
      case 'Infinity': return B.TOP;
      case 'Iverson': return B.eu(T.un('iverson', this.num(e.cond, bound)));
      case 'Expect': throw new FragmentError('`E[…]`/`P[…]` cannot be nested', e.span);
      case 'Binary':
        if (e.op === '+' || e.op === '*') {
          const a = this.eu(e.left, bound), b = this.eu(e.right, bound);
          return e.op === '+' ? B.add(a, b) : B.mul(a, b);
        }
        if (e.op === '/') {
          const d = this.num(e.right, bound);
          if (d.k !== 'num' || d.value.num <= 0n) throw new FragmentError('division in an expectation needs a positive constant divisor', e.span);
          return B.mul(this.eu(e.left, bound), { k: 'num', value: Q.div(Q.ONE, d.value), ty: 'EUReal' });
        }
        break;
      case 'Call': {
        const callee = e.callee;
        if (callee.kind === 'Var' && callee.$binding?.kind === 'builtin' && (callee.name === 'min' || callee.name === 'max') && e.args.length === 2) {
          const zeroArg = e.args.findIndex((x) => (x.kind === 'Nat' || x.kind === 'Real') && x.value === 0);
          if (callee.name === 'max' && zeroArg >= 0) {
            // max(e, 0): e is computed with ordinary (signed) arithmetic, then clamped at 0
            return this.nonNegative(this.num(e.args[1 - zeroArg]!, bound), e.span);
          }
          const [a, b] = e.args.map((x) => this.eu(x, bound)) as [Expr, Expr];
          return callee.name === 'min' ? B.min(a, b) : B.max(a, b);
        }
        break;
      }
      default: break;
    }
    const v = this.num(e, bound);
    if (v.ty === 'Bool') throw new FragmentError('a Bool where an expectation is expected (write `[b]`)', e.span);
    return this.nonNegative(v, e.span);
  }

  // ---- units ----

  units(specs: readonly Spec[], requires: Expr | undefined, display: string): Proc[] {
    const procs: Proc[] = [];
    specs.forEach((spec, idx) => {
      if (spec.kind !== 'ensures') return;
      const e = spec.expr;
      if (e.kind !== 'Binary' || (e.op !== '<=' && e.op !== '>=') || e.left.kind !== 'Expect') {
        throw new FragmentError('an `ensures` clause has the form `E[f] <= g`, `E[f] >= g`, `P[b] <= p` or `P[b] >= p`', spec.span);
      }
      const dir: Dir = e.op === '<=' ? 'up' : 'down';
      const ex = e.left;
      const isCost = ex.which === 'E' && ex.body.kind === 'Var' && ex.body.$binding?.kind === 'cost';
      const calculus: Calculus = isCost ? 'ert' : 'wp';
      this.curDir = dir;
      this.curCalculus = calculus;
      // fresh translation state per calculus (ticks are kept only for ert)
      this.hasCondition = false;
      this.hasLoop = false;
      (this.loops as unknown[]).length = 0;
      const body = this.body(calculus);
      const post = isCost ? B.BOT : ex.which === 'P' ? B.eu(T.un('iverson', this.num(ex.body, new Map()))) : this.eu(ex.body, new Map());
      const bound = this.eu(e.right, new Map());
      const pre = requires ? B.ite(requires, bound, dir === 'up' ? B.TOP : B.BOT) : bound;
      if (this.hasCondition && this.hasLoop) throw new FragmentError('`condition` in a function with loops is outside the verified fragment (conditional expectations are supported in loop-free functions)', spec.span);
      if (this.hasCondition && isCost) throw new FragmentError('`E[cost]` under `condition` is outside the verified fragment', spec.span);
      const claim = `ensures ${this.text(e.span)}`;
      const variants = this.annotate(body, dir);
      const mk = (b: Stmt[], i: number): Proc => ({
        name: `${display}#${idx + 1}${i ? `.${i}` : ''}`, dir, calculus, params: this.params(), returns: [this.result()],
        pres: [pre], posts: [post], body: b, span: spec.span, parent: display, claim, conditional: this.hasCondition,
      });
      const [first, ...rest] = variants.map(mk);
      procs.push({ ...first!, alternatives: rest });
    });
    return procs;
  }

  /** Attaches proof rules to the loops; several `invariant` clauses give several alternative encodings. */
  private annotate(body: Stmt[], dir: Dir): Stmt[][] {
    const rules = this.loops.map((l) => this.loopRules(l, dir));
    const n = Math.max(1, ...rules.map((r) => r.length));
    const out: Stmt[][] = [];
    for (let i = 0; i < n; i++) out.push(attach(body, (k) => rules[k]![Math.min(i, rules[k]!.length - 1)]!));
    return out;
  }

  private loopRules(l: IrStmt & { kind: 'while' | 'for' }, dir: Dir): Annotation[] {
    const bound = new Map<string, Expr>();
    const rules: Annotation[] = [];
    for (const a of l.attributes) {
      const args = a.args;
      switch (a.name) {
        case 'k_induction': {
          const k = args[0];
          if (!k || k.kind !== 'Nat' || k.value < 1) throw new FragmentError('@k_induction(k, I) needs a literal k ≥ 1', a.span);
          rules.push({ name: 'k_induction', args: [T.num(Q.rat(BigInt(k.value)), 'UInt'), this.eu(args[1]!, bound)], span: a.span });
          break;
        }
        case 'unroll': {
          const k = args[0];
          if (!k || k.kind !== 'Nat') throw new FragmentError('@unroll(k) needs a literal k', a.span);
          rules.push({ name: 'unroll', args: [T.num(Q.rat(BigInt(k.value)), 'UInt'), args[1] ? this.eu(args[1], bound) : B.BOT], span: a.span });
          break;
        }
        case 'omega_invariant': {
          const n = args[0];
          if (!n || n.kind !== 'Var') throw new FragmentError('@omega_invariant(n, I) needs a fresh variable name n', a.span);
          const nv = T.v(freshName(n.name), 'UInt');
          rules.push({ name: 'omega_invariant', args: [nv, this.eu(args[1]!, new Map([[n.name, nv]]))], span: a.span });
          break;
        }
        case 'ast': {
          const v = args[2];
          if (args.length !== 5 || !v || v.kind !== 'Var') throw new FragmentError('@ast(I, V, v, p, d) needs five arguments, v a fresh variable name', a.span);
          const vv = T.v(freshName(v.name), 'UReal');
          const m = new Map([[v.name, vv]]);
          rules.push({ name: 'ast', args: [this.num(args[0]!, bound), castTo(this.num(args[1]!, bound), 'UReal'), vv, castTo(this.num(args[3]!, m), 'UReal'), castTo(this.num(args[4]!, m), 'UReal')], span: a.span });
          break;
        }
        case 'past': {
          rules.push({ name: 'past', args: [this.eu(args[0]!, bound), castTo(this.num(args[1]!, bound), 'UReal'), castTo(this.num(args[2]!, bound), 'UReal')], span: a.span });
          break;
        }
        default: throw new FragmentError(`unknown loop attribute \`@${a.name}\``, a.span);
      }
    }
    for (const inv of l.invariants) rules.push({ name: 'invariant', args: [this.eu(inv, bound)], span: inv.span });
    if (rules.length === 0) {
      throw new FragmentError(dir === 'up'
        ? 'this loop needs an `invariant` (or a proof-rule attribute) to verify upper bounds'
        : 'this loop needs a rule that proves lower bounds (@omega_invariant, @unroll(k), @ast, @past)', l.span);
    }
    return rules;
  }
}

/** What a caller needs to know about a function with specifications. */
interface CalleeInfo {
  display: string;
  params: Ty[];
  result: Ty;
  conditions: boolean;
  specs: { dir: Dir; calculus: Calculus; proc: string }[];
}
type CalleeTable = Map<string, CalleeInfo>;

function hasCondition(ss: readonly IrStmt[]): boolean {
  return ss.some((s) => s.kind === 'condition' || (s.kind === 'if' && (hasCondition(s.then) || hasCondition(s.else)))
    || ((s.kind === 'while' || s.kind === 'for') && hasCondition(s.body)));
}

/** Puts rule k on the loop followed by `label loopK` and drops the labels. */
function attach(ss: readonly Stmt[], ruleOf: (k: number) => Annotation): Stmt[] {
  const out: Stmt[] = [];
  for (let i = 0; i < ss.length; i++) {
    const s = ss[i]!;
    const next = ss[i + 1];
    if (s.k === 'while' && next?.k === 'label' && next.name.startsWith('loop')) {
      out.push({ ...s, body: attach(s.body, ruleOf), rule: ruleOf(Number(next.name.slice(4))) });
      i++;
      continue;
    }
    switch (s.k) {
      case 'if': case 'choice': out.push({ ...s, a: attach(s.a, ruleOf), b: attach(s.b, ruleOf) }); break;
      case 'block': out.push({ ...s, body: attach(s.body, ruleOf) }); break;
      case 'label': if (!s.name.startsWith('loop')) out.push(s); break;
      default: out.push(s);
    }
  }
  return out;
}

export function translateIr(ir: IrProgram, ast: AstProgram, sources?: Map<string, string>): { program?: Program; diagnostics: Diagnostic[] } {
  const bindings = collectBindings(ast, new Map());
  const text = (s: Span) => sources?.get(s.file)?.slice(s.start, s.end) ?? '…';
  const procs: Proc[] = [];
  const diagnostics: Diagnostic[] = [];
  // the specification of every function with `ensures`, for calls (each `ensures` i is unit `F#i`; its
  // body-less copy `F#i$spec` is what callers call)
  const callees: CalleeTable = new Map();
  const decls = new Map<string, { $binding?: Binding; params: { $binding?: Binding }[] }>();
  for (const item of ast.items as unknown as { kind: string; name: string; $binding?: Binding; params: { $binding?: Binding }[] }[]) {
    if (item.kind === 'FnDecl') decls.set(item.name, item);
  }
  for (const f of ir.functions) {
    const decl = decls.get(f.display);
    const fnTy = decl?.$binding?.type as { kind?: string; params?: unknown[]; result?: unknown } | undefined;
    if (!decl || fnTy?.kind !== 'Fn' || !f.specs.some((s) => s.kind === 'ensures')) continue;
    try {
      const params = (fnTy.params ?? []).map((t) => ivlType(t, f.span, 'a parameter'));
      const result = ivlType(fnTy.result, f.span, 'the result');
      const specs: CalleeInfo['specs'] = [];
      f.specs.forEach((s, i) => {
        const e = s.expr;
        if (s.kind !== 'ensures' || e.kind !== 'Binary' || e.left.kind !== 'Expect') return;
        const isCost = e.left.which === 'E' && e.left.body.kind === 'Var' && e.left.body.$binding?.kind === 'cost';
        specs.push({ dir: e.op === '<=' ? 'up' : 'down', calculus: isCost ? 'ert' : 'wp', proc: `${f.display}#${i + 1}$spec` });
      });
      callees.set(f.name, { display: f.display, params, result, conditions: hasCondition(f.body), specs });
    } catch { /* a function outside the fragment: calls to it are reported where they occur */ }
  }
  for (const f of ir.functions) {
    if (!f.specs.some((s) => s.kind === 'ensures')) continue;
    try {
      const tr = new FnTranslator(f, bindings, text, callees);
      tr.params();
      // requires: conjunction of the Boolean clauses
      const reqs = f.specs.filter((s) => s.kind === 'requires').map((s) => tr.num(s.expr, new Map()));
      const requires = reqs.length ? reqs.reduce((a, b) => T.bin('&&', a, b, 'Bool')) : undefined;
      const units = tr.units(f.specs, requires, f.display);
      procs.push(...units);
      // the body-less specification each unit's claim gives to callers
      for (const u of units) procs.push({ ...u, name: `${u.name}$spec`, body: undefined, alternatives: undefined });
    } catch (e) {
      if (e instanceof FragmentError) diagnostics.push({ severity: 'error', message: e.message, span: e.span, phase: 'verify' });
      else throw e;
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { program: { procs, domains: [] }, diagnostics };
}
