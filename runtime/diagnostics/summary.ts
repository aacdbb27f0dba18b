// One quantity's posterior summary from chains, as Stan's and posterior's summary tables show it: mean,
// sd, MCSE of the mean, bulk and tail ESS, and rank-normalised R̂ (NaN where a diagnostic is undefined).

import { essBasic, essBulk, essTail, type Chains } from './ess.js';
import { chainsMean, chainsSd, mcseMean } from './mcse.js';
import { rankRhat } from './rhat.js';

export interface ChainSummary {
  readonly mean: number;
  readonly sd: number;
  readonly mcseMean: number;
  /** Split-chain ESS of the raw draws (the one behind mcseMean). */
  readonly ess: number;
  readonly essBulk: number;
  readonly essTail: number;
  /** Rank-normalised split R̂ (a single chain is compared with itself in halves). */
  readonly rhat: number;
}

export function summarizeChains(chains: Chains): ChainSummary {
  return {
    mean: chainsMean(chains),
    sd: chainsSd(chains),
    mcseMean: mcseMean(chains),
    ess: essBasic(chains),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
    rhat: rankRhat(chains),
  };
}
