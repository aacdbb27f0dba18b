// Warmup adaptation as in Stan (stan/mcmc/stepsize_adaptation.hpp, windowed_adaptation.hpp,
// var_adaptation.hpp): Nesterov dual averaging of log ε toward a target acceptance statistic
// (Hoffman & Gelman 2014, §3.2), and a diagonal metric from the variance of the draws in doubling
// windows after a 75-iteration initial buffer, before a 50-iteration terminal buffer.

/** Dual-averaging step-size adaptation with Stan's defaults (γ = 0.05, κ = 0.75, t₀ = 10). */
export class DualAveraging {
  private counter = 0;
  private sBar = 0;
  private xBar = 0;
  private mu = 0;
  constructor(
    readonly delta = 0.8,
    readonly gamma = 0.05,
    readonly kappa = 0.75,
    readonly t0 = 10,
  ) {}

  /** Start over around μ = log(10 ε). */
  restart(epsilon: number): void {
    this.counter = 0;
    this.sBar = 0;
    this.xBar = 0;
    this.mu = Math.log(10 * epsilon);
  }

  /** One update from the last transition's acceptance statistic; returns the next step size. */
  learn(acceptStat: number): number {
    this.counter++;
    const a = acceptStat > 1 ? 1 : acceptStat;
    const eta = 1 / (this.counter + this.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / this.gamma;
    const xEta = Math.pow(this.counter, -this.kappa);
    this.xBar = (1 - xEta) * this.xBar + xEta * x;
    return Math.exp(x);
  }

  /** The step size for sampling: exp(x̄). */
  final(): number {
    return Math.exp(this.xBar);
  }
}

/**
 * Stan's windowed adaptation schedule for `warmup` iterations: an initial buffer (75), doubling slow
 * windows starting at 25, a terminal buffer (50); shrunk to 15% / 75% / 10% when warmup < 150, and
 * no metric adaptation below 20 iterations.
 */
export class WindowedVariance {
  private readonly initBuffer: number;
  private readonly termBuffer: number;
  private readonly baseWindow: number;
  private counter = 0;
  private windowSize: number;
  private nextWindow: number;
  // Welford accumulators
  private n = 0;
  private readonly m: Float64Array;
  private readonly m2: Float64Array;

  constructor(readonly dim: number, readonly warmup: number, initBuffer = 75, termBuffer = 50, baseWindow = 25) {
    if (warmup < 20) {
      // no adaptation windows at all (Stan prints "No variance estimation is performed")
      initBuffer = warmup;
      termBuffer = 0;
      baseWindow = 0;
    } else if (initBuffer + baseWindow + termBuffer > warmup) {
      initBuffer = Math.floor(0.15 * warmup);
      termBuffer = Math.floor(0.1 * warmup);
      baseWindow = warmup - (initBuffer + termBuffer);
    }
    this.initBuffer = initBuffer;
    this.termBuffer = termBuffer;
    this.baseWindow = baseWindow;
    this.windowSize = baseWindow;
    this.nextWindow = initBuffer + baseWindow - 1;
    this.m = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }

  private inWindow(): boolean {
    return (
      this.baseWindow > 0 &&
      this.counter >= this.initBuffer &&
      this.counter < this.warmup - this.termBuffer &&
      this.counter !== this.warmup
    );
  }

  private endOfWindow(): boolean {
    return this.baseWindow > 0 && this.counter === this.nextWindow && this.counter !== this.warmup;
  }

  private computeNextWindow(): void {
    const last = this.warmup - this.termBuffer - 1;
    if (this.nextWindow === last) return;
    this.windowSize *= 2;
    this.nextWindow = this.counter + this.windowSize;
    if (this.nextWindow !== last) {
      const nextBoundary = this.nextWindow + 2 * this.windowSize;
      if (nextBoundary >= this.warmup - this.termBuffer) this.nextWindow = last;
    }
  }

  /**
   * Feeds the position after one warmup transition. At the end of a window writes the regularised
   * variance (n/(n+5))·var + 1e-3·(5/(n+5)) into invMetric and returns true (the caller then re-runs
   * the step-size heuristic and restarts dual averaging, as Stan does).
   */
  learn(q: Float64Array, invMetric: Float64Array): boolean {
    if (this.inWindow()) {
      this.n++;
      for (let i = 0; i < this.dim; i++) {
        const d = q[i] - this.m[i];
        this.m[i] += d / this.n;
        this.m2[i] += d * (q[i] - this.m[i]);
      }
    }
    if (this.endOfWindow()) {
      this.computeNextWindow();
      const n = this.n;
      for (let i = 0; i < this.dim; i++) {
        const v = n > 1 ? this.m2[i] / (n - 1) : 1;
        invMetric[i] = (n / (n + 5)) * v + 1e-3 * (5 / (n + 5));
      }
      this.n = 0;
      this.m.fill(0);
      this.m2.fill(0);
      this.counter++;
      return true;
    }
    this.counter++;
    return false;
  }
}
