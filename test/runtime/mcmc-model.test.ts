// gradientModel: the request loop that turns a model's AD twin into an HMC/NUTS target. The models here are
// written by hand in the continuation-passing shape compiled code has (requests with continuations), with
// their real arithmetic through pplAdDomain, and checked against 2-D quadrature of the exact posterior.
import { describe, expect, it } from 'vitest';
import * as S from '../../stdlib/index.js';
import { Rng } from '../../runtime/index.js';
import { Tape, pplAdDomain, type Real } from '../../runtime/ad/index.js';
import { gradientModel, nuts, type RequestLike } from '../../runtime/mcmc/index.js';
import { chainsMean, mcseMean } from '../../runtime/diagnostics/index.js';

const builtins: Record<string, Function> = {
  Normal: S.Normal, Gamma: S.Gamma, Beta: S.Beta, Bernoulli: S.Bernoulli, Exponential: S.Exponential,
  UniformInt: S.UniformInt, exp: S.exp, log: S.log,
};
const req = (kind: string, dist: unknown, value: unknown, k: ((v: any) => RequestLike) | null, site = 0): RequestLike =>
  ({ kind, site, dist, value, k });

const ys = [1.1, 2.3, 0.4, 1.9, 2.8, 1.5];

/** mu ~ Normal(0, 10); sigma ~ Gamma(2, 2); ys ~ Normal(mu, sigma); returns mu + sigma. */
function regressionModel(tape: Tape) {
  const D = pplAdDomain(tape, builtins);
  const observeAll = (i: number, mu: Real, sigma: Real): RequestLike =>
    i === ys.length
      ? req('done', null, D.add(mu, sigma), null)
      : req('observe', D.call('Normal', undefined, mu, sigma), ys[i], () => observeAll(i + 1, mu, sigma));
  return () =>
    req('sample', D.call('Normal', undefined, 0, 10), null, (mu: Real) =>
      req('sample', D.call('Gamma', undefined, 2, 2), null, (sigma: Real) => observeAll(0, mu, sigma)));
}

function quadrature(): { mu: number; sigma: number } {
  let z = 0, smu = 0, ss = 0;
  for (let a = 0; a <= 800; a++) {
    const mu = -4 + (a * 12) / 800;
    for (let b = 1; b <= 800; b++) {
      const sigma = (b * 8) / 800;
      let lp = S.Normal(0, 10).logProb(mu) + S.Gamma(2, 2).logProb(sigma);
      for (const y of ys) lp += S.Normal(mu, sigma).logProb(y);
      const w = Math.exp(lp + 20);
      z += w;
      smu += w * mu;
      ss += w * sigma;
    }
  }
  return { mu: smu / z, sigma: ss / z };
}

describe('gradientModel', () => {
  it('NUTS on a model in CPS form recovers the exact posterior means (5 MCSE), and returns model values', () => {
    const tape = new Tape();
    const m = gradientModel({ method: 'NUTS', tape, start: regressionModel(tape) }, new Rng('discover'));
    expect(m.dim).toBe(2);
    const rng = new Rng('gm');
    const r = nuts(m.target, rng, { samples: 3000, warmup: 1000, chains: 2 });
    const mu = r.chains.map((c) => Float64Array.from({ length: r.samples }, (_, s) => c.draws[s * 2]));
    const sigma = r.chains.map((c) => Float64Array.from({ length: r.samples }, (_, s) => Math.exp(c.draws[s * 2 + 1])));
    const ref = quadrature();
    expect(Math.abs(chainsMean(mu) - ref.mu)).toBeLessThan(5 * mcseMean(mu));
    expect(Math.abs(chainsMean(sigma) - ref.sigma)).toBeLessThan(5 * mcseMean(sigma));
    const theta = r.chains[0].draws.subarray(0, 2);
    expect(m.valueAt(theta)).toBeCloseTo(theta[0] + Math.exp(theta[1]), 12);
    expect(m.initialPoint(rng).length).toBe(2);
  });

  it('factor and condition contribute to the density', () => {
    const tape = new Tape();
    const D = pplAdDomain(tape, builtins);
    // x ~ Normal(0, 1); factor(-x²/2); condition(x > -5): the density of N(0, 1/2) up to a constant
    const start = () =>
      req('sample', D.call('Normal', undefined, 0, 1), null, (x: Real) =>
        req('factor', null, D.mul(-0.5, D.mul(x, x)), () =>
          req('condition', null, D.cmp('gt', x, -5), () => req('done', null, x, null))));
    const m = gradientModel({ method: 'NUTS', tape, start }, new Rng('f'));
    const g = new Float64Array(1);
    const lp = m.target.logDensityAndGradient(Float64Array.of(0.7), g);
    expect(lp).toBeCloseTo(-0.245 - 0.5 * Math.log(2 * Math.PI) - 0.245, 12);
    expect(g[0]).toBeCloseTo(-1.4, 12);
    expect(m.target.logDensityAndGradient(Float64Array.of(-6), g)).toBe(-Infinity);
  });

  it('discrete choices, non-primitive distributions, =:= and a changing number of choices are clear errors', () => {
    const tape = new Tape();
    const D = pplAdDomain(tape, builtins);
    const discrete = () => req('sample', D.call('Bernoulli', undefined, 0.3), null, () => req('done', null, 0, null), 7);
    expect(() => gradientModel({ method: 'NUTS', tape, start: discrete }, new Rng('d'))).toThrow(/discrete; HMC and NUTS sample only continuous choices; use Exact/);
    const located = () => gradientModel({ method: 'HMC', tape, start: discrete, fail: (m, site) => new Error(`site ${site}: ${m}`) }, new Rng('d'));
    expect(located).toThrow(/^site 7: HMC:/);
    const other = () => req('sample', S.UniformInt(1, 3), null, () => req('done', null, 0, null));
    expect(() => gradientModel({ method: 'NUTS', tape, start: other }, new Rng('d'))).toThrow(/cannot sample from UniformInt/);
    const equate = () => req('equate', null, [1, 2], () => req('done', null, 0, null));
    expect(() => gradientModel({ method: 'NUTS', tape, start: equate }, new Rng('d'))).toThrow(/only under Exact/);
    // one choice, or two when the first is positive
    const varying = () =>
      req('sample', D.call('Normal', undefined, 0, 1), null, (x: Real) =>
        D.cmp('gt', x, 0)
          ? req('sample', D.call('Normal', undefined, 0, 1), null, () => req('done', null, x, null))
          : req('done', null, x, null));
    const m = gradientModel({ method: 'NUTS', tape, start: varying }, new Rng('seed-with-negative-first-draw'));
    const g = new Float64Array(m.dim);
    const other2 = Float64Array.from({ length: m.dim }, () => (m.dim === 1 ? 1 : -1));
    expect(() => m.target.logDensityAndGradient(other2, g)).toThrow(/number of continuous choices changed/);
  });
});
