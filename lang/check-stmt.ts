// Type checking of blocks and statements (language.md §4): `let` (plain, annotated, tuple, `~`),
// `var` and assignments (a `var` gets the least type of its initialiser and every assignment,
// found by the checker's fixpoint), loops with their annotations, and `return`.

import type { Assign, Binding, Block, Index, Stmt, VarRef } from './ast.js';
import type { Span } from './span.js';
import { addEffect, spanKey, typed, withScope, type Env } from './check-context.js';
import { checkAgainst, checkExpr, checkVar, mismatch } from './check-expr.js';
import { checkAttribute, checkInvariant } from './check-spec.js';
import { mentionsFn, refineEffects, resolveType } from './resolve-type.js';
import {
  Bool, ErrorT, Int, Nat, Never, Real, Unit, arrayOf, hasError, isInteger, isNumeric, isSubtype, lub, typeEquals,
  typeToString, type Type,
} from './types.js';

/**
 * Checks a block and returns its type: its trailing expression's, Unit without one, Never when it
 * ends in `return`. With `against`, a mismatch with `expected` is reported inside (at the trailing expression).
 */
export function checkBlock(env: Env, b: Block, expected?: Type, against = false, context?: string): Type {
  const inner = withScope(env);
  let diverges = false;
  for (const s of b.stmts) if (checkStmt(inner, s)) diverges = true;
  if (b.result) {
    return against && expected ? checkAgainst(inner, b.result, expected, context) : checkExpr(inner, b.result, expected);
  }
  const t = diverges ? Never : Unit;
  if (against && expected && !isSubtype(t, expected) && !hasError(expected)) {
    const last = b.stmts[b.stmts.length - 1];
    const hint = last?.kind === 'ExprStmt' && last.expr.$type && isSubtype(last.expr.$type as Type, expected)
      ? '; remove the `;` after the last expression to return its value'
      : '';
    env.run.error(`${context ? `${context}: ` : ''}expected ${typeToString(expected)}, found Unit${hint}`, last?.kind === 'ExprStmt' && hint ? last.span : b.span);
  }
  return t;
}

/** Checks one statement in `env.scope` (declarations are added to it). Returns true if it always leaves (`return`). */
export function checkStmt(env: Env, s: Stmt): boolean {
  const { run, ctx } = env;
  const report = (m: string, sp: Span): void => run.error(m, sp);
  switch (s.kind) {
    case 'Let': {
      const declared = s.type ? resolveType(s.type, ctx.typeParams, 'plain', report) : undefined;
      let t = declared ? checkAgainst(env, s.init, declared) : checkExpr(env, s.init);
      if (declared) t = mentionsFn(declared) ? refineEffects(declared, t) : declared;
      s.$binding = declare(env, s, s.name, s.nameSpan, 'let', t);
      return false;
    }
    case 'LetSample': {
      const dt = checkExpr(env, s.dist);
      let t: Type = ErrorT;
      if (dt.kind === 'Dist') t = dt.elem;
      else if (dt.kind === 'Never') t = Never;
      else if (dt.kind !== 'Error') run.error(`\`let ${s.name} ~ …\` needs a distribution, found ${typeToString(dt)}`, s.dist.span);
      addEffect(ctx, { base: 'sampling', vars: [] }, `\`let ${s.name} ~ …\``, s.span);
      if (s.type) {
        const declared = resolveType(s.type, ctx.typeParams, 'plain', report);
        mismatch(env, t, declared, s.dist.span);
        t = declared;
      }
      s.$binding = declare(env, s, s.name, s.nameSpan, 'let', t);
      return false;
    }
    case 'LetTuple': {
      const t = checkExpr(env, s.init);
      const n = s.names.length;
      let elems: readonly Type[] = s.names.map(() => ErrorT);
      if (t.kind === 'Tuple' && t.elems.length === n) elems = t.elems;
      else if (t.kind !== 'Error') run.error(`expected a tuple of ${n} elements, found ${typeToString(t)}`, s.init.span);
      s.$bindings = s.names.map((nm, i) => declare(env, s, nm.name, nm.span, 'let', elems[i]!, i));
      return false;
    }
    case 'VarDecl': {
      const key = spanKey(s.nameSpan);
      let t: Type;
      if (s.type) {
        const declared = resolveType(s.type, ctx.typeParams, 'plain', report);
        const it = checkAgainst(env, s.init, declared);
        t = mentionsFn(declared) ? refineEffects(declared, it) : declared;
        run.state.declTypes.set(key, t);
      } else {
        const it = checkExpr(env, s.init);
        t = run.state.update(key, it, lub, typeEquals);
      }
      const b = run.binding('var', s.name, s.nameSpan, t);
      run.owner.set(b, ctx);
      run.varDecls.set(b, { key, annotated: Boolean(s.type) });
      s.$binding = b;
      env.scope.define(b);
      return false;
    }
    case 'Assign':
      checkAssign(env, s);
      return false;
    case 'ExprStmt': {
      const t = checkExpr(env, s.expr);
      // `if c { return a; } else { return b; }` leaves the function.
      return t.kind === 'Never' && (s.expr.kind === 'If' || s.expr.kind === 'Block');
    }
    case 'While': {
      checkAgainst(env, s.cond, Bool);
      for (const inv of s.invariants) checkInvariant(env, inv);
      for (const a of s.attributes) checkAttribute(env, a);
      typed(s.body, checkBlock(env, s.body));
      return false;
    }
    case 'For': {
      const a = checkExpr(env, s.from);
      const b = checkExpr(env, s.to);
      for (const [t, e] of [[a, s.from], [b, s.to]] as const) {
        if (!isInteger(t) && t.kind !== 'Error' && t.kind !== 'Never') run.error(`a \`for\` bound must be a Nat or an Int, found ${typeToString(t)}`, e.span);
      }
      const it = a.kind === 'Nat' && b.kind === 'Nat' ? Nat : Int;
      const inner = withScope(env);
      const ib = run.binding('for', s.name, s.nameSpan, it);
      run.owner.set(ib, ctx);
      s.$binding = ib;
      inner.scope.define(ib);
      for (const inv of s.invariants) checkInvariant(inner, inv);
      for (const at of s.attributes) checkAttribute(inner, at);
      typed(s.body, checkBlock(inner, s.body));
      return false;
    }
    case 'Return': {
      if (ctx.kind === 'top') {
        run.error('`return` is only allowed inside a function', s.span);
        if (s.value) checkExpr(env, s.value);
        return true;
      }
      const want = ctx.declaredResult;
      let t: Type = Unit;
      if (s.value) t = want ? checkAgainst(env, s.value, want) : checkExpr(env, s.value);
      else if (want) mismatch(env, Unit, want, s.span);
      ctx.returns.push({ type: t, expr: s.value, span: s.value?.span ?? s.span });
      return true;
    }
  }
}

