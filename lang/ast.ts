// The abstract syntax tree of .ppl (language.md §2–§7). Every node carries the span of its source text.
// The parser builds it; the checker fills in the `$`-prefixed semantic fields (types, effects, resolved
// bindings) in place, so later passes read one tree. Nothing here knows about engines or the verifier.

import type { Span } from './span.js';

// ---------------------------------------------------------------------------------------------
// Type expressions, as written in the source
// ---------------------------------------------------------------------------------------------

export type TypeExpr =
  /** `Bool`, `Nat`, `Int`, `Real`, `String`, `Unit`, `Tensor`, `Method`, or a type parameter `T`. */
  | { kind: 'TName'; name: string; span: Span }
  /** `Dist<T>` (the only built-in generic type constructor). */
  | { kind: 'TApp'; name: string; args: TypeExpr[]; span: Span }
  /** `[T]` */
  | { kind: 'TArray'; elem: TypeExpr; span: Span }
  /** `(T1, T2, …)` with two or more elements; `()` is `TName Unit`; `(T)` is just `T`. */
  | { kind: 'TTuple'; elems: TypeExpr[]; span: Span }
  /** `{a: T, b: U}` */
  | { kind: 'TRecord'; fields: { name: string; type: TypeExpr; span: Span }[]; span: Span }
  /** `(T1, T2) -> R` */
  | { kind: 'TFn'; params: TypeExpr[]; result: TypeExpr; span: Span };

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type BinaryOp = '||' | '&&' | '==' | '!=' | '=:=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export type UnaryOp = '!' | '-';

/** Semantic fields the checker writes on every expression. Absent before checking. */
export interface Checked {
  /** The expression's type (a `Type` of lang/types.ts; `unknown` here to keep this file free of checker types). */
  $type?: unknown;
}

export type Expr =
  | NatLit | RealLit | StringLit | BoolLit | InfinityLit | UnitLit
  | VarRef | Binary | Unary | Call | Index | Field | TupleField
  | ArrayLit | RecordLit | TupleLit | Lambda | If | Block
  | Iverson | Expect;

/** `42` — a literal without point or exponent. `value` is exact for integers up to 2^53. */
export interface NatLit extends Checked { kind: 'Nat'; value: number; span: Span }
/** `4.2`, `1e-3`, `2.0` */
export interface RealLit extends Checked { kind: 'Real'; value: number; span: Span }
/** `"text"`; `value` has its escapes decoded. */
export interface StringLit extends Checked { kind: 'String'; value: string; span: Span }
export interface BoolLit extends Checked { kind: 'Bool'; value: boolean; span: Span }
/** `infinity` (+∞, a Real). */
export interface InfinityLit extends Checked { kind: 'Infinity'; span: Span }
/** `()` */
export interface UnitLit extends Checked { kind: 'Unit'; span: Span }

/** A use of a name. The checker sets `$binding` to what it resolves to. */
export interface VarRef extends Checked { kind: 'Var'; name: string; span: Span; $binding?: Binding }

export interface Binary extends Checked { kind: 'Binary'; op: BinaryOp; left: Expr; right: Expr; opSpan: Span; span: Span }
export interface Unary extends Checked { kind: 'Unary'; op: UnaryOp; operand: Expr; span: Span }

export interface NamedArg { name: string; value: Expr; span: Span }
/**
 * `f(a, b, name: c)`. Positional arguments come first, then named ones.
 * The checker sets `$effect` to the effect of performing the call, and `$typeArgs` to the inferred
 * type arguments of a generic callee.
 */
export interface Call extends Checked {
  kind: 'Call'; callee: Expr; args: Expr[]; named: NamedArg[]; span: Span;
  $effect?: Effect; $typeArgs?: unknown[];
  /** For a call of an overloaded built-in: the index of the chosen signature in its `overloads`. */
  $overload?: number;
}
/** `a[i]` */
export interface Index extends Checked { kind: 'Index'; target: Expr; index: Expr; span: Span }
/** `r.x` */
export interface Field extends Checked { kind: 'Field'; target: Expr; name: string; nameSpan: Span; span: Span }
/** `t.0` */
export interface TupleField extends Checked { kind: 'TupleField'; target: Expr; index: number; span: Span }

export interface ArrayLit extends Checked { kind: 'Array'; elems: Expr[]; span: Span }
export interface RecordLit extends Checked { kind: 'Record'; fields: { name: string; value: Expr; span: Span }[]; span: Span }
/** `(a, b)`: two or more elements. */
export interface TupleLit extends Checked { kind: 'Tuple'; elems: Expr[]; span: Span }

/** A parameter of a fn or lambda. The checker sets `$binding` (kind `param`), shared by every use. */
export interface Param { name: string; type?: TypeExpr; span: Span; $binding?: Binding }
/**
 * `fn(x) => e`, `fn(x: Real, y: Real) => x * y`, `fn() { … }`, optionally `fn(x: Real) -> Real { … }`.
 * `body` is a `Block` for the braces form. The checker sets `$effect` (the effect of calling it)
 * and `$captures` (outer locals it reads).
 */
export interface Lambda extends Checked {
  kind: 'Lambda'; params: Param[]; result?: TypeExpr; body: Expr; span: Span;
  $effect?: Effect; $captures?: Binding[];
}

/** `if c { … } else { … }`; `else if` chains nest an `If` (wrapped in nothing) in `otherwise`. */
export interface If extends Checked { kind: 'If'; cond: Expr; then: Block; otherwise?: Block | If; span: Span }

