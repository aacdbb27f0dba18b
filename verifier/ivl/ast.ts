// The quantitative intermediate verification language (IVL): HeyVL's types, expressions, statements,
// procedures and domains. Both front ends (.heyvl and, later, the compiler IR) produce this; vcgen consumes it.
// Every verification statement carries a direction: 'down' is the HeyVL statement, 'up' its `co` twin.

import type { Span } from '../../lang/index.js';
import type { Rational } from './rational.js';

export type PrimTy = 'Bool' | 'Int' | 'UInt' | 'Real' | 'UReal' | 'EUReal';
export type Ty = PrimTy | { readonly list: Ty } | { readonly domain: string };

/** Lattice direction: 'down' = lower bounds (proc, assert, havoc …), 'up' = upper bounds (coproc, coassert, cohavoc …). */
export type Dir = 'down' | 'up';

export type BinOp =
  | '+' | '-' | '*' | '/' | '%'
  | '&&' | '||'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  /** ⊓ and ⊔ (∧, ∨ on Bool) */
  | 'inf' | 'sup'
  /** → (Gödel implication), ← (co-implication), ↘ (compare), ↖ (co-compare) */
  | 'impl' | 'coimpl' | 'compare' | 'cocompare';

/** `not` = `!` (negation: ¬ on Bool, ∞ iff 0 on EUReal), `non` = `~` (co-negation), `embed` = `?(b)`, `iverson` = `[b]`. */
export type UnOp = 'not' | 'non' | 'embed' | 'iverson';

export type QuantOp = 'inf' | 'sup' | 'forall' | 'exists';

export interface QVar { readonly name: string; readonly ty: Ty }

/** Expressions. `ty` is filled in by the type checker (front ends may leave it undefined before checking). */
export type Expr =
  | { readonly k: 'var'; readonly name: string; ty?: Ty; readonly span?: Span }
  | { readonly k: 'num'; readonly value: Rational; ty?: Ty; readonly span?: Span }
  | { readonly k: 'bool'; readonly value: boolean; ty?: Ty; readonly span?: Span }
  | { readonly k: 'infty'; ty?: Ty; readonly span?: Span }
  | { readonly k: 'bin'; readonly op: BinOp; readonly a: Expr; readonly b: Expr; ty?: Ty; readonly span?: Span }
  | { readonly k: 'un'; readonly op: UnOp; readonly a: Expr; ty?: Ty; readonly span?: Span }
  | { readonly k: 'ite'; readonly c: Expr; readonly a: Expr; readonly b: Expr; ty?: Ty; readonly span?: Span }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Expr[]; ty?: Ty; readonly span?: Span }
  | {
      readonly k: 'quant'; readonly q: QuantOp; readonly vars: readonly QVar[];
      readonly triggers: readonly (readonly Expr[])[]; readonly body: Expr; ty?: Ty; readonly span?: Span;
    }
  /** An implicit widening inserted by the type checker (UInt → Int, … → EUReal). */
  | { readonly k: 'cast'; readonly a: Expr; ty?: Ty; readonly span?: Span }
  /** body[map] not yet carried out: internal to VC generation (vcgen/transformer.ts materialises it before a
   *  VC leaves the transformer), so that a chain of assignments composes small maps instead of copying the post. */
  | { readonly k: 'lazy'; readonly body: Expr; readonly map: ReadonlyMap<string, Expr>; ty?: Ty; readonly span?: Span };

/** A distribution on the right of an assignment: `flip(p)`, `ber(a, b)`, `unif(a, b)`, `binom(n, a, b)`, `hyper(N, K, n)`,
 * or a finite categorical with explicit outcomes (used by the .ppl lowering). */
export type Dist =
  | { readonly k: 'flip'; readonly p: Expr }
  | { readonly k: 'finite'; readonly outcomes: readonly { readonly value: Expr; readonly prob: Expr }[] };

