// The one intermediate representation of .ppl (architecture.md): A-normal form with structured control flow and
// explicit probabilistic nodes. Lowering (lower.ts) builds it from the checked AST; code generation (codegen.ts)
// turns it into JavaScript, and the verifier reads it too — which is why loops keep their invariants and attributes.

import type { Attribute, Effect, Expr, Span, Spec } from '../lang/index.js';

// ---------------------------------------------------------------------------------------------
// Atoms: the only operands of computations (A-normal form)
// ---------------------------------------------------------------------------------------------

/** A constant: Bool, Nat/Int/Real (JS number, ±Infinity allowed), String, or Unit (`null`). */
export interface Lit { kind: 'lit'; value: number | boolean | string | null }
/** A local, parameter, global or temporary, by its unique IR name. */
export interface Ref { kind: 'ref'; name: string }
/** A top-level function used as a value or callee (`fn` declarations are not locals). */
export interface FnRef { kind: 'fn'; name: string }
/** A built-in of the prelude used as a value (`map`, `Normal`, `Exact`, `pi`). */
export interface BuiltinRef { kind: 'builtin'; name: string }
export type Atom = Lit | Ref | FnRef | BuiltinRef;

// ---------------------------------------------------------------------------------------------
// Right-hand sides: one computation each, over atoms
// ---------------------------------------------------------------------------------------------

/** Primitive operators. Integer ops (`idiv`, `imod`) are separate from real ones so codegen needs no types. */
export type PrimOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'idiv' | 'mod' | 'neg'
  | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' | 'not';

/**
 * The number domain of an arithmetic node: `int` for Nat/Int operands (never symbolic, checked for
 * overflow past 2^53), `real` for Real ones (go through the engine's number domain in domain variants),
 * `other` for Bool/String/structural comparisons.
 */
export type NumKind = 'int' | 'real' | 'other';

export type Rhs =
  | { kind: 'atom'; atom: Atom }
  | { kind: 'prim'; op: PrimOp; args: Atom[]; num: NumKind; span: Span }
  /**
   * A call of a function value or top-level function. `effect` is the effect of performing this call (the
   * checker's `$effect`): pure calls compile to direct JS calls, others to CPS calls. `site` names the call in
   * addresses of the choices made inside it.
   */
  | { kind: 'call'; callee: Atom; args: Atom[]; effect: Effect; site: number; span: Span }
  /**
   * A call of a built-in (`Normal(0, 1)`, `map(xs, f)`, `infer(f, m)`, `len(a)`, `print(v)`). Named
   * arguments are kept by name. `effect` as for `call`: higher-order built-ins take the effect of their function.
   */
  | { kind: 'builtin'; name: string; args: Atom[]; named: { name: string; value: Atom }[]; effect: Effect; site: number; span: Span; realArgs?: boolean }
  | { kind: 'array'; elems: Atom[] }
  | { kind: 'tuple'; elems: Atom[] }
  | { kind: 'record'; fields: { name: string; value: Atom }[] }
  /** `a[i]`; a runtime error names the index and the length when out of range. */
  | { kind: 'index'; target: Atom; index: Atom; span: Span }
  | { kind: 'field'; target: Atom; name: string }
  | { kind: 'tupleField'; target: Atom; index: number }
  /** A copy of `target` with the element at `path` (outermost first) replaced: `a[i][j] = v`. */
  | { kind: 'update'; target: Atom; path: Atom[]; value: Atom; span: Span }
  /** A closure. It captures the current values of the locals it reads (`captures`), never variables. */
  | { kind: 'lambda'; fn: IrFunction }
  /** `sample(d)`: a random choice at a static site. */
  | { kind: 'sample'; dist: Atom; site: number; span: Span };

// ---------------------------------------------------------------------------------------------
// Statements: structured control flow
// ---------------------------------------------------------------------------------------------

/** A statement list that ends by producing an atom (a loop condition). */
export interface CondBlock { stmts: Stmt[]; value: Atom }

