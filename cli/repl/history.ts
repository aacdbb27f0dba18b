// The REPL's history across sessions: one line typed per line of a file in the user's home (~/.ppl_history, or
// the file named by PPL_HISTORY; an empty PPL_HISTORY turns history off). Oldest first, at most `limit` kept.
// Failing to read or write it never disturbs the session.

import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const HISTORY_LIMIT = 1000;

/** Where history lives for this process, or undefined when it is turned off. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.PPL_HISTORY;
  if (set !== undefined) return set === '' ? undefined : set;
  return join(homedir(), '.ppl_history');
}

export class History {
  constructor(private path: string | undefined, private limit = HISTORY_LIMIT) {}

  /** The saved lines, oldest first (trimming the file when it has grown well past the limit). */
  load(): string[] {
    if (this.path === undefined) return [];
    let lines: string[];
    try {
      lines = readFileSync(this.path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    } catch {
      return [];
    }
    // Lines are appended as they are typed; the file is rewritten only to trim it, once it has doubled.
    if (lines.length > 2 * this.limit) this.write(lines.slice(-this.limit));
    return lines.slice(-this.limit);
  }

  /** Saves one typed line at once (so that a crash or a killed terminal loses nothing). */
  add(line: string): void {
    if (this.path === undefined || line.trim() === '') return;
    try {
      appendFileSync(this.path, line.replace(/\r?\n/g, ' ') + '\n', { mode: 0o600 });
    } catch {
      // A read-only home or a full disk: the session goes on without history.
    }
  }

  private write(lines: string[]): void {
    try {
      writeFileSync(this.path!, lines.join('\n') + '\n', { mode: 0o600 });
    } catch {
      // As in add().
    }
  }
}
