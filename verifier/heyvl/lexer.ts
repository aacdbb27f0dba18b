// Tokens of HeyVL (Caesar 4): identifiers with primes, integer and decimal literals, strings, ∞, the Unicode
// lattice operators and their ASCII spellings (\cap \cup ==> <== \infty \oplus), `//` and `/* */` comments.

import type { Span, Diagnostic } from '../../lang/index.js';
import { error } from '../../lang/index.js';

export type TokKind = 'ident' | 'int' | 'dec' | 'str' | 'sym' | 'eof';

export interface Token {
  readonly kind: TokKind;
  /** For 'sym' the canonical symbol (ASCII forms mapped to Unicode); else the text. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Symbols, longest first; the value is the canonical spelling. */
const SYMBOLS: [string, string][] = [
  ['\\infty', '∞'], ['\\oplus', '⊕'], ['\\cap', '⊓'], ['\\cup', '⊔'],
  ['==>', '→'], ['<==', '←'], ['->', '->'],
  ['==', '=='], ['!=', '!='], ['<=', '<='], ['>=', '>='], ['&&', '&&'], ['||', '||'],
  ['∞', '∞'], ['⊕', '⊕'], ['⊓', '⊓'], ['⊔', '⊔'], ['→', '→'], ['←', '←'], ['↘', '↘'], ['↖', '↖'],
  ['(', '('], [')', ')'], ['{', '{'], ['}', '}'], ['[', '['], [']', ']'], [',', ','], [';', ';'], [':', ':'],
  ['.', '.'], ['=', '='], ['<', '<'], ['>', '>'], ['+', '+'], ['-', '-'], ['*', '*'], ['/', '/'], ['%', '%'],
  ['!', '!'], ['~', '~'], ['?', '?'], ['@', '@'],
];

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly file: string, src: string) {
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  span(start: number, end: number): Span {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= start) lo = mid; else hi = mid - 1;
    }
    return { file: this.file, start, end, line: lo + 1, col: start - this.starts[lo]! + 1 };
  }
}

export function lex(src: string, lines: LineIndex): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  const n = src.length;
  outer: while (i < n) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (src.startsWith('//', i)) { while (i < n && src[i] !== '\n') i++; continue; }
    if (src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) { diagnostics.push(error('unterminated block comment', lines.span(i, i + 2), 'parse')); break; }
      i = close + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_']/.test(src[j]!)) j++;
      tokens.push({ kind: 'ident', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < n && /[0-9]/.test(src[j]!)) j++;
      if (src[j] === '.' && /[0-9]/.test(src[j + 1] ?? '')) {
        j++;
        while (j < n && /[0-9]/.test(src[j]!)) j++;
        tokens.push({ kind: 'dec', text: src.slice(i, j), start: i, end: j });
      } else tokens.push({ kind: 'int', text: src.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === '"') {
      const close = src.indexOf('"', i + 1);
      if (close < 0) { diagnostics.push(error('unterminated string literal', lines.span(i, i + 1), 'parse')); break; }
      tokens.push({ kind: 'str', text: src.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    for (const [s, canon] of SYMBOLS) {
      if (src.startsWith(s, i)) {
        tokens.push({ kind: 'sym', text: canon, start: i, end: i + s.length });
        i += s.length;
        continue outer;
      }
    }
    const cp = src.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    diagnostics.push(error(`unexpected character \`${String.fromCodePoint(cp)}\``, lines.span(i, i + len), 'parse'));
    i += len;
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n });
  return { tokens, diagnostics };
}
