// Shared helpers for the checker tests: check a source expecting no errors, and find AST nodes in it.
import { expect } from 'vitest';
import { checkSource, typeToString, type Call, type FnDecl, type Program, type Type } from '../../lang/index.js';

/** Checks `src`, expecting no diagnostics; returns the checked program. */
export function checkOk(src: string, file = 'test.ppl'): Program {
  const { program, diagnostics } = checkSource(src, file, () => {
    throw Object.assign(new Error('no imports in this test'), { code: 'ENOENT' });
  });
  expect(diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`)).toEqual([]);
  return program;
}

/** The `line:col message` of every diagnostic of `src`. */
export function errorsOf(src: string): string[] {
  return checkSource(src, 'test.ppl', () => {
    throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  }).diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`);
}

/** Every object node reachable from `root` (depth first, source order). */
export function nodes(root: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<unknown>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach(visit);
    const o = n as Record<string, unknown>;
    if (typeof o.kind === 'string') out.push(o);
    for (const [k, v] of Object.entries(o)) if (!k.startsWith('$') && k !== 'span') visit(v);
  };
  visit(root);
  return out;
}

/** The calls of the function named `name`, in source order. */
export function callsOf(p: Program, name: string): Call[] {
  return nodes(p).filter((n) => n.kind === 'Call' && (n as unknown as Call).callee.kind === 'Var' && ((n as unknown as Call).callee as { name: string }).name === name) as unknown as Call[];
}

export function fnNamed(p: Program, name: string): FnDecl {
  return p.items.find((i) => i.kind === 'FnDecl' && i.name === name) as FnDecl;
}

export function typeOf(x: { $type?: unknown }, effects = false): string {
  return typeToString(x.$type as Type, { effects });
}

const exprKinds = new Set([
  'Nat', 'Real', 'String', 'Bool', 'Infinity', 'Unit', 'Var', 'Binary', 'Unary', 'Call', 'Index', 'Field', 'TupleField',
  'Array', 'Record', 'Tuple', 'Lambda', 'If', 'Block', 'Iverson', 'Expect',
]);

/**
 * In a program that checks clean, every expression has a `$type` and every name a `$binding` (later
 * passes rely on it). Returns what is missing, or undefined.
 */
export function unannotated(program: unknown): string | undefined {
  const seen = new Set<unknown>();
  let bad: string | undefined;
  const visit = (n: unknown): void => {
    if (bad || !n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) return n.forEach(visit);
    const o = n as Record<string, unknown>;
    if (typeof o.kind === 'string' && exprKinds.has(o.kind) && 'span' in o) {
      if (o.$type === undefined) bad = `${o.kind} without $type`;
      else if (o.kind === 'Var' && o.$binding === undefined) bad = `Var ${String(o.name)} without $binding`;
    }
    for (const [k, v] of Object.entries(o)) if (!k.startsWith('$')) visit(v);
  };
  visit(program);
  return bad;
}
