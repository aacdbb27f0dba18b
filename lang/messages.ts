// The wording of chevrotain's syntax errors: "expected `;`, found `}`", "expected an expression, found `)`".
// Chevrotain calls these builders; lang/parse.ts decides where each message is located.

import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/** How a token is named in a message: `` `;` ``, `` `foo` ``, or "end of file". */
export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF || isNaN(t.startOffset)) return 'end of file';
  return `\`${t.image}\``;
}
const found = describeToken;

function label(t: TokenType): string {
  if (t === EOF) return 'end of file';
  return t.LABEL ?? t.name;
}

/** "a, b or c" */
function oneOf(labels: string[]): string {
  const uniq = [...new Set(labels)];
  if (uniq.length <= 1) return uniq[0] ?? 'something else';
  return `${uniq.slice(0, -1).join(', ')} or ${uniq[uniq.length - 1]}`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected === EOF) return `expected a declaration or statement, found ${found(actual)}`;
    if (ruleName === 'block' && expected.name === 'RBrace') return `expected a statement or \`}\`, found ${found(actual)}`;
    return `expected ${label(expected)}, found ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected a declaration or statement, found ${found(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    const what = customUserDescription ?? oneOf(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => label(path[0]!))));
    return `expected ${what}, found ${found(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription }) {
    const what = customUserDescription ?? oneOf(expectedIterationPaths.map((path) => label(path[0]!)));
    return `expected ${what}, found ${found(actual[0])}`;
  },
};
