// The state the checker threads through one program: what persists between the passes of its
// fixpoint (inferred result types, effects, `var` types, which only grow), what one pass collects
// (diagnostics, bindings), and the per-function context of the code being checked.

import type { Binding, Call, Expr, FnDecl, Lambda } from './ast.js';
import type { Diagnostic, Span } from './span.js';
import { Scope } from './scope.js';
import {
  ErrorT, PURE, joinLatent, type LatentEffect, type Type, type TypeVar,
} from './types.js';

/** The name the parser gives a placeholder for unparsable input; never reported again. */
export const ERROR_NAME = '<error>';

/** Why a function has its effect: the first operation that samples / conditions, for messages. */
export interface EffectCause { what: string; span: Span }
export interface Causes { sampling?: EffectCause; conditioning?: EffectCause }

/** A top-level `fn`'s signature as written (resolved once, so its type and effect variables are stable). */
export interface FnSig {
  readonly params: readonly Type[];
  readonly typeParams: readonly TypeVar[];
  readonly typeParamsByName: ReadonlyMap<string, TypeVar>;
  readonly declaredResult?: Type;
}

/** What survives from one pass of the checker to the next. Every map only grows toward a fixpoint. */
export class Persistent {
  readonly sigs = new Map<FnDecl, FnSig>();
  /** Diagnostics about signatures, produced once. */
  readonly sigDiagnostics: Diagnostic[] = [];
  readonly fnResult = new Map<FnDecl, Type>();
  readonly fnEffect = new Map<FnDecl, LatentEffect>();
  readonly fnCauses = new Map<FnDecl, Causes>();
  /** Types of `var`s, top-level `let`s and inferred declarations, keyed by the declaring name's position. */
  readonly declTypes = new Map<string, Type>();
  /** Set when a pass changed an assumption, so another pass is needed. */
  changed = false;

  /**
   * Widens an assumption and returns the new value. A change means code checked earlier in this
   * pass saw the old value, so another pass is needed; a first value (a declaration) is no change.
   */
  update(key: string, t: Type, merge: (old: Type, t: Type) => Type | undefined, equal: (a: Type, b: Type) => boolean): Type {
    const old = this.declTypes.get(key);
    const next = old === undefined ? t : merge(old, t) ?? t;
    if (old === undefined) {
      this.declTypes.set(key, next);
    } else if (!equal(old, next)) {
      this.declTypes.set(key, next);
      this.changed = true;
    }
    return next;
  }
}

export function spanKey(s: Span): string {
  return `${s.file}:${s.start}`;
}

/** The code being checked: a top-level `fn`, a lambda, or the top-level statements. */
export interface Ctx {
  readonly kind: 'fn' | 'lambda' | 'top';
  /** For messages: "`f`", "this lambda", "top-level code". */
  readonly label: string;
  readonly fn?: FnDecl;
  readonly lambda?: Lambda;
  readonly parent?: Ctx;
  /** The top-level fn (or undefined for top-level code) this code belongs to, for use-before-`let` analysis. */
  readonly root?: FnDecl;
  /** Type parameters in scope. */
  readonly typeParams: ReadonlyMap<string, TypeVar>;
  effect: LatentEffect;
  causes: Causes;
  /** The declared result type, if any (`return e` is checked against it). */
  readonly declaredResult?: Type;
  /** Types of `return e` (and their expressions) when the result is inferred. */
  readonly returns: { type: Type; expr?: Expr; span: Span }[];
  readonly prints: Call[];
  readonly captures: Set<Binding>;
  /** Inside a specification: which clause, and whether inside `E[…]`/`P[…]`. */
  spec?: { clause: 'ensures' | 'requires' | 'invariant' | 'attribute'; inExpect: boolean };
}

export function newCtx(init: Partial<Ctx> & Pick<Ctx, 'kind' | 'label'>): Ctx {
  return {
    typeParams: new Map(),
    effect: PURE,
    causes: {},
    returns: [],
    prints: [],
    captures: new Set(),
    ...init,
  };
}

/** Records that `ctx` performs `effect` because of `what` (at `span`). */
export function addEffect(ctx: Ctx, effect: LatentEffect, what: string, span: Span): void {
  ctx.effect = joinLatent(ctx.effect, effect);
  if (effect.base === 'sampling' && !ctx.causes.sampling) ctx.causes.sampling = { what, span };
  if (effect.base === 'conditioning' && !ctx.causes.conditioning) ctx.causes.conditioning = { what, span };
}

