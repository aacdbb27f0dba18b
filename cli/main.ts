// Entry point of the ES-module bundle (dist/cli.mjs, run by bin/ppl.mjs).
import { main } from './cli.js';

// Setting the exit code (rather than calling process.exit) lets pending output drain.
process.exitCode = await main(process.argv.slice(2));
