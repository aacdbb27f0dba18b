// Recursive-descent parser of HeyVL as Caesar 4 accepts it (grammar: research report §1), producing the
// untyped IVL (verifier/ivl) with spans. Operator precedence is Caesar 4's (left-associative arithmetic).

import type { Diagnostic, Span } from '../../lang/index.js';
import { error } from '../../lang/index.js';
import type { Expr, Stmt, Proc, Domain, Func, Axiom, Param, Ty, BinOp, QVar, Annotation, Calculus, QuantOp } from '../ivl/index.js';
import { Q, subst1 } from '../ivl/index.js';
import { lex, LineIndex, type Token } from './lexer.js';

export interface ParsedProgram {
  readonly procs: Proc[];
  readonly domains: Domain[];
}

class ParseError extends Error {
  constructor(readonly diagnostic: Diagnostic) { super(diagnostic.message); }
}

const LOOP_RULES = new Set(['invariant', 'k_induction', 'unroll', 'omega_invariant', 'ost', 'past', 'ast']);
const KEYWORDS = new Set([
  'proc', 'coproc', 'domain', 'func', 'axiom', 'pre', 'post', 'var', 'if', 'else', 'while', 'havoc', 'cohavoc',
  'assert', 'coassert', 'assume', 'coassume', 'compare', 'cocompare', 'reward', 'tick', 'weigh', 'negate', 'conegate',
  'validate', 'covalidate', 'true', 'false', 'ite', 'let', 'inf', 'sup', 'forall', 'exists', 'label',
]);

