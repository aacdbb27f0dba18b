// Specifications (language.md §7): `requires b`, `ensures E[f] <= g` (and `>=`, and `P[b]`), loop
// invariants and loop attributes. `result` is in scope in `ensures`, `cost` only inside `E[…]`,
// `[b]` is a Real, and expectations must be non-negative (an Int or a `-` outside `max(…, 0)` is an error).

import type { Attribute, Expect, Expr, FnDecl } from './ast.js';
import { type Ctx, type Env, type Run } from './check-context.js';
import { checkAgainst, checkExpr, mismatch } from './check-expr.js';
import { printExpr as exprToString } from './print.js';
import type { Scope } from './scope.js';
import { closest } from './suggest.js';
import { Bool, Nat, Real, type Type } from './types.js';

/** Checks the `requires`/`ensures` clauses of `decl`, whose body has been checked (so its result type is known). */
export function checkSpecs(run: Run, decl: FnDecl, ctx: Ctx, scope: Scope, result: Type): void {
  for (const spec of decl.specs) {
    const s = scope.child();
    if (spec.kind === 'ensures') {
      const rb = run.binding('result', 'result', decl.nameSpan, result);
      s.define(rb);
      s.define(run.binding('cost', 'cost', decl.nameSpan, Real));
    }
    const env: Env = { run, ctx, scope: s };
    ctx.spec = { clause: spec.kind, inExpect: false };
    try {
      if (spec.kind === 'requires') {
        checkAgainst(env, spec.expr, Bool);
        continue;
      }
      const e = spec.expr;
      if (e.kind === 'Binary' && (e.op === '<=' || e.op === '>=') && e.left.kind === 'Expect') {
        checkExpr(env, e.left);
        checkAgainst(env, e.right, Real);
        nonNegative(env, e.right, 'a bound');
        e.$type = Bool;
      } else {
        run.error('an `ensures` clause has the form `E[f] <= g`, `E[f] >= g`, `P[b] <= p` or `P[b] >= p`', e.span);
        run.capture(() => checkExpr(env, e));
      }
    } finally {
      ctx.spec = undefined;
    }
  }
}

/** `E[f]` (f a non-negative Real) or `P[b]` (b a Bool) inside a specification; a Real. */
export function checkExpectation(env: Env, e: Expect): Type {
  const spec = env.ctx.spec!;
  if (spec.clause !== 'ensures') {
    env.run.error(`\`${e.which}[…]\` is only allowed in \`ensures\` clauses`, e.nameSpan);
  } else if (spec.inExpect) {
    env.run.error(`\`${e.which}[…]\` cannot be nested`, e.nameSpan);
  }
  const saved = spec.inExpect;
  spec.inExpect = true;
  try {
    if (e.which === 'P') {
      checkAgainst(env, e.body, Bool);
    } else {
      const t = checkExpr(env, e.body, Real);
      if (t.kind === 'Bool') {
        env.run.error(`expected Real, found Bool; write \`P[${exprToString(e.body)}]\` for the probability of a condition`, e.body.span);
      } else {
        mismatch(env, t, Real, e.body.span);
        nonNegative(env, e.body, 'an expectation');
      }
    }
  } finally {
    spec.inExpect = saved;
  }
  return Real;
}

/** A loop invariant: a non-negative Real expression over the loop's variables. */
export function checkInvariant(env: Env, inv: Expr): void {
  const saved = env.ctx.spec;
  env.ctx.spec = { clause: 'invariant', inExpect: false };
  try {
    checkAgainst(env, inv, Real);
    nonNegative(env, inv, 'an invariant');
  } finally {
    env.ctx.spec = saved;
  }
}

/** Proof-rule attributes of loops (the verifier gives them meaning; the checker checks names and shapes). */
const attributes: Record<string, { min: number; max: number; nats: number }> = {
  invariant: { min: 1, max: 1, nats: 0 },
  k_induction: { min: 2, max: 2, nats: 1 },
  unroll: { min: 1, max: 2, nats: 1 },
  omega_invariant: { min: 2, max: 2, nats: 0 },
  ost: { min: 4, max: 4, nats: 0 },
  past: { min: 3, max: 3, nats: 0 },
  ast: { min: 5, max: 5, nats: 0 },
  wlp: { min: 0, max: 0, nats: 0 },
};

