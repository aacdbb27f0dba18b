// The tokens of .ppl (language.md §2), declared in one data table, and the chevrotain lexer built from it.
// Operator tokens carry a category per precedence level so that the parser's binary-operator rules are
// generated from the same table (lang/parser.ts). Lexing never throws: bad characters become diagnostics.

import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { Diagnostic, Span } from './span.js';

// ---------------------------------------------------------------------------------------------
// Precedence levels of the binary operators, loosest first (language.md §4). `assoc: 'none'` marks
// the levels whose operators do not associate (`a < b < c` is an error).
// ---------------------------------------------------------------------------------------------

export interface BinaryLevel {
  /** The token category that every operator of this level belongs to. */
  category: TokenType;
  assoc: 'left' | 'none';
  /** Operators of this level, as written. */
  ops: string[];
  /** For a non-associative level: the message for a second operator in a chain, given its text. */
  chainError?: (op: string) => string;
}

const level = (name: string): TokenType => createToken({ name, pattern: Lexer.NA });
const OrLevel = level('OrLevel');
const AndLevel = level('AndLevel');
const EqLevel = level('EqLevel');
const RelLevel = level('RelLevel');
const AddLevel = level('AddLevel');
const MulLevel = level('MulLevel');
/** `=`, `+=`, `-=`, `*=`: the assignment operators. */
export const AssignOp = createToken({ name: 'AssignOp', pattern: Lexer.NA, label: 'an assignment operator' });

export const binaryLevels: BinaryLevel[] = [
  { category: OrLevel, assoc: 'left', ops: ['||'] },
  { category: AndLevel, assoc: 'left', ops: ['&&'] },
  {
    category: EqLevel, assoc: 'none', ops: ['==', '!=', '=:='],
    chainError: (op) => `\`${op}\` after an equality: \`==\`, \`!=\` and \`=:=\` do not associate (add parentheses)`,
  },
  {
    category: RelLevel, assoc: 'none', ops: ['<', '<=', '>', '>='],
    chainError: (op) => `\`${op}\` after a comparison: comparison operators do not associate (write \`a < b && b < c\`)`,
  },
  { category: AddLevel, assoc: 'left', ops: ['+', '-'] },
  { category: MulLevel, assoc: 'left', ops: ['*', '/', '%'] },
];

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
  { name: 'ExactEq', text: '=:=', categories: [EqLevel] },
  { name: 'EqEq', text: '==', categories: [EqLevel] },
  { name: 'FatArrow', text: '=>' },
  { name: 'NotEq', text: '!=', categories: [EqLevel] },
  { name: 'LtEq', text: '<=', categories: [RelLevel] },
  { name: 'GtEq', text: '>=', categories: [RelLevel] },
  { name: 'Lt', text: '<', categories: [RelLevel] },
  { name: 'Gt', text: '>', categories: [RelLevel] },
  { name: 'OrOr', text: '||', categories: [OrLevel] },
  { name: 'AndAnd', text: '&&', categories: [AndLevel] },
  { name: 'PlusAssign', text: '+=', categories: [AssignOp] },
  { name: 'MinusAssign', text: '-=', categories: [AssignOp] },
  { name: 'StarAssign', text: '*=', categories: [AssignOp] },
  { name: 'Arrow', text: '->' },
  { name: 'Plus', text: '+', categories: [AddLevel] },
  { name: 'Minus', text: '-', categories: [AddLevel] },
  { name: 'Star', text: '*', categories: [MulLevel] },
  { name: 'Slash', text: '/', categories: [MulLevel] },
  { name: 'Percent', text: '%', categories: [MulLevel] },
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

/** The token type of each binary operator, keyed by its text. */
export const binaryOpTokens: Record<string, TokenType> = Object.fromEntries(
  punctuation.filter((p) => binaryLevels.some((l) => l.ops.includes(p.text))).map((p) => [p.text, P[p.name]!]),
);

export const RealLit = createToken({
  name: 'RealLit',
  // Digits on both sides of the point, so `0..10` is `0` `..` `10` and `.5` is no literal.
  pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
  label: 'a number',
});
export const NatLit = createToken({ name: 'NatLit', pattern: /\d+/, label: 'a number' });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, label: 'a string' });

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });
// Malformed input that the lexer recognises in order to report it well. These tokens stay in the token
// stream, so the parser stops at them too; parse() keeps only the lexer's message for that position.
const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, line_breaks: true, label: 'an unterminated comment' });
const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/, label: 'an unterminated string' });
// Any other character (a surrogate pair counts as one). Not `[\s\S]`: chevrotain's optimiser mishandles it.
const Unknown = createToken({ name: 'Unknown', pattern: /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^]/, label: 'an unexpected character' });
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
  ...binaryLevels.map((l) => l.category), AssignOp,
  Unknown,
];

const lexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });

export interface LexResult { tokens: IToken[]; diagnostics: Diagnostic[] }

/** Splits `source` into tokens. Bad characters, unterminated strings and comments become diagnostics. */
export function lex(source: string, file: string): LexResult {
  const result = lexer.tokenize(source);
  const diagnostics: Diagnostic[] = [];
  // `Unknown` matches any character, so chevrotain itself reports no errors; bad input is one of these.
  for (const t of result.tokens) {
    if (!errorTokens.has(t.tokenType)) continue;
    let message: string;
    let length = t.image.length;
    if (t.tokenType === UnterminatedString) message = 'unterminated string';
    else if (t.tokenType === UnterminatedComment) { message = 'unterminated comment `/*`'; length = 2; }
    else {
      const ch = t.image.codePointAt(0) ?? 0;
      const shown = ch < 32 || ch === 127 ? `\\u{${ch.toString(16)}}` : t.image;
      message = `unexpected character \`${shown}\``;
    }
    diagnostics.push(lexError(message, file, t.startOffset, length, t.startLine ?? 1, t.startColumn ?? 1));
  }
  for (const e of result.errors) {
    diagnostics.push(lexError(e.message, file, e.offset, e.length, e.line ?? 1, e.column ?? 1));
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { tokens: result.tokens, diagnostics };
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
