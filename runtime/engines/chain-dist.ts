// The result of the MCMC engines (MH, HMC, NUTS): equally weighted draws whose effective sample size comes
// from their autocorrelation (runtime/diagnostics' essOfDraws over the chains), with R̂ across chains, the
// acceptance rate and, for HMC/NUTS, the divergent transitions. The diagnostics are computed on first use.

import { essOfDraws, rhatOfDraws } from '../diagnostics/index.js';
import { SampleDist } from '../results/index.js';

export interface ChainStats {
  /** MH: fraction of accepted proposals; HMC/NUTS: mean acceptance statistic. */
  readonly acceptance: number;
  /** Divergent transitions after warmup (HMC, NUTS); undefined for MH. */
  readonly divergences?: number;
  /** Further engine facts for the summary line (e.g. NUTS's adapted step size). */
  readonly extra?: string;
}

export class ChainDist<T = unknown> extends SampleDist<T> {
  private essCache: number | undefined;
  private rhatCache: number | undefined;
  constructor(
    /** The draws of each chain (after burn-in/warmup and thinning), in order. */
    readonly chains: readonly (readonly T[])[],
    readonly stats: ChainStats,
    method: string,
  ) {
    super(chains.length === 1 ? chains[0]! : chains.flat() as T[], undefined, { method });
  }

  /** Autocorrelation-based ESS over the chains (the smallest over the numeric leaves of the values). */
  override ess(): number {
    if (this.essCache === undefined) {
      const e = essOfDraws(this.chains);
      // constant or non-numeric draws: no autocorrelation to measure
      this.essCache = Number.isNaN(e) ? this.n : e;
    }
    return this.essCache;
  }

  /** Rank-normalised split R̂ (the largest over the numeric leaves); one chain is compared with itself in halves. */
  rhat(): number {
    if (this.rhatCache === undefined) this.rhatCache = rhatOfDraws(this.chains);
    return this.rhatCache;
  }

  get acceptanceRate(): number {
    return this.stats.acceptance;
  }

  get divergences(): number | undefined {
    return this.stats.divergences;
  }
}
