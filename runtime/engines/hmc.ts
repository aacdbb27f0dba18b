// HMC(samples, burn, steps, stepSize, chains) and NUTS(samples, warmup, chains): the gradient engines. The
// model's number-domain twin runs with `$D` bound to runtime/ad's tape domain (InferCall.withDomain);
// runtime/mcmc's gradientModel turns its request loop into a log-density target over the unconstrained
// continuous choices, `hmc`/`nuts` sample it, and each draw is mapped back to the model's return value.
// Discrete choices are an error that suggests Exact, marginalisation (Enumerate) or SMC.

import { PplError } from '../../stdlib/index.js';
import { AdDist, Tape, containsVar, pplAdDomain } from '../ad/index.js';
import { ROOT, doneReq, setExec, type Engine, type InferCall } from '../contract.js';
import { baseBuiltins } from '../exec/builtins.js';
import { locate } from '../exec/helpers.js';
import { gradientModel, hmc, nuts, type McmcResult } from '../mcmc/index.js';
import { countOption } from '../methods.js';
import { Rng } from '../rng.js';
import { ChainDist } from './chain-dist.js';
import { RunReport, fmt } from './report.js';

/** Distribution constructors: with constant arguments they still build `AdDist`s (HMC needs their constraint). */
const DISTRIBUTIONS = new Set([
  'Normal', 'Uniform', 'Beta', 'Gamma', 'Exponential', 'Dirichlet', 'MvNormal', 'Bernoulli', 'Categorical',
  'Poisson', 'Binomial', 'Geometric',
]);

/**
 * The `$D` the twins call, over `tape`: runtime/ad's domain, adapted to the twins' calling convention
 * (`call(name, span, plainImpl, …args)`, `value(name, plainValue)`): a built-in none of whose arguments is a
 * tape value runs its plain implementation (so `print` and the program's own built-ins work unchanged).
 */
export function adTwinDomain(tape: Tape): object {
  const builtins = baseBuiltins as Record<string, Function>;
  const ad = pplAdDomain(tape, builtins, (e, span) => (span ? locate(e, span as never) : e));
  // The hot path (a distribution per observe, per gradient evaluation) builds the AdDist directly, as
  // pplAdDomain's `call` would, without spreading the arguments twice.
  const call = (name: string, span: unknown, f: Function, ...args: unknown[]): unknown => {
    let anyVar = false;
    for (let i = 0; i < args.length; i++) {
      if (containsVar(args[i])) {
        anyVar = true;
        break;
      }
    }
    if (DISTRIBUTIONS.has(name)) {
      if (!anyVar) {
        // constant parameters: let stdlib validate them (a located error for Normal(0, -1))
        try {
          f(...args);
        } catch (e) {
          throw span ? locate(e, span as never) : e;
        }
      }
      return new AdDist(name, args, tape, builtins);
    }
    if (!anyVar) return f(...args);
    return ad.call(name, span, ...args);
  };
  return {
    tape,
    add: ad.add, sub: ad.sub, mul: ad.mul, div: ad.div, mod: ad.mod, neg: ad.neg, cmp: ad.cmp,
    call,
    value(name: string, v: unknown): unknown {
      if (typeof v !== 'function' || (v as { $cps?: boolean }).$cps === true) return v;
      return (...args: unknown[]) => call(name, undefined, v as Function, ...args);
    },
  };
}

function realOption(call: InferCall, method: string, name: string, dflt: number): number {
  const v = call.options[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new PplError(`${method}: ${name} must be a positive number, got ${String(v)}`);
  return v;
}

function burnOption(call: InferCall, method: string, name: string, dflt: number): number {
  const v = call.options[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new PplError(`${method}: ${name} must be a natural number, got ${String(v)}`);
  return v;
}

function runGradient(call: InferCall, method: 'HMC' | 'NUTS'): ChainDist {
  const m = { name: method, options: call.options };
  const samples = countOption(m, 'samples', 1000);
  const chains = countOption(m, 'chains', 1);
  const burn = burnOption(call, method, method === 'HMC' ? 'burn' : 'warmup', samples);
  const steps = method === 'HMC' ? countOption(m, 'steps', 10) : 0;
  const stepSize = method === 'HMC' ? realOption(call, method, 'stepSize', 0.1) : 0;
  if (call.domainModel === undefined || call.withDomain === undefined) {
    throw new PplError(`internal: ${method} needs the model's number-domain twin (compile with domain twins)`, call.span);
  }
  const twin = call.domainModel();
  const tape = new Tape();
  const report = new RunReport(method);
  let dist: ChainDist | undefined;
  try {
    dist = call.withDomain(adTwinDomain(tape), () => {
      const rng = new Rng(call.seed);
      const where = (site: number) => (site >= 0 ? call.sites.sites[site]?.span : undefined) ?? call.span;
      const model = gradientModel({
        method,
        tape,
        start: () => {
          setExec(call.exec);
          return twin(ROOT, doneReq);
        },
        fail: (message, site) => new PplError(message, where(site)),
      }, rng);
      if (model.dim === 0) {
        throw new PplError(`${method}: the model has no continuous random choice to sample; use Enumerate or Exact`, call.span);
      }
      const total = chains * (burn + samples);
      const progress = report.active
        ? (c: number, it: number) => report.progress(c * (burn + samples) + it, total)
        : undefined;
      let r: McmcResult;
      try {
        r = method === 'HMC'
          ? hmc(model.target, rng, { samples, burn, steps, stepSize, chains, progress })
          : nuts(model.target, rng, { samples, warmup: burn, chains, progress });
      } catch (e) {
        // the samplers' own errors (no finite starting point, bad options) are plain Errors saying "HMC: …"
        if (e instanceof PplError || !(e instanceof Error) || !e.message.startsWith(`${method}:`)) throw e;
        throw new PplError(e.message, call.span);
      }
      const dim = r.dim;
      const theta = new Float64Array(dim);
      const values = r.chains.map((c) => {
        const out = new Array<unknown>(samples);
        for (let s = 0; s < samples; s++) {
          for (let i = 0; i < dim; i++) theta[i] = c.draws[s * dim + i]!;
          out[s] = model.valueAt(theta);
        }
        return out;
      });
      const stepSizes = r.chains.map((c) => fmt(c.stepSize)).join('/');
      return new ChainDist(values, {
        acceptance: r.meanAcceptStat,
        divergences: r.divergences,
        extra: method === 'NUTS' ? `step size ${stepSizes}, max-depth hits ${r.chains.reduce((s, c) => s + c.maxDepthHits, 0)}` : undefined,
      }, method);
    });
    return dist;
  } finally {
    report.end(dist === undefined ? undefined : () => {
      const d = dist!;
      const parts = [`${fmt(samples)} draws × ${chains} chain${chains > 1 ? 's' : ''}`, `ess ${fmt(d.ess())}`];
      if (chains > 1) parts.push(`R̂ ${d.rhat().toFixed(3)}`);
      parts.push(`accept ${fmt(d.acceptanceRate)}`, `divergences ${d.divergences}`);
      if (d.stats.extra) parts.push(d.stats.extra);
      return parts.join(', ');
    });
  }
}

export const hmcEngine: Engine = {
  name: 'HMC',
  run: (call: InferCall) => runGradient(call, 'HMC'),
};

export const nutsEngine: Engine = {
  name: 'NUTS',
  run: (call: InferCall) => runGradient(call, 'NUTS'),
};

