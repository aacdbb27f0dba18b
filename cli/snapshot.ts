// Entry point of the start-up snapshot (dist/ppl.blob, built by build.mjs with `node --build-snapshot`).
// At build time this module loads the whole CLI and warms it up — chevrotain's grammar analysis, the
// lookahead functions, the checker's and compiler's code paths — and V8 saves the resulting heap. A run then
// starts from that heap (`node --snapshot-blob dist/ppl.blob …`, see bin/ppl) instead of loading and
// initialising ~400 KB of JavaScript, which is most of ppl's start-up.

import { dirname, join, resolve } from 'node:path';
import v8 from 'node:v8';
import { main } from './cli.js';
import { warmUp } from './warm-up.js';
import { useRequireForExternals } from '../stdlib/index.js';

warmUp();

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // Packages loaded at run time (z3-solver, tensorflow.js) resolve from the installed package's node_modules,
  // found from the blob's own path: V8 offers no dynamic import() to a snapshot.
  const flag = process.execArgv.indexOf('--snapshot-blob');
  const blob = flag >= 0 ? process.execArgv[flag + 1] : undefined;
  const root = blob ? resolve(dirname(blob), '..') : process.cwd();
  // node:module is required here, not imported at the top: it is not meant to be loaded while building a snapshot.
  const { createRequire } = require('node:module') as typeof import('node:module');
  useRequireForExternals(createRequire(join(root, 'package.json')));
  // Under a snapshot, argv[1] is the first user argument (there is no script path).
  void main(process.argv.slice(1)).then((status) => {
    process.exitCode = status;
  });
});