export interface Annotation {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export type Stmt =
  | { readonly k: 'block'; readonly body: readonly Stmt[]; readonly span?: Span }
  | { readonly k: 'var'; readonly name: string; readonly ty: Ty; readonly init?: Expr; readonly span?: Span }
  | { readonly k: 'assign'; readonly lhs: readonly string[]; readonly rhs: Expr; readonly span?: Span }
  | { readonly k: 'sample'; readonly lhs: string; readonly dist: Dist; readonly span?: Span }
  | { readonly k: 'call'; readonly lhs: readonly string[]; readonly proc: string; readonly args: readonly Expr[]; readonly span?: Span }
  | { readonly k: 'havoc'; readonly dir: Dir; readonly vars: readonly string[]; readonly span?: Span }
  | { readonly k: 'assert'; readonly dir: Dir; readonly e: Expr; readonly span?: Span; readonly msg?: string }
  | { readonly k: 'assume'; readonly dir: Dir; readonly e: Expr; readonly span?: Span }
  | { readonly k: 'compare'; readonly dir: Dir; readonly e: Expr; readonly span?: Span }
  | { readonly k: 'validate'; readonly dir: Dir; readonly span?: Span }
  | { readonly k: 'negate'; readonly dir: Dir; readonly span?: Span }
  /** `reward e` / `tick e`: f + e. */
  | { readonly k: 'tick'; readonly e: Expr; readonly span?: Span }
  /** `weigh e`: f · e. */
  | { readonly k: 'weigh'; readonly e: Expr; readonly span?: Span }
  | { readonly k: 'if'; readonly c: Expr; readonly a: readonly Stmt[]; readonly b: readonly Stmt[]; readonly span?: Span }
  /** `if ⊓` (demonic), `if ⊔` (angelic), `if +` (additive). */
  | { readonly k: 'choice'; readonly op: 'demonic' | 'angelic' | 'additive'; readonly a: readonly Stmt[]; readonly b: readonly Stmt[]; readonly span?: Span }
  /** A loop; `rule` is its proof-rule annotation (vcgen rejects a loop without one). */
  | { readonly k: 'while'; readonly c: Expr; readonly body: readonly Stmt[]; readonly rule?: Annotation; readonly span?: Span }
  | { readonly k: 'label'; readonly name: string; readonly span?: Span };

export type Calculus = 'wp' | 'wlp' | 'ert';

export interface Param { readonly name: string; readonly ty: Ty; readonly span?: Span }

export interface Proc {
  readonly name: string;
  /** 'down' = proc (pre ≤ vc, lower bound), 'up' = coproc (pre ≥ vc, upper bound). */
  readonly dir: Dir;
  readonly calculus?: Calculus;
  readonly params: readonly Param[];
  readonly returns: readonly Param[];
  readonly pres: readonly Expr[];
  readonly posts: readonly Expr[];
  /** Absent: a specification only (callable, never verified). */
  readonly body?: readonly Stmt[];
  readonly span?: Span;
  /** For generated side-condition procedures: the user procedure they belong to. */
  readonly parent?: string;
  /** For generated side conditions: the unit (procedure name) whose loop rule needs this premise. */
  readonly sideOf?: string;
  /** A human description of what this unit proves (for generated side conditions). */
  readonly role?: string;
  /** Conditional expectation (`condition` in .ppl): the claim is vc(post) ≤ pre · vc(1) (≥ for procs). */
  readonly conditional?: boolean;
  /** Other encodings of the same claim (e.g. one per loop invariant); the claim is proved if any is. */
  readonly alternatives?: readonly Proc[];
  /** The claim as the user wrote it, for reports (defaults to the procedure's kind and name). */
  readonly claim?: string;
}

export interface Func {
  readonly name: string;
  readonly params: readonly Param[];
  readonly ret: Ty;
  /** A definitional function `= e` (may recurse); absent for uninterpreted functions. */
  readonly body?: Expr;
  readonly span?: Span;
}

export interface Axiom { readonly name: string; readonly e: Expr; readonly span?: Span }

export interface Domain {
  readonly name: string;
  readonly funcs: readonly Func[];
  readonly axioms: readonly Axiom[];
  readonly span?: Span;
}

export interface Program {
  readonly procs: readonly Proc[];
  readonly domains: readonly Domain[];
}

// ---- constructors (typed) ----

export const T = {
  bool: (value: boolean): Expr => ({ k: 'bool', value, ty: 'Bool' }),
  num: (value: Rational, ty: Ty = 'UReal'): Expr => ({ k: 'num', value, ty }),
  infty: (): Expr => ({ k: 'infty', ty: 'EUReal' }),
  v: (name: string, ty: Ty): Expr => ({ k: 'var', name, ty }),
  bin: (op: BinOp, a: Expr, b: Expr, ty?: Ty): Expr => ({ k: 'bin', op, a, b, ty: ty ?? binTy(op, a) }),
  un: (op: UnOp, a: Expr): Expr => ({ k: 'un', op, a, ty: op === 'not' || op === 'non' ? a.ty : 'EUReal' }),
  ite: (c: Expr, a: Expr, b: Expr): Expr => ({ k: 'ite', c, a, b, ty: a.ty }),
  cast: (a: Expr, ty: Ty): Expr => (tyEq(a.ty, ty) ? a : { k: 'cast', a, ty }),
  quant: (q: QuantOp, vars: readonly QVar[], body: Expr, triggers: readonly (readonly Expr[])[] = []): Expr =>
    ({ k: 'quant', q, vars, triggers, body, ty: body.ty }),
};

function binTy(op: BinOp, a: Expr): Ty | undefined {
  switch (op) {
    case '&&': case '||': case '==': case '!=': case '<': case '<=': case '>': case '>=': return 'Bool';
    default: return a.ty;
  }
}

export function tyEq(a: Ty | undefined, b: Ty | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if ('list' in a) return 'list' in b && tyEq(a.list, b.list);
  return 'domain' in b && a.domain === b.domain;
}

export function tyToString(t: Ty): string {
  if (typeof t === 'string') return t;
  if ('list' in t) return `[]${tyToString(t.list)}`;
  return t.domain;
}

/** The lattice-dual direction. */
export function flip(d: Dir): Dir { return d === 'down' ? 'up' : 'down'; }
