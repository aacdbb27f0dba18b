// Lowering of the checked AST (lang/) to the IR (ir.ts): A-normal form, `&&`/`||`/`if` as control flow with
// result temporaries, `flip`/`sample`/`observe`/`condition`/`factor`/`tick`/`=:=` as explicit nodes, and a static
// site id for every random choice, conditioning statement, call and loop. Reads the checker's `$type`,
// `$binding` and `$effect`; runs only on programs that checked without errors.

import type {
  Binding, Block, Effect, Expr, FnDecl, Lambda, Param, Program, Span, Stmt as AstStmt, Type,
} from '../lang/index.js';
import { UNIT, lit, ref, type Atom, type IrFunction, type IrProgram, type NumKind, type PrimOp, type Rhs, type SiteInfo, type Stmt } from './ir.js';

/** Lowers a checked program (its imports already merged into `items`) to the IR. */
export function lower(prog: Program): IrProgram {
  return new Lowerer(prog.file).program(prog);
}

const ARITH: Partial<Record<string, PrimOp>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' };

class Lowerer {
  private sites: SiteInfo[] = [];
  private temps = 0;
  private lambdas = 0;
  private fnNames = new Map<FnDecl, string>();
  private globals = new Set<Binding>();
  /** The function-typed parameters of the function being lowered (calls through them are effect-polymorphic). */
  constructor(private file: string) {}

  program(prog: Program): IrProgram {
    const decls = prog.items.filter((i): i is FnDecl => i.kind === 'FnDecl');
    const taken = new Set<string>();
    for (const d of decls) {
      let n = d.name;
      while (taken.has(n)) n += '_';
      taken.add(n);
      this.fnNames.set(d, n);
    }
    const stmts = prog.items.filter((i): i is AstStmt => i.kind !== 'FnDecl' && i.kind !== 'Import');
    for (const s of stmts) {
      if (s.kind === 'Let' && s.$binding) this.globals.add(s.$binding);
      if (s.kind === 'LetSample' && s.$binding) this.globals.add(s.$binding);
      if (s.kind === 'LetTuple') for (const b of s.$bindings ?? []) if (b) this.globals.add(b);
    }
    const functions = decls.map((d) => this.fnDecl(d));
    const body: Stmt[] = [];
    for (const s of stmts) this.stmt(s, body);
    body.push({ kind: 'return', value: UNIT });
    const main: IrFunction = {
      name: '$main', display: '<top level>', params: [], fnParams: [], body, effect: 'sampling', captures: [], specs: [], span: prog.span,
    };
    return { file: this.file, functions, globals: [...this.globals].map((b) => this.nameOf(b)), main, sites: this.sites };
  }

  private site(kind: SiteInfo['kind'], label: string, span: Span): number {
    this.sites.push({ kind, label, span });
    return this.sites.length - 1;
  }

  private temp(): string {
    return `$t${++this.temps}`;
  }

  /** The IR name of a local, parameter or global: its source name made unique by the binding id. */
  private nameOf(b: Binding): string {
    return `${b.name}_${b.id}`;
  }

  private fnDecl(d: FnDecl): IrFunction {
    const ft = d.$type as Type | undefined;
    const effect: Effect = ft && ft.kind === 'Fn' ? ft.effect.base : (d.$effect ?? 'conditioning');
    const body: Stmt[] = [];
    const result = this.block(d.body, body);
    body.push({ kind: 'return', value: result });
    return {
      name: this.fnNames.get(d)!, display: d.name,
      params: d.params.map((p) => this.paramName(p)),
      fnParams: d.params.filter((p) => isFnType(p.$binding?.type)).map((p) => this.paramName(p)),
      body, effect, captures: [], specs: d.specs, span: d.span,
    };
  }

  private paramName(p: Param): string {
    return p.$binding ? this.nameOf(p.$binding) : `${p.name}_p`;
  }

