// Unconstraining bijections with log-Jacobians (Stan's constraint transforms) over the AD domain, so
// HMC/NUTS sample constrained continuous choices in ℝⁿ.
export {
  constrain, unconstrain, freeDim, supportConstraint,
  constrainPositive, unconstrainPositive, constrainLower, unconstrainLower, constrainUpper, unconstrainUpper,
  constrainInterval, unconstrainInterval, constrainSimplex, unconstrainSimplex,
} from './constraints.js';
export type { Constraint, LogJacobian } from './constraints.js';
