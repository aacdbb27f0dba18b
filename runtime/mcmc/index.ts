// Gradient-based MCMC over a plain log-density target `{ dim, logDensityAndGradient }`: static HMC and
// Stan's NUTS (multinomial, generalised U-turn, dual averaging, windowed diagonal metric), multi-chain
// drivers, and the adaptive drift proposal the single-site MH engine uses for continuous choices.
export { hmc, nuts } from './chains.js';
export type { ChainOptions } from './chains.js';
export { hmcChain } from './hmc.js';
export type { HmcOptions } from './hmc.js';
export { nutsChain, NutsChain } from './nuts.js';
export type { NutsOptions } from './nuts.js';
export { DualAveraging, WindowedVariance } from './adaptation.js';
export { initialPoint } from './init.js';
export { coordinate, mapDraws } from './types.js';
export type { McmcRng, DerivableRng, Progress, ChainResult, McmcResult, LogDensityTarget } from './types.js';
export { DriftProposal } from './drift.js';
export { gradientModel } from './gradient-model.js';
export type { GradientModel, GradientModelOptions, RequestLike } from './gradient-model.js';
