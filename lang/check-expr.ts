// Type checking of expressions (language.md §3–§4): literals, names, operators, indexing, fields,
// array/record/tuple literals, `if`, and the specification-only forms `[b]`, `E[…]`, `P[…]`.
// Calls and lambdas live in check-call.ts, blocks and statements in check-stmt.ts.

import type { BinaryOp, Binding, Expect, Expr, Index, VarRef } from './ast.js';
import type { Span } from './span.js';
import { builtin, builtinValueType } from './builtins.js';
import { ERROR_NAME, addEffect, typed, type Env } from './check-context.js';
import { checkCall } from './check-call.js';
import { checkLambda, fnTypeOf } from './check-fn.js';
import { checkBlock } from './check-stmt.js';
import { checkExpectation } from './check-spec.js';
import { didYouMean } from './suggest.js';
import {
  Bool, ErrorT, Int, Nat, Never, Real, Str, Unit, arrayOf, fieldType, hasError, hasTypeVars, isInteger, isNumeric, isSubtype, lub,
  recordOf, tupleOf, typeToString, type Type,
} from './types.js';

/** Checks `e` and writes its `$type`. `expected` is a hint (lambda parameters, empty arrays); no error if it differs. */
export function checkExpr(env: Env, e: Expr, expected?: Type): Type {
  if (env.run.prechecked.has(e)) return e.$type as Type;
  switch (e.kind) {
    case 'Nat':
      return typed(e, Nat);
    case 'Real':
    case 'Infinity':
      return typed(e, Real);
    case 'String':
      return typed(e, Str);
    case 'Bool':
      return typed(e, Bool);
    case 'Unit':
      return typed(e, Unit);
    case 'Var':
      return typed(e, checkVar(env, e, false));
    case 'Binary': {
      const spine = precheckLeftSpine(env, e.left);
      const t = typed(e, checkBinary(env, e.op, e.left, e.right, e.opSpan));
      // Forget the shortcut, so that a later check (a lambda checked again) sees fresh types.
      for (const x of spine) env.run.prechecked.delete(x);
      return t;
    }
    case 'Unary': {
      if (e.op === '!') {
        checkAgainst(env, e.operand, Bool);
        return typed(e, Bool);
      }
      const t = checkExpr(env, e.operand);
      if (t.kind === 'Error') return typed(e, ErrorT);
      if (!isNumeric(t) && t.kind !== 'Never') {
        env.run.error(`unary \`-\` needs a number, found ${typeToString(t)}`, e.operand.span);
        return typed(e, ErrorT);
      }
      return typed(e, t.kind === 'Real' ? Real : Int);
    }
    case 'Call':
      return typed(e, checkCall(env, e, expected));
    case 'Index':
      return typed(e, checkIndex(env, e));
    case 'Field': {
      const t = checkExpr(env, e.target);
      if (t.kind === 'Error') return typed(e, ErrorT);
      if (t.kind !== 'Record') {
        env.run.error(`\`.${e.name}\` needs a record, found ${typeToString(t)}`, e.nameSpan);
        return typed(e, ErrorT);
      }
      const ft = fieldType(t, e.name);
      if (!ft) {
        env.run.error(`${typeToString(t)} has no field \`${e.name}\`${didYouMean(e.name, t.fields.map((f) => f.name))}`, e.nameSpan);
        return typed(e, ErrorT);
      }
      return typed(e, ft);
    }
    case 'TupleField': {
      const t = checkExpr(env, e.target);
      if (t.kind === 'Error') return typed(e, ErrorT);
      if (t.kind !== 'Tuple') {
        env.run.error(`\`.${e.index}\` needs a tuple, found ${typeToString(t)}`, e.span);
        return typed(e, ErrorT);
      }
      const et = t.elems[e.index];
      if (!et) {
        env.run.error(`${typeToString(t)} has no field \`.${e.index}\` (it has ${t.elems.length} elements)`, e.span);
        return typed(e, ErrorT);
      }
      return typed(e, et);
    }
    case 'Array': {
      const hint = expected?.kind === 'Array' ? expected.elem : undefined;
      let acc: Type = Never;
      for (const el of e.elems) {
        const t = checkExpr(env, el, hint);
        const l = lub(acc, t);
        if (!l) env.run.error(`array elements must have a common type: expected ${typeToString(acc)}, found ${typeToString(t)}`, el.span);
        else acc = l;
      }
      return typed(e, arrayOf(acc));
    }
    case 'Record': {
      const seen = new Set<string>();
      const fields: { name: string; type: Type }[] = [];
      for (const f of e.fields) {
        if (seen.has(f.name)) env.run.error(`field \`${f.name}\` appears twice`, f.span);
        seen.add(f.name);
        const hint = expected?.kind === 'Record' ? fieldType(expected, f.name) : undefined;
        fields.push({ name: f.name, type: checkExpr(env, f.value, hint) });
      }
      return typed(e, recordOf(fields));
    }
    case 'Tuple': {
      const hints = expected?.kind === 'Tuple' && expected.elems.length === e.elems.length ? expected.elems : undefined;
      return typed(e, tupleOf(e.elems.map((el, i) => checkExpr(env, el, hints?.[i]))));
    }
    case 'Lambda':
      return typed(e, expected?.kind === 'Fn' && !hasTypeVarsOrError(expected)
        ? checkLambda(env, e, expected.params, expected.result)
        : expected?.kind === 'Fn' ? checkLambda(env, e, expected.params) : checkLambda(env, e));
    case 'If':
      return typed(e, checkIf(env, e, expected));
    case 'Block':
      return typed(e, checkBlock(env, e, expected));
    case 'Iverson': {
      if (!env.ctx.spec) env.run.error('an Iverson bracket `[b]` is only allowed in specifications', e.span);
      checkAgainst(env, e.cond, Bool);
      return typed(e, Real);
    }
    case 'Expect':
      return typed(e, checkExpect(env, e));
  }
}

