// From a model to an HMC/NUTS target: the request loop an HMC or NUTS engine runs on a model's AD twin
// (compiled code whose real arithmetic goes through `pplAdDomain` over one tape). Each evaluation maps the
// free coordinates θ through each `sample` site's constraint (runtime/transforms), and sums the log
// densities of samples and observes, the factors and the log-Jacobians; the tape gives the gradient.
// The continuous choices must be the same in every execution (a fixed dimension); discrete choices, a
// changing number of choices, and `=:=` are errors that say what to use instead.

import { AdDist, plainValue, type Real, type Tape } from '../ad/index.js';
import { constrain, freeDim, unconstrain, type LogJacobian } from '../transforms/index.js';
import { initialPoint } from './init.js';
import type { LogDensityTarget, McmcRng } from './types.js';

/** The fields of a runtime/contract `Request` that the loop reads (that class satisfies it). */
export interface RequestLike {
  readonly kind: string;
  readonly site: number;
  readonly dist: unknown;
  readonly value: unknown;
  readonly k: ((v: any) => RequestLike) | null;
}

export interface GradientModelOptions {
  /** 'HMC' or 'NUTS', for messages. */
  readonly method: string;
  /** The tape the model's `$D` (pplAdDomain) records on. */
  readonly tape: Tape;
  /** Starts one execution of the AD twin and returns its first request (set up mem/exec state here). */
  readonly start: () => RequestLike;
  /** Makes the error for the construct at `site` (engines attach its span); default: a plain Error. */
  readonly fail?: (message: string, site: number) => Error;
}

export interface GradientModel {
  /** The target for `hmc`/`nuts`: log p(x(θ), y) + log|J(θ)| and its gradient. */
  readonly target: LogDensityTarget;
  /** Number of free coordinates (continuous choices, simplexes counting K − 1). */
  readonly dim: number;
  /** The model's return value at θ, with plain numbers. */
  valueAt(theta: Float64Array): unknown;
  /** A prior draw of the choices, unconstrained (for diagnostics or as an alternative start). */
  readonly priorPoint: Float64Array;
  /** Stan's default start: uniform on (−2, 2)ⁿ, retried until the density and gradient are finite. */
  initialPoint(rng: McmcRng): Float64Array;
}

const DISCRETE_HINT =
  'HMC and NUTS sample only continuous choices; use Exact, marginalise the choice (sum it out with factor and logSumExp), or use SMC';

/**
 * Discovers the model's continuous choices by one run that draws them from the prior with `rng`
 * (which must be a full stdlib `Random`, e.g. runtime's `Rng`), then returns the target.
 */
export function gradientModel(options: GradientModelOptions, rng: unknown): GradientModel {
  const { tape, start, method } = options;
  const fail = options.fail ?? ((m: string) => new Error(m));
  const asAd = (req: RequestLike): AdDist => {
    const d = req.dist;
    if (!(d instanceof AdDist)) {
      const name = (d as { name?: string } | null)?.name ?? 'this distribution';
      throw fail(`${method}: cannot sample from ${name}: only the continuous primitive distributions (Normal, Uniform, Beta, Gamma, Exponential, Dirichlet, MvNormal) can be sampled; ${DISCRETE_HINT}`, req.site);
    }
    return d;
  };
  const constraintOf = (req: RequestLike, d: AdDist) => {
    const c = d.constraint();
    if (c === undefined) throw fail(`${method}: the choice from ${d.name} is discrete; ${DISCRETE_HINT}`, req.site);
    return c;
  };

  // Discovery run: prior draws, plain values.
  const coords: number[] = [];
  {
    tape.reset();
    let req = start();
    const tmp = new Float64Array(64);
    for (;;) {
      if (req.kind === 'done') break;
      if (req.kind === 'sample') {
        const d = asAd(req);
        const c = constraintOf(req, d);
        const v = plainValue(tape, d.sample(rng));
        const x = d.choiceCoords(v) as number | number[];
        const n = freeDim(c);
        const buf = n <= tmp.length ? tmp : new Float64Array(n);
        unconstrain(tape, c, x, buf, 0);
        for (let i = 0; i < n; i++) coords.push(buf[i]);
        req = req.k!(v);
      } else if (req.kind === 'equate') {
        throw fail(`${method}: \`=:=\` conditions exactly only under Exact`, req.site);
      } else {
        req = req.k!(null);
      }
    }
  }
  const dim = coords.length;
  const priorPoint = Float64Array.from(coords);
  const acc: LogJacobian = { logJ: 0 };

  /** Runs the twin at θ; returns the log density (on the tape) and leaves the done value in `last`. */
  let last: unknown = null;
  const run = (theta: Float64Array): Real => {
    tape.reset();
    const free = tape.inputs(theta);
    let offset = 0;
    let lp: Real = 0;
    acc.logJ = 0;
    let req = start();
    for (;;) {
      switch (req.kind) {
        case 'sample': {
          const d = asAd(req);
          const c = constraintOf(req, d);
          const n = freeDim(c);
          if (offset + n > dim) throw structureChanged(offset + n);
          const x = d.choiceValue(constrain(tape, c, free, offset, acc));
          offset += n;
          lp = tape.add(lp, d.logDensity(x));
          req = req.k!(x);
          break;
        }
        case 'observe': {
          const d = req.dist;
          lp = tape.add(lp, d instanceof AdDist ? d.logDensity(req.value) : (d as { logProb(v: unknown): number }).logProb(req.value));
          req = req.k!(null);
          break;
        }
        case 'factor':
          lp = tape.add(lp, req.value as Real);
          req = req.k!(null);
          break;
        case 'condition':
          if (!req.value) return -Infinity;
          req = req.k!(null);
          break;
        case 'equate':
          throw fail(`${method}: \`=:=\` conditions exactly only under Exact`, req.site);
        case 'done':
          if (offset !== dim) throw structureChanged(offset);
          last = req.value;
          return tape.add(lp, acc.logJ);
        default:
          req = req.k!(null);
      }
    }
  };
  const structureChanged = (n: number) =>
    fail(`${method}: the number of continuous choices changed between executions (${dim} free coordinates, then ${n}); HMC and NUTS need a fixed set of choices: use MH or SMC`, -1);

  const target: LogDensityTarget = {
    dim,
    logDensityAndGradient(theta: Float64Array, grad: Float64Array): number {
      const out = run(theta);
      const lp = tape.gradient(out, grad);
      return Number.isNaN(lp) ? -Infinity : lp;
    },
  };
  return {
    target,
    dim,
    priorPoint,
    valueAt(theta: Float64Array): unknown {
      run(theta);
      return plainValue(tape, last);
    },
    initialPoint(r: McmcRng): Float64Array {
      return initialPoint(target, r, method);
    },
  };
}
