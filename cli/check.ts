// `ppl check FILE…` (language.md §8): parses and type-checks each file (with its imports), runs nothing.
// Silent when every file is well typed (exit 0); otherwise every error, located, on standard error (exit 2).

import { readFileSync } from 'node:fs';
import { checkSource } from '../lang/index.js';
import type { Command } from './command.js';
import { renderDiagnostics } from './render.js';

const help = `usage: ppl check FILE…

Parses and type-checks each FILE (and the files it imports) without running anything:
names, types (Nat <: Int <: Real, arrays, tuples, records, Dist<T>, functions, generics),
effects (conditioning — observe, condition, factor, =:= — only inside a model run by infer;
print only in pure code), and the form of ensures/requires/invariant specifications.

Every error is reported as FILE:LINE:COL: error: message, with the source line and a caret
under the offending expression. Nothing is printed when all files are fine.

exit status: 0 all files fine, 2 errors (or a file that cannot be read)
`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'parse and type-check programs without running them',
  help,
  async run(argv, io) {
    const unknown = argv.find((a) => a.startsWith('-') && a !== '-');
    if (unknown) {
      io.err(`ppl check: unknown option \`${unknown}\`\n\n${help}`);
      return 2;
    }
    if (argv.length === 0) {
      io.err(`ppl check: which files?\n\n${help}`);
      return 2;
    }
    let status = 0;
    for (const file of argv) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        io.err(`ppl check: cannot read \`${file}\`${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : ''}\n`);
        status = 2;
        continue;
      }
      const result = checkSource(text, file, undefined, {
        onInternalError: (e) => {
          if (io.debug) io.err(`${(e as Error)?.stack ?? String(e)}\n`);
        },
      });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (result.diagnostics.length > 0) io.err(renderDiagnostics(result.diagnostics, (f) => result.sources.get(f)));
      if (errors.length > 0) status = 2;
    }
    return status;
  },
};
