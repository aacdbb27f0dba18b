// `.ppl` specifications for `ppl verify`: type-check the program with lang/, lower it with compiler/, and
// translate every function with an `ensures` into IVL procedures.

import type { Diagnostic } from '../lang/index.js';
import { syntheticSpan } from '../lang/index.js';
import type { Program } from './ivl/index.js';

export async function loadPplForVerification(_text: string, file: string): Promise<{ program?: Program; diagnostics: Diagnostic[]; sources?: Map<string, string> }> {
  return {
    diagnostics: [{
      severity: 'error', phase: 'verify', span: syntheticSpan(file),
      message: 'verifying .ppl specifications is not available in this build yet (the IR → IVL translation is missing); verify the HeyVL form of the program instead (see examples/verify/heyvl/)',
    }],
  };
}