/** Top-level references that may run a function, for the use-before-`let` check. */
export interface TopRef { fn: FnDecl; span: Span; item: number }

/** One pass of the checker over the program. */
export class Run {
  /** Where messages go now: `main`, or a buffer while `capture` tries something out. */
  diagnostics: Diagnostic[] = [];
  /** The pass's own messages (a fn checked first during a trial still reports here). */
  readonly main: Diagnostic[] = this.diagnostics;
  private nextId = 1;
  readonly fnStatus = new Map<FnDecl, 'checking' | 'done'>();
  /** Functions whose own check reached a recursive call of themselves (or a cycle through them). */
  readonly recursive = new Set<FnDecl>();
  /** Functions whose type was read while still being checked (so a change of it needs another pass). */
  readonly assumed = new Set<FnDecl>();
  /** Expressions already checked in this pass out of the usual order (long operator chains). */
  readonly prechecked = new WeakSet<object>();
  /** Global lets whose statement has been checked in this pass, and those read (by a fn) before that. */
  readonly globalsDone = new Set<Binding>();
  readonly globalsReadEarly = new Set<Binding>();
  /** Which bindings each binding's declaring code is (for captures and assignments). */
  readonly owner = new Map<Binding, Ctx>();
  /** Per top-level fn: the top-level `let`s it reads and the fns it references (with a span). */
  readonly reads = new Map<FnDecl, { globals: Map<Binding, Span>; fns: Map<FnDecl, Span> }>();
  readonly topRefs: TopRef[] = [];
  /** The top-level item being checked (index into program.items), or -1 inside a deferred fn check. */
  currentItem = -1;
  /** Index of the top-level item that declares each global binding. */
  readonly globalItem = new Map<Binding, number>();
  /** Names of top-level `var`s (not visible in `fn`s) and of top-level `let`s not yet declared. */
  readonly topVarNames = new Set<string>();
  readonly laterGlobals = new Map<string, Binding>();
  /** The pre-made global bindings of each top-level `let` statement (one per name, in order). */
  readonly topBindings = new Map<object, Binding[]>();
  /** For each `var` binding: its key in Persistent.declTypes and whether its type is annotated. */
  readonly varDecls = new Map<Binding, { key: string; annotated: boolean }>();

  /** Scopes: built-ins, then top-level fns, then (for fn bodies) every top-level let. */
  prelude!: Scope;
  decls!: Scope;
  globals!: Scope;

  constructor(readonly state: Persistent, readonly checkFn: (run: Run, fn: FnDecl) => void) {}

  binding(kind: Binding['kind'], name: string, span?: Span, type?: Type, decl?: FnDecl): Binding {
    const b: Binding = { kind, name, id: this.nextId++ };
    if (span) b.span = span;
    if (type) b.type = type;
    if (decl) b.decl = decl;
    return b;
  }

  error(message: string, span: Span, notes?: { message: string; span?: Span }[]): void {
    this.diagnostics.push(notes && notes.length > 0
      ? { severity: 'error', message, span, phase: 'check', notes }
      : { severity: 'error', message, span, phase: 'check' });
  }

  /** Runs `f` with diagnostics collected apart; returns them (the caller decides whether to keep them). */
  capture<T>(f: () => T): { value: T; diagnostics: Diagnostic[] } {
    const saved = this.diagnostics;
    this.diagnostics = [];
    try {
      const value = f();
      return { value, diagnostics: this.diagnostics };
    } finally {
      this.diagnostics = saved;
    }
  }

  readsOf(fn: FnDecl): { globals: Map<Binding, Span>; fns: Map<FnDecl, Span> } {
    let r = this.reads.get(fn);
    if (!r) this.reads.set(fn, (r = { globals: new Map(), fns: new Map() }));
    return r;
  }
}

/** Everything an expression or statement check needs. Blocks make a new Env with a child scope. */
export interface Env {
  readonly run: Run;
  readonly ctx: Ctx;
  readonly scope: Scope;
}

export function withScope(env: Env, scope: Scope = env.scope.child()): Env {
  return { run: env.run, ctx: env.ctx, scope };
}

/** Writes `$type` on an expression and returns it. */
export function typed<T extends Type>(e: { $type?: unknown }, t: T): T {
  e.$type = t;
  return t;
}

export const errorType = ErrorT;
