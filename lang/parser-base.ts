// The chevrotain wrapper that the .ppl grammar (lang/parser.ts) extends: source spans from tokens (an
// inserted or end-of-file token, whose positions are NaN, gets an empty span after the previous token),
// where errors are located, the grammar's own diagnostics, and two tweaks to chevrotain's recovery.

import {
  EmbeddedActionsParser, EOF, LLkLookaheadStrategy, tokenMatcher, type ILookaheadStrategy, type IParserConfig, type IToken, type TokenType,
} from 'chevrotain';
import type * as A from './ast.js';
import type { Diagnostic, Span } from './span.js';
import { allTokens } from './lexer.js';
import { describeToken, errorMessages } from './messages.js';

/** The name of the `Var` placed where an expression could not be parsed (never a valid identifier). */
export const ERROR_NAME = '<error>';

/** Chevrotain's recovery methods that ParserBase refines (internal to chevrotain, so not in its types). */
interface Recovery {
  canRecoverWithSingleTokenInsertion(this: ParserBase, expected: TokenType, follows: TokenType[]): boolean;
  canRecoverWithSingleTokenDeletion(this: ParserBase, expected: TokenType): boolean;
  tryInRuleRecovery(this: ParserBase, expected: TokenType, follows: TokenType[]): IToken;
  SKIP_TOKEN(this: ParserBase): IToken;
  consumeToken(this: ParserBase): void;
}
const chevrotain = EmbeddedActionsParser.prototype as unknown as Recovery;

/**
 * Chevrotain's LL(k) lookahead, built on first use instead of for every production at start-up. Building
 * all of them costs ~15 ms per process, and a typical program exercises a fraction of the grammar.
 * The functions built are the same; only when they are built changes.
 */
type AltFn = ILookaheadStrategy['buildLookaheadForAlternation'];
type OptFn = ILookaheadStrategy['buildLookaheadForOptional'];
class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<AltFn>[0]) {
    type Fn = ReturnType<AltFn>;
    let built: Fn | undefined;
    const build = () => (built = super.buildLookaheadForAlternation(options));
    return function (this: unknown, alts?: Parameters<Fn>[0]) { return (built ?? build()).call(this as never, alts); } as Fn;
  }

  override buildLookaheadForOptional(options: Parameters<OptFn>[0]) {
    type Fn = ReturnType<OptFn>;
    let built: Fn | undefined;
    const build = () => (built = super.buildLookaheadForOptional(options));
    return function (this: unknown) { return (built ?? build()).call(this as never); } as Fn;
  }
}

export abstract class ParserBase extends EmbeddedActionsParser {
  /** The file being parsed (for spans). */
  file = '';
  /** Diagnostics found by the grammar actions (chevrotain's own errors are in `this.errors`). */
  diags: Diagnostic[] = [];
  /** Offsets of the tokens at which a mismatch was repaired by inserting or deleting one token. */
  repairedAt = new Set<number>();

  constructor(config: { validate?: boolean; maxLookahead?: number }) {
    const options: IParserConfig = {
      recoveryEnabled: true,
      maxLookahead: config.maxLookahead ?? 2,
      lookaheadStrategy: new LazyLookahead({ maxLookahead: config.maxLookahead ?? 2 }),
      errorMessageProvider: errorMessages,
      skipValidations: !config.validate,
    };
    super(allTokens, options);
  }

  /**
   * True while parsing a condition (`if`, `while`, `for` bounds, `invariant`, `requires`/`ensures`): there a
   * `{` ends the expression, so a block or record must be parenthesised — as struct literals in Rust.
   * Brackets, parentheses, argument lists and blocks inside the condition lift the restriction.
   */
  protected noBraces = false;

  protected braces<T>(allowed: boolean, f: () => T): T {
    const saved = this.noBraces;
    this.noBraces = !allowed;
    try {
      return f();
    } finally {
      this.noBraces = saved;
    }
  }

  /** Starts anew on `tokens` (chevrotain resets its state when `input` is set). */
  start(tokens: IToken[], file: string): void {
    this.file = file;
    this.diags = [];
    this.repairedAt = new Set();
    this.noBraces = false;
    this.input = tokens;
  }

  // -------------------------------------------------------------------------------------------
  // Recovery tweaks
  // -------------------------------------------------------------------------------------------

  /**
   * At the end of the input nothing can be skipped, so a missing `)`, `}`, `;` … is always inserted there:
   * an unterminated function keeps its body instead of being abandoned by re-synchronisation.
   */
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean {
    return tokenMatcher(this.LA(1), EOF) || chevrotain.canRecoverWithSingleTokenInsertion.call(this, expected, follows);
  }