  private lambda(l: Lambda): IrFunction {
    const body: Stmt[] = [];
    const result = l.body.kind === 'Block' ? this.block(l.body, body) : this.expr(l.body, body);
    body.push({ kind: 'return', value: result });
    const n = ++this.lambdas;
    return {
      name: `lambda$${n}`, display: '<lambda>',
      params: l.params.map((p) => this.paramName(p)),
      fnParams: l.params.filter((p) => isFnType(p.$binding?.type)).map((p) => this.paramName(p)),
      body, effect: l.$effect ?? 'conditioning',
      captures: (l.$captures ?? []).filter((b) => !this.globals.has(b)).map((b) => this.nameOf(b)),
      specs: [], span: l.span,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private block(b: Block, out: Stmt[]): Atom {
    for (const s of b.stmts) this.stmt(s, out);
    return b.result ? this.expr(b.result, out) : UNIT;
  }

  private stmt(s: AstStmt, out: Stmt[]): void {
    switch (s.kind) {
      case 'Let':
        out.push({ kind: 'let', name: this.nameOf(s.$binding!), rhs: this.rhs(s.init, out) });
        return;
      case 'LetTuple': {
        const t = this.expr(s.init, out);
        s.names.forEach((_, i) => {
          const b = s.$bindings?.[i];
          if (b && b.name !== '_') out.push({ kind: 'let', name: this.nameOf(b), rhs: { kind: 'tupleField', target: t, index: i } });
        });
        return;
      }
      case 'LetSample': {
        const d = this.expr(s.dist, out);
        out.push({ kind: 'let', name: this.nameOf(s.$binding!), rhs: { kind: 'sample', dist: d, site: this.site('sample', 'sample', s.span), span: s.span } });
        return;
      }
      case 'VarDecl':
        out.push({ kind: 'var', name: this.nameOf(s.$binding!), init: this.expr(s.init, out) });
        return;
      case 'Assign':
        this.assign(s, out);
        return;
      case 'ExprStmt':
        this.expr(s.expr, out);
        return;
      case 'While': {
        const condStmts: Stmt[] = [];
        const value = this.expr(s.cond, condStmts);
        const body: Stmt[] = [];
        this.block(s.body, body);
        out.push({
          kind: 'while', cond: { stmts: condStmts, value }, body, invariants: s.invariants, attributes: s.attributes,
          site: this.site('loop', 'while', s.span), span: s.span,
        });
        return;
      }
      case 'For': {
        const from = this.expr(s.from, out);
        const to = this.expr(s.to, out);
        const body: Stmt[] = [];
        this.block(s.body, body);
        out.push({
          kind: 'for', index: s.$binding ? this.nameOf(s.$binding) : `${s.name}_i`, from, to, body,
          invariants: s.invariants, attributes: s.attributes, site: this.site('loop', 'for', s.span), span: s.span,
        });
        return;
      }
      case 'Return':
        out.push({ kind: 'return', value: s.value ? this.expr(s.value, out) : UNIT });
        return;
    }
  }

  private assign(s: Extract<AstStmt, { kind: 'Assign' }>, out: Stmt[]): void {
    // Find the var at the root of `a[i][j]` and the index path.
    const path: Expr[] = [];
    let t: Expr = s.target;
    while (t.kind === 'Index') {
      path.unshift(t.index);
      t = t.target;
    }
    const root = t as Extract<Expr, { kind: 'Var' }>;
    const name = this.nameOf(root.$binding!);
    const idx = path.map((p) => this.expr(p, out));
    let value = this.expr(s.value, out);
    if (s.op !== '=') {
      const op: PrimOp = s.op === '+=' ? 'add' : s.op === '-=' ? 'sub' : 'mul';
      const cur = idx.length === 0 ? ref(name) : this.bind({ kind: 'index', target: this.pathPrefix(ref(name), idx.slice(0, -1), s.span, out), index: idx[idx.length - 1]!, span: s.span }, out);
      value = this.bind({ kind: 'prim', op, args: [cur, value], num: numKind(s.target.$type, s.value.$type), span: s.span }, out);
    }
    if (idx.length === 0) {
      out.push({ kind: 'set', name, value });
    } else {
      const updated = this.bind({ kind: 'update', target: ref(name), path: idx, value, span: s.span }, out);
      out.push({ kind: 'set', name, value: updated });
    }
  }

  /** `a[i0]…[ik]` as a chain of index temporaries. */
  private pathPrefix(a: Atom, idx: Atom[], span: Span, out: Stmt[]): Atom {
    let cur = a;
    for (const i of idx) cur = this.bind({ kind: 'index', target: cur, index: i, span }, out);
    return cur;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  /** Binds `rhs` to a fresh temporary. */
  private bind(rhs: Rhs, out: Stmt[]): Atom {
    if (rhs.kind === 'atom') return rhs.atom;
    const t = this.temp();
    out.push({ kind: 'let', name: t, rhs });
    return ref(t);
  }

  private expr(e: Expr, out: Stmt[]): Atom {
    return this.bind(this.rhs(e, out), out);
  }

  /** Lowers `e`, emitting the statements it needs into `out`, and returns its final computation. */
  private rhs(e: Expr, out: Stmt[]): Rhs {
    const atom = (a: Atom): Rhs => ({ kind: 'atom', atom: a });
    switch (e.kind) {
      case 'Nat': case 'Real':
        return atom(lit(e.value));
      case 'String': case 'Bool':
        return atom(lit(e.value));
      case 'Infinity':
        return atom(lit(Infinity));
      case 'Unit':
        return atom(UNIT);
      case 'Var': {
        const b = e.$binding!;
        if (b.kind === 'builtin') return atom({ kind: 'builtin', name: b.name });
        if (b.kind === 'fn') return atom({ kind: 'fn', name: this.fnNames.get(b.decl!)! });
        return atom(ref(this.nameOf(b)));
      }
      case 'Binary':
        return this.binary(e, out);
      case 'Unary': {
        const x = this.expr(e.operand, out);
        if (e.op === '!') return { kind: 'prim', op: 'not', args: [x], num: 'other', span: e.span };
        return { kind: 'prim', op: 'neg', args: [x], num: numKind(e.operand.$type), span: e.span };
      }
      case 'Call':
        return this.call(e, out);
      case 'Index':
        return { kind: 'index', target: this.expr(e.target, out), index: this.expr(e.index, out), span: e.span };
      case 'Field':
        return { kind: 'field', target: this.expr(e.target, out), name: e.name };
      case 'TupleField':
        return { kind: 'tupleField', target: this.expr(e.target, out), index: e.index };
      case 'Array':
        return { kind: 'array', elems: e.elems.map((x) => this.expr(x, out)) };
      case 'Record':
        return { kind: 'record', fields: e.fields.map((f) => ({ name: f.name, value: this.expr(f.value, out) })) };
      case 'Tuple':
        return { kind: 'tuple', elems: e.elems.map((x) => this.expr(x, out)) };
      case 'Lambda':
        return { kind: 'lambda', fn: this.lambda(e) };
      case 'If': {
        const t = this.temp();
        out.push({ kind: 'var', name: t, init: UNIT });
        this.ifChain(e, t, out);
        return atom(ref(t));
      }
      case 'Block':
        return atom(this.block(e, out));
      case 'Expect':
        if (e.$asIndex) return this.rhs(e.$asIndex, out);
        throw new Error('lower: `E[…]`/`P[…]` outside a specification');
      case 'Iverson':
        throw new Error('lower: `[b]` outside a specification');
    }
  }

  private ifChain(e: Extract<Expr, { kind: 'If' }>, t: string, out: Stmt[]): void {
    const c = this.expr(e.cond, out);
    const then: Stmt[] = [];
    then.push({ kind: 'set', name: t, value: this.block(e.then, then) });
    const otherwise: Stmt[] = [];
    if (e.otherwise?.kind === 'If') this.ifChain(e.otherwise, t, otherwise);
    else if (e.otherwise) otherwise.push({ kind: 'set', name: t, value: this.block(e.otherwise, otherwise) });
    out.push({ kind: 'if', cond: c, then, else: otherwise, span: e.span });
  }

  private binary(e: Extract<Expr, { kind: 'Binary' }>, out: Stmt[]): Rhs {
    if (e.op === '&&' || e.op === '||') {
      const t = this.temp();
      out.push({ kind: 'var', name: t, init: this.expr(e.left, out) });
      const right: Stmt[] = [];
      right.push({ kind: 'set', name: t, value: this.expr(e.right, right) });
      out.push(e.op === '&&'
        ? { kind: 'if', cond: ref(t), then: right, else: [], span: e.span }
        : { kind: 'if', cond: ref(t), then: [], else: right, span: e.span });
      return { kind: 'atom', atom: ref(t) };
    }
    const l = this.expr(e.left, out);
    const r = this.expr(e.right, out);
    if (e.op === '=:=') {
      out.push({ kind: 'equate', left: l, right: r, site: this.site('equate', '=:=', e.span), span: e.span });
      return { kind: 'atom', atom: UNIT };
    }
    let num = numKind(e.left.$type, e.right.$type);
    let op = ARITH[e.op]!;
    if (op === 'div' && num === 'int') op = 'idiv';
    if ((op === 'eq' || op === 'ne') && !isNumericType(e.left.$type) && !isNumericType(e.right.$type)) {
      num = isScalarType(e.left.$type) && isScalarType(e.right.$type) ? 'int' : 'other';
    }
    return { kind: 'prim', op, args: [l, r], num, span: e.span };
  }

  private call(e: Extract<Expr, { kind: 'Call' }>, out: Stmt[]): Rhs {
    const callee = e.callee;
    const effect: Effect = e.$effect ?? 'conditioning';
    if (callee.kind === 'Var' && callee.$binding?.kind === 'builtin') {
      const name = callee.$binding.name;
      const args = (): Atom[] => e.args.map((a) => this.expr(a, out));
      switch (name) {
        case 'sample': {
          const [d] = args();
          return { kind: 'sample', dist: d!, site: this.site('sample', 'sample', e.span), span: e.span };
        }
        case 'flip': {
          const a = args();
          const d = this.bind({ kind: 'builtin', name: 'Bernoulli', args: a.length ? a : [lit(0.5)], named: [], effect: 'pure', site: this.site('builtin', 'Bernoulli', e.span), span: e.span, realArgs: true }, out);
          return { kind: 'sample', dist: d, site: this.site('sample', 'flip', e.span), span: e.span };
        }
        case 'observe': {
          const [d, v] = args();
          out.push({ kind: 'observe', dist: d!, value: v!, site: this.site('observe', 'observe', e.span), span: e.span });
          return { kind: 'atom', atom: UNIT };
        }
        case 'condition': {
          const [b] = args();
          out.push({ kind: 'condition', cond: b!, site: this.site('condition', 'condition', e.span), span: e.span });
          return { kind: 'atom', atom: UNIT };
        }
        case 'factor': {
          const [s] = args();
          out.push({ kind: 'factor', logWeight: s!, site: this.site('factor', 'factor', e.span), span: e.span });
          return { kind: 'atom', atom: UNIT };
        }
        case 'tick': {
          const [c] = args();
          out.push({ kind: 'tick', cost: c!, span: e.span });
          return { kind: 'atom', atom: UNIT };
        }
      }
      const a = args();
      const named = e.named.map((n) => ({ name: n.name, value: this.expr(n.value, out) }));
      // sum/product of Nats or Ints are exact integer operations (overflow past 2^53 is an error).
      const impl = (name === 'sum' || name === 'product') && (e.$overload === 0 || e.$overload === 1) ? `${name}Int` : name;
      return {
        kind: 'builtin', name: impl, args: a, named, effect, site: this.site('builtin', name, e.span), span: e.span,
        realArgs: e.args.some((x) => hasReal(x.$type as Type | undefined)),
      };
    }
    const f = this.expr(callee, out);
    const args = e.args.map((a) => this.expr(a, out));
    const label = callee.kind === 'Var' ? callee.name : '<function>';
    return { kind: 'call', callee: f, args, effect, site: this.site('call', label, e.span), span: e.span };
  }
}

function isFnType(t: unknown): boolean {
  return typeof t === 'object' && t !== null && (t as Type).kind === 'Fn';
}

function kindOf(t: unknown): string | undefined {
  return typeof t === 'object' && t !== null ? (t as Type).kind : undefined;
}

function isNumericType(t: unknown): boolean {
  const k = kindOf(t);
  return k === 'Nat' || k === 'Int' || k === 'Real';
}

function isScalarType(t: unknown): boolean {
  const k = kindOf(t);
  return k === 'Bool' || k === 'String' || k === 'Unit' || isNumericType(t);
}

/** `int` when every operand is a Nat/Int, `real` when one is a Real, `other` otherwise (Bool, String, structures). */
function numKind(...ts: unknown[]): NumKind {
  if (ts.every((t) => kindOf(t) === 'Nat' || kindOf(t) === 'Int')) return 'int';
  if (ts.some((t) => kindOf(t) === 'Real')) return 'real';
  if (ts.every(isNumericType)) return 'int';
  return ts.some((t) => kindOf(t) === undefined || kindOf(t) === 'TypeVar') ? 'real' : 'other';
}

/** Whether values of type `t` may contain a Real (and so, under Exact, a symbolic Gaussian). */
function hasReal(t: Type | undefined): boolean {
  if (t === undefined) return true;
  switch (t.kind) {
    // a Tensor holds reals: in a domain twin it may depend on the tape (runtime/ad/tensors.ts)
    case 'Real': case 'TypeVar': case 'Error': case 'Tensor':
      return true;
    case 'Array':
      return hasReal(t.elem);
    case 'Tuple':
      return t.elems.some(hasReal);
    case 'Record':
      return t.fields.some((f) => hasReal(f.type));
    default:
      return false;
  }
}
