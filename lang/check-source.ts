// The checker's library entry point: parse a file, follow its `import`s (relative to the importing
// file; cycles and unreadable files are reported at the `import`), splice the imported declarations
// in, and type-check the whole. Never throws: an internal error becomes a diagnostic.

import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Import, Program, TopItem } from './ast.js';
import type { Diagnostic } from './span.js';
import { check, sortDiagnostics, type CheckOptions } from './check.js';
import { parse } from './parse.js';

export interface CheckSourceResult {
  /**
   * The main file's program, checked. Each `import` item is preceded by the items of the file it
   * imports (recursively, each file once, in import order), so the program is self-contained and
   * imported top-level statements run where they are imported; spans name their own files.
   */
  program: Program;
  /** Parse and check errors of every file involved, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** The text of every file read (for rendering diagnostics), by the name used in spans. */
  sources: Map<string, string>;
}

/** Reads an imported file; throws (like fs.readFileSync) when it cannot. */
export type ReadFile = (path: string) => string;

const defaultRead: ReadFile = (path) => readFileSync(path, 'utf8');

export function checkSource(text: string, file: string, readFile: ReadFile = defaultRead, options: CheckOptions = {}): CheckSourceResult {
  const sources = new Map<string, string>([[file, text]]);
  const diagnostics: Diagnostic[] = [];
  const whole = { file, start: 0, end: text.length, line: 1, col: 1 };
  let program: Program = { kind: 'Program', file, items: [], span: whole };
  try {
    const loaded = new Set<string>([normalise(file)]);
    program = load(text, file, [normalise(file)], loaded, sources, diagnostics, readFile);
    // Type errors in code that did not parse would mostly be echoes of the syntax errors.
    if (!diagnostics.some((d) => d.severity === 'error')) diagnostics.push(...check(program, options).diagnostics);
  } catch (e) {
    options.onInternalError?.(e);
    const message = `internal error in the checker: ${(e as Error)?.message ?? String(e)}`;
    diagnostics.push({ severity: 'error', message, span: { ...whole, end: 0 }, phase: 'check' });
  }
  return { program, diagnostics: sortDiagnostics(diagnostics, program.items), sources };
}

function normalise(p: string): string {
  return posix.normalize(p.replace(/\\/g, '/'));
}

function load(
  text: string, file: string, stack: string[], loaded: Set<string>, sources: Map<string, string>,
  diagnostics: Diagnostic[], readFile: ReadFile,
): Program {
  const parsed = parse(text, file);
  diagnostics.push(...parsed.diagnostics);
  const items: TopItem[] = [];
  for (const item of parsed.program.items) {
    if (item.kind === 'Import') items.push(...resolveImport(item, file, stack, loaded, sources, diagnostics, readFile));
    items.push(item);
  }
  return { ...parsed.program, items };
}

function resolveImport(
  imp: Import, from: string, stack: string[], loaded: Set<string>, sources: Map<string, string>,
  diagnostics: Diagnostic[], readFile: ReadFile,
): TopItem[] {
  const target = normalise(posix.join(posix.dirname(normalise(from)), imp.path));
  const err = (message: string): void => {
    diagnostics.push({ severity: 'error', message, span: imp.pathSpan, phase: 'check' });
  };
  if (stack.includes(target)) {
    err(`import cycle: ${[...stack.slice(stack.indexOf(target)), target].join(' → ')}`);
    return [];
  }
  if (loaded.has(target)) return [];
  let text: string;
  try {
    text = readFile(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    err(`cannot import \`${imp.path}\`: ${code === 'ENOENT' ? `no such file (${target})` : code === 'EISDIR' ? `${target} is a directory` : (e as Error)?.message ?? String(e)}`);
    return [];
  }
  loaded.add(target);
  sources.set(target, text);
  return load(text, target, [...stack, target], loaded, sources, diagnostics, readFile).items;
}
