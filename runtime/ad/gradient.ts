// Entry points over the tape: the gradient of a function of a Float64Array, and the adapter that turns
// a log density written over the AD domain into the `{ dim, logDensityAndGradient }` target HMC/NUTS use.

import { Tape, type Domain, type Real, type Var } from './tape.js';

/** A function the tape can differentiate: reads its inputs as `Real`s, computes with `D`. */
export type DomainFunction = (D: Domain, x: readonly Var[]) => Real;

const sharedTape = new Tape();

/**
 * The value and gradient of f at x. Reuses a module-level tape unless one is passed (pass your own
 * when f itself may call `gradient`). Allocates only the returned gradient array.
 */
export function gradient(f: DomainFunction, x: Float64Array, tape: Tape = sharedTape): { value: number; grad: Float64Array } {
  const grad = new Float64Array(x.length);
  const value = gradientInto(f, x, grad, tape);
  return { value, grad };
}

/** Like `gradient` but writes into `grad` and returns the value: allocation-free after warm-up. */
export function gradientInto(f: DomainFunction, x: Float64Array, grad: Float64Array, tape: Tape = sharedTape): number {
  tape.reset();
  const vars = tape.inputs(x);
  const out = f(tape, vars);
  return tape.gradient(out, grad);
}

/** What HMC and NUTS sample from: an unnormalised log density on ℝ^dim with its gradient. */
export interface LogDensityTarget {
  readonly dim: number;
  /** Writes ∇ log p(θ) into grad and returns log p(θ) (−∞ outside the support, never NaN if avoidable). */
  logDensityAndGradient(theta: Float64Array, grad: Float64Array): number;
}

/**
 * Makes an HMC/NUTS target from a log density over the AD domain (this is the role of NumPyro's
 * `potential_fn`, with the opposite sign). Each target owns its tape. A NaN log density is reported
 * as −∞ so that the samplers treat it as outside the support.
 */
export function targetFromDomainFunction(dim: number, logDensity: DomainFunction): LogDensityTarget {
  const tape = new Tape();
  return {
    dim,
    logDensityAndGradient(theta: Float64Array, grad: Float64Array): number {
      tape.reset();
      const vars = tape.inputs(theta);
      const lp = tape.gradient(logDensity(tape, vars), grad);
      return Number.isNaN(lp) ? -Infinity : lp;
    },
  };
}