export type Stmt =
  /** `const name = rhs` — an immutable binding (let, temporaries). */
  | { kind: 'let'; name: string; rhs: Rhs }
  /** Declares a mutable local (`var`, and the result temporaries of `if` expressions). */
  | { kind: 'var'; name: string; init: Atom }
  | { kind: 'set'; name: string; value: Atom }
  | { kind: 'observe'; dist: Atom; value: Atom; site: number; span: Span }
  /** `factor(s)`: log weight `s`. */
  | { kind: 'factor'; logWeight: Atom; site: number; span: Span }
  | { kind: 'condition'; cond: Atom; site: number; span: Span }
  /** `left =:= right` (exact conditioning on equality; only Exact handles it). */
  | { kind: 'equate'; left: Atom; right: Atom; site: number; span: Span }
  /** `tick(c)`: cost for `E[cost]`; does nothing when run. */
  | { kind: 'tick'; cost: Atom; span: Span }
  | { kind: 'if'; cond: Atom; then: Stmt[]; else: Stmt[]; span: Span }
  /** `while c { … }`; the condition is re-evaluated before every iteration. */
  | { kind: 'while'; cond: CondBlock; body: Stmt[]; invariants: Expr[]; attributes: Attribute[]; site: number; span: Span }
  /** `for i in from..to { … }` (to exclusive, bounds evaluated once). */
  | { kind: 'for'; index: string; from: Atom; to: Atom; body: Stmt[]; invariants: Expr[]; attributes: Attribute[]; site: number; span: Span }
  | { kind: 'return'; value: Atom };

// ---------------------------------------------------------------------------------------------
// Functions and programs
// ---------------------------------------------------------------------------------------------

export interface IrFunction {
  /** Unique IR name (`alarm`, `lambda$3`). */
  name: string;
  /** The source name, for messages (`alarm`, `<lambda>`). */
  display: string;
  params: string[];
  /** Parameters whose type is a function: calls through them are effect-polymorphic. */
  fnParams: string[];
  /** Ends with `return` on every path. */
  body: Stmt[];
  /** The effect of calling it with pure function arguments (`upperEffect` of its latent effect). */
  effect: Effect;
  /** Locals of enclosing functions it reads (lambdas only). */
  captures: string[];
  /** `requires`/`ensures` clauses, kept for the verifier. */
  specs: Spec[];
  span: Span;
}

/** What a static site is, for messages ("rejected by `condition` at FILE:L:C") and for addresses. */
export interface SiteInfo {
  kind: 'sample' | 'observe' | 'factor' | 'condition' | 'equate' | 'call' | 'builtin' | 'loop';
  /** The construct's name in messages: `condition`, `observe`, `flip`, `alarm`, `while`. */
  label: string;
  span: Span;
}

export interface IrProgram {
  file: string;
  /** Top-level `fn` declarations (order-free). */
  functions: IrFunction[];
  /** Top-level `let`s, assigned by `main` and read by every function. */
  globals: string[];
  /** The top-level statements, as a function of no parameters (effect at most `sampling`). */
  main: IrFunction;
  /** Indexed by site id. */
  sites: SiteInfo[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by lowering, printing and codegen
// ---------------------------------------------------------------------------------------------

export const lit = (value: number | boolean | string | null): Lit => ({ kind: 'lit', value });
export const ref = (name: string): Ref => ({ kind: 'ref', name });
export const UNIT: Lit = { kind: 'lit', value: null };

/** Whether a statement list contains a node that may suspend (a random choice, conditioning, or a non-pure call). */
export function maySuspend(stmts: readonly Stmt[]): boolean {
  return stmts.some(stmtMaySuspend);
}

export function stmtMaySuspend(s: Stmt): boolean {
  switch (s.kind) {
    case 'let':
      return rhsMaySuspend(s.rhs);
    case 'observe': case 'factor': case 'condition': case 'equate':
      return true;
    case 'if':
      return maySuspend(s.then) || maySuspend(s.else);
    case 'while':
      return maySuspend(s.cond.stmts) || maySuspend(s.body);
    case 'for':
      return maySuspend(s.body);
    default:
      return false;
  }
}

export function rhsMaySuspend(r: Rhs): boolean {
  switch (r.kind) {
    case 'sample':
      return true;
    case 'call': case 'builtin':
      return r.effect !== 'pure';
    default:
      return false;
  }
}

/** Names assigned by `set` anywhere in `stmts` (not inside lambdas: they cannot assign outer `var`s). */
export function assignedVars(stmts: readonly Stmt[], out: Set<string> = new Set()): Set<string> {
  for (const s of stmts) {
    switch (s.kind) {
      case 'set': out.add(s.name); break;
      case 'if': assignedVars(s.then, out); assignedVars(s.else, out); break;
      case 'while': assignedVars(s.cond.stmts, out); assignedVars(s.body, out); break;
      case 'for': assignedVars(s.body, out); break;
    }
  }
  return out;
}
