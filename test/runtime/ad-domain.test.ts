// The `$D` AD domain for compiled .ppl code: distributions with tape parameters, their constraints, and the
// path an HMC/NUTS engine takes (free coordinates → constrain → logDensity + log-Jacobian → gradient),
// checked against finite differences and, through NUTS, against a conjugate Beta–Bernoulli posterior.
import { describe, expect, it } from 'vitest';
import * as S from '../../stdlib/index.js';
import { Tape, pplAdDomain, AdDist, type Real } from '../../runtime/ad/index.js';
import { constrain, type LogJacobian } from '../../runtime/transforms/index.js';
import { nuts, mapDraws } from '../../runtime/mcmc/index.js';
import { chainsMean, chainsSd, mcseMean, mcseSd } from '../../runtime/diagnostics/index.js';
import { TestRng } from './mcmc-helpers.js';

const builtins: Record<string, Function> = {
  Normal: S.Normal, Uniform: S.Uniform, Beta: S.Beta, Gamma: S.Gamma, Exponential: S.Exponential,
  Bernoulli: S.Bernoulli, Categorical: S.Categorical, Poisson: S.Poisson, Binomial: S.Binomial, Geometric: S.Geometric,
  Dirichlet: S.Dirichlet, MvNormal: S.MvNormal,
  exp: S.exp, log: S.log, sqrt: S.sqrt, pow: S.pow, sum: S.sum, map: S.map, len: S.len, floor: S.floor,
  lgamma: S.lgamma, logSumExp: S.logSumExp, min: S.min, max: S.max, abs: S.abs,
};

/**
 * A tiny stand-in for an HMC engine running a model twin: `model($D, sample, observe)` calls sample(d) at
 * each choice; sample maps the next free coordinates through d's constraint and scores d.
 */
function targetOf(dim: number, model: (D: ReturnType<typeof pplAdDomain>, sample: (d: unknown) => unknown, observe: (d: unknown, v: unknown) => void) => void) {
  const tape = new Tape();
  const D = pplAdDomain(tape, builtins);
  return {
    dim,
    logDensityAndGradient(theta: Float64Array, grad: Float64Array): number {
      tape.reset();
      const free = tape.inputs(theta);
      let offset = 0;
      let lp: Real = 0;
      const acc: LogJacobian = { logJ: 0 };
      const sample = (d: unknown) => {
        const ad = d as AdDist;
        const c = ad.constraint();
        if (c === undefined) throw new Error(`discrete choice ${ad.name}`);
        const x = constrain(tape, c, free, offset, acc);
        offset += c.kind === 'simplex' ? c.size - 1 : c.kind === 'real' && c.size !== undefined ? c.size : 1;
        lp = tape.add(lp, ad.logDensity(x));
        return x;
      };
      const observe = (d: unknown, v: unknown) => {
        lp = tape.add(lp, (d as AdDist).logDensity(v));
      };
      model(D, sample, observe);
      return tape.gradient(tape.add(lp, acc.logJ), grad);
    },
  };
}

function fdCheck(t: ReturnType<typeof targetOf>, x: Float64Array): void {
  const g = new Float64Array(t.dim);
  t.logDensityAndGradient(x, g);
  const scratch = new Float64Array(t.dim);
  for (let i = 0; i < t.dim; i++) {
    const h = 1e-3;
    let d = 0;
    for (const [k, c] of [[1, 4 / 5], [2, -1 / 5], [3, 4 / 105], [4, -1 / 280]] as const) {
      const p = Float64Array.from(x);
      const m = Float64Array.from(x);
      p[i] += k * h;
      m[i] -= k * h;
      d += c * (t.logDensityAndGradient(p, scratch) - t.logDensityAndGradient(m, scratch));
    }
    d /= h;
    expect(Math.abs(g[i] - d)).toBeLessThan(1e-8 * Math.max(1, Math.abs(d)));
  }
}

const ys = [1.2, 0.4, 2.5, 1.9, 0.8];

