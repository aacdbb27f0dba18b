// Single-site MH against exact answers (fixed seeds; standard errors from the project's ESS of the chain):
// the conjugate regression's posterior means and sds; Beta–Bernoulli; traces that change shape (continuous
// choices appearing and disappearing, a recursion on discrete choices) against exact posteriors; chains, R̂
// and the acceptance rate.
import { describe, expect, it } from 'vitest';
import { mcseMean, mcseSd, chainsMean, chainsSd, essBasic } from '../../runtime/diagnostics/index.js';
import { coord, printed, regressionPosterior, regressionSource, runExample } from './smc-helpers.js';


describe('MH', () => {
  const exact = regressionPosterior();

  it('conjugate regression: posterior mean and sd of b0 and b1 within 5 MCSE of the closed form', () => {
    const d = printed(regressionSource('MH(samples: 30000, burn: 3000)'), 1)[0];
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - exact.mean[i]!)).toBeLessThan(5 * mcseMean(c));
      expect(Math.abs(chainsSd(c) - exact.sd[i]!)).toBeLessThan(5 * mcseSd(c));
      expect(essBasic(c)).toBeGreaterThan(1000); // the adapted drift mixes well
    }
    expect(d.acceptanceRate).toBeGreaterThan(0.15);
    expect(d.acceptanceRate).toBeLessThan(0.7);
    expect(d.ess()).toBeLessThan(30000);
    expect(d.ess()).toBeGreaterThan(1000);
  });

  it('chains: 4 chains agree (R̂ < 1.01) and the ESS pools them', () => {
    const d = printed(regressionSource('MH(samples: 5000, burn: 2000, chains: 4)'), 2)[0];
    expect(d.chains.length).toBe(4);
    expect(d.n).toBe(20000);
    expect(d.rhat()).toBeLessThan(1.01);
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - exact.mean[i]!)).toBeLessThan(5 * mcseMean(c));
    }
  });

  it('thin keeps every t-th state', () => {
    const d = printed(regressionSource('MH(samples: 2000, burn: 500, thin: 5)'), 3)[0];
    expect(d.n).toBe(2000);
    const c = coord(d, 1);
    expect(Math.abs(chainsMean(c) - exact.mean[1]!)).toBeLessThan(5 * mcseMean(c));
  });

  it('Beta–Bernoulli: posterior mean and sd vs the Beta posterior', () => {
    const data = [true, false, true, true, false, true, true, true, false, true, true, false];
    const heads = data.filter((x) => x).length;
    const a = 1 + heads, b = 1 + data.length - heads;
    const mean = a / (a + b), sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    const d = printed(`let data = [${data.join(', ')}];
      fn model() -> Real {
        let p ~ Beta(1.0, 1.0);
        for i in 0..len(data) { observe(Bernoulli(p), data[i]); }
        p
      }
      print(infer(model, MH(samples: 20000, burn: 2000)));`, 4)[0];
    const c = coord(d, null);
    expect(Math.abs(chainsMean(c) - mean)).toBeLessThan(5 * mcseMean(c));
    expect(Math.abs(chainsSd(c) - sd)).toBeLessThan(5 * mcseSd(c));
  });

  it('choices that appear and disappear: P(k = 1 | y) with k Normal terms, against the exact posterior', () => {
    // k = 1 or 2 terms x_i ~ N(0, 1); y = Σ x_i + N(0, 1) = 1.5 ⇒ y | k ~ N(0, k + 1)
    const y = 1.5;
    const lik = (v: number) => Math.exp(-0.5 * (y * y) / v) / Math.sqrt(2 * Math.PI * v);
    const p1 = (0.3 * lik(2)) / (0.3 * lik(2) + 0.7 * lik(3));
    const d = printed(`fn model() -> Bool {
        let one = flip(0.3);
        let n = if one { 1 } else { 2 };
        var s = 0.0;
        for i in 0..n { s = s + sample(Normal(0.0, 1.0)); }
        observe(Normal(s, 1.0), ${y});
        one
      }
      print(infer(model, MH(samples: 40000, burn: 2000)));`, 5)[0];
    const c = coord(d, null);
    expect(Math.abs(chainsMean(c) - p1)).toBeLessThan(5 * mcseMean(c));
  });

  it('a recursion on discrete choices (trace length changes) against its exact posterior', () => {
    const d = printed(`fn geom(p: Real, k: Int) -> Nat { if k == 0 { 0 } else if flip(p) { 1 + geom(p, k - 1) } else { 0 } }
      fn model() -> Nat { let n = geom(0.5, 10); condition(n >= 3); n }
      print(infer(model, MH(samples: 40000, burn: 1000)));`, 6)[0];
    const exact = new Map([[3, 0.5], [4, 0.25], [5, 0.125], [6, 0.0625]]);
    for (const [v, p] of exact) {
      const ind = d.chains.map((ch: unknown[]) => Float64Array.from(ch, (x) => (x === v ? 1 : 0)));
      expect(Math.abs(chainsMean(ind) - p)).toBeLessThan(5 * mcseMean(ind));
    }
  });

  it('a model without random choices is its single execution', () => {
    const d = printed('fn model() -> Real { factor(-1.0); 2.5 }\nprint(infer(model, MH(samples: 10)));')[0];
    expect(d.n).toBe(10);
    expect(d.mean()).toBe(2.5);
  });

  it('is reproducible from the seed', () => {
    const a = printed(regressionSource('MH(samples: 500)'), 9)[0];
    const b = printed(regressionSource('MH(samples: 500)'), 9)[0];
    expect(coord(a, 0)).toEqual(coord(b, 0));
  });
});

