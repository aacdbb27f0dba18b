// `ppl repl [--seed N]`: an interactive session. Lines are read with node:readline until brackets balance, then
// the input runs in the session (cli/repl/session.ts): definitions persist, an expression's value is shown (a
// finite distribution as a table with bars), errors are located with a caret. `:type`, `:load`, `:help`, `:quit`.

import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import type { Command, CommandIO } from './command.js';
import { renderDiagnostics } from './render.js';
import { History, historyPath, HISTORY_LIMIT, isComplete, Session, type Outcome } from './repl/index.js';

declare const PPL_VERSION: string;
const version = typeof PPL_VERSION === 'string' ? PPL_VERSION : 'dev';

const help = `usage: ppl repl [--seed N]

An interactive session. Type definitions, statements or an expression; an input spans several lines until its
brackets balance. Definitions persist from one input to the next; an expression's value is shown.

options:
  --seed N    seed of the session's random generator (default 0): the same inputs give the same output
  --debug     show stack traces of internal errors

history is kept in ~/.ppl_history (the file named by PPL_HISTORY, if set; PPL_HISTORY= turns it off)
`;

export const commandsHelp = `commands:
  :type EXPR    show the type of EXPR (nothing runs)
  :load FILE    add FILE's definitions to the session and run its statements
  :help         show this help
  :quit         leave (so does Ctrl-D)
an input ends when its brackets balance; a final \`;\` may be left out
`;

export interface ReplStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

export const replCommand: Command = {
  name: 'repl',
  summary: 'interactive session',
  help,
  async run(argv, io) {
    let seed = 0;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--seed' || a.startsWith('--seed=')) {
        const v = a === '--seed' ? argv[++i] : a.slice('--seed='.length);
        if (v === undefined || !/^-?\d+$/.test(v)) {
          io.err(`ppl repl: --seed needs an integer${v === undefined ? '' : `, found \`${v}\``}\n`);
          return 2;
        }
        seed = Number(v);
      } else {
        io.err(`ppl repl: unexpected argument \`${a}\`\n\n${help}`);
        return 2;
      }
    }
    return repl({ input: process.stdin, output: process.stdout }, io, seed);
  },
};

/** Runs a session on `streams` until `:quit` or the end of the input; resolves to the exit status. */
export function repl(streams: ReplStreams, io: CommandIO, seed: number): Promise<number> {
  const terminal = Boolean(streams.input.isTTY && streams.output.isTTY);
  const history = new History(historyPath());
  const session = new Session({ seed, print: (line) => io.out(line + '\n') });
  const rl: Interface = createInterface({
    input: streams.input,
    output: streams.output,
    terminal,
    // readline wants the newest entry first.
    history: history.load().reverse(),
    historySize: HISTORY_LIMIT,
    removeHistoryDuplicates: true,
  });
  const PROMPT = 'ppl> ';
  const MORE = '...  ';
  // Prompts and the greeting are for people at a terminal; piped input gets only the results.
  const prompt = (more: boolean): void => {
    if (!terminal) return;
    rl.setPrompt(more ? MORE : PROMPT);
    rl.prompt();
  };
  const pending: string[] = [];
  let quitting = false;

  const show = (o: Outcome): void => {
    if (o.diagnostics.length > 0) io.err(renderDiagnostics(o.diagnostics, (f) => session.sources.get(f)));
    if (o.error) {
      const e = o.error;
      if (e.internal) {
        io.err(`ppl: internal error: ${e.message}\n`);
        io.err(io.debug ? `${e.stack ?? ''}\n` : '(run again with --debug to see the stack trace)\n');
      } else if (e.span) {
        io.err(renderDiagnostics([{ severity: 'error', message: e.message, span: e.span, phase: 'runtime' }], (f) => session.sources.get(f)));
      } else {
        io.err(`${o.file}: error: ${e.message}\n`);
      }
    }
    if (o.type !== undefined) io.out(o.type + '\n');
    if (o.echo !== undefined) io.out(o.echo + '\n');
  };

  const command = (line: string): void => {
    const m = /^:(\w*)\s*([\s\S]*)$/.exec(line.trim())!;
    const [name, arg] = [m[1]!, m[2]!.trim()];
    switch (name) {
      case 'q': case 'quit': case 'exit':
        quitting = true;
        rl.close();
        return;
      case 'h': case 'help': case '?':
        io.out(commandsHelp);
        return;
      case 't': case 'type':
        if (arg === '') io.err(':type needs an expression, as in `:type flip(0.5)`\n');
        else show(session.typeOf(arg));
        return;
      case 'l': case 'load': {
        const file = arg.replace(/^"(.*)"$/, '$1');
        if (file === '') {
          io.err(':load needs a file, as in `:load examples/burglary.ppl`\n');
          return;
        }
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          io.err(`:load: cannot read \`${file}\`\n`);
          return;
        }
        show(session.load(file, text));
        return;
      }
      default:
        io.err(`unknown command \`:${name}\` (:help lists the commands)\n`);
    }
  };

  const evaluate = (text: string): void => {
    if (text.trim() === '') return;
    show(session.input(text));
  };

  return new Promise((resolve) => {
    rl.on('line', (line) => {
      if (quitting) return;
      history.add(line);
      if (pending.length === 0 && line.trim().startsWith(':')) {
        guarded(() => command(line), io);
      } else {
        pending.push(line);
        const text = pending.join('\n');
        if (!isComplete(text)) {
          prompt(true);
          return;
        }
        pending.length = 0;
        guarded(() => evaluate(text), io);
      }
      if (!quitting) prompt(false);
    });
    rl.on('SIGINT', () => {
      // Ctrl-C drops the input being typed (the line and any earlier lines of it); Ctrl-D (or :quit) leaves.
      const typing = rl.line.length > 0;
      if (typing) {
        rl.write(null, { ctrl: true, name: 'e' });
        rl.write(null, { ctrl: true, name: 'u' });
      }
      if (!typing && pending.length === 0) streams.output.write('\n(to leave, press Ctrl-D or type :quit)');
      pending.length = 0;
      streams.output.write('\n');
      prompt(false);
    });
    rl.on('close', () => {
      // Input that ended in the middle of an input is still run: its errors say what was missing.
      if (pending.length > 0 && !quitting) guarded(() => evaluate(pending.join('\n')), io);
      if (terminal) streams.output.write('\n');
      resolve(0);
    });
    if (terminal) io.out(`ppl ${version} — :help for help, Ctrl-D or :quit to leave\n`);
    prompt(false);
  });
}

/** A bug in ppl must not end the session: it is reported like `ppl` reports internal errors, and the session goes on. */
function guarded(f: () => void, io: CommandIO): void {
  try {
    f();
  } catch (e) {
    const err = e as Error;
    io.err(`ppl: internal error: ${err?.message ?? String(e)}\n`);
    io.err(io.debug ? `${err?.stack ?? ''}\n` : '(run again with --debug to see the stack trace)\n');
  }
}
