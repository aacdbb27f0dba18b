// Diagnostics: ESS on AR(1) chains with known autocorrelation (ESS/N → (1 − ρ)/(1 + ρ)), R̂ on mixed and
// stuck chains, MCSE, weight-based ESS, and the FFT autocovariance against the direct sum.
import { describe, expect, it } from 'vitest';
import {
  essChains, essBasic, essBulk, essTail, essFromLogWeights, splitRhat, rankRhat, mcseMean, mcseSd,
  autocovariance, normalQuantile, chainsMean, chainsSd, ebfmi, summarizeChains, essOfDraws, rhatOfDraws,
} from '../../runtime/diagnostics/index.js';
import { TestRng } from './mcmc-helpers.js';

function ar1(rng: TestRng, rho: number, n: number, shift = 0): Float64Array {
  const x = new Float64Array(n);
  let v = rng.normal() / Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    v = rho * v + rng.normal();
    x[i] = v + shift;
  }
  return x;
}

describe('ESS on AR(1) chains', () => {
  // The estimator's spread is measured on R independent replicate chains of the same length. Each
  // replicate must lie within 5 of those standard deviations of the truth, and the replicate mean within
  // 5 standard errors plus 3% (the truncated autocorrelation sum of Geyer's estimator has an O(1/N)
  // relative bias of that order at N = 10,000; measured: −1.7% at ρ = 0, +3% at ρ = 0.9).
  const rng = new TestRng('ess-ar1');
  for (const rho of [0, 0.5, 0.9, -0.3]) {
    it(`ρ = ${rho}: ESS/N ≈ ${((1 - rho) / (1 + rho)).toFixed(4)}`, () => {
      const N = 10_000;
      const R = 30;
      const truth = (1 - rho) / (1 + rho);
      const r: number[] = [];
      for (let k = 0; k < R; k++) r.push(essChains([ar1(rng, rho, N)]) / N);
      const mean = r.reduce((a, b) => a + b) / R;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
      // the spread itself is small: Sokal's rule of thumb puts it at a few percent of ESS/N here
      expect(sd / truth).toBeLessThan(0.15);
      for (const v of r) expect(Math.abs(v - truth)).toBeLessThan(5 * sd);
      expect(Math.abs(mean - truth)).toBeLessThan(5 * (sd / Math.sqrt(R)) + 0.03 * truth);
    });
  }

  it('combines chains: four chains of the same AR(1) give about four times the ESS of one', () => {
    const chains = [0, 1, 2, 3].map(() => ar1(rng, 0.5, 5000));
    const one = essChains([chains[0]]);
    const four = essChains(chains);
    expect(four / one).toBeGreaterThan(3);
    expect(four / one).toBeLessThan(5.3);
    expect(essBasic(chains) / 20000).toBeCloseTo(1 / 3, 1);
    expect(essBulk(chains) / 20000).toBeCloseTo(1 / 3, 1);
    expect(essTail(chains)).toBeGreaterThan(1000);
  });

  it('is NaN for a constant chain and too-short chains', () => {
    expect(essChains([new Float64Array(100).fill(2)])).toBeNaN();
    expect(essChains([Float64Array.of(1, 2, 3)])).toBeNaN();
  });
});

describe('R-hat', () => {
  const rng = new TestRng('rhat');
  it('is about 1 for well-mixed chains', () => {
    const chains = [0, 1, 2, 3].map(() => ar1(rng, 0.3, 2000));
    expect(Math.abs(splitRhat(chains) - 1)).toBeLessThan(0.01);
    expect(Math.abs(rankRhat(chains) - 1)).toBeLessThan(0.01);
  });
  it('exceeds 1.1 for chains stuck in different places', () => {
    const chains = [0, 1, 2, 3].map((j) => ar1(rng, 0.3, 2000, j * 1.5));
    expect(splitRhat(chains)).toBeGreaterThan(1.1);
    expect(rankRhat(chains)).toBeGreaterThan(1.1);
  });
  it('split R-hat catches a single drifting chain', () => {
    const x = ar1(rng, 0.3, 2000).map((v, i) => v + (i < 1000 ? 0 : 3));
    expect(splitRhat([x])).toBeGreaterThan(1.1);
  });
  it('rank R-hat sees a scale difference (tail) that split R-hat misses', () => {
    const a = ar1(rng, 0, 4000);
    const b = ar1(rng, 0, 4000).map((v) => 3 * v);
    expect(splitRhat([a, b])).toBeLessThan(1.05);
    expect(rankRhat([a, b])).toBeGreaterThan(1.1);
  });
});

