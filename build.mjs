// Bundles the CLI into dist/cli.mjs (plus chunks loaded per command) with esbuild, so that `ppl` starts fast:
// few files to parse, chevrotain's minified build instead of hundreds of lodash-es modules,
// and z3-solver / tensorflow.js left external and imported lazily, only when a program needs them.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync, renameSync, rmSync } from 'node:fs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const chevrotainMin = require.resolve('chevrotain').replace(/lib[\\/]src[\\/]api\.js$/, 'lib/chevrotain.min.mjs');

// Build into a fresh folder and swap it in, so stale chunks never accumulate and a CLI started meanwhile
// never sees a half-written dist/.
const tmp = `dist.tmp-${process.pid}`;
await build({
  entryPoints: ['cli/main.ts'],
  outdir: tmp,
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  alias: { chevrotain: chevrotainMin },
  external: ['z3-solver', '@tensorflow/*'],
  define: { PPL_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  minify: true,
  logLevel: 'warning',
});
const old = `dist.old-${process.pid}`;
try { renameSync('dist', old); } catch { /* no previous build */ }
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
