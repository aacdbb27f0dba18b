#!/usr/bin/env node
// The `ppl` command. The CLI is bundled into dist/cli.mjs by `npm install` (the `prepare` script) for a fast start.
import { existsSync } from 'node:fs';
const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('ppl: dist/cli.mjs is missing; run `npm install` (or `npm run build`) in the ppl folder first\n');
  process.exit(2);
}
await import(bundle.href);
