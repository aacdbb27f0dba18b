// Reverse-mode automatic differentiation for the gradient-based engines (HMC, NUTS): a flat reusable
// tape that doubles as a number domain for generated code, special functions, and log densities.
export { Tape, Var, plain } from './tape.js';
export type { Domain, Real } from './tape.js';
export { gradient, gradientInto, targetFromDomainFunction } from './gradient.js';
export type { DomainFunction, LogDensityTarget } from './gradient.js';
export { lgamma, digamma, trigamma, log1pExp, log1mExp, logistic, logSumExpNumbers, logAddExp } from './special.js';
export {
  normalLogPdf, uniformLogPdf, betaLogPdf, gammaLogPdf, exponentialLogPdf, cauchyLogPdf, logNormalLogPdf,
  dirichletLogPdf, mvNormalLogPdf, bernoulliLogPmf, categoricalLogPmf, poissonLogPmf, binomialLogPmf,
  geometricLogPmf, logBeta,
} from './densities.js';
export { pplAdDomain, AdDist, containsVar, plainValue } from './ppl-domain.js';
export type { PplAdDomain } from './ppl-domain.js';
export { AdTensor, isTensorArg, adVector, adMatrix, adMatvec, adDot, adToArray, adNormalLogDensity, type TensorArg } from './tensors.js';
