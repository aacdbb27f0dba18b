// The results of infer and the §5 queries: exact tables (merging, normalisation, logZ), weighted and
// unweighted sample sets (ess, moments, quantiles), Gaussian mixtures (analytic moments, quantiles,
// quadrature), and the errors of queries that do not apply.
import { describe, expect, it } from 'vitest';
import {
  FiniteBuilder,
  FiniteDist,
  GaussianDist,
  SampleDist,
  ess,
  expect as expectation,
  logProb,
  logZ,
  mean,
  prob,
  quantile,
  samples,
  sd,
  support,
  variance,
} from '../../runtime/results/index.js';
import { Rng } from '../../runtime/rng.js';
import {
  Bernoulli,
  Geometric,
  Normal,
  Poisson,
  PplError,
  Tuple,
  normalCdf,
  normalQuantile,
} from '../../stdlib/index.js';

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe('FiniteDist', () => {
  it('merges equal values, normalises by log-sum-exp and keeps the exact logZ', () => {
    const b = new FiniteBuilder<boolean>();
    b.add(true, Math.log(0.2));
    b.add(false, Math.log(0.3));
    b.add(true, Math.log(0.1));
    b.add(false, -Infinity);
    const d = b.build();
    expect(d.support()).toEqual([true, false]); // ties: first seen first
    close(prob(d, true), 0.5, 1e-15);
    close(logProb(d, false), Math.log(0.5), 1e-15);
    close(logZ(d), Math.log(0.6), 1e-15);
    expect(ess(d)).toBe(Infinity);
    expect(d.n).toBe(Infinity);
    expect(prob(d, 'x' as unknown as boolean)).toBe(0);
  });

  it('a sprinkler-style posterior P(rain | wet grass) is exact to 1e-14', () => {
    // Enumerate rain, sprinkler with P(rain)=0.3, P(sprinkler)=0.5; grass wet w.p. 0.9/0.8/0.7/0.1.
    const b = new FiniteBuilder<boolean>();
    for (const rain of [true, false]) {
      for (const spr of [true, false]) {
        const pw = rain && spr ? 0.99 : rain ? 0.9 : spr ? 0.8 : 0;
        b.add(rain, Math.log(rain ? 0.3 : 0.7) + Math.log(0.5) + Math.log(pw));
      }
    }
    const d = b.build();
    // P(wet, rain) = 0.3·0.5·(0.99 + 0.9) = 0.2835; P(wet, ¬rain) = 0.7·0.5·0.8 = 0.28.
    close(prob(d, true), 0.2835 / 0.5635, 1e-14);
    close(logZ(d), Math.log(0.5635), 1e-14);
  });

  it('keys structured values structurally (tuples, arrays, records in any field order)', () => {
    const d = FiniteDist.fromLogWeights(
      [new Tuple([1, 'a']), new Tuple([1, 'a']), [1, 'a'], { x: 1, y: [true] }, { y: [true], x: 1 }],
      [0, 0, 0, 0, 0].map(() => Math.log(0.2)),
    );
    expect(d.support().length).toBe(3);
    close(prob(d, new Tuple([1, 'a'])), 0.4);
    close(prob(d, [1, 'a']), 0.2);
    close(prob(d, { y: [true], x: 1 }), 0.4);
  });

  it('sorts by descending probability, answers moments, expectations and quantiles exactly', () => {
    const d = FiniteDist.fromProbs([1, 2, 3, 4], [0.1, 0.4, 0.2, 0.3]);
    expect(support(d)).toEqual([2, 4, 3, 1]);
    close(mean(d) as number, 0.1 + 0.8 + 0.6 + 1.2);
    close(variance(d) as number, 0.1 + 1.6 + 1.8 + 4.8 - 2.7 * 2.7);
    close(sd(d) as number, Math.sqrt(0.1 + 1.6 + 1.8 + 4.8 - 2.7 * 2.7));
    close(expectation(d, (x) => x * x), 8.3);
    expect(quantile(d, 0.5)).toBe(2);
    expect(quantile(d, 0.51)).toBe(3);
    expect(quantile(d, 0)).toBe(1);
    expect(quantile(d, 1)).toBe(4);
    expect(() => samples(d)).toThrow('samples: this exact result is not sample-based');
    expect(() => FiniteDist.fromProbs(['a'], [1]).mean()).toThrow('mean: the values of this distribution are not numbers');
  });

  it('vector-valued tables have componentwise moments', () => {
    const d = FiniteDist.fromProbs([[0, 1], [2, 3]], [0.25, 0.75]);
    expect(mean(d)).toEqual([1.5, 2.5]);
    const v = variance(d) as number[];
    close(v[0]!, 0.75);
    close(v[1]!, 0.75);
  });

  it('samples in proportion to the table', () => {
    const d = FiniteDist.fromProbs(['a', 'b', 'c'], [0.2, 0.5, 0.3]);
    const r = new Rng(1);
    const n = 50000;
    let a = 0;
    for (let i = 0; i < n; i++) if (d.sample(r) === 'a') a++;
    expect(Math.abs(a / n - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / n));
  });

  it('accumulates many executions accurately, whatever the order of their weights', () => {
    // 20 fair coins enumerated: 2^20 executions of weight 2^-20, keyed by the number of heads mod 3.
    const b = new FiniteBuilder<number>();
    const n = 20;
    for (let mask = 0; mask < 1 << n; mask++) {
      let heads = 0;
      for (let m = mask; m !== 0; m &= m - 1) heads++;
      b.add(heads % 3, -n * Math.LN2);
    }
    const d = b.build();
    close(logZ(d), 0, 1e-12);
    let p0 = 0;
    for (let k = 0; k <= n; k += 3) {
      let c = 1;
      for (let j = 0; j < k; j++) c = (c * (n - j)) / (j + 1);
      p0 += c / 2 ** n;
    }
    close(prob(d, 0), p0, 1e-12);
    // Increasing weights exercise the running-max rescaling.
    const inc = new FiniteBuilder<string>();
    let total = 0;
    for (let i = 0; i < 1000; i++) {
      inc.add('x', i / 10);
      total += Math.exp(i / 10);
    }
    inc.add('y', Math.log(total));
    close(inc.logTotal, Math.log(2 * total), 1e-13);
    close(prob(inc.build(), 'x'), 0.5, 1e-13);
  });

  it('zero evidence is a clear error', () => {
    const b = new FiniteBuilder();
    b.add(1, -Infinity);
    expect(b.logTotal).toBe(-Infinity);
    expect(() => b.build()).toThrow('every execution has probability zero');
  });
});