/**
 * Checks `e` where a value of type `expected` is needed and reports a mismatch at the expression
 * whose type is wrong: into blocks and `if` branches, so `fn f() -> Bool { 1 }` is reported at `1`.
 */
export function checkAgainst(env: Env, e: Expr, expected: Type, context?: string): Type {
  if (e.kind === 'Block') return typed(e, checkBlock(env, e, expected, true, context));
  if (e.kind === 'If' && e.otherwise) {
    checkAgainst(env, e.cond, Bool);
    const a = checkAgainst(env, e.then, expected, context);
    const b = checkAgainst(env, e.otherwise, expected, context);
    return typed(e, lub(a, b) ?? expected);
  }
  const t = checkExpr(env, e, expected);
  mismatch(env, t, expected, e.span, context);
  return t;
}

/** Reports "expected X, found Y" at `span` unless `found <: expected` (or either is erroneous). */
export function mismatch(env: Env, found: Type, expected: Type, span: Span, context?: string): boolean {
  if (isSubtype(found, expected) || hasError(found) || hasError(expected)) return false;
  env.run.error(`${context ? `${context}: ` : ''}expected ${typeToString(expected)}, found ${typeToString(found)}`, span);
  return true;
}

/** The span of the value of `e`: the trailing expression of a block, recursively. */
export function valueSpan(e: Expr): Span {
  if (e.kind === 'Block' && e.result) return valueSpan(e.result);
  return e.span;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Resolves a name, records the use (captures, reads of globals), and returns its type. */
export function checkVar(env: Env, e: VarRef, callee: boolean): Type {
  if (e.name === ERROR_NAME) return ErrorT;
  const b = env.scope.lookup(e.name);
  if (!b) {
    reportUnknown(env, e.name, e.span);
    return ErrorT;
  }
  e.$binding = b;
  noteUse(env, b, e.span);
  switch (b.kind) {
    case 'builtin': {
      const bi = builtin(b.name)!;
      const vt = builtinValueType(bi);
      if (!callee && (!vt || (vt.kind === 'Fn' && vt.typeParams && vt.typeParams.length > 0))) {
        env.run.error(`the built-in \`${b.name}\` cannot be used as a value; wrap it in a lambda that calls it`, e.span);
        return ErrorT;
      }
      return vt ?? ErrorT;
    }
    case 'fn': {
      const decl = b.decl!;
      env.run.checkFn(env.run, decl);
      const t = fnTypeOf(env.run, decl);
      if (!callee && t.typeParams && t.typeParams.length > 0) {
        env.run.error(`the generic function \`${b.name}\` cannot be used as a value; wrap it in a lambda that calls it`, e.span);
        return ErrorT;
      }
      return t;
    }
    case 'cost':
      if (!env.ctx.spec?.inExpect) env.run.error('`cost` can only appear inside `E[…]`', e.span);
      return (b.type as Type | undefined) ?? Real;
    default:
      return (b.type as Type | undefined) ?? ErrorT;
  }
}

function reportUnknown(env: Env, name: string, span: Span): void {
  const { run, ctx } = env;
  if (ctx.root && run.topVarNames.has(name) && !run.globals.lookup(name)) {
    run.error(`\`${name}\` is a top-level \`var\`, which functions cannot read; make it a \`let\` or pass it as an argument`, span);
    return;
  }
  if (!ctx.root) {
    const later = run.laterGlobals.get(name);
    if (later) {
      run.error(`\`${name}\` is used before its \`let\` (line ${later.span!.line})`, span, [{ message: `\`${name}\` is defined here`, span: later.span }]);
      return;
    }
  }
  if (name === 'result' && ctx.spec) {
    run.error('`result` is only in scope in `ensures` clauses', span);
    return;
  }
  run.error(`unknown name \`${name}\`${didYouMean(name, env.scope.visibleNames())}`, span);
}

/** Bookkeeping for one use of `b`: lambda captures, and what top-level fns read (use before `let`). */
function noteUse(env: Env, b: Binding, span: Span): void {
  const { run, ctx } = env;
  if (b.kind === 'fn') {
    if (ctx.root) run.readsOf(ctx.root).fns.set(b.decl!, run.readsOf(ctx.root).fns.get(b.decl!) ?? span);
    else if (run.currentItem >= 0) run.topRefs.push({ fn: b.decl!, span, item: run.currentItem });
    return;
  }
  if (b.kind === 'global') {
    if (ctx.root && !run.readsOf(ctx.root).globals.has(b)) run.readsOf(ctx.root).globals.set(b, span);
    if (!run.globalsDone.has(b)) run.globalsReadEarly.add(b);
    return;
  }
  const owner = run.owner.get(b);
  if (!owner) return;
  for (let c: typeof ctx | undefined = ctx; c && c !== owner; c = c.parent) {
    if (c.kind === 'lambda') c.captures.add(b);
  }
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

/**
 * A long left-nested chain (`a + b + c + …`, thousands of terms in generated code) is checked from
 * the innermost operation outwards in a loop, so that checking it does not recurse once per term.
 */
function precheckLeftSpine(env: Env, left: Expr): Expr[] {
  if (left.kind !== 'Binary' || env.run.prechecked.has(left)) return [];
  const spine: Expr[] = [];
  for (let cur: Expr = left; cur.kind === 'Binary'; cur = cur.left) spine.push(cur);
  if (spine.length < 64) return [];
  for (let i = spine.length - 1; i >= 0; i--) {
    checkExpr(env, spine[i]!);
    env.run.prechecked.add(spine[i]!);
  }
  return spine;
}

const opName = (op: string): string => `\`${op}\``;

function checkBinary(env: Env, op: BinaryOp, left: Expr, right: Expr, opSpan: Span): Type {
  switch (op) {
    case '||':
    case '&&':
      checkAgainst(env, left, Bool);
      checkAgainst(env, right, Bool);
      return Bool;
    case '==':
    case '!=': {
      const l = checkExpr(env, left);
      const r = checkExpr(env, right, l);
      if (hasError(l) || hasError(r)) return Bool;
      if (!comparable(l)) env.run.error(`${opName(op)} cannot compare values of type ${typeToString(l)}`, left.span);
      else if (!comparable(r)) env.run.error(`${opName(op)} cannot compare values of type ${typeToString(r)}`, right.span);
      else if (!lub(l, r)) env.run.error(`${opName(op)} compares values of one type: expected ${typeToString(l)}, found ${typeToString(r)}`, right.span);
      return Bool;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const l = checkExpr(env, left);
      const r = checkExpr(env, right);
      if (l.kind === 'String' && r.kind === 'String') return Bool;
      numericOperand(env, op, l, left.span);
      numericOperand(env, op, r, right.span);
      return Bool;
    }
    case '=:=': {
      checkAgainst(env, left, Real);
      checkAgainst(env, right, Real);
      if (env.ctx.spec) {
        env.run.error('a specification must be pure, but `=:=` conditions', opSpan);
        return Unit;
      }
      addEffect(env.ctx, { base: 'conditioning', vars: [] }, '`=:=`', opSpan);
      if (env.ctx.kind === 'top') {
        env.run.error('`=:=` conditions the execution, which is only allowed inside a model run by `infer`', opSpan);
      }
      return Unit;
    }
    default: {
      const l = checkExpr(env, left);
      const r = checkExpr(env, right);
      if (op === '+' && l.kind === 'String' && (r.kind === 'String' || r.kind === 'Never')) return Str;
      if (op === '+' && r.kind === 'String' && l.kind === 'Never') return Str;
      const okL = numericOperand(env, op, l, left.span);
      const okR = numericOperand(env, op, r, right.span);
      if (!okL || !okR) return ErrorT;
      // `Never` (a recursive call being inferred, an empty array's element) takes the other side's type.
      const joined = lub(l, r) ?? Real;
      const base = joined.kind === 'Never' ? Nat : joined;
      if (op === '-') return base.kind === 'Real' ? Real : Int;
      return base;
    }
  }
}

function numericOperand(env: Env, op: string, t: Type, span: Span): boolean {
  if (t.kind === 'Error') return false;
  if (isNumeric(t) || t.kind === 'Never') return true;
  env.run.error(`${opName(op)} needs numbers, found ${typeToString(t)}`, span);
  return false;
}

/** Types whose values `==` compares structurally. */
function comparable(t: Type): boolean {
  switch (t.kind) {
    case 'Fn':
    case 'Dist':
    case 'Tensor':
    case 'Method':
      return false;
    case 'Array':
      return comparable(t.elem);
    case 'Tuple':
      return t.elems.every(comparable);
    case 'Record':
      return t.fields.every((f) => comparable(f.type));
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Indexing, conditionals, expectations
// ---------------------------------------------------------------------------------------------

function checkIndex(env: Env, e: Index): Type {
  const t = checkExpr(env, e.target);
  const it = checkExpr(env, e.index);
  if (!isInteger(it) && it.kind !== 'Error' && it.kind !== 'Never') {
    env.run.error(`an index must be a Nat or an Int, found ${typeToString(it)}`, e.index.span);
  }
  if (t.kind === 'Error') return ErrorT;
  if (t.kind === 'Never') return Never;
  if (t.kind !== 'Array') {
    env.run.error(`cannot index a value of type ${typeToString(t)}`, e.target.span);
    return ErrorT;
  }
  return t.elem;
}

function checkIf(env: Env, e: Extract<Expr, { kind: 'If' }>, expected?: Type): Type {
  checkAgainst(env, e.cond, Bool);
  const a = checkExpr(env, e.then, expected);
  if (!e.otherwise) {
    if (!isSubtype(a, Unit) && !hasError(a)) {
      env.run.error(`an \`if\` without \`else\` must have type Unit, found ${typeToString(a)}; add an \`else\` branch`, valueSpan(e.then));
    }
    return Unit;
  }
  const b = checkExpr(env, e.otherwise, expected ?? a);
  const l = lub(a, b);
  if (!l) {
    env.run.error(`\`if\` and \`else\` have incompatible types: expected ${typeToString(a)}, found ${typeToString(b)}`, valueSpan(e.otherwise.kind === 'If' ? e.otherwise.then : e.otherwise));
    return ErrorT;
  }
  return l;
}

function checkExpect(env: Env, e: Expect): Type {
  if (env.ctx.spec) return checkExpectation(env, e);
  // Outside specifications `E[i]` is indexing, if a variable called `E` is in scope.
  const b = env.scope.lookup(e.which);
  if (b && b.kind !== 'builtin' && b.kind !== 'fn') {
    const target: VarRef = { kind: 'Var', name: e.which, span: e.nameSpan };
    const idx: Index = { kind: 'Index', target, index: e.body, span: e.span };
    e.$asIndex = idx;
    return typed(idx, checkIndex(env, idx));
  }
  env.run.error(`\`${e.which}[…]\` is only allowed in specifications (\`ensures\` clauses)`, e.nameSpan);
  checkExpr(env, e.body);
  return ErrorT;
}

function hasTypeVarsOrError(t: Type): boolean {
  return hasTypeVars(t) || hasError(t) || t.kind === 'Never';
}
