// HeyVL front end: parse and type-check `.heyvl` text into the IVL. Diagnostics are values (lang/span.ts).
import type { Diagnostic } from '../../lang/index.js';
import type { Program } from '../ivl/index.js';
import { parseHeyVL } from './parser.js';
import { typecheckHeyVL } from './typecheck.js';

export { parseHeyVL } from './parser.js';
export { typecheckHeyVL, isSubtype, join } from './typecheck.js';

/** Parses and type-checks a HeyVL source text. */
export function loadHeyVL(src: string, file: string): { program?: Program; diagnostics: Diagnostic[] } {
  const parsed = parseHeyVL(src, file);
  if (!parsed.program) return { diagnostics: parsed.diagnostics };
  return typecheckHeyVL(parsed.program);
}
