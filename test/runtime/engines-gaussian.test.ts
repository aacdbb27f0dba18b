// Exact on linear-Gaussian models against closed forms (posterior mean, sd, exact logZ, mixtures over discrete
// branches), Importance on the same models within 5 standard errors, and the errors Exact gives for what it
// cannot keep symbolic.
import { describe, expect, it } from 'vitest';
import { engines } from '../../runtime/index.js';
import { load, runEngine } from './ppl-helpers.js';

const LOG_2PI = Math.log(2 * Math.PI);
const normLogPdf = (x: number, m: number, v: number) => -0.5 * (LOG_2PI + Math.log(v) + ((x - m) ** 2) / v);

describe('Exact on Gaussian models', () => {
  it('gaussianMean: N(0, 2²) prior, two unit-noise observations → N(16/3, (2/3)²), logZ exact', () => {
    const l = load(`fn model() -> Real { let mu ~ Normal(0.0, 2.0); observe(Normal(mu, 1.0), 5.5); observe(Normal(mu, 1.0), 6.5); mu }`);
    const d = runEngine(l, 'model', engines.Exact!);
    expect(d.mean()).toBeCloseTo(16 / 3, 12);
    expect(Math.sqrt(d.variance())).toBeCloseTo(2 / 3, 12);
    expect(d.logZ()).toBeCloseTo(-7.186489355077455, 12);
  });

  it('partition3: logZ = log N(2; 0, 2)', () => {
    const l = load(`fn model() -> Real { let mu ~ Normal(0.0, 1.0); observe(Normal(mu, 1.0), 2.0); mu }`);
    expect(runEngine(l, 'model', engines.Exact!).logZ()).toBeCloseTo(-2.2655121234846454, 12);
  });

  it('a mixture over a discrete choice: each branch conditioned exactly, weighted by its evidence', () => {
    const l = load(`fn model() -> Real {
      let z = flip(0.3);
      let x ~ Normal(if z { 2.0 } else { -2.0 }, 1.0);
      observe(Normal(x, 1.0), 1.0);
      x }`);
    const d = runEngine(l, 'model', engines.Exact!);
    const w1 = 0.3 * Math.exp(normLogPdf(1, 2, 2));
    const w0 = 0.7 * Math.exp(normLogPdf(1, -2, 2));
    const p1 = w1 / (w0 + w1);
    const m1 = 1.5, m0 = -0.5; // posterior means (m + 1) / 2, variance 1/2
    const mean = p1 * m1 + (1 - p1) * m0;
    expect(d.mean()).toBeCloseTo(mean, 12);
    expect(d.variance()).toBeCloseTo(0.5 + p1 * m1 * m1 + (1 - p1) * m0 * m0 - mean * mean, 12);
    expect(d.logZ()).toBeCloseTo(Math.log(w0 + w1), 12);
  });

  it('=:= between two Gaussian sums; observing a Gaussian value; affine arithmetic through helpers and sum', () => {
    const l = load(`fn twice(x: Real) -> Real { 2.0 * x }
      fn model() -> Real {
        let a ~ Normal(1.0, 1.0);
        let b ~ Normal(0.0, 2.0);
        sum([a, b, 1.0]) =:= twice(a) - b;     // a + b + 1 = 2a - b  ⇔  a - 2b = 1
        b }`);
    const d = runEngine(l, 'model', engines.Exact!);
    // (a, b) jointly normal; condition u = a - 2b = 1 with u ~ N(1, 1 + 16 = 17); Cov(b, u) = -2·4 = -8.
    expect(d.mean()).toBeCloseTo(0 + (-8 / 17) * (1 - 1), 12);
    expect(d.variance()).toBeCloseTo(4 - 64 / 17, 12);
    expect(d.logZ()).toBeCloseTo(normLogPdf(1, 1, 17), 12);
  });

  it('degenerate conditions: a consistent repeated equality is absorbed; a Normal observed at a constant mean', () => {
    const l = load(`fn model() -> Real {
      let x ~ Normal(0.0, 1.0);
      let y = 2.0 * x;
      x =:= 1.0;
      y =:= 2.0;                       // implied by the first: no information, no density
      observe(Normal(3.0, 2.0), 4.0);  // no Gaussian term: an ordinary likelihood
      y }`);
    const d = runEngine(l, 'model', engines.Exact!);
    expect(d.mean()).toBeCloseTo(2, 12);
    expect(d.variance()).toBeCloseTo(0, 12);
    expect(d.logZ()).toBeCloseTo(normLogPdf(1, 0, 1) + normLogPdf(4, 3, 4), 12);
  });

  it('an Exact posterior (one Gaussian) sampled inside another Exact model stays symbolic', () => {
    const l = load(`let post = infer(fn() { let mu ~ Normal(0.0, 1.0); observe(Normal(mu, 1.0), 2.0); mu }, Exact);
      fn model() -> Real { let mu ~ post; let y ~ Normal(mu, 1.0); y }`);
    const d = runEngine(l, 'model', engines.Exact!);
    expect(d.mean()).toBeCloseTo(1, 12);
    expect(d.variance()).toBeCloseTo(1.5, 12);
  });

  it('a discrete result of a model with Gaussians is a finite table', () => {
    const l = load(`fn model() -> Bool { let z = flip(0.5); let x ~ Normal(if z { 1.0 } else { -1.0 }, 1.0); observe(Normal(x, 1.0), 0.5); z }`);
    const d = runEngine(l, 'model', engines.Exact!);
    const w1 = Math.exp(normLogPdf(0.5, 1, 2)), w0 = Math.exp(normLogPdf(0.5, -1, 2));
    expect(Math.exp(d.logProb(true))).toBeCloseTo(w1 / (w0 + w1), 12);
  });

  it('errors name the construct that is not affine, at its location', () => {
    const cases: [string, RegExp][] = [
      ['fn model() -> Real { let x ~ Normal(0.0, 1.0); let y ~ Normal(0.0, 1.0); x * y }', /product of two Gaussian/],
      ['fn model() -> Real { let x ~ Normal(0.0, 1.0); exp(x) }', /`exp`/],
      ['fn model() -> Real { let x ~ Normal(0.0, 1.0); if x > 0.0 { 1.0 } else { 0.0 } }', /comparison `>`/],
      ['fn model() -> Real { let x ~ Beta(1.0, 1.0); x }', /cannot handle a Beta choice/],
      ['fn model() -> Real { let x ~ Normal(0.0, 1.0); x =:= 1.0; x =:= 2.0; x }', /inconsistent condition/],
    ];
    for (const [src, msg] of cases) {
      const l = load(src);
      let err: any;
      try {
        runEngine(l, 'model', engines.Exact!);
      } catch (e) {
        err = e;
      }
      expect(err?.message, src).toMatch(msg);
      expect(err?.span?.line, src).toBe(1);
    }
  });

  it('=:= under another engine is an error that names Exact', () => {
    const l = load('fn model() -> Real { let x ~ Normal(0.0, 1.0); x =:= 1.0; x }');
    expect(() => runEngine(l, 'model', engines.Importance!, { samples: 10 })).toThrow(/use `Exact`/);
  });
});

describe('Importance on Gaussian models (5 standard errors, fixed seed)', () => {
  it('gaussianMean', () => {
    const l = load(`fn model() -> Real { let mu ~ Normal(0.0, 2.0); observe(Normal(mu, 1.0), 5.5); observe(Normal(mu, 1.0), 6.5); mu }`);
    const d = runEngine(l, 'model', engines.Importance!, { samples: 20000 }, 1);
    const se = (2 / 3) / Math.sqrt(d.ess());
    expect(Math.abs(d.mean() - 16 / 3)).toBeLessThan(5 * se);
    expect(Math.abs(d.logZ() - -7.186489355077455)).toBeLessThan(0.1);
  });
});
