// The NUTS engine on compiled models, against exact answers (fixed seeds; standard errors from the project's
// ESS): the conjugate regression, eight schools (non-centred) against the posteriordb reference, constrained
// choices (Beta–Bernoulli, a Gamma precision), chains and R̂, discrete choices as errors, and a simulation-based
// calibration check on a small hierarchical model.
import { describe, expect, it } from 'vitest';
import { chainsMean, chainsSd, mcseMean, mcseSd } from '../../runtime/diagnostics/index.js';
import { coord, printed, regressionPosterior, regressionSource, runExample } from './smc-helpers.js';

const EIGHT_SCHOOLS = `
let ys = [28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0];
let sigmas = [15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0];
// tau ~ HalfCauchy(0, 5), written as an Exponential(0.1) choice whose density the factor replaces
fn halfCauchyLog(x: Real, s: Real) -> Real { log(2.0) - log(pi) - log(s) - log(1.0 + (x / s) * (x / s)) }
fn model() -> (Real, Real) {
  let mu ~ Normal(0.0, 5.0);
  let tau ~ Exponential(0.1);
  factor(halfCauchyLog(tau, 5.0) - (log(0.1) - 0.1 * tau));
  for j in 0..8 {
    let z ~ Normal(0.0, 1.0);
    observe(Normal(mu + tau * z, sigmas[j]), ys[j]);
  }
  (mu, tau)
}
print(infer(model, NUTS(samples: 2500, warmup: 1000, chains: 4)));
`;

describe('NUTS engine', () => {
  const exact = regressionPosterior();

  it('conjugate regression: posterior mean and sd within 5 MCSE of the closed form', () => {
    const d = printed(regressionSource('NUTS(samples: 4000, warmup: 1000)'), 1)[0];
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - exact.mean[i]!)).toBeLessThan(5 * mcseMean(c));
      expect(Math.abs(chainsSd(c) - exact.sd[i]!)).toBeLessThan(5 * mcseSd(c));
    }
    expect(d.divergences).toBe(0);
    expect(d.acceptanceRate).toBeGreaterThan(0.6);
    expect(d.ess()).toBeGreaterThan(2000);
  });

  it('eight schools (non-centred): mu ≈ 4.41 and tau ≈ 3.60 within 3 MCSE, at most 0.5% divergences, R̂ < 1.01', () => {
    const d = printed(EIGHT_SCHOOLS, 1)[0];
    const mu = coord(d, 0);
    const tau = coord(d, 1);
    // posteriordb reference (research/landscape.md): mu 4.4105 (MCSE 0.033), tau 3.6021
    expect(Math.abs(chainsMean(mu) - 4.4105)).toBeLessThan(3 * Math.hypot(mcseMean(mu), 0.033));
    expect(Math.abs(chainsMean(tau) - 3.6021)).toBeLessThan(3 * Math.hypot(mcseMean(tau), 0.03));
    expect(Math.abs(chainsSd(mu) - 3.309)).toBeLessThan(5 * mcseSd(mu) + 0.05);
    expect(d.divergences / d.n).toBeLessThanOrEqual(0.005);
    expect(d.rhat()).toBeLessThan(1.01);
  }, 60_000);

  it('constrained choices: Beta–Bernoulli and a Gamma precision against their conjugate posteriors', () => {
    const data = [true, false, true, true, false, true, true, true, false, true];
    const heads = data.filter((x) => x).length;
    const a = 2 + heads, b = 2 + data.length - heads;
    const d = printed(`let data = [${data.join(', ')}];
      fn model() -> Real {
        let p ~ Beta(2.0, 2.0);
        for i in 0..len(data) { observe(Bernoulli(p), data[i]); }
        p
      }
      print(infer(model, NUTS(samples: 4000, warmup: 500)));`, 2)[0];
    const c = coord(d, null);
    expect(Math.abs(chainsMean(c) - a / (a + b))).toBeLessThan(5 * mcseMean(c));
    expect(Math.abs(chainsSd(c) - Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))))).toBeLessThan(5 * mcseSd(c));

    // precision λ ~ Gamma(2, 1) (shape, rate), y_i ~ N(0, 1/√λ): λ | y ~ Gamma(2 + n/2, 1 + Σy²/2)
    const ys = [0.3, -1.2, 0.8, 2.1, -0.4, 0.1];
    const shape = 2 + ys.length / 2, rate = 1 + ys.reduce((s, y) => s + y * y, 0) / 2;
    const g = printed(`let ys = [${ys.join(', ')}];
      fn model() -> Real {
        let lam ~ Gamma(2.0, 1.0);
        for i in 0..len(ys) { observe(Normal(0.0, 1.0 / sqrt(lam)), ys[i]); }
        lam
      }
      print(infer(model, NUTS(samples: 4000, warmup: 500)));`, 3)[0];
    const gc = coord(g, null);
    expect(Math.abs(chainsMean(gc) - shape / rate)).toBeLessThan(5 * mcseMean(gc));
    expect(Math.abs(chainsSd(gc) - Math.sqrt(shape) / rate)).toBeLessThan(5 * mcseSd(gc));
  });

  it('a discrete choice is a located error that suggests Exact, marginalisation or SMC', () => {
    const src = `fn model() -> Real {
      let x ~ Normal(0.0, 1.0);
      let b = flip(0.5);
      if b { x } else { 0.0 - x }
    }
    print(infer(model, NUTS(samples: 10)));`;
    expect(() => printed(src)).toThrowError(/NUTS: the choice from Bernoulli is discrete; .*use Exact, marginalise the choice .*or use SMC/);
  });

  it('a model without continuous choices is an error', () => {
    expect(() => printed('fn model() -> Real { 1.0 }\nprint(infer(model, NUTS(samples: 10)));'))
      .toThrowError(/NUTS: the model has no continuous random choice/);
  });

  it('simulation-based calibration on a small hierarchical model: ranks of the truth are uniform', () => {
    // mu ~ N(0, 1); theta_j ~ N(mu, 1) (non-centred); y_j ~ N(theta_j, 1), j = 1..3. For each replication draw
    // (mu, y) from the prior in TypeScript, run NUTS, and record the rank of the true mu among L thinned draws.
    const reps = 60, L = 19;
    const ranks: number[] = [];
    let seed = 12345;
    const unif = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const norm = () => Math.sqrt(-2 * Math.log(unif())) * Math.cos(2 * Math.PI * unif());
    for (let r = 0; r < reps; r++) {
      const mu = norm();
      const ys = [0, 1, 2].map(() => mu + norm() + norm());
      const d = printed(`let ys = [${ys.map((y) => y.toFixed(12)).join(', ')}];
        fn model() -> Real {
          let mu ~ Normal(0.0, 1.0);
          for j in 0..3 { let z ~ Normal(0.0, 1.0); observe(Normal(mu + z, 1.0), ys[j]); }
          mu
        }
        print(infer(model, NUTS(samples: ${L * 10}, warmup: 200)));`, r)[0];
      const draws = (d.chains[0] as number[]).filter((_, i) => i % 10 === 0);
      ranks.push(draws.filter((x) => x < mu).length);
    }
    // ranks take L + 1 = 20 values; pooled into 4 bins of 5 values, each expected reps/4 = 15 times
    const bins = [0, 0, 0, 0];
    for (const k of ranks) bins[Math.floor(k / 5)]!++;
    const chi2 = bins.reduce((s, o) => s + (o - reps / 4) ** 2 / (reps / 4), 0);
    expect(chi2).toBeLessThan(16.27); // χ²(3) at p = 0.001
  }, 60_000);
});