  /**
   * Deletion is tried before insertion: in `f("a" "b")` the stray `"b"` is dropped (`)` comes next), where
   * chevrotain would insert a `)` and then stumble over the real one. Mismatches repaired in place are
   * remembered: parsing went on normally after them, so parse() does not treat what follows as their
   * consequence.
   */
  tryInRuleRecovery(expected: TokenType, follows: TokenType[]): IToken {
    const at = this.LA(1);
    let token: IToken;
    if (!tokenMatcher(at, EOF) && chevrotain.canRecoverWithSingleTokenDeletion.call(this, expected)) {
      token = chevrotain.SKIP_TOKEN.call(this);
      chevrotain.consumeToken.call(this);
    } else {
      token = chevrotain.tryInRuleRecovery.call(this, expected, follows);
    }
    this.repairedAt.add(at.startOffset);
    return token;
  }

  // -------------------------------------------------------------------------------------------
  // Spans and diagnostics
  // -------------------------------------------------------------------------------------------

  /** The span of the token the parser is at (for errors raised outside chevrotain, such as stack overflow). */
  currentSpan(): Span {
    return this.errorSpan(this.LA(1), this.LA(0), true);
  }

  /** Records a diagnostic of the grammar's own (one that does not disturb parsing). */
  report(message: string, span: Span): void {
    this.diags.push({ severity: 'error', message, span, phase: 'parse' });
  }

  /** Reports a missing `;` before `next`, at the end of the previous token when `next` is on a later line. */
  protected missingSemi(next: IToken): void {
    this.report(`expected \`;\`, found ${describeToken(next)}`, this.errorSpan(next, this.LA(0)));
  }

  /**
   * Where to point for an error found at token `found`, right after token `prev`: at `found`, or at the
   * end of `prev` when `found` is the end of file or (for a missing token, unless `atFound`) on a later line.
   */
  errorSpan(found: IToken, prev: IToken | undefined, atFound = false): Span {
    const prevOk = prev !== undefined && !isNaN(prev.startOffset) && !tokenMatcher(prev, EOF);
    const foundOk = !isNaN(found.startOffset) && !tokenMatcher(found, EOF);
    if (!prevOk && !foundOk) return this.prevEnd();
    if (!foundOk || (!atFound && prevOk && (found.startLine ?? 0) > (prev!.endLine ?? 0))) {
      return prevOk ? this.endOf(prev!) : this.prevEnd();
    }
    return this.tok(found);
  }

  /** The span of a token; inserted (virtual) tokens get an empty span at the end of the previous token. */
  tok(t: IToken): Span {
    if (isNaN(t.startOffset) || tokenMatcher(t, EOF)) return this.prevEnd();
    return { file: this.file, start: t.startOffset, end: t.endOffset! + 1, line: t.startLine!, col: t.startColumn! };
  }

  protected tokOrPrev(t: IToken | undefined): Span {
    return t ? this.tok(t) : this.prevEnd();
  }

  /** The span from the start of `start` (a token or span) to the end of the last consumed token. */
  from(start: IToken | Span, fallback?: Span): Span {
    const s: Span = 'file' in start ? start : (isNaN(start.startOffset) || tokenMatcher(start, EOF) ? fallback ?? this.prevEnd() : this.tok(start));
    const last = this.LA(0);
    if (!last || isNaN(last.startOffset) || last.endOffset! + 1 < s.start) return { ...s, end: s.start };
    return { file: this.file, start: s.start, end: Math.max(s.start, last.endOffset! + 1), line: s.line, col: s.col };
  }

  protected prevEnd(): Span {
    const last = this.LA(0);
    if (!last || isNaN(last.startOffset)) return this.zeroAt(0, 1, 1);
    return this.endOf(last);
  }

  protected endOf(t: IToken): Span {
    return this.zeroAt(t.endOffset! + 1, t.endLine!, t.endColumn! + 1);
  }

  protected zeroAt(offset: number, line: number, col: number): Span {
    return { file: this.file, start: offset, end: offset, line, col };
  }

  /** The span of token `t`, or `fallback` if it is virtual or the end of file. */
  protected tokOr(t: IToken, fallback: Span): Span {
    return isNaN(t.startOffset) || tokenMatcher(t, EOF) ? fallback : this.tok(t);
  }

  /** From the start of `start` to the end of token `last` (never before `start`). */
  protected between(start: Span, last: IToken): Span {
    const end = last && !isNaN(last.startOffset) && !tokenMatcher(last, EOF) ? last.endOffset! + 1 : start.end;
    return { ...start, end: Math.max(start.start, end) };
  }

  /**
   * The placeholder for an expression that could not be parsed: empty, right after the last token the
   * parser consumed or skipped (so it lies inside the span of the node that holds it).
   */
  protected errorExpr(): A.Expr {
    return { kind: 'Var', name: ERROR_NAME, span: this.prevEnd() };
  }
}