describe('AD domain for compiled code', () => {
  it('a model with constrained choices, math built-ins and observes differentiates exactly', () => {
    const t = targetOf(5, (D, sample, observe) => {
      const mu = sample(D.call('Normal', undefined, 0, 10)) as Real;
      const sigma = sample(D.call('Gamma', undefined, 2, 1)) as Real;
      const w = sample(D.call('Dirichlet', undefined, [1, 2, 3])) as Real[];
      const p = sample(D.call('Uniform', undefined, 0, D.call('exp', undefined, mu))) as Real;
      for (const y of ys) observe(D.call('Normal', undefined, D.add(mu, D.mul(w[0], p)), sigma), y);
      observe(D.call('Bernoulli', undefined, D.div(p, D.call('exp', undefined, mu) as Real)), true);
      observe(D.call('Categorical', undefined, w), 2);
      observe(D.call('Poisson', undefined, D.call('sum', undefined, [sigma, p])), 3);
    });
    const rng = new TestRng('ad-domain');
    for (let rep = 0; rep < 5; rep++) fdCheck(t, Float64Array.from({ length: 5 }, () => rng.normal()));
  });

  it('constants stay plain, comparisons read values, mod differentiates', () => {
    const tape = new Tape();
    const D = pplAdDomain(tape, builtins);
    tape.reset();
    const [x] = tape.inputs([2.5]);
    expect(D.add(1, 2)).toBe(3);
    expect(D.call('exp', undefined, 0)).toBe(1);
    expect(D.cmp('lt', x, 3)).toBe(true);
    expect(D.cmp('ge', x, 3)).toBe(false);
    const r = D.mod(x, 2);
    expect(tape.value(r)).toBe(0.5);
    const g = new Float64Array(1);
    tape.gradient(D.mul(r, D.call('floor', undefined, x) as number), g);
    expect(g[0]).toBe(2); // floor has zero gradient; d(x mod 2)/dx = 1
  });

  it('discrete distributions have no constraint; invalid constant parameters and non-differentiable built-ins are errors', () => {
    const tape = new Tape();
    const D = pplAdDomain(tape, builtins);
    tape.reset();
    const [x] = tape.inputs([0.3]);
    expect((D.call('Bernoulli', undefined, x) as AdDist).constraint()).toBeUndefined();
    expect((D.call('Beta', undefined, 1, 2) as AdDist).constraint()).toEqual({ kind: 'interval', lower: 0, upper: 1 });
    expect(() => D.call('Normal', undefined, 0, -1)).toThrow();
    expect(() => D.call('len', undefined, [x])).not.toThrow();
    expect(() => D.call('quantile', undefined, x, 0.5)).toThrow(/`quantile` of a continuous choice has no gradient/);
    // plain-number interface of an AdDist delegates to stdlib
    const n = D.call('Normal', undefined, x, 1) as AdDist;
    expect(n.logProb(0.3)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 14);
    expect(n.mean()).toBeCloseTo(0.3, 15);
  });

  it('NUTS through the domain: Beta(2, 3) prior, 7 of 10 Bernoulli successes → Beta(9, 6), within 5 MCSE', () => {
    const data = [true, true, false, true, true, false, true, true, false, true];
    const t = targetOf(1, (D, sample, observe) => {
      const p = sample(D.call('Beta', undefined, 2, 3)) as Real;
      for (const v of data) observe(D.call('Bernoulli', undefined, p), v);
    });
    const r = nuts(t, new TestRng('beta-bernoulli'), { samples: 4000, warmup: 1000, chains: 2 });
    const p = mapDraws(r, (q) => 1 / (1 + Math.exp(-q[0])));
    const a = 9, b = 6;
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    expect(Math.abs(chainsMean(p) - mean)).toBeLessThan(5 * mcseMean(p));
    expect(Math.abs(chainsSd(p) - sd)).toBeLessThan(5 * mcseSd(p));
    expect(r.divergences).toBe(0);
  });
});

describe('Categorical(weights, values) under the AD domain', () => {
  it('sums the mass of every index whose value equals the observation', () => {
    const tape = new Tape();
    const D = pplAdDomain(tape, builtins);
    tape.reset();
    const [a] = tape.inputs([0.5]);
    const d = D.call('Categorical', undefined, [a, 1, 2], ['x', 'y', 'x']) as AdDist;
    const lp = d.logDensity('x');
    const g = new Float64Array(1);
    const v = tape.gradient(lp, g);
    // P(x) = (a + 2)/(a + 3); d/da log P = 1/(a+2) − 1/(a+3)
    expect(v).toBeCloseTo(Math.log(2.5 / 3.5), 14);
    expect(g[0]).toBeCloseTo(1 / 2.5 - 1 / 3.5, 14);
    expect(d.logDensity('z')).toBe(-Infinity);
  });
});
