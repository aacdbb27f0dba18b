// Printer of the IVL in HeyVL concrete syntax (Unicode operators). Output re-parses with verifier/heyvl;
// golden tests of the proof-rule desugarings compare against it.

import type { Expr, Stmt, Proc, Domain, Program, BinOp, Dist, Ty } from './ast.js';
import { tyToString } from './ast.js';
import { ratToString } from './rational.js';

// Precedence levels as in Caesar 4 (higher binds tighter).
const PREC: Record<BinOp, number> = {
  '*': 8, '/': 8, '%': 8, '+': 7, '-': 7, inf: 6, sup: 6,
  '<': 5, '<=': 5, '>': 5, '>=': 5, '==': 4, '!=': 4, '&&': 3, '||': 2,
  impl: 1, coimpl: 1, compare: 1, cocompare: 1,
};
const SYM: Record<BinOp, string> = {
  '*': '*', '/': '/', '%': '%', '+': '+', '-': '-', inf: '⊓', sup: '⊔', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  '==': '==', '!=': '!=', '&&': '&&', '||': '||', impl: '→', coimpl: '←', compare: '↘', cocompare: '↖',
};
const RIGHT_ASSOC = new Set<BinOp>(['impl', 'coimpl', 'compare', 'cocompare']);

export function printExpr(e: Expr, ctx = 0): string {
  switch (e.k) {
    case 'var': return e.name;
    case 'num': {
      const s = ratToString(e.value);
      return e.value.den !== 1n && ctx >= PREC['*'] ? `(${s})` : e.value.num < 0n ? `(${s})` : s;
    }
    case 'bool': return e.value ? 'true' : 'false';
    case 'infty': return '∞';
    case 'cast': return printExpr(e.a, ctx);
    case 'lazy': return `(${printExpr(e.body)})[${[...e.map].map(([k, v]) => `${k} := ${printExpr(v)}`).join(', ')}]`;
    case 'un':
      switch (e.op) {
        case 'iverson': return `[${printExpr(e.a)}]`;
        case 'embed': return `?(${printExpr(e.a)})`;
        case 'not': return `!${atom(e.a)}`;
        case 'non': return `~${atom(e.a)}`;
      }
      break;
    case 'ite': return `ite(${printExpr(e.c)}, ${printExpr(e.a)}, ${printExpr(e.b)})`;
    case 'call': return `${e.fn}(${e.args.map((a) => printExpr(a)).join(', ')})`;
    case 'quant': {
      const vars = e.vars.map((v) => `${v.name}: ${tyToString(v.ty)}`).join(', ');
      const trig = e.triggers.map((t) => ` @trigger(${t.map((x) => printExpr(x)).join(', ')})`).join('');
      const s = `${e.q} ${vars}${trig}. ${printExpr(e.body)}`;
      return ctx > 0 ? `(${s})` : s;
    }
    case 'bin': {
      const p = PREC[e.op];
      const right = RIGHT_ASSOC.has(e.op);
      const nonAssoc = p === 5 || p === 4;
      const la = printExpr(e.a, right || nonAssoc ? p + 1 : p);
      const lb = printExpr(e.b, right ? p : p + 1);
      const s = `${la} ${SYM[e.op]} ${lb}`;
      return p < ctx ? `(${s})` : s;
    }
  }
  return '?';
}

function atom(e: Expr): string {
  const s = printExpr(e, 100);
  return e.k === 'bin' && !s.startsWith('(') ? `(${s})` : s;
}

function printDist(d: Dist): string {
  if (d.k === 'flip') return `flip(${printExpr(d.p)})`;
  return `categorical(${d.outcomes.map((o) => `${printExpr(o.value)}: ${printExpr(o.prob)}`).join(', ')})`;
}

const co = (dir: 'down' | 'up', s: string) => (dir === 'up' ? `co${s}` : s);

export function printStmts(ss: readonly Stmt[], indent = ''): string {
  return ss.map((s) => printStmt(s, indent)).join('');
}

function block(ss: readonly Stmt[], indent: string): string {
  if (ss.length === 0) return '{}';
  return `{\n${printStmts(ss, indent + '    ')}${indent}}`;
}

export function printStmt(s: Stmt, indent = ''): string {
  const line = (t: string) => `${indent}${t}\n`;
  switch (s.k) {
    case 'block': return line(block(s.body, indent));
    case 'var': return line(`var ${s.name}: ${tyToString(s.ty)}${s.init ? ` = ${printExpr(s.init)}` : ''}`);
    case 'assign': return line(`${s.lhs.join(', ')} = ${printExpr(s.rhs)}`);
    case 'sample': return line(`${s.lhs} = ${printDist(s.dist)}`);
    case 'call': return line(`${s.lhs.length ? `${s.lhs.join(', ')} = ` : ''}${s.proc}(${s.args.map((a) => printExpr(a)).join(', ')})`);
    case 'havoc': return line(`${co(s.dir, 'havoc')} ${s.vars.join(', ')}`);
    case 'assert': return line(`${co(s.dir, 'assert')} ${printExpr(s.e)}`);
    case 'assume': return line(`${co(s.dir, 'assume')} ${printExpr(s.e)}`);
    case 'compare': return line(`${co(s.dir, 'compare')} ${printExpr(s.e)}`);
    case 'validate': return line(co(s.dir, 'validate'));
    case 'negate': return line(co(s.dir, 'negate'));
    case 'tick': return line(`tick ${printExpr(s.e)}`);
    case 'weigh': return line(`weigh ${printExpr(s.e)}`);
    case 'label': return line(`label ${s.name}`);
    case 'if': return line(`if ${printExpr(s.c)} ${block(s.a, indent)} else ${block(s.b, indent)}`);
    case 'choice': {
      const op = s.op === 'demonic' ? '⊓' : s.op === 'angelic' ? '⊔' : '+';
      return line(`if ${op} ${block(s.a, indent)} else ${block(s.b, indent)}`);
    }
    case 'while': {
      const ann = s.rule ? `${indent}@${s.rule.name}(${s.rule.args.map((a) => printExpr(a)).join(', ')})\n` : '';
      return ann + line(`while ${printExpr(s.c)} ${block(s.body, indent)}`);
    }
  }
}

function params(ps: readonly { name: string; ty: Ty }[]): string {
  return `(${ps.map((p) => `${p.name}: ${tyToString(p.ty)}`).join(', ')})`;
}

export function printProc(p: Proc): string {
  let s = p.calculus ? `@${p.calculus}\n` : '';
  s += `${p.dir === 'down' ? 'proc' : 'coproc'} ${p.name}${params(p.params)} -> ${params(p.returns)}\n`;
  for (const e of p.pres) s += `    pre ${printExpr(e)}\n`;
  for (const e of p.posts) s += `    post ${printExpr(e)}\n`;
  if (p.body) s += `${block(p.body, '')}\n`;
  return s;
}

export function printDomain(d: Domain): string {
  let s = `domain ${d.name} {\n`;
  for (const f of d.funcs) s += `    func ${f.name}${params(f.params)}: ${tyToString(f.ret)}${f.body ? ` = ${printExpr(f.body)}` : ''}\n`;
  for (const a of d.axioms) s += `    axiom ${a.name} ${printExpr(a.e)}\n`;
  return `${s}}\n`;
}

export function printProgram(p: Program): string {
  return [...p.domains.map(printDomain), ...p.procs.map(printProc)].join('\n');
}
