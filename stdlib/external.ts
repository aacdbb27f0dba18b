// Loads an optional or heavy npm package at run time (z3-solver for `ppl verify`, tensorflow.js for programs
// with tensors), so that nothing else pays for it. Under the start-up snapshot (cli/snapshot.ts) V8 has no
// dynamic-import callback, so the snapshot's entry installs a `require` resolved from the installed package.

type Loader = (name: string) => unknown;
let snapshotRequire: Loader | undefined;

/** Called by the snapshot entry: packages are then loaded with this CommonJS `require`. */
export function useRequireForExternals(require: Loader): void {
  snapshotRequire = require;
}

/** The package's module namespace (or its CommonJS exports under the snapshot). */
export async function importExternal<T = unknown>(name: string): Promise<T> {
  if (snapshotRequire) return snapshotRequire(name) as T;
  return (await import(name)) as T;
}
