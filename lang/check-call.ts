// Calls: overload selection for built-ins, inference of type arguments (least upper
// bounds of what the arguments say, parameters of lambda arguments taken from the solved types),
// named arguments of methods, and effects — a call has its callee's latent effect with the effect
// variables of function-typed parameters replaced by the effects of the functions passed.

import type { Call, Expr, FnDecl, Lambda } from './ast.js';
import { builtin as lookupBuiltin, type Builtin, type Signature } from './builtins.js';
import { addEffect, typed, type Env } from './check-context.js';
import { checkAgainst, checkExpr, checkVar, mismatch, valueSpan } from './check-expr.js';
import { checkLambda } from './check-fn.js';
import { didYouMean } from './suggest.js';
import {
  ErrorT, Never, PURE, Real, arrayOf, fnOf, glb, hasError, recordOf, tupleOf, hasTypeVars, isSubtype, joinLatent, lub, substEffect,
  substType, typeEquals, typeToString, upperEffect, type FnType, type LatentEffect, type Subst, type Type,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// Type-argument inference
// ---------------------------------------------------------------------------------------------

/**
 * Bounds on the type variables of one call. Lower bounds come from covariant positions, upper ones
 * from contravariant positions (a parameter of a function argument). Bounds from inside a `Dist<…>`
 * are firm: `observe(Poisson(3.0), 2.5)` must not widen `T` to Real, because a distribution's element
 * type is what it is, while `append([1, 2], 2.5)` is `[Real]`.
 */
class Bounds {
  private readonly lower = new Map<number, { t: Type; firm: boolean }[]>();
  private readonly upper = new Map<number, Type[]>();
  private readonly effects = new Map<number, LatentEffect>();
  constructor(private readonly vars: ReadonlySet<number>) {}

  collect(p: Type, a: Type, positive: boolean, firm = false): void {
    if (a.kind === 'Error') {
      this.poison(p);
      return;
    }
    switch (p.kind) {
      case 'TypeVar':
        if (!this.vars.has(p.id)) return;
        if (positive) push(this.lower, p.id, { t: a, firm });
        else push(this.upper, p.id, a);
        return;
      case 'Array':
        if (a.kind === 'Array') this.collect(p.elem, a.elem, positive, firm);
        return;
      case 'Dist':
        if (a.kind === 'Dist') this.collect(p.elem, a.elem, positive, true);
        return;
      case 'Tuple':
        if (a.kind === 'Tuple' && a.elems.length === p.elems.length) p.elems.forEach((e, i) => this.collect(e, a.elems[i]!, positive, firm));
        return;
      case 'Record':
        if (a.kind === 'Record') {
          for (const f of p.fields) {
            const g = a.fields.find((x) => x.name === f.name);
            if (g) this.collect(f.type, g.type, positive, firm);
          }
        }
        return;
      case 'Fn':
        if (a.kind !== 'Fn' || a.params.length !== p.params.length) return;
        p.params.forEach((q, i) => this.collect(q, a.params[i]!, !positive, firm));
        this.collect(p.result, a.result, positive, firm);
        for (const v of p.effect.vars) this.effects.set(v, joinLatent(this.effects.get(v) ?? PURE, a.effect));
        return;
      default:
        return;
    }
  }

  /** Every variable in `p` is solved as the error type (its argument was erroneous). */
  private poison(p: Type): void {
    switch (p.kind) {
      case 'TypeVar':
        if (this.vars.has(p.id)) push(this.lower, p.id, { t: ErrorT, firm: true });
        return;
      case 'Array':
      case 'Dist':
        return this.poison(p.elem);
      case 'Tuple':
        return p.elems.forEach((e) => this.poison(e));
      case 'Record':
        return p.fields.forEach((f) => this.poison(f.type));
      case 'Fn':
        p.params.forEach((q) => this.poison(q));
        this.poison(p.result);
        for (const v of p.effect.vars) this.effects.set(v, PURE);
        return;
      default:
        return;
    }
  }

  /** The least solution: LUB of the (firm, if any) lower bounds, else GLB of the upper bounds. */
  solve(): Subst {
    const types = new Map<number, Type>();
    for (const id of this.vars) {
      const lows = this.lower.get(id) ?? [];
      const firm = lows.filter((l) => l.firm);
      const use = firm.length > 0 ? firm : lows;
      if (use.length > 0) {
        let acc: Type = Never;
        // A bound that has no LUB with the others is skipped; the final check reports its argument.
        for (const l of use) acc = lub(acc, l.t) ?? acc;
        types.set(id, acc);
        continue;
      }
      const ups = this.upper.get(id) ?? [];
      if (ups.length > 0) {
        let acc: Type = ups[0]!;
        for (const u of ups.slice(1)) acc = glb(acc, u) ?? acc;
        types.set(id, acc);
      }
    }
    return { types, effects: new Map(this.effects) };
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** `s` with every variable in `vars` that it does not solve mapped to `fill`. */
function closeSubst(s: Subst, vars: ReadonlySet<number>, fill: Type): Subst {
  const types = new Map(s.types);
  for (const v of vars) if (!types.has(v)) types.set(v, fill);
  return { types, effects: s.effects };
}

/** Lambdas whose parameters are not all annotated need their types from the callee's signature. */
function needsContext(e: Expr): e is Lambda {
  return e.kind === 'Lambda' && e.params.some((p) => !p.type);
}

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

export function checkCall(env: Env, call: Call, expected?: Type): Type {
  const { callee } = call;
  let t: Type;
  let label = 'this call';
  if (callee.kind === 'Var') {
    t = typed(callee, checkVar(env, callee, true));
    label = `\`${callee.name}\``;
    const b = callee.$binding;
    if (b?.kind === 'builtin') return checkBuiltinCall(env, call, lookupBuiltin(b.name)!, expected);
  } else {
    t = checkExpr(env, callee);
  }
  if (t.kind !== 'Fn') {
    if (t.kind !== 'Error' && t.kind !== 'Never') {
      env.run.error(`${callee.kind === 'Var' ? `\`${callee.name}\` is not a function; it has` : 'this is not a function; it has'} type ${typeToString(t)}`, callee.span);
    }
    call.args.forEach((a) => checkExpr(env, a));
    call.named.forEach((n) => checkExpr(env, n.value));
    return t.kind === 'Never' ? Never : ErrorT;
  }
  for (const n of call.named) {
    env.run.error(`${label} takes no named arguments`, n.span);
    checkExpr(env, n.value);
  }
  if (!arityOk(env, call, label, [t.params.length])) return ErrorT;
  const decl = callee.kind === 'Var' && callee.$binding?.kind === 'fn' ? callee.$binding.decl : undefined;
  return applySig(env, call, t, label, { decl });
}

function arityOk(env: Env, call: Call, label: string, arities: number[]): boolean {
  const n = call.args.length;
  if (arities.includes(n)) return true;
  const sorted = [...new Set(arities)].sort((a, b) => a - b);
  const want = sorted.length === 1
    ? `${sorted[0]} argument${sorted[0] === 1 ? '' : 's'}`
    : `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]} arguments`;
  const span = n > Math.max(...sorted) ? call.args[Math.max(...sorted)]!.span : call.span;
  const example = label === '`infer`' ? ': a model and a method, as in `infer(model, Enumerate)`' : '';
  env.run.error(`${label} takes ${want}, found ${n}${example}`, span);
  call.args.forEach((a) => checkExpr(env, a));
  call.named.forEach((na) => checkExpr(env, na.value));
  return false;
}

function checkBuiltinCall(env: Env, call: Call, bi: Builtin, expected?: Type): Type {
  const label = `\`${bi.name}\``;
  if (bi.overloads.length === 0) {
    env.run.error(`${label} is not a function; it has type ${typeToString(bi.value!)}`, call.callee.span);
    call.args.forEach((a) => checkExpr(env, a));
    return ErrorT;
  }
  if (bi.name === 'mem') return checkMem(env, call, expected);
  if (!arityOk(env, call, label, bi.overloads.map((o) => o.type.params.length))) return ErrorT;
  const fits = bi.overloads.map((o, i) => ({ o, i })).filter(({ o }) => o.type.params.length === call.args.length);
  checkNamed(env, call, label, fits[0]!.o);
  if (fits.length === 1) {
    if (bi.overloads.length > 1) call.$overload = fits[0]!.i;
    return applySig(env, call, fits[0]!.o.type, label, { builtin: bi });
  }
  // Several forms of this arity (`abs`, `Normal`, `UniformInt`): type the arguments once, take the first form that fits.
  const argTypes = call.args.map((a) => checkExpr(env, a));
  let chosen = fits.find(({ o }) => accepts(o.type, argTypes));
  if (!chosen) {
    const structured = momentOfStructure(bi.name, argTypes);
    if (structured !== undefined) return applySig(env, call, structured, label, { builtin: bi, argTypes });
  }
  if (!chosen) chosen = fits.find(({ i }) => i === bi.primary) ?? fits[0]!;
  call.$overload = chosen.i;
  return applySig(env, call, chosen.o.type, label, { builtin: bi, argTypes });
}

/**
 * `mean`, `variance` and `sd` of a distribution over a structure of numbers — tuples, records and arrays
 * nested freely, e.g. the joint posterior of regression coefficients `Dist<(Real, Real)>` — answer in the
 * same structure, every number a Real: `mean(d: Dist<(Real, {a: Real})>) -> (Real, {a: Real})`.
 */
function momentOfStructure(name: string, argTypes: Type[]): FnType | undefined {
  if (name !== 'mean' && name !== 'variance' && name !== 'sd') return undefined;
  const d = argTypes[0];
  if (argTypes.length !== 1 || d === undefined || d.kind !== 'Dist') return undefined;
  const real = (t: Type): Type | undefined => {
    switch (t.kind) {
      case 'Nat': case 'Int': case 'Real':
        return Real;
      case 'Array': {
        const e = real(t.elem);
        return e && arrayOf(e);
      }
      case 'Tuple': {
        const es = t.elems.map(real);
        return es.every((e) => e !== undefined) ? tupleOf(es as Type[]) : undefined;
      }
      case 'Record': {
        const fs = t.fields.map((f) => ({ name: f.name, type: real(f.type) }));
        return fs.every((f) => f.type !== undefined) ? recordOf(fs as { name: string; type: Type }[]) : undefined;
      }
      default:
        return undefined;
    }
  };
  const r = real(d.elem);
  return r === undefined ? undefined : fnOf([d], r);
}

/** Whether a signature accepts arguments of these types. */
function accepts(ft: FnType, argTypes: Type[]): boolean {
  const vars = new Set((ft.typeParams ?? []).map((v) => v.id));
  const b = new Bounds(vars);
  ft.params.forEach((p, i) => b.collect(p, argTypes[i]!, true));
  const s = closeSubst(b.solve(), vars, Never);
  return ft.params.every((p, i) => isSubtype(argTypes[i]!, substType(p, s)));
}

function checkNamed(env: Env, call: Call, label: string, o: Signature): void {
  const seen = new Set<string>();
  for (const n of call.named) {
    const param = o.named?.find((p) => p.name === n.name);
    if (seen.has(n.name)) env.run.error(`the option \`${n.name}\` is given twice`, n.span);
    seen.add(n.name);
    if (!param) {
      const names = (o.named ?? []).map((p) => p.name);
      env.run.error(names.length === 0
        ? `${label} takes no named arguments`
        : `${label} has no option \`${n.name}\`${didYouMean(n.name, names) || `; its options are ${names.map((x) => `\`${x}\``).join(', ')}`}`, n.span);
      checkExpr(env, n.value);
      continue;
    }
    checkAgainst(env, n.value, param.type);
    if (param.oneOf && n.value.kind === 'String' && !param.oneOf.includes(n.value.value)) {
      env.run.error(`\`${n.name}\` must be one of ${param.oneOf.map((v) => `"${v}"`).join(', ')}, found "${n.value.value}"`, n.value.span);
    }
    const lit = literalNumber(n.value);
    if (param.range && lit !== undefined && !param.range.ok(lit)) {
      env.run.error(`\`${n.name}\` must be ${param.range.text}, found ${lit}`, n.value.span);
    }
  }
}

/** The value of a numeric literal, possibly negated. */
function literalNumber(e: Expr): number | undefined {
  if (e.kind === 'Nat' || e.kind === 'Real') return e.value;
  if (e.kind === 'Unary' && e.op === '-') {
    const v = literalNumber(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/** `mem(f)` for a function of any arity: the result has f's type (and effect). */
function checkMem(env: Env, call: Call, expected?: Type): Type {
  if (!arityOk(env, call, '`mem`', [1])) return ErrorT;
  for (const n of call.named) env.run.error('`mem` takes no named arguments', n.span);
  const a = call.args[0]!;
  const t = checkExpr(env, a, expected?.kind === 'Fn' ? expected : undefined);
  call.$effect = 'pure';
  if (t.kind === 'Fn' || t.kind === 'Error') return t;
  env.run.error(`\`mem\` needs a function, found ${typeToString(t)}`, a.span);
  return ErrorT;
}

interface ApplyOpts { builtin?: Builtin; decl?: FnDecl; argTypes?: Type[] }

/**
 * Applies a (possibly generic, effect-polymorphic) function type to the call's arguments: infers
 * type arguments, checks every argument, and records the call's effect.
 */
function applySig(env: Env, call: Call, ft: FnType, label: string, opts: ApplyOpts): Type {
  const { run } = env;
  const vars = new Set((ft.typeParams ?? []).map((v) => v.id));
  const bounds = new Bounds(vars);
  const argTypes: Type[] = [];
  const deferred: number[] = [];
  const isInfer = opts.builtin?.name === 'infer';

  call.args.forEach((a, i) => {
    const p = ft.params[i]!;
    if (opts.argTypes) {
      argTypes[i] = opts.argTypes[i]!;
    } else if (isInfer && i === 0 && a.kind === 'Lambda' && a.params.length > 0) {
      run.error(`\`infer\` needs a function of no arguments, found one of ${a.params.length} parameter${a.params.length === 1 ? '' : 's'}`, a.span);
      run.capture(() => checkExpr(env, a));
      argTypes[i] = ErrorT;
    } else if (needsContext(a) && p.kind === 'Fn' && hasTypeVars(p, vars)) {
      deferred.push(i);
      return;
    } else {
      argTypes[i] = checkExpr(env, a, hasTypeVars(p, vars) ? undefined : p);
    }
    bounds.collect(p, argTypes[i]!, true);
  });

  // Lambda arguments: their parameter types come from what the other arguments determined. When
  // their result feeds back into a parameter (fold's accumulator), check again with the wider type.
  for (const i of deferred) {
    const a = call.args[i] as Lambda;
    const p = ft.params[i] as FnType;
    for (let attempt = 0; ; attempt++) {
      const s = closeSubst(bounds.solve(), vars, ErrorT);
      const params = p.params.map((q) => substType(q, s));
      const result = hasTypeVars(p.result, vars) ? undefined : substType(p.result, s);
      const trial = run.capture(() => checkLambda(env, a, params, result));
      bounds.collect(p, trial.value, true);
      const again = closeSubst(bounds.solve(), vars, ErrorT);
      const stable = p.params.every((q, j) => typeEquals(substType(q, again), params[j]!));
      if (stable || attempt === 2) {
        run.diagnostics.push(...trial.diagnostics);
        argTypes[i] = trial.value;
        break;
      }
    }
  }

  const open = bounds.solve();
  const s = closeSubst(open, vars, Never);
  call.args.forEach((a, i) => {
    // Unsolved variables stay as themselves here, so a message reads "expected [T], found String".
    const want = substType(ft.params[i]!, open);
    const got = argTypes[i]!;
    if (isSubtype(got, want) || hasError(got) || hasError(want)) return;
    // A lambda was checked against the parameter's function type already (at its body or parameters).
    if (a.kind === 'Lambda' && ft.params[i]!.kind === 'Fn') return;
    if (isInfer && i === 0) {
      run.error(got.kind === 'Fn'
        ? `\`infer\` needs a function of no arguments, found ${typeToString(got)}`
        : `\`infer\` needs a function of no arguments, found ${typeToString(got)}`, a.span);
      return;
    }
    if (opts.builtin?.name === 'mean' && got.kind === 'Array') {
      run.error(`expected ${typeToString(want)}, found ${typeToString(got)}; \`mean\` is the mean of a distribution, \`average\` that of an array`, a.span);
      return;
    }
    mismatch(env, got, want, a.kind === 'Block' || a.kind === 'If' ? valueSpan(a) : a.span);
  });

  if (ft.typeParams && ft.typeParams.length > 0) call.$typeArgs = ft.typeParams.map((v) => s.types.get(v.id) ?? Never);
  const effect = substEffect(ft.effect, s);
  call.$effect = upperEffect(effect);
  recordCallEffect(env, call, effect, label, opts);
  if (opts.builtin?.name === 'print' && env.ctx.kind !== 'top') env.ctx.prints.push(call);
  if (opts.builtin?.name === 'tick') {
    const c = call.args[0] && literalNumber(call.args[0]);
    if (c !== undefined && c < 0) run.error(`a cost must be non-negative, found ${c}`, call.args[0]!.span);
  }
  return substType(ft.result, s);
}

function recordCallEffect(env: Env, call: Call, effect: LatentEffect, label: string, opts: ApplyOpts): void {
  const { ctx, run } = env;
  if (ctx.spec) {
    // Specifications describe executions; they cannot be random themselves.
    const eff = upperEffect(effect);
    if (eff !== 'pure') run.error(`a specification must be pure, but this call of ${label} ${eff === 'sampling' ? 'samples' : 'may condition'}`, call.span);
    return;
  }
  addEffect(ctx, effect, label, call.span);
  if (ctx.kind !== 'top' || effect.base !== 'conditioning') return;
  const own = opts.decl ? run.state.fnEffect.get(opts.decl)?.base === 'conditioning' : false;
  const cause = opts.decl ? run.state.fnCauses.get(opts.decl)?.conditioning : undefined;
  if (opts.builtin && opts.builtin.category === 'probabilistic') {
    run.error(`${label} conditions the execution, which is only allowed inside a model run by \`infer\``, call.span);
  } else if (opts.decl && own) {
    run.error(`calling ${label} conditions the execution${cause ? ` (${cause.what} at ${cause.span.line}:${cause.span.col})` : ''}, which is only allowed inside \`infer\`; pass ${label} to \`infer\` instead`, call.span,
      cause ? [{ message: `${label} conditions here`, span: cause.span }] : undefined);
  } else if (call.callee.kind === 'Var' && (opts.decl || opts.builtin)) {
    run.error(`this call of ${label} conditions the execution through its function argument, which is only allowed inside a model run by \`infer\``, call.span);
  } else {
    run.error('this call conditions the execution, which is only allowed inside a model run by `infer`', call.span);
  }
}
