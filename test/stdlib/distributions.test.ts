// Every distribution of language.md §5: log densities against closed forms (scipy reference values),
// finite supports summing to 1, sample moments within 5 standard errors at a fixed seed, parameter errors.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../runtime/rng.js';
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Delta,
  Dirichlet,
  Exponential,
  Gamma,
  Geometric,
  MvNormal,
  Normal,
  Poisson,
  Tuple,
  Uniform,
  UniformInt,
  PplError,
  type Distribution,
} from '../../stdlib/index.js';

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe('log mass and density against closed forms', () => {
  it('discrete', () => {
    close(Bernoulli(0.3).logProb(true), Math.log(0.3));
    close(Bernoulli(0.3).logProb(false), Math.log(0.7));
    close(Categorical([1, 2, 3, 4]).logProb(2), Math.log(0.3));
    close(Categorical([1, 2, 3, 4], ['a', 'b', 'c', 'a']).logProb('a'), Math.log(0.5));
    close(UniformInt(-2, 5).logProb(-2), Math.log(1 / 8));
    close(Binomial(10, 0.3).logProb(4), -1.6088333502186698);
    close(Binomial(10, 0.3).logProb(0), -3.5667494393873245);
    close(Binomial(10, 0.3).logProb(10), -12.03972804325936);
    close(Geometric(0.2).logProb(3), -2.278868566376729);
    close(Poisson(3.5).logProb(6), -2.562673401037893);
    close(Poisson(100).logProb(90), -3.687322881281034);
    expect(Delta(new Tuple([1, 'a'])).logProb(new Tuple([1, 'a']))).toBe(0);
    expect(Delta([1, 2]).logProb([1, 3])).toBe(-Infinity);
  });
  it('Binomial and Poisson masses keep full relative precision for large n (Loader 2000)', () => {
    const ref: [number, number, number, number][] = [
      [30100, 100000, 0.3, -6.133974016452081],
      [1, 100000, 0.3, -35656.828766268656],
      [99999, 100000, 0.999, -95.44386267203177],
      [4, 10, 0.3, -1.6088333502186696],
      [500, 1000, 0.5, -3.6799189920941293],
      [3, 1000000, 0.000001, -2.7917599692293886],
    ];
    for (const [k, n, p, lp] of ref) close(Binomial(n, p).logProb(k), lp, 1e-14);
    close(Poisson(1000000).logProb(1000500), -7.951923004872761, 1e-14);
    close(Poisson(0.5).logProb(3), -4.371201010907891, 1e-14);
    close(Poisson(150.5).logProb(200), -10.93937035461939, 1e-14);
    close(Poisson(17).logProb(17), -2.3404466011812155, 1e-14);
  });
  it('continuous', () => {
    close(Normal(1, 2).logProb(0.3), -1.6733357137646179);
    close(Uniform(-1, 3).logProb(0.5), Math.log(0.25));
    close(Beta(2.5, 0.7).logProb(0.3), -1.3591020131569618);
    close(Gamma(3, 2).logProb(1.7), -0.9524491367557687);
    close(Exponential(1.5).logProb(2), -2.5945348918918354);
    close(Dirichlet([1.5, 2, 3]).logProb([0.2, 0.3, 0.5]), 1.695210995269564);
    close(MvNormal([1, -1], [[2, 0.5], [0.5, 1]]).logProb([0.3, 0.2]), -3.3205421032341995);
  });
  it('is −Infinity outside the support and never NaN', () => {
    const cases: [Distribution<any>, unknown[]][] = [
      [Bernoulli(0.5), [1, 'true', null]],
      [Bernoulli(1), [false]],
      [Categorical([1, 0, 1]), [1, 3, -1, 0.5, NaN]],
      [UniformInt(0, 3), [4, -1, 1.5, NaN]],
      [Binomial(5, 0.5), [6, -1, 2.5, NaN]],
      [Binomial(5, 0), [1]],
      [Binomial(5, 1), [4]],
      [Geometric(0.5), [-1, 0.5, NaN]],
      [Geometric(1), [1]],
      [Poisson(2), [-1, 1.5, NaN]],
      [Poisson(0), [1]],
      [Normal(0, 1), [NaN, Infinity, -Infinity, 'x']],
      [Uniform(0, 1), [-0.1, 1.1, NaN]],
      [Beta(2, 2), [-0.1, 1.1, NaN, 0, 1]],
      [Gamma(2, 1), [-1, NaN, Infinity, 0]],
      [Exponential(1), [-1, NaN, Infinity]],
      [Dirichlet([1, 1]), [[0.5, 0.6], [1], [-0.5, 1.5], [NaN, 1]]],
      [MvNormal([0], [[1]]), [[NaN], [1, 2], [Infinity]]],
    ];
    for (const [d, xs] of cases) {
      for (const x of xs) {
        const lp = d.logProb(x);
        expect(lp, `${d.name} at ${String(x)}`).toBe(-Infinity);
      }
    }
    // Boundaries with finite or infinite density, never NaN.
    close(Beta(1, 3).logProb(0), Math.log(3));
    expect(Beta(0.5, 0.5).logProb(0)).toBe(Infinity);
    close(Gamma(1, 2).logProb(0), Math.log(2));
    close(Exponential(2).logProb(0), Math.log(2));
    expect(Bernoulli(0).logProb(true)).toBe(-Infinity);
    expect(Geometric(1).logProb(0)).toBe(0);
  });
});

