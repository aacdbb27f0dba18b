// When is a REPL input complete? A small scanner over the .ppl lexical structure (strings, comments,
// brackets): an input is complete when every `(`, `[` and `{` is closed and no block comment is open. A string
// cannot span lines in .ppl, so one left open ends with its line (the lexer then reports it). Syntax beyond
// that is the parser's business, once the input is complete.

/** What the scanner found at the end of the text. */
export interface Openness {
  /** Open brackets, innermost last (`(`, `[`, `{`). */
  open: string[];
  /** The last line ends inside `"…"` (an unterminated string: strings do not span lines). */
  inString: boolean;
  /** Inside `/* … *\/`. */
  inComment: boolean;
}

const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export function scanOpenness(text: string): Openness {
  const open: string[] = [];
  let inString = false;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inComment) {
      if (c === '*' && text[i + 1] === '/') {
        inComment = false;
        i++;
      }
    } else if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      // An unterminated string ends at the line's end (the lexer reports it): do not wait for ever.
      else if (c === '\n') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if (c === '/' && text[i + 1] === '*') {
      inComment = true;
      i++;
    } else if (c === '(' || c === '[' || c === '{') {
      open.push(c);
    } else if (c in CLOSING) {
      // A mismatched closer still closes the innermost opener: the parser reports the mismatch, and the
      // user is not left waiting for a bracket that no longer makes sense.
      open.pop();
    }
  }
  return { open, inString, inComment };
}

/** Whether the lines typed so far form a complete input (more lines are read while it is not). */
export function isComplete(text: string): boolean {
  const s = scanOpenness(text);
  return s.open.length === 0 && !s.inComment;
}
