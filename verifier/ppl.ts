// `.ppl` specifications for `ppl verify`: type-check the program with lang/, lower it with compiler/, and
// translate every function with an `ensures` into IVL procedures (verifier/from-ir.ts).

import type { Diagnostic } from '../lang/index.js';
import type { Program } from './ivl/index.js';
import { translateSource } from './from-ir.js';

export async function loadPplForVerification(text: string, file: string): Promise<{ program?: Program; diagnostics: Diagnostic[]; sources?: Map<string, string> }> {
  return translateSource(text, file);
}
