// The AST printer: canonical .ppl source, parenthesised exactly where precedence requires. Golden tests
// compare its output, `--debug` can show it, and parse(print(ast)) gives back the same tree (spans aside).

import type * as A from './ast.js';
import { binaryLevelOf, binaryLevels } from './lexer.js';

const INDENT = '  ';

// Binding strengths, larger binds tighter: the binary levels of the lexer's table are 1…6.
const ARROW = 0; // `fn(x) => e` extends as far right as it can
const UNARY = binaryLevels.length + 1;
const POSTFIX = UNARY + 1;
const PRIMARY = POSTFIX + 1;
const binaryPrec = (op: A.BinaryOp): number => binaryLevelOf.get(op)! + 1;
const nonAssociative = new Set(binaryLevels.flatMap((l, i) => (l.assoc === 'none' ? [i + 1] : [])));

function precOf(e: A.Expr): number {
  switch (e.kind) {
    case 'Binary': return binaryPrec(e.op);
    case 'Unary': return UNARY;
    case 'Call': case 'Index': case 'Field': case 'TupleField': return POSTFIX;
    case 'Lambda': return e.body.kind === 'Block' ? PRIMARY : ARROW;
    default: return PRIMARY;
  }
}

export function printProgram(p: A.Program): string {
  return p.items.map((item) => printTopItem(item) + '\n').join('');
}

export function printTopItem(item: A.TopItem): string {
  if (item.kind === 'FnDecl') return printFnDecl(item);
  if (item.kind === 'Import') return `import ${printString(item.path)};`;
  return printStmt(item, false);
}

function printFnDecl(f: A.FnDecl): string {
  const tps = f.typeParams.length ? `<${f.typeParams.map((t) => t.name).join(', ')}>` : '';
  let head = `fn ${f.name}${tps}(${f.params.map(printParam).join(', ')})`;
  if (f.result) head += ` -> ${printType(f.result)}`;
  if (f.specs.length === 0) return `${head} ${printBlock(f.body)}`;
  const specs = f.specs.map((s) => `${INDENT}${s.kind} ${printCond(s.expr)}\n`).join('');
  return `${head}\n${specs}${printBlock(f.body)}`;
}

function printParam(p: A.Param): string {
  return p.type ? `${p.name}: ${printType(p.type)}` : p.name;
}

export function printType(t: A.TypeExpr): string {
  switch (t.kind) {
    case 'TName': return t.name;
    case 'TApp': return `${t.name}<${t.args.map(printType).join(', ')}>`;
    case 'TArray': return `[${printType(t.elem)}]`;
    case 'TTuple': return `(${t.elems.map(printType).join(', ')})`;
    case 'TRecord': return `{${t.fields.map((f) => `${f.name}: ${printType(f.type)}`).join(', ')}}`;
    case 'TFn': return `(${t.params.map(printType).join(', ')}) -> ${printType(t.result)}`;
  }
}

/**
 * One statement. `lastWithoutResult` marks the last statement of a block that has no result: a block-like
 * expression statement there keeps its `;`, or it would read back as the block's result.
 */
export function printStmt(s: A.Stmt, lastWithoutResult: boolean): string {
  switch (s.kind) {
    case 'Let': return `let ${s.name}${s.type ? `: ${printType(s.type)}` : ''} = ${printExpr(s.init)};`;
    case 'LetSample': return `let ${s.name}${s.type ? `: ${printType(s.type)}` : ''} ~ ${printExpr(s.dist)};`;
    case 'LetTuple': return `let (${s.names.map((n) => n.name).join(', ')}) = ${printExpr(s.init)};`;
    case 'VarDecl': return `var ${s.name}${s.type ? `: ${printType(s.type)}` : ''} = ${printExpr(s.init)};`;
    case 'Assign': return `${printExpr(s.target)} ${s.op} ${printExpr(s.value)};`;
    case 'ExprStmt': {
      if (s.expr.kind === 'If' || s.expr.kind === 'Block') return printExpr(s.expr) + (lastWithoutResult ? ';' : '');
      return `${printStatementExpr(s.expr)};`;
    }
    case 'Return': return s.value ? `return ${printExpr(s.value)};` : 'return;';
    case 'While': {
      const inv = s.invariants.map((i) => ` invariant ${printCond(i)}`).join('');
      return `${printAttributes(s.attributes)}while ${printCond(s.cond)}${inv} ${printBlock(s.body)}`;
    }
    case 'For': {
      const inv = s.invariants.map((i) => ` invariant ${printCond(i)}`).join('');
      return `${printAttributes(s.attributes)}for ${s.name} in ${printCond(s.from)}..${printCond(s.to)}${inv} ${printBlock(s.body)}`;
    }
  }
}

function printAttributes(attrs: A.Attribute[]): string {
  return attrs.map((a) => (a.args.length || a.named.length ? `@${a.name}(${printArgs(a.args, a.named)})\n` : `@${a.name}\n`)).join('');
}

/** An expression in statement position: one that merely starts with `if`/`{` gets parentheses. */
function printStatementExpr(e: A.Expr): string {
  const text = printExpr(e);
  const first = leftmost(e);
  return first !== e && (first.kind === 'If' || first.kind === 'Block') ? `(${text})` : text;
}