describe('finite supports', () => {
  const finite: Distribution<any>[] = [
    Bernoulli(0.3),
    Bernoulli(0),
    Categorical([0.1, 0, 0.4, 0.5]),
    Categorical([1, 1, 2], [new Tuple([1, 'a']), new Tuple([2, 'b']), new Tuple([1, 'a'])]),
    UniformInt(-3, 7),
    Binomial(25, 0.37),
    Binomial(1000, 0.5),
    Binomial(7, 1),
    Geometric(1),
    Poisson(0),
    Delta('x'),
  ];
  it.each(finite.map((d) => [d.name, d] as const))('%s: the support sums to 1, each value once, all positive', (_, d) => {
    const s = d.support()!;
    expect(s).toBeDefined();
    let total = 0;
    for (const v of s) {
      const p = Math.exp(d.logProb(v));
      expect(p).toBeGreaterThan(0);
      total += p;
    }
    close(total, 1, 1e-12);
  });
  it('support contents', () => {
    expect(Bernoulli(0.3).support()).toEqual([true, false]);
    expect(Bernoulli(1).support()).toEqual([true]);
    expect(Categorical([0.1, 0, 0.4]).support()).toEqual([0, 2]);
    expect(Categorical([1, 1, 2], ['a', 'b', 'a']).support()).toEqual(['a', 'b']);
    expect(UniformInt(2, 4).support()).toEqual([2, 3, 4]);
    expect(Binomial(3, 0).support()).toEqual([0]);
    expect(Poisson(1).support()).toBeUndefined();
    expect(Normal(0, 1).support()).toBeUndefined();
  });
  it('infinite discrete mass sums to 1', () => {
    for (const d of [Geometric(0.3), Poisson(4.5), Poisson(250)]) {
      let t = 0;
      for (let k = 0; k < 2000; k++) t += Math.exp(d.logProb(k));
      close(t, 1, 1e-12);
    }
  });
});

