// Function bodies: top-level `fn` declarations — signatures (resolved once per program, so their type
// and effect variables are stable), bodies (checked on demand, so order does not matter and recursion
// is seen), inferred result types and effects — and lambdas (parameter types from their context,
// captures); and the rule that `print` lives only in pure code.

import type { FnDecl, Lambda } from './ast.js';
import type { Span } from './span.js';
import { newCtx, typed, withScope, type Ctx, type Env, type FnSig, type Persistent, type Run } from './check-context.js';
import { checkAgainst, checkExpr } from './check-expr.js';
import { checkSpecs } from './check-spec.js';
import { mentionsFn, refineEffects, resolveType } from './resolve-type.js';
import {
  ErrorT, Never, PURE, fnOf, freshTypeVar, hasError, isSubtype, joinLatent, latentLeq, lub, typeEquals, typeToString,
  upperEffect, type FnType, type Type, type TypeVar,
} from './types.js';

/** Resolves the signature of every fn once; reports duplicate names and unknown types. */
export function resolveSignatures(fns: FnDecl[], state: Persistent): void {
  const report = (m: string, span: Span): void => {
    state.sigDiagnostics.push({ severity: 'error', message: m, span, phase: 'check' });
  };
  const seen = new Map<string, FnDecl>();
  for (const fn of fns) {
    const prev = seen.get(fn.name);
    if (prev) {
      state.sigDiagnostics.push({
        severity: 'error', message: `the function \`${fn.name}\` is defined twice`, span: fn.nameSpan, phase: 'check',
        notes: [{ message: 'first defined here', span: prev.nameSpan }],
      });
    } else {
      seen.set(fn.name, fn);
    }
    const typeParams: TypeVar[] = [];
    const byName = new Map<string, TypeVar>();
    for (const tp of fn.typeParams) {
      if (byName.has(tp.name)) report(`the type parameter \`${tp.name}\` appears twice`, tp.span);
      const v = freshTypeVar(tp.name);
      typeParams.push(v);
      byName.set(tp.name, v);
    }
    const names = new Set<string>();
    const params = fn.params.map((p) => {
      if (names.has(p.name)) report(`the parameter \`${p.name}\` appears twice`, p.span);
      names.add(p.name);
      if (!p.type) {
        report(`the parameter \`${p.name}\` of \`${fn.name}\` needs a type, as in \`${p.name}: Real\``, p.span);
        return ErrorT;
      }
      return resolveType(p.type, byName, 'poly', report);
    });
    const sig: FnSig = fn.result
      ? { params, typeParams, typeParamsByName: byName, declaredResult: resolveType(fn.result, byName, 'plain', report) }
      : { params, typeParams, typeParamsByName: byName };
    state.sigs.set(fn, sig);
  }
}

/** Checks the body and specifications of a top-level fn (once per pass); a cycle marks it recursive. */
export function checkFnDecl(run: Run, decl: FnDecl): void {
  const status = run.fnStatus.get(decl);
  if (status === 'done') return;
  if (status === 'checking') {
    run.recursive.add(decl);
    return;
  }
  run.fnStatus.set(decl, 'checking');
  // A fn is checked once per pass, wherever it is first met — maybe inside a trial whose messages
  // are dropped — so its own messages always go to the pass.
  const saved = run.diagnostics;
  run.diagnostics = run.main;
  try {
    checkFnBody(run, decl);
  } finally {
    run.diagnostics = saved;
  }
}

function checkFnBody(run: Run, decl: FnDecl): void {
  const { state } = run;
  const sig = state.sigs.get(decl)!;
  const ctx = newCtx({
    kind: 'fn', label: `\`${decl.name}\``, fn: decl, root: decl, typeParams: sig.typeParamsByName,
    ...(sig.declaredResult ? { declaredResult: sig.declaredResult } : {}),
  });
  const scope = run.globals.child();
  decl.params.forEach((p, i) => {
    const b = run.binding('param', p.name, p.span, sig.params[i]!);
    p.$binding = b;
    run.owner.set(b, ctx);
    scope.define(b);
  });
  const env = { run, ctx, scope };
  const declared = sig.declaredResult;
  const bodyT = declared ? checkAgainst(env, decl.body, declared) : checkExpr(env, decl.body);

  let result: Type;
  if (declared) {
    result = mentionsFn(declared) ? refineEffects(declared, bodyT) : declared;
  } else {
    result = bodyT;
    for (const r of ctx.returns) {
      const l = lub(result, r.type);
      if (l) result = l;
      else run.error(`\`${decl.name}\` returns values of different types: expected ${typeToString(result)}, found ${typeToString(r.type)}; declare its result type`, r.span);
    }
    if (result.kind === 'Never' && run.recursive.has(decl)) {
      run.error(`cannot infer the result type of the recursive function \`${decl.name}\`; declare it, as in \`fn ${decl.name}(…) -> Real\``, decl.nameSpan);
    }
  }

  // Join with what earlier passes assumed; a change means callers must be checked again.
  // Only code checked while this fn was in progress (recursion) used the old assumption.
  const oldR = state.fnResult.get(decl);
  const newR = oldR ? lub(oldR, result) ?? result : result;
  const oldE = state.fnEffect.get(decl);
  const newE = oldE ? joinLatent(oldE, ctx.effect) : ctx.effect;
  const differs = !oldR || !typeEquals(oldR, newR) || !oldE || !latentLeq(newE, oldE);
  if (differs && run.assumed.has(decl)) state.changed = true;
  state.fnResult.set(decl, newR);
  state.fnEffect.set(decl, newE);
  const prev = state.fnCauses.get(decl) ?? {};
  const causes: Ctx['causes'] = {};
  const sampling = ctx.causes.sampling ?? prev.sampling;
  const conditioning = ctx.causes.conditioning ?? prev.conditioning;
  if (sampling) causes.sampling = sampling;
  if (conditioning) causes.conditioning = conditioning;
  state.fnCauses.set(decl, causes);

  checkSpecs(run, decl, ctx, scope, newR);
  checkPrints(run, ctx);
  run.fnStatus.set(decl, 'done');
  const t = fnTypeOf(run, decl);
  decl.$type = t;
  decl.$effect = upperEffect(t.effect);
  if (decl.$binding) decl.$binding.type = t;
}

