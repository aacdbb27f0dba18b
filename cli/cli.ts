// The `ppl` command line: global flags, then dispatch to one subcommand module. Entry points (cli/main.ts for
// the ES-module bundle, cli/snapshot.ts for the start-up snapshot) call `main`.
// Only cli/ turns diagnostics into text and exit statuses; internal errors are reported without a
// stack trace unless `--debug` is given.

import type { Command, CommandIO } from './command.js';

declare const PPL_VERSION: string;
const version = typeof PPL_VERSION === 'string' ? PPL_VERSION : 'dev';

/**
 * Every command the CLI offers. Add a command by adding an entry here. Each module is imported only when its
 * command runs (the bundle is code-split), so `ppl run` never loads the verifier or the REPL.
 */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}
const commands: CommandEntry[] = [
  { name: 'run', summary: 'type-check and run a program', load: async () => (await import('./run.js')).runCommand },
  { name: 'check', summary: 'parse and type-check programs without running them', load: async () => (await import('./check.js')).checkCommand },
  { name: 'verify', summary: 'prove bounds on expectations, probabilities and expected runtimes', load: async () => (await import('./verify.js')).verifyCommand },
  { name: 'repl', summary: 'interactive session', load: async () => (await import('./repl.js')).replCommand },
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 7);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'ppl — a typed probabilistic programming language',
    '',
    'usage: ppl <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'options:',
    '  --help       show this help, or a command\'s help (ppl COMMAND --help)',
    '  --version    print the version',
    '  --debug      show internal stack traces',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const io: CommandIO = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    debug,
    errIsTTY: Boolean(process.stderr.isTTY),
  };
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    const topic = args[0] === 'help' ? commands.find((c) => c.name === args[1]) : undefined;
    io.out(topic ? (await topic.load()).help : usage());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version' || args[0] === '-V') {
    io.out(`ppl ${version}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === args[0]);
  if (!entry) {
    io.err(`ppl: unknown command \`${args[0]}\`\n\n${usage()}`);
    return 2;
  }
  const rest = args.slice(1);
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.help);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    const err = e as Error;
    io.err(`ppl: internal error: ${err?.message ?? String(e)}\n`);
    if (debug) io.err(`${err?.stack ?? ''}\n`);
    else io.err('(run again with --debug to see the stack trace)\n');
    return 70;
  }
}
