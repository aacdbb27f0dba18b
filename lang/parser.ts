// The chevrotain grammar of .ppl (language.md §2–§7), written with embedded actions so that it builds the
// AST of lang/ast.ts directly. One instance is created and reused (performSelfAnalysis is costly).
// Spans, diagnostics and recovery tweaks live in lang/parser-base.ts; lang/parse.ts turns chevrotain's
// exceptions and the grammar's own diagnostics into Diagnostic values. docs/grammar.md is the EBNF.

import { tokenMatcher, type IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { Span } from './span.js';
import {
  binaryLevels, binaryLevelOf, BinaryOp, AssignOp, Identifier, Keywords as K, P, NatLit, RealLit, StringLit, decodeString,
} from './lexer.js';
import { ERROR_NAME, ParserBase } from './parser-base.js';
import { toSpec } from './spec.js';

export { ERROR_NAME } from './parser-base.js';

/** A statement as parsed, before the enclosing block decides whether a trailing expression is its result. */
type Item =
  | { stmt: A.Stmt }
  | { expr: A.Expr; semi: boolean; blockLike: boolean; span: Span };

type Args = { args: A.Expr[]; named: A.NamedArg[] };

export class PplParser extends ParserBase {
  /**
   * `validate`: run chevrotain's grammar validations (ambiguities, left recursion, …). They cost about
   * 40 ms at start-up, so the shared parser skips them and a test runs them (lang/index.ts `grammarErrors`).
   */
  constructor(options: { validate?: boolean; maxLookahead?: number } = {}) {
    super(options);
    this.performSelfAnalysis();
  }

  // -------------------------------------------------------------------------------------------
  // Programs and declarations
  // -------------------------------------------------------------------------------------------

  program = this.RULE('program', (): A.Program => {
    const top: A.TopItem[] = (this.topItems = []);
    this.MANY(() => {
      const item = this.SUBRULE(this.topItem);
      this.ACTION(() => {
        if (!item) return;
        if ('kind' in item) top.push(item as A.TopItem);
        else top.push(this.itemToStmt(item as Item));
      });
    });
    // The span of the whole file is set by parse(), which knows the source length.
    return { kind: 'Program', file: this.file, items: top, span: this.zeroAt(0, 1, 1) };
  }, { recoveryValueFunc: (): A.Program => ({ kind: 'Program', file: this.file, items: this.topItems, span: this.zeroAt(0, 1, 1) }) });
  /** The items parsed so far, so that a program abandoned by recovery keeps them. */
  private topItems: A.TopItem[] = [];

  private topItem = this.RULE('topItem', (): A.FnDecl | A.Import | Item | undefined => {
    return this.OR<A.FnDecl | A.Import | Item | undefined>({
      DEF: [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.fnDecl) },
        { ALT: () => this.SUBRULE(this.statement) },
      ],
      ERR_MSG: 'a declaration or statement',
    });
  }, { recoveryValueFunc: () => undefined });

  private importDecl = this.RULE('importDecl', (): A.Import | undefined => {
    const start = this.CONSUME(K.import);
    const path = this.CONSUME(StringLit);
    this.CONSUME(P.Semi!);
    return this.ACTION(() => ({
      kind: 'Import', path: this.stringValue(path), pathSpan: this.tok(path), span: this.from(start),
    }) as A.Import)!;
  }, { recoveryValueFunc: () => undefined });

  private fnDecl = this.RULE('fnDecl', (): A.FnDecl | undefined => {
    const start = this.CONSUME(K.fn);
    const name = this.CONSUME(Identifier);
    const typeParams: { name: string; span: Span }[] = [];
    this.OPTION(() => {
      this.CONSUME(P.Lt!);
      this.AT_LEAST_ONE_SEP({
        SEP: P.Comma!,
        DEF: () => {
          const t = this.CONSUME2(Identifier);
          this.ACTION(() => typeParams.push({ name: t.image, span: this.tok(t) }));
        },
      });
      this.CONSUME(P.Gt!);
    });
    this.CONSUME(P.LParen!);
    const params: A.Param[] = [];
    this.OPTION2(() => {
      params.push(this.SUBRULE(this.typedParam));
      this.MANY(() => {
        this.CONSUME(P.Comma!);
        params.push(this.SUBRULE2(this.typedParam));
      });
      this.OPTION3(() => this.CONSUME2(P.Comma!));
    });
    this.CONSUME(P.RParen!);
    let result: A.TypeExpr | undefined;
    this.OPTION4(() => {
      this.CONSUME(P.Arrow!);
      result = this.SUBRULE(this.typeExpr);
    });
    const specs: A.Spec[] = [];
    this.MANY2(() => {
      const kw = this.OR([
        { ALT: () => this.CONSUME(K.requires) },
        { ALT: () => this.CONSUME(K.ensures) },
      ]);
      const expr = this.braces(false, () => this.SUBRULE(this.expression));
      this.ACTION(() => specs.push({
        kind: kw.image as 'ensures' | 'requires', expr: toSpec(expr), span: this.from(kw),
      }));
    });
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const decl: A.FnDecl = {
        kind: 'FnDecl', name: name.image, nameSpan: this.tok(name), typeParams, params, specs, body, span: this.from(start),
      };
      if (result) decl.result = result;
      return decl;
    })!;
  }, { recoveryValueFunc: () => undefined });

  /** `x: T` — top-level functions annotate every parameter (a missing type gets its own message). */
  private typedParam = this.RULE('typedParam', (): A.Param => {
    const name = this.CONSUME(Identifier);
    let type: A.TypeExpr | undefined;
    this.OPTION(() => {
      this.CONSUME(P.Colon!);
      type = this.SUBRULE(this.typeExpr);
    });
    return this.ACTION(() => {
      if (!type) {
        this.report(`the parameter \`${name.image}\` needs a type: parameters of top-level functions are annotated (\`${name.image}: Real\`)`, this.tok(name));
        return { name: name.image, span: this.from(name) };
      }
      return { name: name.image, type, span: this.from(name) };
    })!;
  }, { recoveryValueFunc: () => ({ name: ERROR_NAME, span: this.prevEnd() }) });

  /** `x` or `x: T` — lambda parameters may omit their type. */
  private lambdaParam = this.RULE('lambdaParam', (): A.Param => {
    const name = this.CONSUME(Identifier);
    let type: A.TypeExpr | undefined;
    this.OPTION(() => {
      this.CONSUME(P.Colon!);
      type = this.SUBRULE(this.typeExpr);
    });
    return this.ACTION(() => (type ? { name: name.image, type, span: this.from(name) } : { name: name.image, span: this.from(name) }))!;
  }, { recoveryValueFunc: () => ({ name: ERROR_NAME, span: this.prevEnd() }) });

  // -------------------------------------------------------------------------------------------
  // Types
  // -------------------------------------------------------------------------------------------

  typeExpr = this.RULE('typeExpr', (): A.TypeExpr => {
    const start = this.LA(1);
    return this.OR<A.TypeExpr>({
      DEF: [
        {
          ALT: () => {
            const name = this.CONSUME(Identifier);
            const args: A.TypeExpr[] = [];
            let generic = false;
            this.OPTION(() => {
              this.CONSUME(P.Lt!);
              generic = true;
              this.AT_LEAST_ONE_SEP({ SEP: P.Comma!, DEF: () => { args.push(this.SUBRULE(this.typeExpr)); } });
              this.CONSUME(P.Gt!);
            });
            return this.ACTION(() => (generic
              ? { kind: 'TApp', name: name.image, args, span: this.from(start) }
              : { kind: 'TName', name: name.image, span: this.tok(name) }) as A.TypeExpr)!;
          },
        },
        {
          ALT: () => {
            this.CONSUME(P.LBracket!);
            const elem = this.SUBRULE2(this.typeExpr);
            this.CONSUME(P.RBracket!);
            return this.ACTION(() => ({ kind: 'TArray', elem, span: this.from(start) }) as A.TypeExpr)!;
          },
        },
        {
          // `{a: T}`; a `{` not followed by `name:` is not a type (e.g. a function body after a missing type).
          GATE: () => this.recordAhead(),
          ALT: () => {
            this.CONSUME(P.LBrace!);
            const fields: { name: string; type: A.TypeExpr; span: Span }[] = [];
            this.AT_LEAST_ONE_SEP2({
              SEP: P.Comma!,
              DEF: () => {
                const n = this.CONSUME2(Identifier);
                this.CONSUME(P.Colon!);
                const type = this.SUBRULE3(this.typeExpr);
                this.ACTION(() => fields.push({ name: n.image, type, span: this.from(n) }));
              },
            });
            this.CONSUME(P.RBrace!);
            return this.ACTION(() => ({ kind: 'TRecord', fields, span: this.from(start) }) as A.TypeExpr)!;
          },
        },
        {
          ALT: () => {
            this.CONSUME(P.LParen!);
            const elems: A.TypeExpr[] = [];
            this.MANY_SEP2({ SEP: P.Comma!, DEF: () => { elems.push(this.SUBRULE4(this.typeExpr)); } });
            this.CONSUME(P.RParen!);
            let result: A.TypeExpr | undefined;
            this.OPTION2(() => {
              this.CONSUME(P.Arrow!);
              result = this.SUBRULE5(this.typeExpr);
            });
            return this.ACTION(() => {
              const span = this.from(start);
              if (result) return { kind: 'TFn', params: elems, result, span } as A.TypeExpr;
              if (elems.length === 0) return { kind: 'TName', name: 'Unit', span } as A.TypeExpr;
              if (elems.length === 1) return elems[0]!;
              return { kind: 'TTuple', elems, span } as A.TypeExpr;
            })!;
          },
        },
      ],
      ERR_MSG: 'a type',
    });
  }, { recoveryValueFunc: (): A.TypeExpr => ({ kind: 'TName', name: ERROR_NAME, span: this.prevEnd() }) });

  // -------------------------------------------------------------------------------------------
  // Blocks and statements
  // -------------------------------------------------------------------------------------------

  block = this.RULE('block', (): A.Block => {
    const start = this.CONSUME(P.LBrace!);
    const items: Item[] = [];
    this.braces(true, () => this.MANY({
      // `fn name` cannot start a statement: the block is missing its `}` before the next declaration.
      GATE: () => !(tokenMatcher(this.LA(1), K.fn) && tokenMatcher(this.LA(2), Identifier)),
      DEF: () => {
        const item = this.SUBRULE(this.statement);
        this.ACTION(() => { if (item) items.push(item); });
      },
    }));
    this.CONSUME(P.RBrace!);
    return this.ACTION(() => {
      const stmts: A.Stmt[] = [];
      let result: A.Expr | undefined;
      items.forEach((item, i) => {
        const last = i === items.length - 1;
        if (last && 'expr' in item && !item.semi) result = item.expr;
        else stmts.push(this.itemToStmt(item));
      });
      const b: A.Block = { kind: 'Block', stmts, span: this.from(start) };
      if (result) b.result = result;
      return b;
    })!;
  }, { recoveryValueFunc: (): A.Block => ({ kind: 'Block', stmts: [], span: this.prevEnd() }) });

  statement = this.RULE('statement', (): Item | undefined => {
    return this.OR<Item | undefined>({
      DEF: [
        { ALT: () => this.SUBRULE(this.letStmt) },
        { ALT: () => this.SUBRULE(this.varStmt) },
        { ALT: () => this.SUBRULE(this.returnStmt) },
        { ALT: () => this.SUBRULE(this.loopStmt) },
        { GATE: () => this.blockLikeAhead(), ALT: () => this.SUBRULE(this.blockLikeStmt), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.exprStmt), IGNORE_AMBIGUITIES: true },
      ],
      ERR_MSG: 'a statement',
    });
  }, { recoveryValueFunc: () => undefined });

  private letStmt = this.RULE('letStmt', (): Item | undefined => {
    const start = this.CONSUME(K.let);
    const stmt = this.OR<A.Stmt>({ ERR_MSG: 'a name or `(`', DEF: [
      {
        ALT: () => {
          this.CONSUME(P.LParen!);
          const names: { name: string; span: Span }[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: P.Comma!,
            DEF: () => {
              const n = this.CONSUME(Identifier);
              this.ACTION(() => names.push({ name: n.image, span: this.tok(n) }));
            },
          });
          this.CONSUME(P.RParen!);
          this.CONSUME(P.Assign!);
          const init = this.SUBRULE(this.expression);
          return this.ACTION(() => {
            if (names.length < 2) this.report('a tuple pattern needs at least two names', names[0]?.span ?? this.from(start));
            return { kind: 'LetTuple', names, init, span: this.from(start) } as A.Stmt;
          })!;
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME2(Identifier);
          let type: A.TypeExpr | undefined;
          this.OPTION(() => {
            this.CONSUME(P.Colon!);
            type = this.SUBRULE(this.typeExpr);
          });
          return this.OR2<A.Stmt>({
            DEF: [
              {
                ALT: () => {
                  this.CONSUME2(P.Assign!);
                  const init = this.SUBRULE2(this.expression);
                  return this.ACTION(() => withType<A.Let>({ kind: 'Let', name: name.image, nameSpan: this.tok(name), init, span: this.from(start) }, type) as A.Stmt)!;
                },
              },
              {
                ALT: () => {
                  this.CONSUME(P.Tilde!);
                  const dist = this.SUBRULE3(this.expression);
                  return this.ACTION(() => withType<A.LetSample>({ kind: 'LetSample', name: name.image, nameSpan: this.tok(name), dist, span: this.from(start) }, type) as A.Stmt)!;
                },
              },
            ],
            ERR_MSG: '`=` or `~`',
          });
        },
      },
    ] });
    this.CONSUME(P.Semi!);
    return this.ACTION(() => ({ stmt: { ...stmt, span: this.from(start) } }))!;
  }, { recoveryValueFunc: () => undefined });

  private varStmt = this.RULE('varStmt', (): Item | undefined => {
    const start = this.CONSUME(K.var);
    const name = this.CONSUME(Identifier);
    let type: A.TypeExpr | undefined;
    this.OPTION(() => {
      this.CONSUME(P.Colon!);
      type = this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(P.Assign!);
    const init = this.SUBRULE(this.expression);
    this.CONSUME(P.Semi!);
    return this.ACTION(() => ({
      stmt: withType<A.VarDecl>({ kind: 'VarDecl', name: name.image, nameSpan: this.tok(name), init, span: this.from(start) }, type) as A.Stmt,
    }))!;
  }, { recoveryValueFunc: () => undefined });

  private returnStmt = this.RULE('returnStmt', (): Item | undefined => {
    const start = this.CONSUME(K.return);
    let value: A.Expr | undefined;
    this.OPTION(() => { value = this.SUBRULE(this.expression); });
    let semi = false;
    this.OPTION2(() => { this.CONSUME(P.Semi!); semi = true; });
    return this.ACTION(() => {
      // `return e` may end a block without `;`, like a trailing expression.
      if (!semi && !tokenMatcher(this.LA(1), P.RBrace!)) this.missingSemi(this.LA(1));
      const stmt: A.Return = { kind: 'Return', span: this.from(start) };
      if (value) stmt.value = value;
      return { stmt };
    })!;
  }, { recoveryValueFunc: () => undefined });

  /** Loop attributes, then `while` or `for`. */
  private loopStmt = this.RULE('loopStmt', (): Item | undefined => {
    const attributes: A.Attribute[] = [];
    this.MANY(() => {
      const a = this.SUBRULE(this.attribute);
      this.ACTION(() => { if (a) attributes.push(a); });
    });
    const stmt = this.OR<A.Stmt>({
      DEF: [
        {
          ALT: () => {
            const start = this.CONSUME(K.while);
            const cond = this.braces(false, () => this.SUBRULE(this.expression));
            const invariants = this.SUBRULE(this.invariants);
            const body = this.SUBRULE(this.block);
            return this.ACTION(() => ({
              kind: 'While', cond, invariants, attributes, body, span: this.from(attributes[0] ? attributes[0].span : start),
            }) as A.Stmt)!;
          },
        },
        {
          ALT: () => {
            const start = this.CONSUME(K.for);
            const name = this.CONSUME(Identifier);
            this.CONSUME(K.in);
            const from = this.braces(false, () => this.SUBRULE2(this.expression));
            this.CONSUME(P.DotDot!);
            const to = this.braces(false, () => this.SUBRULE3(this.expression));
            const invariants = this.SUBRULE2(this.invariants);
            const body = this.SUBRULE2(this.block);
            return this.ACTION(() => ({
              kind: 'For', name: name.image, nameSpan: this.tok(name), from, to, invariants, attributes, body,
              span: this.from(attributes[0] ? attributes[0].span : start),
            }) as A.Stmt)!;
          },
        },
      ],
      ERR_MSG: '`while` or `for` after a loop attribute',
    });
    return this.ACTION(() => ({ stmt }))!;
  }, { recoveryValueFunc: () => undefined });

  private invariants = this.RULE('invariants', (): A.Expr[] => {
    const out: A.Expr[] = [];
    this.MANY(() => {
      this.CONSUME(K.invariant);
      const e = this.braces(false, () => this.SUBRULE(this.expression));
      this.ACTION(() => out.push(toSpec(e)));
    });
    return out;
  }, { recoveryValueFunc: (): A.Expr[] => [] });

  /** `@name(args)` or `@name`. */
  private attribute = this.RULE('attribute', (): A.Attribute | undefined => {
    const start = this.CONSUME(P.At!);
    const name = this.CONSUME(Identifier);
    let a: Args = { args: [], named: [] };
    this.OPTION(() => {
      this.CONSUME(P.LParen!);
      a = this.braces(true, () => this.SUBRULE(this.callArgs));
      this.CONSUME(P.RParen!);
    });
    return this.ACTION(() => ({
      name: name.image, args: a.args.map(toSpec), named: a.named.map((n) => ({ ...n, value: toSpec(n.value) })), span: this.from(start),
    }))!;
  }, { recoveryValueFunc: () => undefined });

  /** `if …` or `{ … }` in statement position: no `;` needed, and no operator may follow. */
  private blockLikeStmt = this.RULE('blockLikeStmt', (): Item | undefined => {
    const start = this.LA(1);
    const expr = this.OR<A.Expr>([
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
    let semi = false;
    this.OPTION(() => { this.CONSUME(P.Semi!); semi = true; });
    return this.ACTION(() => ({ expr, semi, blockLike: true, span: this.from(start) }))!;
  }, { recoveryValueFunc: () => undefined });

  /** `e;`, `e` before `}` (a block's result), or an assignment `target op= e;`. */
  private exprStmt = this.RULE('exprStmt', (): Item | undefined => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expression);
    let op: IToken | undefined;
    let value: A.Expr | undefined;
    this.OPTION(() => {
      op = this.CONSUME(AssignOp);
      value = this.SUBRULE2(this.expression);
    });
    let semi = false;
    this.OPTION2(() => { this.CONSUME(P.Semi!); semi = true; });
    return this.ACTION(() => {
      const next = this.LA(1);
      if (op && value) {
        if (!semi) this.missingSemi(next);
        const target = assignable(expr);
        if (!target) {
          this.report(`cannot assign to this expression: the left of \`${op.image}\` must be a variable or an indexed variable (\`a[i]\`)`, expr.span);
          return undefined;
        }
        return { stmt: { kind: 'Assign', op: op.image as A.AssignOp, target, value, span: this.from(start) } };
      }
      const item: Item = { expr, semi, blockLike: false, span: this.from(start) };
      if (!semi && !tokenMatcher(next, P.RBrace!)) this.missingSemi(next);
      return item;
    });
  }, { recoveryValueFunc: () => undefined });

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  /**
   * `u op u op … u`: the operands and operators are read flat and the tree is built by precedence climbing
   * over the table in lang/lexer.ts (one rule instead of one per level keeps parsing fast).
   */
  expression = this.RULE('expression', (): A.Expr => {
    const starts: IToken[] = [this.LA(1)];
    const operands: A.Expr[] = [this.SUBRULE(this.unary)];
    const ends: IToken[] = [this.LA(0)];
    const ops: IToken[] = [];
    this.MANY(() => {
      ops.push(this.CONSUME(BinaryOp));
      starts.push(this.LA(1));
      operands.push(this.SUBRULE2(this.unary));
      ends.push(this.LA(0));
    });
    return this.ACTION(() => (ops.length === 0 ? operands[0]! : this.climb(operands, ops, starts, ends)))!;
  }, { recoveryValueFunc: () => this.errorExpr() });

  unary = this.RULE('unary', (): A.Expr => {
    return this.OR<A.Expr>({ ERR_MSG: 'an expression', DEF: [
      {
        ALT: () => {
          const op = this.OR2([{ ALT: () => this.CONSUME(P.Bang!) }, { ALT: () => this.CONSUME(P.Minus!) }]);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION(() => ({ kind: 'Unary', op: op.image as A.UnaryOp, operand, span: this.from(op) }) as A.Expr)!;
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ] });
  }, { recoveryValueFunc: () => this.errorExpr() });

  private postfix = this.RULE('postfix', (): A.Expr => {
    const start = this.LA(1);
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(P.LParen!);
            const a = this.braces(true, () => this.SUBRULE(this.callArgs));
            this.CONSUME(P.RParen!);
            this.ACTION(() => { e = { kind: 'Call', callee: e, args: a.args, named: a.named, span: this.from(start) }; });
          },
        },
        {
          ALT: () => {
            this.CONSUME(P.LBracket!);
            const index = this.braces(true, () => this.SUBRULE(this.expression));
            this.CONSUME(P.RBracket!);
            this.ACTION(() => { e = { kind: 'Index', target: e, index, span: this.from(start) }; });
          },
        },
        {
          ALT: () => {
            this.CONSUME(P.Dot!);
            this.OR2({ ERR_MSG: 'a field name or tuple index', DEF: [
              {
                ALT: () => {
                  const n = this.CONSUME(Identifier);
                  this.ACTION(() => { e = { kind: 'Field', target: e, name: n.image, nameSpan: this.tok(n), span: this.from(start) }; });
                },
              },
              {
                ALT: () => {
                  const n = this.CONSUME(NatLit);
                  this.ACTION(() => { e = { kind: 'TupleField', target: e, index: Number(n.image), span: this.from(start) }; });
                },
              },
              {
                // `t.0.1` lexes as `t` `.` `0.1`: two tuple fields.
                ALT: () => {
                  const n = this.CONSUME(RealLit);
                  this.ACTION(() => { e = this.splitTupleFields(e, start, n); });
                },
              },
            ] });
          },
        },
      ]);
    });
    return e;
  }, { recoveryValueFunc: () => this.errorExpr() });

  /** Positional arguments, then named ones (`name: e`); a trailing comma is allowed. */
  private callArgs = this.RULE('callArgs', (): Args => {
    const out: Args = { args: [], named: [] };
    this.OPTION(() => {
      this.SUBRULE(this.callArg, { ARGS: [out] });
      this.MANY(() => {
        this.CONSUME(P.Comma!);
        this.SUBRULE2(this.callArg, { ARGS: [out] });
      });
      this.OPTION2(() => this.CONSUME2(P.Comma!));
    });
    return out;
  }, { recoveryValueFunc: (): Args => ({ args: [], named: [] }) });

  private callArg = this.RULE('callArg', (out: Args): void => {
    this.OR([
      {
        ALT: () => {
          const n = this.CONSUME(Identifier);
          this.CONSUME(P.Colon!);
          const value = this.SUBRULE(this.expression);
          this.ACTION(() => out.named.push({ name: n.image, value, span: this.from(n) }));
        },
      },
      {
        ALT: () => {
          const e = this.SUBRULE2(this.expression);
          this.ACTION(() => {
            if (out.named.length > 0) this.report('positional arguments must come before named ones', e.span);
            out.args.push(e);
          });
        },
      },
    ]);
  }, { recoveryValueFunc: () => undefined });

  primary = this.RULE('primary', (): A.Expr => {
    const start = this.LA(1);
    return this.OR<A.Expr>({
      DEF: [
        { ALT: () => { const t = this.CONSUME(NatLit); return this.ACTION(() => this.natLit(t))!; } },
        { ALT: () => { const t = this.CONSUME(RealLit); return this.ACTION(() => ({ kind: 'Real', value: Number(t.image), span: this.tok(t) }) as A.Expr)!; } },
        { ALT: () => { const t = this.CONSUME(StringLit); return this.ACTION(() => ({ kind: 'String', value: this.stringValue(t), span: this.tok(t) }) as A.Expr)!; } },
        { ALT: () => { const t = this.CONSUME(K.true); return this.ACTION(() => ({ kind: 'Bool', value: true, span: this.tok(t) }) as A.Expr)!; } },
        { ALT: () => { const t = this.CONSUME(K.false); return this.ACTION(() => ({ kind: 'Bool', value: false, span: this.tok(t) }) as A.Expr)!; } },
        { ALT: () => { const t = this.CONSUME(K.infinity); return this.ACTION(() => ({ kind: 'Infinity', span: this.tok(t) }) as A.Expr)!; } },
        {
          // `E[…]` / `P[…]`: always an expectation; the checker decides where it is allowed.
          GATE: () => (this.LA(1).image === 'E' || this.LA(1).image === 'P') && tokenMatcher(this.LA(2), P.LBracket!),
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            const w = this.CONSUME(Identifier);
            this.CONSUME(P.LBracket!);
            const body = this.braces(true, () => this.SUBRULE(this.expression));
            this.CONSUME(P.RBracket!);
            return this.ACTION(() => ({ kind: 'Expect', which: w.image as 'E' | 'P', body, nameSpan: this.tok(w), span: this.from(start) }) as A.Expr)!;
          },
        },
        { ALT: () => { const t = this.CONSUME2(Identifier); return this.ACTION(() => ({ kind: 'Var', name: t.image, span: this.tok(t) }) as A.Expr)!; }, IGNORE_AMBIGUITIES: true },
        {
          ALT: () => {
            this.CONSUME(P.LParen!);
            const elems: A.Expr[] = [];
            this.braces(true, () => this.OPTION(() => {
              elems.push(this.SUBRULE2(this.expression));
              this.MANY(() => {
                this.CONSUME(P.Comma!);
                elems.push(this.SUBRULE3(this.expression));
              });
            }));
            this.CONSUME(P.RParen!);
            return this.ACTION(() => {
              if (elems.length === 0) return { kind: 'Unit', span: this.from(start) } as A.Expr;
              // `(e)` is just `e`: parentheses leave no node behind.
              if (elems.length === 1) return elems[0]!;
              return { kind: 'Tuple', elems, span: this.from(start) } as A.Expr;
            })!;
          },
        },
        {
          ALT: () => {
            this.CONSUME2(P.LBracket!);
            const elems: A.Expr[] = [];
            this.braces(true, () => this.OPTION2(() => {
              elems.push(this.SUBRULE4(this.expression));
              this.MANY2(() => {
                this.CONSUME2(P.Comma!);
                elems.push(this.SUBRULE5(this.expression));
              });
              this.OPTION3(() => this.CONSUME3(P.Comma!));
            }));
            this.CONSUME2(P.RBracket!);
            return this.ACTION(() => ({ kind: 'Array', elems, span: this.from(start) }) as A.Expr)!;
          },
        },
        {
          // `{ x: … }` is a record; `{ x }` and `{}` are blocks.
          GATE: () => !this.noBraces && this.recordAhead(),
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            this.CONSUME(P.LBrace!);
            const fields: { name: string; value: A.Expr; span: Span }[] = [];
            this.AT_LEAST_ONE_SEP({
              SEP: P.Comma!,
              DEF: () => {
                const n = this.CONSUME3(Identifier);
                this.CONSUME(P.Colon!);
                const value = this.braces(true, () => this.SUBRULE6(this.expression));
                this.ACTION(() => fields.push({ name: n.image, value, span: this.from(n) }));
              },
            });
            this.CONSUME(P.RBrace!);
            return this.ACTION(() => ({ kind: 'Record', fields, span: this.from(start) }) as A.Expr)!;
          },
        },
        { GATE: () => !this.noBraces, ALT: () => this.SUBRULE(this.block), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.ifExpr) },
        { ALT: () => this.SUBRULE(this.lambda) },
        {
          // `.5` is no literal (language.md §2); say so rather than "expected an expression, found `.`".
          ALT: () => {
            const dot = this.CONSUME(P.Dot!);
            const n = this.CONSUME2(NatLit);
            return this.ACTION(() => {
              const adjacent = dot.endOffset! + 1 === n.startOffset;
              const span = this.from(dot);
              if (adjacent) this.report(`\`.${n.image}\` is not a number: write \`0.${n.image}\``, span);
              else this.report('expected an expression, found `.`', this.tok(dot));
              return { kind: 'Real', value: Number(`0.${n.image}`), span } as A.Expr;
            })!;
          },
        },
      ],
      ERR_MSG: 'an expression',
    });
  }, { recoveryValueFunc: () => this.errorExpr() });

  ifExpr = this.RULE('ifExpr', (): A.If => {
    const start = this.CONSUME(K.if);
    const cond = this.braces(false, () => this.SUBRULE(this.expression));
    const then = this.SUBRULE(this.block);
    let otherwise: A.Block | A.If | undefined;
    this.OPTION(() => {
      this.CONSUME(K.else);
      otherwise = this.OR<A.Block | A.If>({
        DEF: [
          { ALT: () => this.SUBRULE(this.ifExpr) },
          { ALT: () => this.SUBRULE2(this.block) },
        ],
        ERR_MSG: 'a block or `if` after `else`',
      });
    });
    return this.ACTION(() => {
      const node: A.If = { kind: 'If', cond, then, span: this.from(start) };
      if (otherwise) node.otherwise = otherwise;
      return node;
    })!;
  }, {
    recoveryValueFunc: (): A.If => {
      const span = this.prevEnd();
      return { kind: 'If', cond: this.errorExpr(), then: { kind: 'Block', stmts: [], span }, span };
    },
  });

  /** `fn(x) => e`, `fn(x: Real) -> Real { … }`. */
  private lambda = this.RULE('lambda', (): A.Expr => {
    const start = this.CONSUME(K.fn);
    this.CONSUME(P.LParen!);
    const params: A.Param[] = [];
    this.OPTION(() => {
      params.push(this.SUBRULE(this.lambdaParam));
      this.MANY(() => {
        this.CONSUME(P.Comma!);
        params.push(this.SUBRULE2(this.lambdaParam));
      });
      this.OPTION2(() => this.CONSUME2(P.Comma!));
    });
    this.CONSUME(P.RParen!);
    let result: A.TypeExpr | undefined;
    this.OPTION3(() => {
      this.CONSUME(P.Arrow!);
      result = this.SUBRULE(this.typeExpr);
    });
    const body = this.OR<A.Expr>({
      DEF: [
        { ALT: () => { this.CONSUME(P.FatArrow!); return this.SUBRULE(this.expression); } },
        { ALT: () => this.SUBRULE(this.block) },
      ],
      ERR_MSG: '`=>` or a block',
    });
    return this.ACTION(() => {
      const node: A.Lambda = { kind: 'Lambda', params, body, span: this.from(start) };
      if (result) node.result = result;
      return node;
    })!;
  }, { recoveryValueFunc: () => this.errorExpr() });

  // -------------------------------------------------------------------------------------------
  // Helpers of the grammar: lookahead predicates, tree building
  // -------------------------------------------------------------------------------------------

  private recordAhead(): boolean {
    return tokenMatcher(this.LA(1), P.LBrace!) && tokenMatcher(this.LA(2), Identifier) && tokenMatcher(this.LA(3), P.Colon!);
  }

  private blockLikeAhead(): boolean {
    const t = this.LA(1);
    return tokenMatcher(t, K.if) || (tokenMatcher(t, P.LBrace!) && !this.recordAhead());
  }

  /** Turns a parsed statement into a `Stmt`: a bare expression becomes an `ExprStmt`. */
  private itemToStmt(item: Item): A.Stmt {
    if ('stmt' in item) return item.stmt;
    return { kind: 'ExprStmt', expr: item.expr, span: item.span };
  }

  /** Builds the tree of `operands[0] ops[0] operands[1] …` (shunting-yard; all levels associate left). */
  private climb(operands: A.Expr[], ops: IToken[], starts: IToken[], ends: IToken[]): A.Expr {
    type Entry = { e: A.Expr; start: Span; end: IToken; level: number };
    const out: Entry[] = [{ e: operands[0]!, start: this.tokOr(starts[0]!, operands[0]!.span), end: ends[0]!, level: -1 }];
    const stack: { tok: IToken; level: number }[] = [];
    const reduce = () => {
      const { tok, level } = stack.pop()!;
      const r = out.pop()!;
      const l = out.pop()!;
      // Only operands built here can chain; a parenthesised comparison arrives from `primary` with level -1.
      if (binaryLevels[level]!.assoc === 'none' && l.level === level) this.report(binaryLevels[level]!.chainError!(tok.image), this.tok(tok));
      const span = this.between(l.start, r.end);
      out.push({ e: { kind: 'Binary', op: tok.image as A.BinaryOp, left: l.e, right: r.e, opSpan: this.tok(tok), span }, start: l.start, end: r.end, level });
    };
    ops.forEach((tok, i) => {
      const level = binaryLevelOf.get(tok.image)!;
      while (stack.length && stack[stack.length - 1]!.level >= level) reduce();
      stack.push({ tok, level });
      out.push({ e: operands[i + 1]!, start: this.tokOr(starts[i + 1]!, operands[i + 1]!.span), end: ends[i + 1]!, level: -1 });
    });
    while (stack.length) reduce();
    return out[0]!.e;
  }

  private natLit(t: IToken): A.Expr {
    const value = Number(t.image);
    if (value > 2 ** 53) this.report(`integer literal \`${t.image}\` is too large (the largest is 2^53 = 9007199254740992)`, this.tok(t));
    return { kind: 'Nat', value, span: this.tok(t) };
  }

  private splitTupleFields(target: A.Expr, start: IToken, n: IToken): A.Expr {
    const m = /^(\d+)\.(\d+)$/.exec(n.image);
    if (!m) {
      this.report(`expected a field name or tuple index, found \`${n.image}\``, this.tok(n));
      return { kind: 'TupleField', target, index: 0, span: this.from(start) };
    }
    const s = this.tok(n);
    const firstEnd = s.start + m[1]!.length;
    const first: A.Expr = {
      kind: 'TupleField', target, index: Number(m[1]),
      span: { ...this.from(start), end: firstEnd },
    };
    return { kind: 'TupleField', target: first, index: Number(m[2]), span: this.from(start) };
  }

  private stringValue(t: IToken): string {
    if (isNaN(t.startOffset)) return '';
    return decodeString(t.image, (off, esc) => {
      this.report(`unknown escape \`${esc}\` in string (use \\n, \\t, \\" or \\\\)`, {
        file: this.file, start: t.startOffset + off, end: t.startOffset + off + esc.length,
        line: t.startLine ?? 1, col: (t.startColumn ?? 1) + off,
      });
    });
  }

}

function withType<T extends A.Stmt>(node: T, type: A.TypeExpr | undefined): T {
  if (type) (node as { type?: A.TypeExpr }).type = type;
  return node;
}

/**
 * The target of an assignment, if `e` can be one: a `Var` or an `Index` chain rooted at a `Var`. `E[i]` and
 * `P[i]` (parsed as expectations) are indexing here: only a variable named `E` or `P` can be assigned.
 */
function assignable(e: A.Expr): A.VarRef | A.Index | undefined {
  if (e.kind === 'Var') return e.name === ERROR_NAME ? undefined : e;
  if (e.kind === 'Expect') return { kind: 'Index', target: { kind: 'Var', name: e.which, span: e.nameSpan }, index: e.body, span: e.span };
  if (e.kind === 'Index') {
    const target = assignable(e.target);
    return target ? { ...e, target } : undefined;
  }
  return undefined;
}
