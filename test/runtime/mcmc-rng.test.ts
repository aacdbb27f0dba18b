// The samplers run on the project's generator (runtime/rng.ts `Rng`): chains derive their streams from it
// by name, and a run reproduces bit for bit from the seed.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../runtime/index.js';
import { nuts, hmc, coordinate } from '../../runtime/mcmc/index.js';
import { chainsMean, mcseMean } from '../../runtime/diagnostics/index.js';

const target = {
  dim: 1,
  logDensityAndGradient(q: Float64Array, g: Float64Array): number {
    g[0] = -(q[0] - 2);
    return -0.5 * (q[0] - 2) ** 2;
  },
};

describe('MCMC with runtime Rng', () => {
  it('NUTS with 3 chains: N(2, 1) mean within 5 MCSE, reproducible from the seed', () => {
    const a = nuts(target, new Rng(7), { samples: 1000, warmup: 300, chains: 3 });
    const b = nuts(target, new Rng(7), { samples: 1000, warmup: 300, chains: 3 });
    expect(Array.from(a.chains[2].draws)).toEqual(Array.from(b.chains[2].draws));
    const x = coordinate(a, 0);
    expect(Math.abs(chainsMean(x) - 2)).toBeLessThan(5 * mcseMean(x));
  });
  it('HMC on the same target', () => {
    const r = hmc(target, new Rng('hmc'), { samples: 4000, burn: 200, steps: 5, stepSize: 0.3 });
    const x = coordinate(r, 0);
    expect(Math.abs(chainsMean(x) - 2)).toBeLessThan(5 * mcseMean(x));
  });
});
