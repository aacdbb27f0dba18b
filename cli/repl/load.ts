// Parses one REPL input (typed text, or a file given to `:load`) into top-level items, splicing in the files it
// `import`s the way lang/checkSource does: each imported file's items come before its `import`, every file at
// most once per session, paths relative to the importing file (typed input: the working directory).

import { posix } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse, type Diagnostic, type TopItem } from '../../lang/index.js';

/** The text of every file the session has read, by the name used in spans (for carets and stable re-checks). */
export class Sources {
  private texts = new Map<string, string>();

  get(file: string): string | undefined {
    return this.texts.get(file);
  }

  set(file: string, text: string): void {
    this.texts.set(file, text);
  }

  /**
   * An imported file's text, read once: later re-checks of the session see the text that was checked and run
   * then, even if the file has changed since (`:load` it again to pick up changes).
   */
  read(path: string): string {
    let text = this.texts.get(path);
    if (text === undefined) {
      text = readFileSync(path, 'utf8');
      this.texts.set(path, text);
    }
    return text;
  }
}

export function normalise(p: string): string {
  return posix.normalize(p.replace(/\\/g, '/'));
}

/**
 * The items of `text` (named `file` in spans) with its imports spliced in. `imported` holds the files already
 * spliced earlier in this build of the session's program; it is updated.
 */
export function loadItems(
  text: string, file: string, imported: Set<string>, sources: Sources,
): { items: TopItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const items = load(text, file, [normalise(file)], imported, sources, diagnostics);
  return { items, diagnostics };
}

function load(
  text: string, file: string, stack: string[], imported: Set<string>, sources: Sources, diagnostics: Diagnostic[],
): TopItem[] {
  const parsed = parse(text, file);
  diagnostics.push(...parsed.diagnostics);
  const items: TopItem[] = [];
  for (const item of parsed.program.items) {
    if (item.kind === 'Import') {
      const target = normalise(posix.join(posix.dirname(normalise(file)), item.path));
      const err = (message: string): void => {
        diagnostics.push({ severity: 'error', message, span: item.pathSpan, phase: 'check' });
      };
      if (stack.includes(target)) {
        err(`import cycle: ${[...stack.slice(stack.indexOf(target)), target].join(' → ')}`);
      } else if (!imported.has(target)) {
        let imp: string | undefined;
        try {
          imp = sources.read(target);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException)?.code;
          err(`cannot import \`${item.path}\`: ${code === 'ENOENT' ? `no such file (${target})` : code === 'EISDIR' ? `${target} is a directory` : (e as Error)?.message ?? String(e)}`);
        }
        if (imp !== undefined) {
          imported.add(target);
          items.push(...load(imp, target, [...stack, target], imported, sources, diagnostics));
        }
      }
    }
    items.push(item);
  }
  return items;
}