export function checkAttribute(env: Env, a: Attribute): void {
  const { run } = env;
  const shape = attributes[a.name];
  if (!shape) {
    const near = closest(a.name, Object.keys(attributes));
    run.error(`unknown loop attribute \`@${a.name}\`${near ? `; did you mean \`@${near}\`?` : ''}`, a.span);
    return;
  }
  for (const n of a.named) run.error(`\`@${a.name}\` takes no named arguments`, n.span);
  if (a.args.length < shape.min || a.args.length > shape.max) {
    const want = shape.min === shape.max ? `${shape.min}` : `${shape.min} or ${shape.max}`;
    run.error(`\`@${a.name}\` takes ${want} argument${shape.max === 1 ? '' : 's'}, found ${a.args.length}`, a.span);
    return;
  }
  a.args.slice(0, shape.nats).forEach((arg) => {
    if (arg.kind !== 'Nat' || arg.value < (a.name === 'k_induction' ? 1 : 0)) {
      run.error(`the first argument of \`@${a.name}\` must be a whole-number literal${a.name === 'k_induction' ? ' of at least 1' : ''}`, arg.span);
    } else {
      arg.$type = Nat;
    }
  });
  const rest = a.args.slice(shape.nats);
  switch (a.name) {
    case 'invariant':
    case 'k_induction':
      rest.forEach((x) => checkInvariant(env, x));
      return;
    case 'unroll':
      rest.forEach((x) => checkInvariant(env, x));
      return;
    case 'omega_invariant': {
      // `@omega_invariant(n, I)`: `n` names the unrolling depth (a Nat) within `I`.
      const [n, inv] = rest as [Expr, Expr];
      if (n.kind !== 'Var') {
        run.error('the first argument of `@omega_invariant` names the unrolling depth, as in `@omega_invariant(n, I)`', n.span);
        return;
      }
      const scope = env.scope.child();
      const b = run.binding('let', n.name, n.span, Nat);
      n.$binding = b;
      n.$type = Nat;
      scope.define(b);
      checkInvariant({ ...env, scope }, inv);
      return;
    }
    default:
      // `@ost`, `@past`, `@ast` bind names of their own; their arguments are the verifier's to interpret.
      // They are typed where possible (so later passes see types) without reporting.
      run.capture(() => rest.forEach((x) => checkInvariant(env, x)));
  }
}

/**
 * Reports the first part of `e` that may be negative: an Int-typed value, or a `-` that is not
 * under a `max(…, 0)`. Real-typed names and calls are taken as non-negative (the verifier checks them).
 */
export function nonNegative(env: Env, e: Expr, what: string): void {
  const bad = mayBeNegative(e);
  if (!bad) return;
  const text = exprToString(bad);
  const why = bad.kind === 'Binary' || bad.kind === 'Unary' ? '' : ' is an Int and';
  env.run.error(`${what} must be non-negative, but \`${text}\`${why} may be negative; write \`max(${text}, 0)\``, bad.span);
}

function mayBeNegative(e: Expr): Expr | undefined {
  switch (e.kind) {
    case 'Nat':
    case 'Infinity':
    case 'Iverson':
    case 'Expect':
    case 'Bool':
      return undefined;
    case 'Real':
      return e.value < 0 ? e : undefined;
    case 'Unary':
      return e;
    case 'Binary':
      if (e.op === '-') return e;
      if (e.op === '+' || e.op === '*' || e.op === '/' || e.op === '%') return mayBeNegative(e.left) ?? mayBeNegative(e.right);
      return undefined;
    case 'Call': {
      const callee = e.callee.kind === 'Var' && e.callee.$binding?.kind === 'builtin' ? e.callee.name : undefined;
      if (callee === 'max' && e.args.length === 2) {
        const a = mayBeNegative(e.args[0]!);
        const b = mayBeNegative(e.args[1]!);
        return a && b ? a : undefined;
      }
      if (callee === 'min' && e.args.length === 2) return mayBeNegative(e.args[0]!) ?? mayBeNegative(e.args[1]!);
      return byType(e);
    }
    case 'If':
      return mayBeNegative(e.then) ?? (e.otherwise ? mayBeNegative(e.otherwise) : undefined);
    case 'Block':
      return e.result ? mayBeNegative(e.result) : undefined;
    default:
      return byType(e);
  }
}

function byType(e: Expr): Expr | undefined {
  return (e.$type as Type | undefined)?.kind === 'Int' ? e : undefined;
}