/** `{ s1; s2; e }` — `result` is the trailing expression without a semicolon, if any. */
export interface Block extends Checked { kind: 'Block'; stmts: Stmt[]; result?: Expr; span: Span }

/** `[b]` in a specification: 1 if b else 0 (a Real). Outside specifications `[b]` is an array literal. */
export interface Iverson extends Checked { kind: 'Iverson'; cond: Expr; span: Span }
/**
 * `E[f]` or `P[b]`. The parser builds it wherever `E` or `P` is directly followed by `[`; the checker
 * accepts it only in specifications (elsewhere, if a variable `E`/`P` is in scope, it is checked as
 * indexing, else it is an error).
 */
export interface Expect extends Checked {
  kind: 'Expect'; which: 'E' | 'P'; body: Expr; nameSpan: Span; span: Span;
  /** Set by the checker when this is really `E[i]` indexing a variable named `E` (outside specifications). */
  $asIndex?: Index;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export type Stmt = Let | LetTuple | LetSample | VarDecl | Assign | ExprStmt | While | For | Return;

/** `let x = e;`, `let x: T = e;` — the checker sets `$binding`. */
export interface Let { kind: 'Let'; name: string; nameSpan: Span; type?: TypeExpr; init: Expr; span: Span; $binding?: Binding }
/** `let (a, b) = e;` — names may be `_`. */
export interface LetTuple { kind: 'LetTuple'; names: { name: string; span: Span }[]; init: Expr; span: Span; $bindings?: Binding[] }
/** `let x ~ d;` (exactly `let x = sample(d);`), `let x: T ~ d;` */
export interface LetSample { kind: 'LetSample'; name: string; nameSpan: Span; type?: TypeExpr; dist: Expr; span: Span; $binding?: Binding }
/** `var x = e;`, `var x: T = e;` */
export interface VarDecl { kind: 'VarDecl'; name: string; nameSpan: Span; type?: TypeExpr; init: Expr; span: Span; $binding?: Binding }

export type AssignOp = '=' | '+=' | '-=' | '*=';
/**
 * `x = e;`, `x += e;`, `a[i] = e;`, `a[i][j] = e;`. `target` is a `Var`, or an `Index` chain whose
 * innermost target is a `Var` naming a `var`.
 */
export interface Assign { kind: 'Assign'; op: AssignOp; target: VarRef | Index; value: Expr; span: Span }

/** An expression used as a statement: `print(x);`, `observe(d, v);`, `if c { … }` (no semicolon needed after a block-ended expression). */
export interface ExprStmt { kind: 'ExprStmt'; expr: Expr; span: Span }

/** `@name(args)` on the line(s) before a loop, e.g. `@k_induction(3)`, `@unroll(10)`, `@omega_invariant(I)`. */
export interface Attribute { name: string; args: Expr[]; named: NamedArg[]; span: Span }

/** `while c invariant I1 invariant I2 { … }` */
export interface While { kind: 'While'; cond: Expr; invariants: Expr[]; attributes: Attribute[]; body: Block; span: Span }
/** `for i in a..b invariant I { … }` — b exclusive. The checker sets `$binding` for `i`. */
export interface For {
  kind: 'For'; name: string; nameSpan: Span; from: Expr; to: Expr;
  invariants: Expr[]; attributes: Attribute[]; body: Block; span: Span; $binding?: Binding;
}
export interface Return { kind: 'Return'; value?: Expr; span: Span }

// ---------------------------------------------------------------------------------------------
// Declarations and programs
// ---------------------------------------------------------------------------------------------

/** `ensures e` or `requires e`, in source order. */
export interface Spec { kind: 'ensures' | 'requires'; expr: Expr; span: Span }

/**
 * `fn name<T, U>(x: T, …) -> R requires … ensures … { body }`.
 * The checker sets `$effect` and `$type` (the function's type, result inferred if omitted).
 */
export interface FnDecl {
  kind: 'FnDecl'; name: string; nameSpan: Span; typeParams: { name: string; span: Span }[];
  params: Param[]; result?: TypeExpr; specs: Spec[]; body: Block; span: Span;
  $effect?: Effect; $type?: unknown; $binding?: Binding;
}

/** `import "path.ppl";` — the path is relative to the importing file. */
export interface Import { kind: 'Import'; path: string; pathSpan: Span; span: Span }

export type TopItem = FnDecl | Import | Stmt;

export interface Program { kind: 'Program'; file: string; items: TopItem[]; span: Span }

// ---------------------------------------------------------------------------------------------
// Semantic information written by the checker
// ---------------------------------------------------------------------------------------------

/** pure < sampling < conditioning (language.md §3). */
export type Effect = 'pure' | 'sampling' | 'conditioning';

/**
 * What a name resolves to. One object per declaration, shared by every use, so passes can key
 * maps on it. `type` is a lang/types.ts `Type`.
 */
export interface Binding {
  kind: 'builtin' | 'fn' | 'global' | 'let' | 'var' | 'param' | 'for' | 'result' | 'cost';
  name: string;
  /** Where it is declared (absent for built-ins). */
  span?: Span;
  type?: unknown;
  /** The declaration, for `fn` bindings. */
  decl?: FnDecl;
  /** Unique within a program; stable across runs of the checker on the same text. */
  id: number;
}

export type Node = Expr | Stmt | FnDecl | Import | Program | TypeExpr;