describe('examples under NUTS against exact and reference answers', () => {
  it('examples/linear-regression-nuts.ppl vs the closed form', () => {
    const [d] = runExample('linear-regression-nuts.ppl');
    const exact = regressionPosterior();
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - exact.mean[i]!)).toBeLessThan(5 * mcseMean(c));
      expect(Math.abs(chainsSd(c) - exact.sd[i]!)).toBeLessThan(5 * mcseSd(c));
    }
    expect(d.rhat()).toBeLessThan(1.01);
  });

  it('examples/logistic-regression-nuts.ppl vs numerical integration on a grid', () => {
    const xs = Array.from({ length: 24 }, (_, i) => -3 + 0.3 * i);
    const ys = [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1];
    let z = 0, ea = 0, eb = 0, eaa = 0, ebb = 0;
    const h = 0.01;
    for (let a = -5; a <= 5; a += h) {
      for (let b = -3; b <= 5; b += h) {
        let lp = -0.5 * (a * a + b * b) / 6.25;
        for (let i = 0; i < 24; i++) {
          const t = a + b * xs[i]!;
          lp += ys[i] ? -Math.log1p(Math.exp(-t)) : -Math.log1p(Math.exp(t));
        }
        const w = Math.exp(lp);
        z += w; ea += w * a; eb += w * b; eaa += w * a * a; ebb += w * b * b;
      }
    }
    const mean = [ea / z, eb / z];
    const sd = [Math.sqrt(eaa / z - mean[0]! ** 2), Math.sqrt(ebb / z - mean[1]! ** 2)];
    const [d] = runExample('logistic-regression-nuts.ppl');
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - mean[i]!)).toBeLessThan(5 * mcseMean(c));
      expect(Math.abs(chainsSd(c) - sd[i]!)).toBeLessThan(5 * mcseSd(c));
    }
  });

  it('examples/eight-schools-nuts.ppl vs posteriordb (3 MCSE), at most 0.5% divergences', () => {
    const [d] = runExample('eight-schools-nuts.ppl');
    const mu = coord(d, 0);
    const tau = coord(d, 1);
    expect(Math.abs(chainsMean(mu) - 4.4105)).toBeLessThan(3 * Math.hypot(mcseMean(mu), 0.033));
    expect(Math.abs(chainsMean(tau) - 3.6021)).toBeLessThan(3 * Math.hypot(mcseMean(tau), 0.03));
    expect(d.divergences / d.n).toBeLessThanOrEqual(0.005);
  });
});

describe('NUTS errors', () => {
  it('no starting point of positive density: a located error at the infer', () => {
    const src = `fn model() -> Real { let x ~ Normal(0.0, 1.0); condition(x > 100.0); x }
print(infer(model, NUTS(samples: 10)));`;
    expect(() => printed(src)).toThrowError(/NUTS: no starting point with a finite log density/);
  });
});