describe('MCSE', () => {
  it('of the mean and sd of iid N(0, 1) draws: 1/√N and 1/√(2N)', () => {
    const rng = new TestRng('mcse');
    const chains = [0, 1].map(() => ar1(rng, 0, 20000));
    const N = 40000;
    expect(mcseMean(chains) * Math.sqrt(N)).toBeCloseTo(1, 1);
    expect(mcseSd(chains) * Math.sqrt(2 * N)).toBeCloseTo(1, 1);
    expect(Math.abs(chainsMean(chains))).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(chainsSd(chains) - 1)).toBeLessThan(5 / Math.sqrt(2 * N));
  });
  it('of the mean of an AR(1) chain: σ_x·√((1 + ρ)/(1 − ρ)/N)', () => {
    const rng = new TestRng('mcse-ar');
    const rho = 0.8;
    const x = ar1(rng, rho, 40000);
    const expected = Math.sqrt(1 / (1 - rho * rho)) * Math.sqrt((1 + rho) / (1 - rho) / 40000);
    expect(mcseMean([x]) / expected).toBeGreaterThan(0.85);
    expect(mcseMean([x]) / expected).toBeLessThan(1.15);
  });
});

describe('weight-based ESS and helpers', () => {
  it('(Σw)²/Σw² in log space', () => {
    expect(essFromLogWeights([0, 0, 0, 0])).toBeCloseTo(4, 12);
    expect(essFromLogWeights([0, -Infinity, -Infinity])).toBeCloseTo(1, 12);
    expect(essFromLogWeights([-Infinity, -Infinity])).toBe(0);
    expect(essFromLogWeights([1000, 1000 + Math.log(3)])).toBeCloseTo(16 / 10, 12);
  });
  it('FFT autocovariance equals the direct sum', () => {
    const rng = new TestRng('acov');
    const x = ar1(rng, 0.6, 37);
    const a = autocovariance(x);
    const mean = x.reduce((s, v) => s + v) / x.length;
    for (const t of [0, 1, 5, 36]) {
      let s = 0;
      for (let i = 0; i + t < x.length; i++) s += (x[i] - mean) * (x[i + t] - mean);
      expect(a[t]).toBeCloseTo(s / x.length, 12);
    }
  });
  it('normal quantile', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
  });
});

describe('E-BFMI', () => {
  it('is about 2 for independent energies and small for a slowly moving one', () => {
    const rng = new TestRng('ebfmi');
    const iid = ar1(rng, 0, 20000);
    expect(ebfmi(iid)).toBeCloseTo(2, 1);
    const slow = ar1(rng, 0.98, 20000);
    // E[(E_n − E_{n−1})²]/Var = 2(1 − ρ) = 0.04
    expect(ebfmi(slow)).toBeGreaterThan(0.02);
    expect(ebfmi(slow)).toBeLessThan(0.06);
    expect(ebfmi([1])).toBeNaN();
  });
});

describe('summary', () => {
  it('collects the diagnostics of one quantity', () => {
    const rng = new TestRng('summary');
    const chains = [0, 1, 2, 3].map(() => ar1(rng, 0.5, 2000));
    const s = summarizeChains(chains);
    expect(s.mean).toBe(chainsMean(chains));
    expect(s.sd).toBe(chainsSd(chains));
    expect(s.mcseMean).toBe(mcseMean(chains));
    expect(s.ess).toBe(essBasic(chains));
    expect(s.essBulk).toBe(essBulk(chains));
    expect(s.essTail).toBe(essTail(chains));
    expect(s.rhat).toBe(rankRhat(chains));
    expect(s.rhat).toBeLessThan(1.01);
  });
});

describe('ESS and R-hat of chains of values', () => {
  it('take the worst numeric leaf of records, tuples-like objects and booleans', () => {
    const rng = new TestRng('values');
    const fast = ar1(rng, 0, 4000);
    const slow = ar1(rng, 0.9, 4000);
    const draws = Array.from(fast, (v, i) => ({ a: v, b: [slow[i], i % 2 === 0], c: 'label', d: 3 }));
    const ess = essOfDraws([draws]);
    expect(ess).toBe(Math.min(essBasic([fast]), essBasic([slow]), essBasic([Float64Array.from(draws, (_, i) => (i % 2 === 0 ? 1 : 0))])));
    expect(ess).toBeLessThan(400);
    expect(rhatOfDraws([draws])).toBeGreaterThanOrEqual(rankRhat([slow]));
    expect(essOfDraws([[1, 1, 1], [1, 1, 1]])).toBe(6);
    expect(essOfDraws([[1, [2]], [1, [2, 3]]] as unknown[][])).toBeNaN();
    expect(rhatOfDraws([['a', 'b']])).toBe(1);
  });
});