export function parseHeyVL(src: string, file: string): { program?: ParsedProgram; diagnostics: Diagnostic[] } {
  const lines = new LineIndex(file, src);
  const { tokens, diagnostics } = lex(src, lines);
  if (diagnostics.length > 0) return { diagnostics };
  const p = new Parser(tokens, lines);
  try {
    return { program: p.program(), diagnostics: [] };
  } catch (e) {
    if (e instanceof ParseError) return { diagnostics: [e.diagnostic] };
    throw e;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly toks: Token[], private readonly lines: LineIndex) {}

  private get t(): Token { return this.toks[this.pos]!; }
  private peek(k = 1): Token { return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!; }
  private span(start: number, end?: number): Span { return this.lines.span(start, end ?? this.toks[this.pos - 1]!.end); }
  private fail(msg: string, tok: Token = this.t): never {
    throw new ParseError(error(msg, this.lines.span(tok.start, Math.max(tok.end, tok.start + 1)), 'parse'));
  }
  private isSym(s: string): boolean { return this.t.kind === 'sym' && this.t.text === s; }
  private isKw(s: string): boolean { return this.t.kind === 'ident' && this.t.text === s; }
  private eatSym(s: string): boolean { if (this.isSym(s)) { this.pos++; return true; } return false; }
  private eatKw(s: string): boolean { if (this.isKw(s)) { this.pos++; return true; } return false; }
  private expectSym(s: string): Token {
    if (!this.isSym(s)) this.fail(`expected \`${s}\`, found ${describe(this.t)}`);
    return this.toks[this.pos++]!;
  }
  private expectKw(s: string): void { if (!this.eatKw(s)) this.fail(`expected \`${s}\`, found ${describe(this.t)}`); }
  private ident(what = 'an identifier'): { name: string; span: Span } {
    const t = this.t;
    if (t.kind !== 'ident' || KEYWORDS.has(t.text)) this.fail(`expected ${what}, found ${describe(t)}`);
    this.pos++;
    return { name: t.text, span: this.lines.span(t.start, t.end) };
  }

  program(): ParsedProgram {
    const procs: Proc[] = [];
    const domains: Domain[] = [];
    while (this.t.kind !== 'eof') {
      if (this.isKw('domain')) domains.push(this.domain());
      else procs.push(this.proc());
    }
    return { procs, domains };
  }

  private proc(): Proc {
    const start = this.t.start;
    let calculus: Calculus | undefined;
    while (this.eatSym('@')) {
      const a = this.ident('a calculus annotation');
      if (a.name !== 'wp' && a.name !== 'wlp' && a.name !== 'ert') {
        throw new ParseError(error(`unknown procedure annotation \`@${a.name}\` (expected @wp, @wlp or @ert)`, a.span, 'parse'));
      }
      if (calculus) throw new ParseError(error('a procedure has at most one calculus annotation', a.span, 'parse'));
      calculus = a.name;
    }
    let dir: 'down' | 'up';
    if (this.eatKw('proc')) dir = 'down';
    else if (this.eatKw('coproc')) dir = 'up';
    else this.fail(`expected \`proc\`, \`coproc\` or \`domain\`, found ${describe(this.t)}`);
    const name = this.ident('a procedure name');
    const params = this.params();
    this.expectSym('->');
    const returns = this.params();
    const pres: Expr[] = [];
    const posts: Expr[] = [];
    for (;;) {
      if (this.eatKw('pre')) pres.push(this.expr());
      else if (this.eatKw('post')) posts.push(this.expr());
      else break;
    }
    const body = this.isSym('{') ? this.block() : undefined;
    return { name: name.name, dir, calculus, params, returns, pres, posts, body, span: this.span(start, name.span.end) };
  }

  private params(): Param[] {
    this.expectSym('(');
    const ps: Param[] = [];
    if (!this.isSym(')')) {
      do {
        const id = this.ident('a parameter name');
        this.expectSym(':');
        ps.push({ name: id.name, ty: this.type(), span: id.span });
      } while (this.eatSym(','));
    }
    this.expectSym(')');
    return ps;
  }

  private type(): Ty {
    if (this.eatSym('[')) {
      this.expectSym(']');
      return { list: this.type() };
    }
    const id = this.ident('a type');
    switch (id.name) {
      case 'Bool': case 'Int': case 'UInt': case 'Real': case 'UReal': case 'EUReal': return id.name;
      case 'Uint': return 'UInt';
      case 'Realplus': return 'UReal';
      default: return { domain: id.name };
    }
  }

  private domain(): Domain {
    const start = this.t.start;
    this.expectKw('domain');
    const name = this.ident('a domain name');
    this.expectSym('{');
    const funcs: Func[] = [];
    const axioms: Axiom[] = [];
    while (!this.eatSym('}')) {
      if (this.eatKw('func')) {
        const f = this.ident('a function name');
        const params = this.params();
        this.expectSym(':');
        const ret = this.type();
        let body: Expr | undefined;
        if (this.eatSym('=')) body = this.expr();
        if (this.isSym('@') && this.peek().text === 'computable') this.pos += 2;
        funcs.push({ name: f.name, params, ret, body, span: f.span });
      } else if (this.eatKw('axiom')) {
        const a = this.ident('an axiom name');
        axioms.push({ name: a.name, e: this.expr(), span: a.span });
      } else this.fail(`expected \`func\`, \`axiom\` or \`}\`, found ${describe(this.t)}`);
    }
    return { name: name.name, funcs, axioms, span: this.span(start, name.span.end) };
  }

  // ---- statements ----

  block(): Stmt[] {
    this.expectSym('{');
    const ss: Stmt[] = [];
    while (!this.eatSym('}')) {
      if (this.t.kind === 'eof') this.fail('expected `}` before the end of the file');
      if (this.eatSym(';')) continue;
      ss.push(this.stmt());
    }
    return ss;
  }

  private stmt(): Stmt {
    const start = this.t.start;
    const t = this.t;
    if (this.isSym('{')) return { k: 'block', body: this.block(), span: this.span(start) };
    if (this.eatSym('@')) {
      const a = this.ident('an annotation name');
      let args: Expr[] = [];
      if (this.eatSym('(')) {
        if (!this.isSym(')')) { do args.push(this.expr()); while (this.eatSym(',')); }
        this.expectSym(')');
      }
      const annSpan = this.span(start);
      const inner = this.stmt();
      if (LOOP_RULES.has(a.name)) {
        if (inner.k !== 'while') throw new ParseError(error(`\`@${a.name}\` must annotate a \`while\` loop`, annSpan, 'parse'));
        if (inner.rule) throw new ParseError(error('a loop has at most one proof-rule annotation', annSpan, 'parse'));
        const rule: Annotation = { name: a.name, args, span: annSpan };
        return { ...inner, rule };
      }
      // slicing/message annotations (@error_msg, @success_msg, @slice_error, @slice_verify) do not change the meaning
      if (['error_msg', 'success_msg', 'slice_error', 'slice_verify'].includes(a.name)) return inner;
      throw new ParseError(error(`unknown statement annotation \`@${a.name}\``, a.span, 'parse'));
    }
    if (t.kind !== 'ident') this.fail(`expected a statement, found ${describe(t)}`);
    switch (t.text) {
      case 'var': {
        this.pos++;
        const id = this.ident('a variable name');
        this.expectSym(':');
        const ty = this.type();
        const init = this.eatSym('=') ? this.expr() : undefined;
        return { k: 'var', name: id.name, ty, init, span: this.span(start) };
      }
      case 'havoc': case 'cohavoc': {
        this.pos++;
        const vars = [this.ident('a variable').name];
        while (this.eatSym(',')) vars.push(this.ident('a variable').name);
        return { k: 'havoc', dir: t.text === 'havoc' ? 'down' : 'up', vars, span: this.span(start) };
      }
      case 'assert': case 'coassert': this.pos++; return { k: 'assert', dir: t.text === 'assert' ? 'down' : 'up', e: this.expr(), span: this.span(start) };
      case 'assume': case 'coassume': this.pos++; return { k: 'assume', dir: t.text === 'assume' ? 'down' : 'up', e: this.expr(), span: this.span(start) };
      case 'compare': case 'cocompare': this.pos++; return { k: 'compare', dir: t.text === 'compare' ? 'down' : 'up', e: this.expr(), span: this.span(start) };
      case 'reward': case 'tick': this.pos++; return { k: 'tick', e: this.expr(), span: this.span(start) };
      case 'weigh': this.pos++; return { k: 'weigh', e: this.expr(), span: this.span(start) };
      case 'negate': case 'conegate': this.pos++; return { k: 'negate', dir: t.text === 'negate' ? 'down' : 'up', span: this.span(start) };
      case 'validate': case 'covalidate': this.pos++; return { k: 'validate', dir: t.text === 'validate' ? 'down' : 'up', span: this.span(start) };
      case 'label': this.pos++; return { k: 'label', name: this.ident('a label').name, span: this.span(start) };
      case 'while': {
        this.pos++;
        const c = this.expr();
        const body = this.block();
        return { k: 'while', c, body, span: this.span(start, t.end) };
      }
      case 'if': {
        this.pos++;
        const op = this.isSym('⊓') ? 'demonic' : this.isSym('⊔') ? 'angelic' : this.isSym('⊕') || this.isSym('+') ? 'additive' : undefined;
        if (op) {
          this.pos++;
          const a = this.block();
          this.expectKw('else');
          const b = this.block();
          return { k: 'choice', op, a, b, span: this.span(start, t.end) };
        }
        const c = this.expr();
        const a = this.block();
        if (!this.isKw('else')) this.fail('expected `else` (HeyVL requires it; write `else {}`)');
        this.pos++;
        const b = this.isKw('if') ? [this.stmt()] : this.block();
        return { k: 'if', c, a, b, span: this.span(start, t.end) };
      }
      default: break;
    }
    // assignment `x, y = e` or call statement `p(args)`
    if (this.peek().kind === 'sym' && this.peek().text === '(') {
      const e = this.expr();
      if (e.k !== 'call') this.fail('expected a statement');
      return { k: 'call', lhs: [], proc: e.fn, args: e.args, span: this.span(start) };
    }
    const lhs = [this.ident('a variable').name];
    while (this.eatSym(',')) lhs.push(this.ident('a variable').name);
    this.expectSym('=');
    const rhs = this.expr();
    return { k: 'assign', lhs, rhs, span: this.span(start) };
  }

  // ---- expressions (loosest first) ----

  expr(): Expr {
    const q = this.quantifier();
    if (q) return q;
    return this.implLevel();
  }

  private quantifier(): Expr | undefined {
    if (this.t.kind !== 'ident' || !['inf', 'sup', 'forall', 'exists'].includes(this.t.text)) return undefined;
    // `inf`/`sup` could also be function names in a call `inf(…)`? No: they are keywords in HeyVL.
    const start = this.t.start;
    const qop = this.t.text as QuantOp;
    this.pos++;
    const vars: QVar[] = [];
    do {
      const id = this.ident('a bound variable');
      this.expectSym(':');
      vars.push({ name: id.name, ty: this.type() });
    } while (this.eatSym(','));
    const triggers: Expr[][] = [];
    while (this.isSym('@')) {
      this.pos++;
      const a = this.ident('`trigger`');
      if (a.name !== 'trigger') throw new ParseError(error(`unknown quantifier annotation \`@${a.name}\``, a.span, 'parse'));
      this.expectSym('(');
      const es: Expr[] = [];
      do es.push(this.expr()); while (this.eatSym(','));
      this.expectSym(')');
      triggers.push(es);
    }
    this.expectSym('.');
    const body = this.expr();
    return { k: 'quant', q: qop, vars, triggers, body, span: this.span(start) };
  }

  private bin(op: BinOp, a: Expr, b: Expr, start: number): Expr {
    return { k: 'bin', op, a, b, span: this.span(start) };
  }

  private operandOr(next: () => Expr): Expr {
    return this.quantifier() ?? next();
  }

  private implLevel(): Expr {
    const start = this.t.start;
    const a = this.orLevel();
    const ops: Record<string, BinOp> = { '→': 'impl', '←': 'coimpl', '↘': 'compare', '↖': 'cocompare' };
    if (this.t.kind === 'sym' && ops[this.t.text]) {
      const op = ops[this.t.text]!;
      this.pos++;
      const b = this.operandOr(() => this.implLevel());
      return this.bin(op, a, b, start);
    }
    return a;
  }

  private leftAssoc(ops: Record<string, BinOp>, next: () => Expr): Expr {
    const start = this.t.start;
    let a = next();
    while (this.t.kind === 'sym' && ops[this.t.text]) {
      const op = ops[this.t.text]!;
      this.pos++;
      const b = this.operandOr(next);
      a = this.bin(op, a, b, start);
    }
    return a;
  }

  private nonAssoc(ops: Record<string, BinOp>, next: () => Expr): Expr {
    const start = this.t.start;
    const a = next();
    if (this.t.kind === 'sym' && ops[this.t.text]) {
      const op = ops[this.t.text]!;
      this.pos++;
      const b = this.operandOr(next);
      if (this.t.kind === 'sym' && ops[this.t.text]) this.fail(`comparison operators do not chain; add parentheses`);
      return this.bin(op, a, b, start);
    }
    return a;
  }

  private orLevel = (): Expr => this.leftAssoc({ '||': '||' }, this.andLevel);
  private andLevel = (): Expr => this.leftAssoc({ '&&': '&&' }, this.eqLevel);
  private eqLevel = (): Expr => this.nonAssoc({ '==': '==', '!=': '!=' }, this.cmpLevel);
  private cmpLevel = (): Expr => this.nonAssoc({ '<': '<', '<=': '<=', '>': '>', '>=': '>=' }, this.latLevel);
  private latLevel = (): Expr => this.leftAssoc({ '⊓': 'inf', '⊔': 'sup' }, this.addLevel);
  private addLevel = (): Expr => this.leftAssoc({ '+': '+', '-': '-' }, this.mulLevel);
  private mulLevel = (): Expr => this.leftAssoc({ '*': '*', '/': '/', '%': '%' }, this.atom);

  private atom = (): Expr => {
    const t = this.t;
    const start = t.start;
    if (t.kind === 'int' || t.kind === 'dec') {
      this.pos++;
      return { k: 'num', value: Q.parseRational(t.text), ty: t.kind === 'int' ? 'UInt' : 'UReal', span: this.span(start) };
    }
    if (t.kind === 'str') this.fail('string literals are only allowed in annotations');
    if (t.kind === 'sym') {
      switch (t.text) {
        case '∞': this.pos++; return { k: 'infty', span: this.span(start) };
        case '(': {
          this.pos++;
          const e = this.expr();
          this.expectSym(')');
          return e;
        }
        case '[': {
          this.pos++;
          const e = this.expr();
          this.expectSym(']');
          return { k: 'un', op: 'iverson', a: e, span: this.span(start) };
        }
        case '!': case '~': case '?': {
          this.pos++;
          const a = this.atom();
          return { k: 'un', op: t.text === '!' ? 'not' : t.text === '~' ? 'non' : 'embed', a, span: this.span(start) };
        }
        default: this.fail(`expected an expression, found ${describe(t)}`);
      }
    }
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false') { this.pos++; return { k: 'bool', value: t.text === 'true', span: this.span(start) }; }
      if (t.text === 'ite') {
        this.pos++;
        this.expectSym('(');
        const c = this.expr(); this.expectSym(',');
        const a = this.expr(); this.expectSym(',');
        const b = this.expr(); this.expectSym(')');
        return { k: 'ite', c, a, b, span: this.span(start) };
      }
      if (t.text === 'let') {
        this.pos++;
        this.expectSym('(');
        const x = this.ident('a variable'); this.expectSym(',');
        const v = this.expr(); this.expectSym(',');
        const body = this.expr(); this.expectSym(')');
        return subst1(body, x.name, v);
      }
      const id = this.ident('an expression');
      if (this.eatSym('(')) {
        const args: Expr[] = [];
        if (!this.isSym(')')) { do args.push(this.expr()); while (this.eatSym(',')); }
        this.expectSym(')');
        return { k: 'call', fn: id.name, args, span: this.span(start) };
      }
      return { k: 'var', name: id.name, span: id.span };
    }
    this.fail(`expected an expression, found ${describe(t)}`);
  };
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the file';
  return `\`${t.text}\``;
}
