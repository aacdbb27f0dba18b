// Specifications (`requires`/`ensures`/`invariant` clauses and loop-attribute arguments) read `[b]` as
// the Iverson bracket, where everywhere else it is a one-element array: the parser builds arrays and
// converts the expressions of specification positions with toSpec.

import type * as A from './ast.js';

/**
 * A specification (ensures/requires/invariant clause, loop attribute argument): every one-element array
 * `[b]` in it becomes an Iverson bracket, at any depth of its expressions (statements of blocks excepted).
 */
export function toSpec(e: A.Expr): A.Expr {
  switch (e.kind) {
    case 'Array':
      if (e.elems.length === 1) return { kind: 'Iverson', cond: toSpec(e.elems[0]!), span: e.span };
      return { ...e, elems: e.elems.map(toSpec) };
    case 'Binary': return { ...e, left: toSpec(e.left), right: toSpec(e.right) };
    case 'Unary': return { ...e, operand: toSpec(e.operand) };
    case 'Call': return { ...e, callee: toSpec(e.callee), args: e.args.map(toSpec), named: e.named.map((n) => ({ ...n, value: toSpec(n.value) })) };
    case 'Index': return { ...e, target: toSpec(e.target), index: toSpec(e.index) };
    case 'Field': case 'TupleField': return { ...e, target: toSpec(e.target) };
    case 'Record': return { ...e, fields: e.fields.map((f) => ({ ...f, value: toSpec(f.value) })) };
    case 'Tuple': return { ...e, elems: e.elems.map(toSpec) };
    case 'If': {
      const r: A.If = { ...e, cond: toSpec(e.cond), then: toSpec(e.then) as A.Block };
      if (e.otherwise) r.otherwise = toSpec(e.otherwise) as A.Block | A.If;
      return r;
    }
    case 'Block': {
      const r: A.Block = { ...e, stmts: e.stmts };
      if (e.result) r.result = toSpec(e.result);
      return r;
    }
    case 'Lambda': return { ...e, body: toSpec(e.body) };
    case 'Iverson': return { ...e, cond: toSpec(e.cond) };
    case 'Expect': return { ...e, body: toSpec(e.body) };
    default: return e;
  }
}

