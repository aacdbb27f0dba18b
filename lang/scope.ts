// Lexical scopes of the checker: a chain of name → Binding maps. One Binding object per declaration,
// shared by every use (the compiler keys its tables on them).

import type { Binding } from './ast.js';

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  /** Declares (or, in the same scope, re-declares: `let x = 1; let x = x + 1;`) a name. */
  define(b: Binding): void {
    this.names.set(b.name, b);
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** Whether `name` is declared in this very scope (not a parent). */
  hasOwn(name: string): boolean {
    return this.names.has(name);
  }

  /** Every visible name, innermost first (for suggestions). */
  *visibleNames(): Generator<string> {
    const seen = new Set<string>();
    for (let s: Scope | undefined = this; s; s = s.parent) {
      for (const n of s.names.keys()) {
        if (!seen.has(n)) {
          seen.add(n);
          yield n;
        }
      }
    }
  }

  child(): Scope {
    return new Scope(this);
  }
}
