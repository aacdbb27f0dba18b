// Convergence and precision diagnostics for sample-based results: ESS (autocorrelation-based for chains,
// weight-based for importance/SMC samples), split and rank-normalised R̂, Monte Carlo standard errors.
export { essChains, essBasic, essBulk, essTail, essFromLogWeights, splitChains, rankNormalise } from './ess.js';
export type { Chains } from './ess.js';
export { rhatChains, splitRhat, rankRhat } from './rhat.js';
export { mcseMean, mcseSd, chainsMean, chainsSd } from './mcse.js';
export { autocovariance } from './fft.js';
export { normalQuantile } from './normal-quantile.js';
export { ebfmi } from './ebfmi.js';
export { summarizeChains } from './summary.js';
export type { ChainSummary } from './summary.js';
export { essOfDraws, rhatOfDraws } from './values.js';
