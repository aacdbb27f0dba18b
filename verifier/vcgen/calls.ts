// Procedure calls through specifications (research report §2.2): `xs = Q(args)` in a procedure of the same
// direction becomes
//   var tmp_i = arg_i; assert pre_Q[params := tmps]; havoc xs; validate; assume post_Q[params := tmps, outs := xs]
// (co-twins in coprocs; several pres/posts combine with ⊓ in procs, ⊔ in coprocs). `validate` makes the call
// sound for callees that lose probability mass. Calls over-approximate in coprocs and under-approximate in procs,
// so they keep proofs sound and make refutations possibly spurious.

import type { Stmt, Expr, Proc, Dir } from '../ivl/index.js';
import { T, subst, freshName } from '../ivl/index.js';
import * as B from './build.js';

export function combine(es: readonly Expr[], dir: Dir): Expr {
  if (es.length === 0) return dir === 'down' ? B.TOP : B.BOT;
  return es.reduce((a, b) => (dir === 'down' ? B.min(a, b) : B.max(a, b)));
}

export function desugarCall(call: Stmt & { k: 'call' }, callee: Proc, dir: Dir, types: Map<string, unknown>): Stmt[] {
  const out: Stmt[] = [];
  const map = new Map<string, Expr>();
  callee.params.forEach((p, i) => {
    const tmp = freshName(`${p.name}_arg`);
    types.set(tmp, p.ty);
    out.push({ k: 'var', name: tmp, ty: p.ty, init: call.args[i]!, span: call.span });
    map.set(p.name, T.v(tmp, p.ty));
  });
  out.push({ k: 'assert', dir, e: subst(combine(callee.pres, dir), map), span: call.span, msg: `the pre of \`${callee.name}\` might not hold` });
  if (call.lhs.length) out.push({ k: 'havoc', dir, vars: call.lhs, span: call.span });
  callee.returns.forEach((r, i) => map.set(r.name, T.v(call.lhs[i]!, r.ty)));
  out.push({ k: 'validate', dir, span: call.span });
  out.push({ k: 'assume', dir, e: subst(combine(callee.posts, dir), map), span: call.span });
  return out;
}
