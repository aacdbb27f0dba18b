// The tokens of .ppl (language.md §2), declared in one data table, the chevrotain lexer built from it, and
// the precedence table of the binary operators, which the parser (precedence climbing) and the printer
// both read. Lexing never throws: bad characters become tokens and diagnostics.

import { createToken, createTokenInstance, Lexer, type ILexerConfig, type ILexingError, type IToken, type TokenType } from 'chevrotain';
import type { Diagnostic, Span } from './span.js';

// ---------------------------------------------------------------------------------------------
// Precedence levels of the binary operators, loosest first (language.md §4). `assoc: 'none'` marks
// the levels whose operators do not associate (`a < b < c` is an error). The parser reads operator
// sequences with one rule and builds the tree from this table (precedence climbing).
// ---------------------------------------------------------------------------------------------

export interface BinaryLevel {
  assoc: 'left' | 'none';
  /** Operators of this level, as written. */
  ops: string[];
  /** For a non-associative level: the message for a second operator in a chain, given its text. */
  chainError?: (op: string) => string;
}

/** The category of every binary operator token. */
export const BinaryOp = createToken({ name: 'BinaryOp', pattern: Lexer.NA, label: 'an operator' });
/** `=`, `+=`, `-=`, `*=`: the assignment operators. */
export const AssignOp = createToken({ name: 'AssignOp', pattern: Lexer.NA, label: 'an assignment operator' });

export const binaryLevels: BinaryLevel[] = [
  { assoc: 'left', ops: ['||'] },
  { assoc: 'left', ops: ['&&'] },
  {
    assoc: 'none', ops: ['==', '!=', '=:='],
    chainError: (op) => `\`${op}\` after an equality: \`==\`, \`!=\` and \`=:=\` do not associate (add parentheses)`,
  },
  {
    assoc: 'none', ops: ['<', '<=', '>', '>='],
    chainError: (op) => `\`${op}\` after a comparison: comparison operators do not associate (write \`a < b && b < c\`)`,
  },
  { assoc: 'left', ops: ['+', '-'] },
  { assoc: 'left', ops: ['*', '/', '%'] },
];

/** The index in `binaryLevels` of each binary operator (larger binds tighter). */
export const binaryLevelOf: ReadonlyMap<string, number> = new Map(binaryLevels.flatMap((l, i) => l.ops.map((op) => [op, i] as const)));

// ---------------------------------------------------------------------------------------------
// The token table. Order matters where patterns overlap: chevrotain takes the first pattern that
// matches, so longer operators come before their prefixes and Real before Nat.
// ---------------------------------------------------------------------------------------------

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

/** The keywords of language.md §2, plus `infinity`. */
export const keywordNames = [
  'fn', 'let', 'var', 'if', 'else', 'while', 'for', 'in', 'return', 'true', 'false',
  'invariant', 'ensures', 'requires', 'import', 'infinity',
] as const;
export type Keyword = (typeof keywordNames)[number];

export const Keywords = Object.fromEntries(
  keywordNames.map((k) => [
    k,
    createToken({ name: `Kw_${k}`, pattern: new RegExp(k), longer_alt: Identifier, label: `\`${k}\`` }),
  ]),
) as Record<Keyword, TokenType>;

interface PunctSpec { name: string; text: string; categories?: TokenType[] }

/** Operators and punctuation, longest first where one is a prefix of another. */
const punctuation: PunctSpec[] = [
  { name: 'ExactEq', text: '=:=', categories: [BinaryOp] },
  { name: 'EqEq', text: '==', categories: [BinaryOp] },
  { name: 'FatArrow', text: '=>' },
  { name: 'NotEq', text: '!=', categories: [BinaryOp] },
  { name: 'LtEq', text: '<=', categories: [BinaryOp] },
  { name: 'GtEq', text: '>=', categories: [BinaryOp] },
  { name: 'Lt', text: '<', categories: [BinaryOp] },
  { name: 'Gt', text: '>', categories: [BinaryOp] },
  { name: 'OrOr', text: '||', categories: [BinaryOp] },
  { name: 'AndAnd', text: '&&', categories: [BinaryOp] },
  { name: 'PlusAssign', text: '+=', categories: [AssignOp] },
  { name: 'MinusAssign', text: '-=', categories: [AssignOp] },
  { name: 'StarAssign', text: '*=', categories: [AssignOp] },
  { name: 'Arrow', text: '->' },
  { name: 'Plus', text: '+', categories: [BinaryOp] },
  { name: 'Minus', text: '-', categories: [BinaryOp] },
  { name: 'Star', text: '*', categories: [BinaryOp] },
  { name: 'Slash', text: '/', categories: [BinaryOp] },
  { name: 'Percent', text: '%', categories: [BinaryOp] },
  { name: 'Bang', text: '!' },
  { name: 'Assign', text: '=', categories: [AssignOp] },
  { name: 'DotDot', text: '..' },
  { name: 'Dot', text: '.' },
  { name: 'Tilde', text: '~' },
  { name: 'At', text: '@' },
  { name: 'Comma', text: ',' },
  { name: 'Semi', text: ';' },
  { name: 'Colon', text: ':' },
  { name: 'LParen', text: '(' },
  { name: 'RParen', text: ')' },
  { name: 'LBracket', text: '[' },
  { name: 'RBracket', text: ']' },
  { name: 'LBrace', text: '{' },
  { name: 'RBrace', text: '}' },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Punctuation tokens by name (`P.Semi`, `P.LParen`, …). */
export const P = Object.fromEntries(
  punctuation.map((p) => [
    p.name,
    createToken({ name: p.name, pattern: new RegExp(escapeRegExp(p.text)), label: `\`${p.text}\``, ...(p.categories ? { categories: p.categories } : {}) }),
  ]),
) as Record<string, TokenType>;

export const RealLit = createToken({
  name: 'RealLit',
  // Digits on both sides of the point, so `0..10` is `0` `..` `10` and `.5` is no literal.
  pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
  label: 'a number',
});
export const NatLit = createToken({ name: 'NatLit', pattern: /\d+/, label: 'a number' });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, label: 'a string' });

