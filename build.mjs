// Builds the `ppl` command (run by `npm install` through the `prepare` script). Start-up is part of the
// product (architecture.md), so the CLI is bundled with esbuild — chevrotain's minified build instead of
// hundreds of lodash-es modules, z3-solver and tensorflow.js left external and loaded only when needed — in
// two forms:
//   dist/cli.mjs (+ dist/chunks/)  an ES-module bundle, code-split per command; bin/ppl.mjs runs it anywhere.
//   dist/ppl.blob                  a V8 start-up snapshot of the whole CLI, warmed up (cli/snapshot.ts); bin/ppl
//                                  starts node from it when dist/ppl.node-id says it was made by the same node.
// The snapshot is an optimisation: if it cannot be built, bin/ppl falls back to the ES-module bundle.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const chevrotainMin = require.resolve('chevrotain').replace(/lib[\\/]src[\\/]api\.js$/, 'lib/chevrotain.min.mjs');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  alias: { chevrotain: chevrotainMin },
  external: ['z3-solver', '@tensorflow/*'],
  define: { PPL_VERSION: JSON.stringify(pkg.version) },
  minify: true,
  logLevel: 'warning',
};

// Build into a fresh folder and swap it in, so stale chunks never accumulate and a CLI started meanwhile
// never sees a half-written dist/.
const tmp = `dist.tmp-${process.pid}`;
await build({
  ...common,
  entryPoints: ['cli/main.ts'],
  outdir: tmp,
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  format: 'esm',
  sourcemap: 'linked',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

await build({ ...common, entryPoints: ['cli/snapshot.ts'], outfile: `${tmp}/snapshot.cjs`, format: 'cjs' });
try {
  execFileSync(process.execPath, ['--snapshot-blob', `${tmp}/ppl.blob`, '--build-snapshot', `${tmp}/snapshot.cjs`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // bin/ppl compares this with the node it is about to start: a blob only works with the node that made it.
  writeFileSync(`${tmp}/ppl.node-id`, `${nodeId(process.execPath)}\n`);
} catch (e) {
  process.stderr.write(`ppl build: no start-up snapshot (${String(e.stderr ?? e.message).trim().split('\n')[0]}); bin/ppl will use dist/cli.mjs\n`);
}

const old = `dist.old-${process.pid}`;
try { renameSync('dist', old); } catch { /* no previous build */ }
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });

/** The identity of a node binary that bin/ppl computes with `stat -L -c '%s %Y %i'`: size, mtime, inode. */
function nodeId(path) {
  const st = statSync(path);
  return `${st.size} ${Math.floor(st.mtimeMs / 1000)} ${st.ino}`;
}
