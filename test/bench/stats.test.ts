// Tests of the harness's statistics (bench/lib/stats.mjs): the ESS estimator on chains with known
// autocorrelation, and the reference particle filter's spread against the Kalman answer.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { ess, mean, median, sd, smcReferenceSpread } from '../../bench/lib/stats.mjs';
import { kalman } from '../../bench/lib/exact.mjs';

function ar1(phi: number, n: number, seed: string): Float64Array {
  const rng = seedrandom(seed);
  const xs = new Float64Array(n);
  let x = 0;
  for (let i = 0; i < n; i++) {
    let u = 0;
    while (u === 0) u = rng();
    x = phi * x + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
    xs[i] = x;
  }
  return xs;
}

describe('summary statistics', () => {
  it('median, mean and sd', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(sd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 14);
  });
});

describe('effective sample size', () => {
  it('is n(1 − φ)/(1 + φ) for AR(1) chains, within 10%, averaged over seeds', () => {
    for (const phi of [0.5, 0.9, 0.99]) {
      const n = 100_000;
      const expected = (n * (1 - phi)) / (1 + phi);
      const estimates = [1, 2, 3, 4, 5].map((s) => ess(ar1(phi, n, `ar1-${phi}-${s}`)));
      expect(Math.abs(mean(estimates) / expected - 1)).toBeLessThan(0.1);
    }
  });

  it('is close to n for independent draws and 1 for a constant chain', () => {
    const e = ess(ar1(0, 50_000, 'iid'));
    expect(e).toBeGreaterThan(45_000);
    expect(e).toBeLessThan(55_000);
    expect(ess(new Float64Array(1000).fill(0.5))).toBe(1);
  });
});

describe('reference particle filter', () => {
  const ssm = JSON.parse(readFileSync('bench/data/ssm.json', 'utf8'));
  it('centres on the Kalman answer, with a spread that shrinks as 1/√N', () => {
    const kf = kalman(ssm);
    const small = smcReferenceSpread(ssm, 250, 200, 'test');
    const big = smcReferenceSpread(ssm, 1000, 100, 'test');
    // Mean over runs within 5 standard errors of the mean over runs (log Ẑ is biased low by about var/2).
    expect(Math.abs(big.mean.mean - kf.mean)).toBeLessThan((5 * big.mean.se) / Math.sqrt(100));
    expect(Math.abs(big.logZ.mean + big.logZ.se ** 2 / 2 - kf.logZ)).toBeLessThan((5 * big.logZ.se) / Math.sqrt(100));
    const ratio = small.logZ.se / big.logZ.se;
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2.6);
  });
});