function leftmost(e: A.Expr): A.Expr {
  switch (e.kind) {
    case 'Binary': return leftmost(e.left);
    case 'Call': return leftmost(e.callee);
    case 'Index': case 'Field': case 'TupleField': return leftmost(e.target);
    default: return e;
  }
}

export function printBlock(b: A.Block): string {
  if (b.stmts.length === 0 && !b.result) return '{}';
  if (b.stmts.length === 0 && b.result) {
    const r = printStatementExpr(b.result);
    if (!r.includes('\n')) return `{ ${r} }`;
  }
  const lines = b.stmts.map((s, i) => printStmt(s, !b.result && i === b.stmts.length - 1));
  if (b.result) lines.push(printStatementExpr(b.result));
  return `{\n${lines.map(indent).join('\n')}\n}`;
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l ? INDENT + l : l)).join('\n');
}

export function printExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'Nat': return printNat(e.value);
    case 'Real': return printReal(e.value);
    case 'String': return printString(e.value);
    case 'Bool': return String(e.value);
    case 'Infinity': return 'infinity';
    case 'Unit': return '()';
    case 'Var': return e.name;
    case 'Binary': {
      const p = binaryPrec(e.op);
      const left = sub(e.left, nonAssociative.has(p) ? p + 1 : p);
      return `${left} ${e.op} ${sub(e.right, p + 1)}`;
    }
    case 'Unary': return `${e.op}${sub(e.operand, UNARY)}`;
    case 'Call': return `${sub(e.callee, POSTFIX)}(${printArgs(e.args, e.named)})`;
    case 'Index': {
      // `E[i]` would read back as an expectation: a variable named E or P is parenthesised.
      const target = e.target.kind === 'Var' && (e.target.name === 'E' || e.target.name === 'P') ? `(${e.target.name})` : sub(e.target, POSTFIX);
      return `${target}[${printExpr(e.index)}]`;
    }
    case 'Field': return `${dotTarget(e.target)}.${e.name}`;
    case 'TupleField': return `${dotTarget(e.target)}.${e.index}`;
    case 'Array': return `[${e.elems.map(printExpr).join(', ')}]`;
    case 'Record': return `{${e.fields.map((f) => `${f.name}: ${printExpr(f.value)}`).join(', ')}}`;
    case 'Tuple': return `(${e.elems.map(printExpr).join(', ')})`;
    case 'Lambda': {
      const head = `fn(${e.params.map(printParam).join(', ')})${e.result ? ` -> ${printType(e.result)}` : ''}`;
      return e.body.kind === 'Block' ? `${head} ${printBlock(e.body)}` : `${head} => ${printExpr(e.body)}`;
    }
    case 'If': {
      let text = `if ${printCond(e.cond)} ${printBlock(e.then)}`;
      if (e.otherwise) text += ` else ${e.otherwise.kind === 'If' ? printExpr(e.otherwise) : printBlock(e.otherwise)}`;
      return text;
    }
    case 'Block': return printBlock(e);
    case 'Iverson': return `[${printExpr(e.cond)}]`;
    case 'Expect': return `${e.which}[${printExpr(e.body)}]`;
  }
}

/**
 * A condition (of `if`, `while`, `for`, `invariant`, `requires`, `ensures`): a `{` there would end it, so a
 * condition with a block or record outside any brackets is parenthesised as a whole.
 */
function printCond(e: A.Expr): string {
  const text = printExpr(e);
  return bareBrace(e) ? `(${text})` : text;
}

/** Whether `e`, printed, has a `{` that is not inside parentheses or brackets and not a lambda's or `if`'s block. */
function bareBrace(e: A.Expr): boolean {
  switch (e.kind) {
    case 'Block': case 'Record': return true;
    case 'Binary': return bareBrace(e.left) || bareBrace(e.right);
    case 'Unary': return bareBrace(e.operand);
    case 'Call': return bareBrace(e.callee);
    case 'Index': case 'Field': case 'TupleField': return bareBrace(e.target);
    case 'Lambda': return e.body.kind !== 'Block' && bareBrace(e.body);
    default: return false;
  }
}

function printArgs(args: A.Expr[], named: A.NamedArg[]): string {
  return [...args.map(printExpr), ...named.map((n) => `${n.name}: ${printExpr(n.value)}`)].join(', ');
}

/** `e` printed where at least precedence `min` is required. */
function sub(e: A.Expr, min: number): string {
  const text = printExpr(e);
  return precOf(e) < min ? `(${text})` : text;
}

/** The target of `.x`/`.0`: a number literal needs parentheses (`(1).0`, not `1.0`). */
function dotTarget(e: A.Expr): string {
  return e.kind === 'Nat' || e.kind === 'Real' ? `(${printExpr(e)})` : sub(e, POSTFIX);
}

function printNat(v: number): string {
  // Past 1e21 JavaScript switches to exponent notation, which would read back as a Real.
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

function printReal(v: number): string {
  if (!Number.isFinite(v)) return '1e999';
  const s = String(v);
  // A Real needs a point or an exponent, or it would read back as a Nat.
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export function printString(s: string): string {
  return `"${s.replace(/[\\"\n\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t' })[c]!)}"`;
}
