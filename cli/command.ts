// The shape of one `ppl` subcommand. main.ts lists them; each lives in its own file.

export interface Command {
  /** `run`, `check`, … */
  name: string;
  /** One line for `ppl --help`. */
  summary: string;
  /** The full text of `ppl NAME --help`. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the process exit status. */
  run(args: string[], io: CommandIO): Promise<number>;
}

/** Where a command writes; tests substitute buffers. `debug` is set by the global `--debug` flag. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  debug: boolean;
  /** Whether standard error is a terminal (progress bars, summaries). */
  errIsTTY: boolean;
}