/**
 * Declares a `let` name. A `let` directly at top level is a global (visible in every fn): its Binding
 * was made before the pass, so fns checked earlier share it, and its type joins the fixpoint.
 */
function declare(env: Env, stmt: Stmt, name: string, span: Span, kind: 'let', t: Type, index = 0): Binding {
  const { run, ctx } = env;
  const pre = run.topBindings.get(stmt)?.[index];
  if (pre) {
    pre.type = t;
    run.globalsDone.add(pre);
    const key = spanKey(span);
    const old = run.state.declTypes.get(key);
    if (!old || !typeEquals(old, t)) {
      run.state.declTypes.set(key, t);
      // Only code that read the global before this statement saw the old type.
      if (run.globalsReadEarly.has(pre)) run.state.changed = true;
    }
    if (name !== '_') {
      env.scope.define(pre);
      if (run.laterGlobals.get(name) === pre) run.laterGlobals.delete(name);
    }
    return pre;
  }
  const b = run.binding(kind, name, span, t);
  run.owner.set(b, ctx);
  if (name !== '_') env.scope.define(b);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Assignments
// ---------------------------------------------------------------------------------------------

const describe: Record<string, string> = {
  let: 'a `let`', global: 'a top-level `let`', param: 'a parameter', fn: 'a function', builtin: 'a built-in',
  for: 'a loop variable', result: '`result`', cost: '`cost`',
};

function checkAssign(env: Env, s: Assign): void {
  const { run, ctx } = env;
  // Peel `a[i][j]` down to the variable.
  const indexes: Index[] = [];
  let target: VarRef | Index = s.target;
  while (target.kind === 'Index') {
    indexes.unshift(target);
    if (target.target.kind !== 'Var' && target.target.kind !== 'Index') {
      run.error('only a `var` or an element of one can be assigned', target.target.span);
      checkExpr(env, s.value);
      return;
    }
    target = target.target;
  }
  const v = target;
  const varType = checkVar(env, v, false);
  typed(v, varType);
  const b = v.$binding;
  let ok = Boolean(b);
  if (b && b.kind !== 'var') {
    run.error(`cannot assign to \`${v.name}\`: it is ${describe[b.kind] ?? 'not a `var`'}${b.kind === 'let' || b.kind === 'global' ? '; declare it with `var` to change it' : ''}`, v.span);
    ok = false;
  } else if (b && run.owner.get(b) !== ctx) {
    run.error(`a lambda cannot assign \`${v.name}\`, a \`var\` of the enclosing code: closures capture values, not variables`, v.span);
    ok = false;
  }
  // The element type at the assigned position.
  let elem: Type = varType;
  for (const ix of indexes) {
    const it = checkExpr(env, ix.index);
    if (!isInteger(it) && it.kind !== 'Error' && it.kind !== 'Never') run.error(`an index must be a Nat or an Int, found ${typeToString(it)}`, ix.index.span);
    if (elem.kind === 'Array') elem = elem.elem;
    else {
      if (elem.kind !== 'Error' && elem.kind !== 'Never') run.error(`cannot index a value of type ${typeToString(elem)}`, ix.target.span);
      elem = ErrorT;
    }
    typed(ix, elem);
  }
  let need = checkExpr(env, s.value, elem);
  if (s.op !== '=') {
    const opName = `\`${s.op}\``;
    const numeric = (t: Type): boolean => isNumeric(t) || t.kind === 'Never' || t.kind === 'Error';
    if (!numeric(elem)) {
      run.error(`${opName} needs a number on the left, found ${typeToString(elem)}`, s.target.span);
      return;
    }
    if (!numeric(need)) {
      run.error(`${opName} needs a number, found ${typeToString(need)}`, s.value.span);
      return;
    }
    const joined = lub(elem, need) ?? Real;
    need = s.op === '-=' ? (joined.kind === 'Real' ? Real : Int) : joined.kind === 'Never' ? Nat : joined;
  }
  if (!ok || !b || hasError(need) || hasError(elem)) return;
  const info = run.varDecls.get(b);
  if (!info) return;
  if (info.annotated) {
    mismatch(env, need, elem, s.value.span);
    return;
  }
  if (isSubtype(need, elem)) return;
  // Widen the var: its new type holds the value at the assigned position.
  let wanted: Type = need;
  for (let i = 0; i < indexes.length; i++) wanted = arrayOf(wanted);
  const widened = lub(varType, wanted);
  if (!widened) {
    mismatch(env, need, elem, s.value.span, `\`${v.name}\` holds ${typeToString(varType)}`);
    return;
  }
  run.state.update(info.key, widened, lub, typeEquals);
}