/** `print` is allowed only in pure code (and at top level): report each `print` in code that may sample or condition. */
export function checkPrints(run: Run, ctx: Ctx): void {
  if (ctx.prints.length === 0) return;
  const eff = upperEffect(ctx.effect);
  if (eff === 'pure') return;
  const cause = ctx.causes.conditioning ?? ctx.causes.sampling;
  const does = eff === 'sampling' ? 'samples' : ctx.effect.vars.length > 0 && ctx.effect.base !== 'conditioning' ? 'may sample or condition through a function argument' : 'conditions';
  for (const p of ctx.prints) {
    run.error(`\`print\` is only allowed in pure code and at top level, but ${ctx.label} ${does}${cause ? ` (${cause.what} at ${cause.span.line}:${cause.span.col})` : ''}`, p.span);
  }
}

// ---------------------------------------------------------------------------------------------
// Lambdas
// ---------------------------------------------------------------------------------------------

/**
 * Checks a lambda. `expectedParams` gives the types of unannotated parameters (from the callee's
 * signature or a declared type); `expectedResult` is checked against the body when given.
 */
export function checkLambda(env: Env, lam: Lambda, expectedParams?: readonly Type[], expectedResult?: Type): FnType {
  const { run } = env;
  const report = (m: string, sp: Parameters<Run['error']>[1]): void => run.error(m, sp);
  const declared = lam.result ? resolveType(lam.result, env.ctx.typeParams, 'plain', report) : undefined;
  const target = declared ?? expectedResult;
  const ctx = newCtx({
    kind: 'lambda', label: 'this lambda', lambda: lam, parent: env.ctx, root: env.ctx.root,
    typeParams: env.ctx.typeParams,
    ...(target ? { declaredResult: target } : {}),
  });
  let exp = expectedParams;
  if (exp && exp.length !== lam.params.length) {
    run.error(`expected a function of ${exp.length} parameter${exp.length === 1 ? '' : 's'}, found one of ${lam.params.length}`, lam.span);
    exp = undefined;
  }
  const inner = withScope({ run, ctx, scope: env.scope });
  const seen = new Set<string>();
  const params = lam.params.map((p, i) => {
    if (seen.has(p.name)) run.error(`the parameter \`${p.name}\` appears twice`, p.span);
    seen.add(p.name);
    let t: Type;
    if (p.type) {
      t = resolveType(p.type, ctx.typeParams, 'poly', report);
      const e = exp?.[i];
      if (e && !hasError(e) && !isSubtype(e, t)) run.error(`expected ${typeToString(e)}, found ${typeToString(t)}`, p.type.span);
    } else if (exp) {
      t = exp[i]!;
    } else {
      run.error(`cannot infer the type of the parameter \`${p.name}\`; annotate it, as in \`fn(${p.name}: Real) => …\``, p.span);
      t = ErrorT;
    }
    const b = run.binding('param', p.name, p.span, t);
    p.$binding = b;
    run.owner.set(b, ctx);
    if (p.name !== '_') inner.scope.define(b);
    return t;
  });
  const bodyT = target ? checkAgainst(inner, lam.body, target) : checkExpr(inner, lam.body);
  let result: Type = bodyT;
  for (const r of ctx.returns) {
    const l = lub(result, r.type);
    if (!l && !target) run.error(`this lambda returns values of different types: expected ${typeToString(result)}, found ${typeToString(r.type)}`, r.span);
    else if (l) result = l;
  }
  if (declared) result = mentionsFn(declared) ? refineEffects(declared, bodyT) : declared;
  checkPrints(run, ctx);
  lam.$effect = upperEffect(ctx.effect);
  lam.$captures = [...ctx.captures];
  return typed(lam, fnOf(params, result, ctx.effect));
}

/** The type of a top-level fn as currently known (result and effect may still be being inferred). */
export function fnTypeOf(run: Run, decl: FnDecl): FnType {
  if (run.fnStatus.get(decl) !== 'done') run.assumed.add(decl);
  const sig = run.state.sigs.get(decl)!;
  const result = run.state.fnResult.get(decl) ?? sig.declaredResult ?? Never;
  const effect = run.state.fnEffect.get(decl) ?? PURE;
  return fnOf(sig.params, result, effect, sig.typeParams);
}