/** Sample mean within 5 standard errors of the true mean, sample variance within 5 of its standard errors. */
function checkMoments(d: Distribution<any>, n: number, toNumber: (x: any) => number = (x) => x, component = -1): void {
  const rng = new Rng(`moments/${d.name}/${JSON.stringify(d.params())}`);
  const mu = (component < 0 ? d.mean() : (d.mean() as number[])[component]) as number;
  const v = (component < 0 ? d.variance() : (d.variance() as number[])[component]) as number;
  let s = 0;
  let s2 = 0;
  let s4 = 0;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = toNumber(d.sample(rng));
    xs[i] = x;
    s += x;
  }
  const m = s / n;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mu;
    s2 += dx * dx;
    s4 += dx * dx * dx * dx;
  }
  const varHat = s2 / n;
  expect(Math.abs(m - mu), `${d.name} mean ${m} vs ${mu}`).toBeLessThanOrEqual(5 * Math.sqrt(v / n) + 1e-12);
  // Var of the variance estimate with known mean: (μ4 − σ⁴)/n, μ4 estimated from the sample.
  const seVar = Math.sqrt(Math.max(s4 / n - varHat * varHat, 0) / n);
  expect(Math.abs(varHat - v), `${d.name} variance ${varHat} vs ${v}`).toBeLessThanOrEqual(5 * seVar + 1e-12);
}

describe('sampling moments within 5 standard errors (fixed seeds)', () => {
  const n = 100_000;
  it.each([
    ['Bernoulli(0.3)', Bernoulli(0.3), (b: boolean) => (b ? 1 : 0)],
    ['Categorical', Categorical([1, 2, 3, 4]), undefined],
    ['UniformInt(-2, 5)', UniformInt(-2, 5), undefined],
    ['Binomial(10, 0.3)', Binomial(10, 0.3), undefined],
    ['Binomial(1000, 0.3)', Binomial(1000, 0.3), undefined],
    ['Binomial(1000, 0.995)', Binomial(1000, 0.995), undefined],
    ['Binomial(60, 0.01)', Binomial(60, 0.01), undefined],
    ['Geometric(0.2)', Geometric(0.2), undefined],
    ['Poisson(3.5)', Poisson(3.5), undefined],
    ['Poisson(30)', Poisson(30), undefined],
    ['Poisson(5000)', Poisson(5000), undefined],
    ['Normal(1, 2)', Normal(1, 2), undefined],
    ['Uniform(-1, 3)', Uniform(-1, 3), undefined],
    ['Beta(2.5, 0.7)', Beta(2.5, 0.7), undefined],
    ['Beta(0.05, 0.1)', Beta(0.05, 0.1), undefined],
    ['Gamma(3, 2)', Gamma(3, 2), undefined],
    ['Gamma(0.3, 1)', Gamma(0.3, 1), undefined],
    ['Exponential(1.5)', Exponential(1.5), undefined],
  ] as [string, Distribution<any>, ((x: any) => number) | undefined][])('%s', (_, d, f) => checkMoments(d, n, f));

  it('Dirichlet and MvNormal componentwise', () => {
    const dir = Dirichlet([0.5, 2, 3]);
    checkMoments(dir, n, (x: number[]) => x[0]!, 0);
    checkMoments(dir, n, (x: number[]) => x[2]!, 2);
    const dm = dir.mean();
    expect(dm[0]).toBeCloseTo(0.5 / 5.5, 15);
    const mvn = MvNormal([1, -1], [[2, 0.5], [0.5, 1]]);
    const rng = new Rng('mvn');
    let sxy = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = mvn.sample(rng) as [number, number];
      sx += x;
      sy += y;
      sxy += (x - 1) * (y + 1);
    }
    expect(Math.abs(sx / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(sy / n + 1)).toBeLessThan(5 * Math.sqrt(1 / n));
    // Var[(x−1)(y+1)] = σx²σy² + σxy² = 2.25.
    expect(Math.abs(sxy / n - 0.5)).toBeLessThan(5 * Math.sqrt(2.25 / n));
  });

  it('discrete samplers match their mass functions bin by bin (Poisson PTRS, Binomial BTRS)', () => {
    for (const d of [Poisson(30), Poisson(12), Binomial(200, 0.4), Binomial(40, 0.2), Geometric(0.3)]) {
      const rng = new Rng(`bins/${d.name}`);
      const N = 200_000;
      const counts = new Map<number, number>();
      for (let i = 0; i < N; i++) {
        const k = d.sample(rng) as number;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      for (let k = 0; k < 150; k++) {
        const p = Math.exp(d.logProb(k));
        const f = (counts.get(k) ?? 0) / N;
        expect(Math.abs(f - p), `${d.name} at ${k}`).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / N) + 3 / N);
      }
    }
  });
});