describe('SampleDist', () => {
  it('equally weighted samples', () => {
    const d = new SampleDist([1, 2, 2, 3, 2]);
    expect(d.isContinuous).toBe(false);
    expect(support(d)).toEqual([2, 1, 3]);
    close(prob(d, 2), 0.6);
    close(mean(d) as number, 2);
    close(variance(d) as number, 0.4);
    expect(ess(d)).toBe(5);
    expect(samples(d)).toEqual([1, 2, 2, 3, 2]);
    expect(quantile(d, 0.5)).toBe(2);
    expect(() => logZ(d)).toThrow('logZ: sampling does not estimate the evidence');
  });

  it('log-weighted samples: moments, ess = (Σw)²/Σw², logZ as given', () => {
    const d = new SampleDist([1, 2, 3], [0, 0, Math.log(2)].map((w) => w - 1000), { logZ: -3.5, method: 'Importance' });
    close(mean(d) as number, 2.25);
    close(variance(d) as number, (1 + 4 + 18) / 4 - 2.25 * 2.25);
    close(ess(d), 16 / 6);
    close(prob(d, 3), 0.5);
    expect(quantile(d, 0.5)).toBe(2);
    expect(quantile(d, 0.75)).toBe(3);
    expect(logZ(d)).toBe(-3.5);
    close(expectation(d, (x) => x), 2.25);
    // samples: a deterministic systematic resample of size n (draw i about n·w_i times, in draw order).
    expect(samples(d)).toEqual([1, 2, 3]);
    const w = new SampleDist(['a', 'b', 'c', 'd'], [Math.log(0.1), -Infinity, Math.log(0.2), Math.log(0.7)], { method: 'Importance' });
    expect(samples(w)).toEqual(['c', 'd', 'd', 'd']); // n·w = 0.4, 0, 0.8, 2.8
    const many = new SampleDist(Array.from({ length: 1000 }, (_, i) => i), Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : Math.log(3))));
    const s = samples(many) as number[];
    expect(s.length).toBe(1000);
    expect(s.filter((x) => x >= 500).length).toBe(750);
    expect(s).toEqual([...s].sort((a, b) => a - b));
    // sample() honours the weights
    const r = new Rng(2);
    let threes = 0;
    for (let i = 0; i < 40000; i++) if (d.sample(r) === 3) threes++;
    expect(Math.abs(threes / 40000 - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 40000));
  });

  it('real-valued samples are continuous: mean/sd, no support, no mass', () => {
    const d = new SampleDist([0.5, 1.5, 2.25]);
    expect(d.isContinuous).toBe(true);
    expect(d.support()).toBeUndefined();
    expect(() => support(d)).toThrow('support: this sample-based result does not have a finite support (it is continuous)');
    expect(() => prob(d, 0.5)).toThrow('prob: this sample-based result is continuous');
    expect(() => logProb(d, 0.5)).toThrow('has no density');
    close(mean(d) as number, 4.25 / 3);
  });

  it('zero total weight is an error', () => {
    expect(() => new SampleDist([1, 2], [-Infinity, -Infinity], { method: 'Importance' })).toThrow(
      'Importance: every sample has weight zero',
    );
  });
});

