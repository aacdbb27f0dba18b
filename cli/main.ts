// Entry point of the `ppl` command: parses the command line and dispatches to a command module.
// Only this folder turns diagnostics into text and exit codes.

declare const PPL_VERSION: string;

const args = process.argv.slice(2);
if (args[0] === '--version') {
  process.stdout.write(`ppl ${typeof PPL_VERSION === 'string' ? PPL_VERSION : 'dev'}\n`);
  process.exit(0);
}
process.stdout.write('usage: ppl <command> [options]\n');
process.exit(args.length === 0 || args[0] === '--help' ? 0 : 2);
