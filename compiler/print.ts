// A readable text form of the IR, for golden tests of lowering and for `--debug` dumps. One statement per line,
// blocks indented; sites print as `@N`, effects of non-pure calls as `!sampling` / `!conditioning`.

import { printExpr, type Attribute, type Expr } from '../lang/index.js';
import type { Atom, IrFunction, IrProgram, Rhs, Stmt } from './ir.js';

export function printIr(p: IrProgram): string {
  let out = '';
  if (p.globals.length) out += `globals ${p.globals.join(', ')}\n`;
  for (const f of p.functions) out += printFunction(f) + '\n';
  out += printFunction(p.main);
  return out;
}

export function printFunction(f: IrFunction, indent = ''): string {
  const params = f.params.map((x) => (f.fnParams.includes(x) ? `${x}: fn` : x)).join(', ');
  const caps = f.captures.length ? ` captures(${f.captures.join(', ')})` : '';
  return `${indent}fn ${f.name}(${params}) ${f.effect}${caps} {\n${stmts(f.body, indent + '  ')}${indent}}\n`;
}

function stmts(ss: readonly Stmt[], ind: string): string {
  return ss.map((s) => stmt(s, ind)).join('');
}

function stmt(s: Stmt, ind: string): string {
  switch (s.kind) {
    case 'let':
      return `${ind}let ${s.name} = ${rhs(s.rhs, ind)}\n`;
    case 'var':
      return `${ind}var ${s.name} = ${atom(s.init)}\n`;
    case 'set':
      return `${ind}${s.name} := ${atom(s.value)}\n`;
    case 'observe':
      return `${ind}observe(${atom(s.dist)}, ${atom(s.value)}) @${s.site}\n`;
    case 'factor':
      return `${ind}factor(${atom(s.logWeight)}) @${s.site}\n`;
    case 'condition':
      return `${ind}condition(${atom(s.cond)}) @${s.site}\n`;
    case 'equate':
      return `${ind}${atom(s.left)} =:= ${atom(s.right)} @${s.site}\n`;
    case 'tick':
      return `${ind}tick(${atom(s.cost)})\n`;
    case 'if': {
      const e = s.else.length ? ` else {\n${stmts(s.else, ind + '  ')}${ind}}` : '';
      return `${ind}if ${atom(s.cond)} {\n${stmts(s.then, ind + '  ')}${ind}}${e}\n`;
    }
    case 'while': {
      const ann = annotations(s.invariants, s.attributes);
      const cond = s.cond.stmts.length ? `{\n${stmts(s.cond.stmts, ind + '    ')}${ind}  } ${atom(s.cond.value)}` : atom(s.cond.value);
      return `${ind}while ${cond} @${s.site}${ann} {\n${stmts(s.body, ind + '  ')}${ind}}\n`;
    }
    case 'for': {
      const ann = annotations(s.invariants, s.attributes);
      return `${ind}for ${s.index} in ${atom(s.from)}..${atom(s.to)} @${s.site}${ann} {\n${stmts(s.body, ind + '  ')}${ind}}\n`;
    }
    case 'return':
      return `${ind}return ${atom(s.value)}\n`;
  }
}

/** Loop annotations, in source syntax (the verifier reads them from the IR). */
function annotations(invariants: readonly Expr[], attributes: readonly Attribute[]): string {
  let s = '';
  for (const a of attributes) {
    const args = [...a.args.map(printExpr), ...a.named.map((n) => `${n.name}: ${printExpr(n.value)}`)];
    s += ` @${a.name}(${args.join(', ')})`;
  }
  for (const i of invariants) s += ` invariant ${printExpr(i)}`;
  return s;
}

function rhs(r: Rhs, ind: string): string {
  switch (r.kind) {
    case 'atom':
      return atom(r.atom);
    case 'prim':
      return `${r.op}${r.num === 'other' ? '' : '.' + r.num}(${r.args.map(atom).join(', ')})`;
    case 'call':
      return `call ${atom(r.callee)}(${r.args.map(atom).join(', ')})${eff(r.effect)} @${r.site}`;
    case 'builtin': {
      const named = r.named.map((n) => `${n.name}: ${atom(n.value)}`);
      return `${r.name}(${[...r.args.map(atom), ...named].join(', ')})${eff(r.effect)}`;
    }
    case 'array':
      return `[${r.elems.map(atom).join(', ')}]`;
    case 'tuple':
      return `(${r.elems.map(atom).join(', ')})`;
    case 'record':
      return `{${r.fields.map((f) => `${f.name}: ${atom(f.value)}`).join(', ')}}`;
    case 'index':
      return `${atom(r.target)}[${atom(r.index)}]`;
    case 'field':
      return `${atom(r.target)}.${r.name}`;
    case 'tupleField':
      return `${atom(r.target)}.${r.index}`;
    case 'update':
      return `${atom(r.target)} with [${r.path.map(atom).join('][')}] = ${atom(r.value)}`;
    case 'lambda':
      return printFunction(r.fn, ind).trimStart().trimEnd();
    case 'sample':
      return `sample(${atom(r.dist)}) @${r.site}`;
  }
}

function eff(e: string): string {
  return e === 'pure' ? '' : ` !${e}`;
}

function atom(a: Atom): string {
  switch (a.kind) {
    case 'lit':
      return a.value === null ? '()' : typeof a.value === 'string' ? JSON.stringify(a.value) : String(a.value);
    case 'ref':
      return a.name;
    case 'fn':
      return `fn:${a.name}`;
    case 'builtin':
      return `#${a.name}`;
  }
}