describe('parameter validation', () => {
  it.each([
    [() => Normal(0, -1), 'Normal: sd must be positive, got -1'],
    [() => Normal(0, 0), 'Normal: sd must be positive, got 0'],
    [() => Normal(NaN, 1), 'Normal: mean must be a finite number, got NaN'],
    [() => Bernoulli(1.5), 'Bernoulli: p must be a probability in [0, 1], got 1.5'],
    [() => Categorical([1, -2]), 'Categorical: weights must be non-negative, got -2 at index 1'],
    [() => Categorical([0, 0]), 'Categorical: the weights are all zero'],
    [() => Categorical([]), 'Categorical: weights must not be empty'],
    [() => Categorical([1, 2], ['a']), 'Categorical: got 2 weights but 1 values'],
    [() => UniformInt(3, 1), 'UniformInt: the bounds are empty: a = 3 is greater than b = 1'],
    [() => UniformInt(0.5, 1), 'UniformInt: a must be an integer, got 0.5'],
    [() => Binomial(-1, 0.5), 'Binomial: n must be a non-negative integer, got -1'],
    [() => Geometric(0), 'Geometric: p must be positive'],
    [() => Poisson(-1), 'Poisson: rate must be non-negative, got -1'],
    [() => Uniform(1, 1), 'Uniform: a must be less than b, got a = 1 and b = 1'],
    [() => Beta(0, 1), 'Beta: a must be positive, got 0'],
    [() => Gamma(1, -2), 'Gamma: rate must be positive, got -2'],
    [() => Exponential(Infinity), 'Exponential: rate must be positive, got infinity'],
    [() => Dirichlet([1, 0]), 'Dirichlet: alphas[1] must be positive, got 0'],
    [() => MvNormal([0, 0], [[1, 2], [2, 1]]), 'MvNormal: cov must be positive definite'],
    [() => MvNormal([0, 0], [[1, 0.5], [0, 1]]), 'MvNormal: cov must be symmetric'],
    [() => MvNormal([0, 0], [[1, 0]]), 'MvNormal: cov must be a 2×2 matrix'],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(PplError);
    expect(make).toThrow(message);
  });
});

describe('moments, CDFs and quantiles', () => {
  it('closed forms', () => {
    close(Beta(2, 3).mean() as number, 0.4);
    close(Beta(2, 3).variance() as number, 0.04);
    close(Gamma(3, 2).variance() as number, 0.75);
    close(Geometric(0.25).mean() as number, 3);
    close(UniformInt(1, 6).variance() as number, 35 / 12);
    close(Categorical([1, 1], [10, 20]).mean() as number, 15);
    expect(() => Categorical([1, 1], ['a', 'b']).mean()).toThrow('not numbers');
    close(Gamma(3, 2).cdf(1.7), 0.6602601118038803, 1e-12);
    close(Gamma(3, 2).quantile(0.9), 2.6611601689171054, 1e-12);
    close(Beta(2.5, 0.7).cdf(0.3), 0.029814024845250465, 1e-12);
    close(Beta(2.5, 0.7).quantile(0.25), 0.6658033829022347, 1e-12);
    close(Normal(1, 2).quantile(0.975), 1 + 2 * 1.959963984540054, 1e-14);
    close(Exponential(2).quantile(0.5), Math.LN2 / 2, 1e-15);
    close(Uniform(2, 4).quantile(0.25), 2.5);
  });
});
