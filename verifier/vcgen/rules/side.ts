// Helpers for rules that discharge their premises as generated side-condition procedures (AST, PAST, OST):
// each premise is a procedure over every variable of the host procedure (all universally quantified), whose
// body is the loop body, verified as its own unit and reported under the host.

import type { Proc, Stmt, Expr, Dir, Param } from '../../ivl/index.js';
import type { RuleContext } from './rule.js';

export function sideProc(ctx: RuleContext, name: string, role: string, dir: Dir, pre: Expr, body: readonly Stmt[], post: Expr, extra: Param[] = []): Proc {
  const params: Param[] = [...[...ctx.types].map(([n, ty]) => ({ name: n, ty })), ...extra];
  return {
    name: `${ctx.proc.name}_${name}`, dir, calculus: undefined, params, returns: [], pres: [pre], posts: [post],
    body, span: ctx.proc.span, parent: ctx.proc.parent ?? ctx.proc.name, role, sideOf: ctx.proc.name,
  };
}

/** Replaces demonic choices by angelic ones (for premises that must hold under every scheduler in a coproc). */
export function angelic(ss: readonly Stmt[]): Stmt[] {
  return ss.map((s): Stmt => {
    switch (s.k) {
      case 'choice': return { ...s, op: s.op === 'demonic' ? 'angelic' : s.op, a: angelic(s.a), b: angelic(s.b) };
      case 'if': return { ...s, a: angelic(s.a), b: angelic(s.b) };
      case 'block': return { ...s, body: angelic(s.body) };
      default: return s;
    }
  });
}

export function hasAngelic(ss: readonly Stmt[]): boolean {
  return ss.some((s) => (s.k === 'choice' && (s.op !== 'demonic' || hasAngelic(s.a) || hasAngelic(s.b))) || (s.k === 'if' && (hasAngelic(s.a) || hasAngelic(s.b))) || (s.k === 'block' && hasAngelic(s.body)));
}