describe('GaussianDist', () => {
  it('a single Gaussian: analytic moments, density, quantiles, exact logZ', () => {
    const d = GaussianDist.single(1, 0.5, -2.25);
    close(mean(d) as number, 1);
    close(variance(d) as number, 0.5);
    close(logProb(d, 0.3), Normal(1, Math.sqrt(0.5)).logProb(0.3));
    close(quantile(d, 0.9), 1 + Math.sqrt(0.5) * normalQuantile(0.9));
    expect(logZ(d)).toBe(-2.25);
    expect(ess(d)).toBe(Infinity);
    expect(d.n).toBe(Infinity);
    expect(() => support(d)).toThrow('support: this Gaussian result does not have a finite support');
    expect(() => samples(d)).toThrow('is not sample-based');
  });

  it('a mixture of two: law of total variance, log-sum-exp density, CDF and its inverse', () => {
    const d = new GaussianDist([Math.log(0.3), Math.log(0.7)].map((w) => w + 5), [-1, 2], [0.25, 4]);
    close(logZ(d), 5);
    close(mean(d) as number, 0.3 * -1 + 0.7 * 2);
    const m = 1.1;
    close(variance(d) as number, 0.3 * (0.25 + 2.1 * 2.1) + 0.7 * (4 + 0.9 * 0.9));
    close(logProb(d, 0.5), Math.log(0.3 * Math.exp(Normal(-1, 0.5).logProb(0.5)) + 0.7 * Math.exp(Normal(2, 2).logProb(0.5))));
    close(d.cdf(0), 0.3 * normalCdf(2) + 0.7 * normalCdf(-1));
    for (const q of [0.01, 0.3, 0.5, 0.9, 0.999]) close(d.cdf(quantile(d, q)), q, 1e-13);
    // Gauss–Hermite: E[x²] = Var + mean², E[x⁴] for a single N(μ, σ²) = μ⁴ + 6μ²σ² + 3σ⁴.
    close(expectation(d, (x) => x * x), (variance(d) as number) + m * m);
    close(expectation(Normal(2, 3), (x) => x ** 4), 16 + 6 * 4 * 9 + 3 * 81);
    close(expectation(Normal(0, 1), (x) => Math.cos(x)), Math.exp(-0.5), 1e-14);
    // Sampling matches the moments.
    const r = new Rng(4);
    const n = 100000;
    let s = 0;
    for (let i = 0; i < n; i++) s += d.sample(r);
    expect(Math.abs(s / n - 1.1)).toBeLessThan(5 * Math.sqrt((variance(d) as number) / n));
  });

  it('atoms (branches that returned a constant)', () => {
    const d = new GaussianDist([Math.log(0.5), Math.log(0.5)], [0, 3], [1, 0]);
    close(mean(d) as number, 1.5);
    close(logProb(d, 3), Math.log(0.5));
    close(d.cdf(3), 0.5 * normalCdf(3) + 0.5);
  });
});

describe('queries on primitive distributions', () => {
  it('apply where defined, and say why not elsewhere', () => {
    close(prob(Bernoulli(0.3), true), 0.3);
    expect(support(Bernoulli(0.3))).toEqual([true, false]);
    expect(() => prob(Normal(0, 1), 0)).toThrow('prob: Normal is continuous');
    expect(() => support(Poisson(2))).toThrow('support: Poisson does not have a finite support');
    expect(() => logZ(Normal(0, 1))).toThrow('logZ: Normal is not the result of infer');
    expect(() => ess(Normal(0, 1))).toThrow('ess: Normal is not the result of infer');
    expect(() => samples(Normal(0, 1))).toThrow('samples: Normal is not sample-based');
    expect(() => quantile(Normal(0, 1), 1.5)).toThrow('quantile: q must be in [0, 1], got 1.5');
    expect(quantile(Poisson(3.5), 0.5)).toBe(3);
    expect(quantile(Poisson(3.5), 0.99)).toBe(8);
    expect(quantile(Geometric(0.2), 0.5)).toBe(3);
    close(expectation(Poisson(3.5), (k) => k * k), 3.5 + 3.5 * 3.5, 1e-13);
    close(expectation(Bernoulli(0.25), (b) => (b ? 4 : 0)), 1);
    close(sd(Normal(1, 2)) as number, 2);
  });
  it('errors are PplErrors', () => {
    try {
      support(Normal(0, 1));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PplError);
    }
  });
});
