// The hook through which the sampling engines (SMC, MH, HMC, NUTS) talk to the user while they run: a
// one-line summary per `infer` and progress for long runs. `ppl run` installs a reporter when standard error
// is a terminal; otherwise (tests, pipes) there is none and engines skip all of it at the cost of one check.

/** What a front end (the CLI) receives. */
export interface InferReporter {
  /**
   * Progress of the running `infer`: `fraction` in [0, 1], or NaN when the total is unknown (SMC: `detail`
   * says how far it got); called at most about 200 times per infer.
   */
  progress(method: string, fraction: number, detail: string): void;
  /** The `infer` finished: a one-line summary (method, draws, ESS, R̂, acceptance, divergences, time). */
  summary(line: string): void;
}

let reporter: InferReporter | null = null;
/** How many engine runs are active: only the outermost `infer` reports (a nested one runs many times). */
let depth = 0;

/** Installs (or with null removes) the reporter; returns the previous one. */
export function setInferReporter(r: InferReporter | null): InferReporter | null {
  const old = reporter;
  reporter = r;
  return old;
}

/** One engine run's handle on the reporter: all its methods are no-ops for nested or unreported runs. */
export class RunReport {
  private readonly r: InferReporter | null;
  private readonly t0: number;
  private last = -1;
  constructor(readonly method: string) {
    this.r = depth === 0 ? reporter : null;
    this.t0 = this.r === null ? 0 : performance.now();
    depth++;
  }
  /** Whether anything is reported (engines skip computing summaries otherwise). */
  get active(): boolean {
    return this.r !== null;
  }
  /** Progress `done` of `total` work units; forwards about 200 updates per run. */
  progress(done: number, total: number): void {
    if (this.r === null) return;
    const step = Math.floor((200 * done) / total);
    if (step === this.last) return;
    this.last = step;
    this.r.progress(this.method, done / total, `${fmt(done)}/${fmt(total)}`);
  }

  /** Progress whose total is unknown (`detail` says how far the run got). */
  status(detail: string): void {
    if (this.r !== null) this.r.progress(this.method, NaN, detail);
  }
  /** Ends the run (call in `finally`); with `line`, reports it prefixed by the method and the elapsed time. */
  end(line?: () => string): void {
    depth--;
    if (this.r === null || line === undefined) return;
    const ms = performance.now() - this.t0;
    this.r.summary(`${this.method}: ${line()}, ${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`}`);
  }
}

/** A number for a summary line: 3 significant digits, integers as they are. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return String(x);
  return Number(x.toPrecision(3)).toString();
}

/**
 * The reporter `ppl run` installs when standard error is a terminal: a progress bar, drawn in place once an
 * `infer` has run for `delayMs` (about a second), and each summary on its own line.
 */
export function terminalReporter(write: (text: string) => void, delayMs = 1000, now: () => number = () => performance.now()): InferReporter {
  let start = -1;
  let drawn = false;
  return {
    progress(method, fraction, detail) {
      const t = now();
      if (start < 0) start = t;
      if (t - start < delayMs) return;
      const width = 30;
      let bar: string;
      if (Number.isNaN(fraction)) bar = `${method} ${detail}`;
      else {
        const full = Math.max(0, Math.min(width, Math.round(fraction * width)));
        bar = `${method} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(fraction * 100)}% ${detail}`;
      }
      write(`\r\x1b[K${bar}`);
      drawn = true;
    },
    summary(line) {
      write(`${drawn ? '\r\x1b[K' : ''}${line}\n`);
      start = -1;
      drawn = false;
    },
  };
}