// A byte-order mark (some editors start files with one) counts as whitespace.
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });
// Malformed input that the lexer recognises in order to report it well. These tokens stay in the token
// stream, so the parser stops at them too; parse() keeps only the lexer's message for that position.
const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, line_breaks: true, label: 'an unterminated comment' });
const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/, label: 'an unterminated string' });
// Characters that start no token. Chevrotain skips them and reports an error; lex() puts an `Unknown` token
// in their place (a pattern matching "any character" would disable chevrotain's first-character optimisation).
const Unknown = createToken({ name: 'Unknown', pattern: Lexer.NA, label: 'an unexpected character' });
const errorTokens = new Set([UnterminatedComment, UnterminatedString, Unknown]);

export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  StringLit, UnterminatedString,
  RealLit, NatLit,
  // Longest keyword first: `in` must not cut `infinity` or `invariant` short.
  ...Object.values(Keywords).sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  ...Object.values(P),
  // Categories are listed so the parser knows them; they match nothing themselves.
  BinaryOp, AssignOp, Unknown,
];

// Only `\n` ends a line (a `\r` before it is part of the line), as in cli/render.ts: lines and columns agree
// with the excerpts printed under diagnostics. Chevrotain's validations of the token table cost start-up time
// on every run, so the shared lexer skips them and `lexerErrors` (run by a test) performs them.
const lexerConfig: ILexerConfig = {
  positionTracking: 'full', ensureOptimizations: true, lineTerminatorsPattern: /\n/g, lineTerminatorCharacters: ['\n'],
};
const lexer = new Lexer(allTokens, { ...lexerConfig, skipValidations: true });

/** Builds the lexer with chevrotain's validations on and returns the problems found: empty for a sound token table. */
export function lexerErrors(): string[] {
  try {
    const checked = new Lexer(allTokens, { ...lexerConfig, skipValidations: false });
    return checked.lexerDefinitionErrors.map((e) => e.message);
  } catch (e) {
    return [String((e as Error)?.message ?? e)];
  }
}

export interface LexResult { tokens: IToken[]; diagnostics: Diagnostic[] }

/** Splits `source` into tokens. Bad characters, unterminated strings and comments become diagnostics. */
export function lex(source: string, file: string): LexResult {
  const result = lexer.tokenize(source);
  const tokens = result.errors.length ? withUnknownTokens(source, result.tokens, result.errors) : result.tokens;
  const diagnostics: Diagnostic[] = [];
  for (const t of tokens) {
    if (!errorTokens.has(t.tokenType)) continue;
    let message: string;
    let length = t.image.length;
    if (t.tokenType === UnterminatedString) message = 'unterminated string';
    else if (t.tokenType === UnterminatedComment) { message = 'unterminated comment `/*`'; length = 2; }
    else {
      const ch = t.image.codePointAt(0) ?? 0;
      // Invisible characters (controls, unusual spaces, lone surrogates) are shown by their code.
      const text = String.fromCodePoint(ch);
      const shown = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(text) ? text : `\\u{${ch.toString(16)}}`;
      message = `unexpected character \`${shown}\``;
      length = ch > 0xffff ? 2 : 1;
    }
    diagnostics.push(lexError(message, file, t.startOffset, length, t.startLine ?? 1, t.startColumn ?? 1));
  }
  return { tokens, diagnostics };
}

/** The tokens with an `Unknown` token in place of each run of characters the lexer skipped. */
function withUnknownTokens(source: string, tokens: IToken[], errors: ILexingError[]): IToken[] {
  const unknown = errors.map((e) => {
    const col = e.column ?? 1;
    const line = e.line ?? 1;
    return createTokenInstance(Unknown, source.slice(e.offset, e.offset + e.length), e.offset, e.offset + e.length - 1, line, line, col, col + e.length - 1);
  });
  const out: IToken[] = [];
  let j = 0;
  for (const t of tokens) {
    while (j < unknown.length && unknown[j]!.startOffset < t.startOffset) out.push(unknown[j++]!);
    out.push(t);
  }
  while (j < unknown.length) out.push(unknown[j++]!);
  return out;
}


function lexError(message: string, file: string, offset: number, length: number, line: number, col: number): Diagnostic {
  const span: Span = { file, start: offset, end: offset + length, line, col };
  return { severity: 'error', message, span, phase: 'parse' };
}

/** Decodes the escapes of a string literal's image (quotes included). Unknown escapes are reported via `bad`. */
export function decodeString(image: string, bad: (offsetInImage: number, escape: string) => void): string {
  let out = '';
  for (let i = 1; i < image.length - 1; i++) {
    const c = image[i]!;
    if (c !== '\\') { out += c; continue; }
    const n = image[++i]!;
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default: bad(i - 1, `\\${n}`); out += n;
    }
  }
  return out;
}