describe('examples under MH against exact answers', () => {
  it('examples/beta-bernoulli-mh.ppl vs the Beta(10, 4) posterior', () => {
    const [d] = runExample('beta-bernoulli-mh.ppl');
    const c = coord(d, null);
    expect(Math.abs(chainsMean(c) - 10 / 14)).toBeLessThan(5 * mcseMean(c));
    expect(Math.abs(chainsSd(c) - Math.sqrt((10 * 4) / (14 ** 2 * 15)))).toBeLessThan(5 * mcseSd(c));
  });
});

describe('MH and SMC with mem and nested infer (against Enumerate)', () => {
  const src = (method: string) => `
    let coin = infer(fn() -> Bool { let a = flip(0.3); let b = flip(0.6); condition(a || b); a }, Enumerate);
    fn model() -> Int {
      let f = mem(fn(i: Int) -> Bool { flip(0.4) });
      let c ~ coin;
      var n = 0;
      for i in 0..4 { if f(i % 2) { n += 1; } }
      if c { n += 1; }
      condition(n >= 2);
      n
    }
    print(infer(model, ${method}));`;

  it('MH and SMC (with and without rejuvenation) agree with Enumerate within 5 SE', () => {
    const exact = printed(src('Enumerate'))[0];
    for (const [method, seed] of [['MH(samples: 20000, burn: 500)', 1], ['SMC(particles: 4000)', 2], ['SMC(particles: 2000, rejuvenation: 2)', 3]] as const) {
      const d = printed(src(method), seed)[0];
      for (const v of exact.support()) {
        const p = exact.prob(v);
        if (method.startsWith('MH')) {
          const ind = d.chains.map((ch: unknown[]) => Float64Array.from(ch, (x) => (x === v ? 1 : 0)));
          expect(Math.abs(chainsMean(ind) - p), `${method} P(${v})`).toBeLessThan(5 * mcseMean(ind) + 1e-9);
        } else {
          expect(Math.abs(d.prob(v) - p), `${method} P(${v})`).toBeLessThan(5 * Math.sqrt(p * (1 - p) / d.ess()) + 1e-9);
        }
      }
    }
  });
});

describe('MH on a vector choice', () => {
  it('MvNormal prior, Normal observations: posterior mean of each coordinate within 5 MCSE', () => {
    // x ~ N(0, Σ) with Σ = [[1, 0.5], [0.5, 2]]; y1 ~ N(x1, 1) = 1.0, y2 ~ N(x2, 1) = -0.5 ⇒ x | y ~ N(m, V)
    // with V = (Σ⁻¹ + I)⁻¹, m = V y
    const S = [[1, 0.5], [0.5, 2]];
    const det = S[0]![0]! * S[1]![1]! - 0.25;
    const P = [[S[1]![1]! / det + 1, -0.5 / det], [-0.5 / det, S[0]![0]! / det + 1]];
    const dp = P[0]![0]! * P[1]![1]! - P[0]![1]! * P[1]![0]!;
    const V = [[P[1]![1]! / dp, -P[0]![1]! / dp], [-P[1]![0]! / dp, P[0]![0]! / dp]];
    const m = [V[0]![0]! * 1 + V[0]![1]! * -0.5, V[1]![0]! * 1 + V[1]![1]! * -0.5];
    const d = printed(`fn model() -> (Real, Real) {
        let x ~ MvNormal([0.0, 0.0], [[1.0, 0.5], [0.5, 2.0]]);
        observe(Normal(x[0], 1.0), 1.0);
        observe(Normal(x[1], 1.0), -0.5);
        (x[0], x[1])
      }
      print(infer(model, MH(samples: 20000, burn: 2000)));`, 8)[0];
    for (const i of [0, 1]) {
      const c = coord(d, i);
      expect(Math.abs(chainsMean(c) - m[i]!)).toBeLessThan(5 * mcseMean(c));
      expect(Math.abs(chainsSd(c) - Math.sqrt(V[i]![i]!))).toBeLessThan(5 * mcseSd(c));
    }
    expect(d.ess()).toBeGreaterThan(1000);
  });
});
