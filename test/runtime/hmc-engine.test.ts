// The HMC engine (static: fixed steps and step size, as WebPPL's kernel) on compiled models: the conjugate
// regression against the closed form (5 MCSE), divergences counted when the step size is too large, chains
// with R̂, option validation.
import { describe, expect, it } from 'vitest';
import { chainsMean, chainsSd, mcseMean, mcseSd } from '../../runtime/diagnostics/index.js';
import { coord, printed, regressionPosterior, regressionSource } from './smc-helpers.js';

describe('HMC engine', () => {
  const exact = regressionPosterior();

  it('conjugate regression (10 steps of 0.03, as WebPPL): mean and sd within 5 MCSE', () => {
    const d = printed(regressionSource('HMC(samples: 4000, burn: 500, steps: 10, stepSize: 0.03)'), 1)[0];
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - exact.mean[i]!)).toBeLessThan(5 * mcseMean(c));
      expect(Math.abs(chainsSd(c) - exact.sd[i]!)).toBeLessThan(5 * mcseSd(c));
    }
    expect(d.divergences).toBe(0);
    expect(d.acceptanceRate).toBeGreaterThan(0.8);
  });

  it('chains: R̂ near 1 over 4 chains', () => {
    const d = printed(regressionSource('HMC(samples: 1000, burn: 300, steps: 10, stepSize: 0.03, chains: 4)'), 2)[0];
    expect(d.chains.length).toBe(4);
    expect(d.rhat()).toBeLessThan(1.02);
  });

  it('a step size far too large: divergent transitions are counted and reported', () => {
    const d = printed(regressionSource('HMC(samples: 200, burn: 10, steps: 10, stepSize: 2.0)'), 3)[0];
    expect(d.divergences).toBeGreaterThan(0);
    expect(d.acceptanceRate).toBeLessThan(0.2);
  });

  it('a discrete choice is an error that suggests Exact, marginalisation or SMC', () => {
    const src = `fn model() -> Int { let k ~ Poisson(3.0); let x ~ Normal(0.0, 1.0); k }
    print(infer(model, HMC(samples: 10)));`;
    expect(() => printed(src)).toThrowError(/HMC: the choice from Poisson is discrete; .*Exact.*SMC/);
  });

  it('rejects bad options computed at run time (the checker catches literal ones)', () => {
    const src = `let s = 0.5 - 0.5;
    fn model() -> Real { let x ~ Normal(0.0, 1.0); x }
    print(infer(model, HMC(samples: 10, stepSize: s)));`;
    expect(() => printed(src)).toThrowError(/HMC: stepSize must be a positive number, got 0/);
  });
});
