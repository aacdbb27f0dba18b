// SMC against exact answers: on the 50-step linear-Gaussian state-space model, the evidence estimate is
// unbiased (mean of Ẑ/Z over seeded runs within 5 standard errors of 1) and the posterior mean of the last
// state agrees with the Kalman filter, for every resampling scheme, with an ESS threshold and with
// rejuvenation; resampling itself; cost O(particles × steps) (no re-execution); Beta–Bernoulli; errors.
import { describe, expect, it } from 'vitest';
import { syntheticSpan } from '../../lang/index.js';
import { Addr, Request, Rng, engines, type InferCall, type ModelFn } from '../../runtime/index.js';
import { resample } from '../../runtime/engines/resampling.js';
import { Normal, PplError } from '../../stdlib/index.js';
import { SSM_YS, kalman, printed, runExample, ssmSource } from './smc-helpers.js';

const exact = kalman(SSM_YS);

/** R seeded runs of the SSM under `method`: Ẑ/Z and E[x_50] per run. */
function runs(method: string, r: number): { ratio: number[]; mean: number[] } {
  const ratio: number[] = [];
  const mean: number[] = [];
  const src = ssmSource(method);
  for (let s = 0; s < r; s++) {
    const d = printed(src, s)[0];
    ratio.push(Math.exp(d.logZ() - exact.logZ));
    mean.push(d.mean());
  }
  return { ratio, mean };
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(v / xs.length) };
}

describe('SMC on a linear-Gaussian state-space model vs the Kalman filter', () => {
  it('the Kalman filter reproduces the reference figures (research/webppl.md C7)', () => {
    expect(exact.logZ).toBeCloseTo(-89.43475413790702, 10);
    expect(exact.mean).toBeCloseTo(-1.3136442613901238, 10);
    expect(Math.sqrt(exact.variance)).toBeCloseTo(0.7729212684727937, 10);
  });

  for (const method of [
    'SMC(particles: 500)',
    'SMC(particles: 500, resampling: "stratified")',
    'SMC(particles: 500, resampling: "multinomial")',
    'SMC(particles: 500, ess: 0.5)',
  ]) {
    it(`${method}: E[Ẑ/Z] = 1 and E[x_50 | y] within 5 SE`, () => {
      const { ratio, mean } = runs(method, 24);
      const z = meanSe(ratio);
      expect(Math.abs(z.mean - 1)).toBeLessThan(5 * z.se);
      expect(z.se).toBeLessThan(0.2); // the estimator is informative: relative sd below 1
      const m = meanSe(mean);
      expect(Math.abs(m.mean - exact.mean)).toBeLessThan(5 * m.se + 1e-3);
    });
  }

  it('one large run: logZ and the posterior mean and sd of x_50 are close', () => {
    const d = printed(ssmSource('SMC(particles: 5000)'), 7)[0];
    // at 5,000 particles sd(log Ẑ) ≈ 0.12 and the mean's se ≈ 0.77/√ESS
    expect(Math.abs(d.logZ() - exact.logZ)).toBeLessThan(5 * 0.12);
    expect(Math.abs(d.mean() - exact.mean)).toBeLessThan(5 * Math.sqrt(exact.variance / d.ess()) * 2);
    expect(Math.abs(Math.sqrt(d.variance()) - Math.sqrt(exact.variance))).toBeLessThan(0.05);
  });

  it('with rejuvenation (resample-move): E[Ẑ/Z] = 1 and E[x_50 | y] within 5 SE', () => {
    const { ratio, mean } = runs('SMC(particles: 200, rejuvenation: 1)', 12);
    const z = meanSe(ratio);
    expect(Math.abs(z.mean - 1)).toBeLessThan(5 * z.se);
    const m = meanSe(mean);
    expect(Math.abs(m.mean - exact.mean)).toBeLessThan(5 * m.se + 1e-3);
  });

  it('is reproducible from the seed', () => {
    const a = printed(ssmSource('SMC(particles: 100)'), 3)[0];
    const b = printed(ssmSource('SMC(particles: 100)'), 3)[0];
    expect(a.logZ()).toBe(b.logZ());
    expect(a.mean()).toBe(b.mean());
  });
});

describe('SMC mechanics', () => {
  /** The SSM written directly against the contract, counting model starts and continuation resumptions. */
  function countingModel(ys: readonly number[]) {
    const counts = { starts: 0, resumes: 0 };
    const model: ModelFn = (a, k) => {
      counts.starts++;
      const loop = (t: number, x: number): Request => {
        if (t === ys.length) return k(x);
        const fa = new Addr(a, 0, t);
        return new Request('sample', fa, 1, Normal(0.9 * x, 1), null, (x2: number) => {
          counts.resumes++;
          return new Request('observe', fa, 2, Normal(x2, 1), ys[t], () => {
            counts.resumes++;
            return loop(t + 1, x2);
          });
        });
      };
      return loop(0, 0);
    };
    return { model, counts };
  }

  const call = (model: ModelFn, options: Record<string, unknown>, seed = '1'): InferCall => ({
    model, options, exec: { mem: null, seedPath: seed, inferCounts: null }, seed, span: syntheticSpan('t.ppl'),
    sites: { file: 't.ppl', sites: [] },
  });

  it('resumes suspended executions and never re-runs them: n starts and 2·n·T resumptions', () => {
    const { model, counts } = countingModel(SSM_YS);
    const d = engines.SMC!.run(call(model, { particles: 300 })) as any;
    expect(counts.starts).toBe(300);
    expect(counts.resumes).toBe(2 * 300 * SSM_YS.length);
    expect(Math.abs(d.logZ() - exact.logZ)).toBeLessThan(5 * 0.35);
  });

  it('systematic and stratified resampling keep every particle ⌊n·w⌋ or more times; multinomial counts are unbiased', () => {
    const rng = new Rng('resample');
    const n = 1000;
    const lw = new Float64Array(n);
    for (let i = 0; i < n; i++) lw[i] = i % 7 === 0 ? -Infinity : Math.log(1 + (i % 13));
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.exp(lw[i]!);
    const out = new Int32Array(n);
    for (const kind of ['systematic', 'stratified'] as const) {
      resample(kind, lw, n, rng, out);
      const c = new Int32Array(n);
      for (const a of out) c[a]!++;
      for (let i = 0; i < n; i++) {
        const expect_ = (n * Math.exp(lw[i]!)) / total;
        if (kind === 'systematic') {
          expect(c[i]).toBeGreaterThanOrEqual(Math.floor(expect_));
          expect(c[i]).toBeLessThanOrEqual(Math.ceil(expect_));
        } else {
          expect(Math.abs(c[i]! - expect_)).toBeLessThan(2);
        }
        if (lw[i] === -Infinity) expect(c[i]).toBe(0);
      }
      for (let j = 1; j < n; j++) expect(out[j]).toBeGreaterThanOrEqual(out[j - 1]!);
    }
    // multinomial: over 200 resamplings, every class's mean count matches n·w within 5 SE
    const reps = 200;
    const sums = new Float64Array(13);
    const classW = new Float64Array(13);
    for (let i = 0; i < n; i++) if (lw[i] !== -Infinity) classW[i % 13] += Math.exp(lw[i]!) / total;
    let dead = 0;
    for (let r = 0; r < reps; r++) {
      resample('multinomial', lw, n, rng, out);
      for (const a of out) {
        if (lw[a] === -Infinity) dead++;
        sums[a % 13]++;
      }
    }
    expect(dead).toBe(0);
    for (let c = 0; c < 13; c++) {
      const p = classW[c]!;
      const se = Math.sqrt((n * p * (1 - p)) / reps);
      expect(Math.abs(sums[c]! / reps - n * p)).toBeLessThan(5 * se + 1e-9);
    }
  });

  it('a finished particle waits: models whose executions observe different numbers of times', () => {
    // k ~ UniformInt(1, 3) observations of N(0, 1) at y = 0.5 each: Z = mean over k of φ(0.5)^k
    const phi = Math.exp(-0.125) / Math.sqrt(2 * Math.PI);
    const exactZ = (phi + phi ** 2 + phi ** 3) / 3;
    const src = `fn model() -> Int {
      let k ~ UniformInt(1, 3);
      for i in 0..k { observe(Normal(0.0, 1.0), 0.5); }
      k
    }
    print(infer(model, SMC(particles: 4000)));`;
    const d = printed(src, 1)[0];
    expect(Math.abs(Math.exp(d.logZ()) / exactZ - 1)).toBeLessThan(0.05);
    // P(k | y) ∝ φ^k
    expect(Math.abs(d.prob(1) - phi / (3 * exactZ))).toBeLessThan(5 * Math.sqrt(0.25 / d.ess()));
  });

  it('Beta–Bernoulli: posterior mean and sd vs the Beta posterior', () => {
    const data = [true, false, true, true, false, true, true, true, false, true];
    const heads = data.filter((x) => x).length;
    const a = 2 + heads, b = 3 + data.length - heads;
    const mean = a / (a + b), sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    const src = `let data = [${data.join(', ')}];
    fn model() -> Real {
      let p ~ Beta(2.0, 3.0);
      for i in 0..len(data) { observe(Bernoulli(p), data[i]); }
      p
    }
    print(infer(model, SMC(particles: 3000, rejuvenation: 2)));`;
    const d = printed(src, 2)[0];
    expect(Math.abs(d.mean() - mean)).toBeLessThan(5 * sd / Math.sqrt(d.ess()));
    expect(Math.abs(Math.sqrt(d.variance()) - sd)).toBeLessThan(5 * sd / Math.sqrt(2 * d.ess()));
    // logZ = log B(a, b) − log B(2, 3)
    const lbeta = (x: number, y: number) => lgammaRef(x) + lgammaRef(y) - lgammaRef(x + y);
    expect(Math.abs(d.logZ() - (lbeta(a, b) - lbeta(2, 3)))).toBeLessThan(0.05);
  });

  it('every particle with weight zero: an error naming the condition at fault', () => {
    const src = `fn model() -> Real {
      let x ~ Normal(0.0, 1.0);
      condition(x > 100.0);
      x
    }
    print(infer(model, SMC(particles: 100)));`;
    expect(() => printed(src)).toThrowError(/SMC: the evidence is zero: every execution was rejected by `condition` at t\.ppl:3:7/);
    try {
      printed(src);
    } catch (e) {
      expect(e).toBeInstanceOf(PplError);
      expect((e as PplError).span?.line).toBe(6); // located at the `infer`
    }
  });

  it('rejects bad options', () => {
    const { model } = countingModel([0]);
    expect(() => engines.SMC!.run(call(model, { particles: 0 }))).toThrowError(/particles must be a positive integer/);
    expect(() => engines.SMC!.run(call(model, { resampling: 'residual' }))).toThrowError(/resampling must be/);
    expect(() => engines.SMC!.run(call(model, { ess: 2 }))).toThrowError(/ess must be a number in \(0, 1\]/);
  });

  it('a model without conditioning statements: prior samples, logZ = 0', () => {
    const src = `fn model() -> Real { let x ~ Normal(1.0, 2.0); x }
    print(infer(model, SMC(particles: 2000)));`;
    const d = printed(src)[0];
    expect(d.logZ()).toBe(0);
    expect(Math.abs(d.mean() - 1)).toBeLessThan(5 * 2 / Math.sqrt(2000));
  });
});

/** Lanczos log-gamma (independent of stdlib's implementation). */
function lgammaRef(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaRef(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

describe('run reports (the one-line summaries `ppl run` prints on a terminal)', () => {
  it('one summary per outermost sampling infer, none for nested ones, nothing when no reporter is installed', async () => {
    const { setInferReporter, terminalReporter } = await import('../../runtime/index.js');
    const lines: string[] = [];
    const src = `fn inner() -> Real { let x ~ Normal(0.0, 1.0); observe(Normal(x, 1.0), 0.5); x }
      fn model() -> Real { let d = infer(inner, SMC(particles: 10)); let m ~ Normal(mean(d), 1.0); observe(Normal(m, 1.0), 1.0); m }
      print(infer(model, SMC(particles: 20)));
      print(infer(model, MH(samples: 50, chains: 2)));`;
    const previous = setInferReporter(terminalReporter((t) => void lines.push(t)));
    try {
      printed(src);
    } finally {
      setInferReporter(previous);
    }
    const summaries = lines.filter((l) => l.endsWith('\n'));
    expect(summaries.length).toBe(2);
    expect(summaries[0]).toMatch(/^SMC: 20 particles, 1 steps, 1 resamplings, ess [\d.]+, logZ -[\d.]+, \d+ ms\n$/);
    expect(summaries[1]).toMatch(/^MH: 50 draws × 2 chains, ess [\d.]+, R̂ [\d.]+, accept [\d.]+, \d+ ms\n$/);
    lines.length = 0;
    printed(src);
    expect(lines).toEqual([]);
  });

  it('the progress bar appears only after the delay and is cleared by the summary', () => {
    let t = 0;
    const out: string[] = [];
    return import('../../runtime/index.js').then(({ terminalReporter }) => {
      const r = terminalReporter((s) => void out.push(s), 1000, () => t);
      r.progress('NUTS', 0.1, '100/1000');
      expect(out).toEqual([]);
      t = 1500;
      r.progress('NUTS', 0.5, '500/1000');
      expect(out).toEqual(['\r\x1b[KNUTS [###############...............] 50% 500/1000']);
      r.summary('NUTS: done');
      expect(out[1]).toBe('\r\x1b[KNUTS: done\n');
    });
  });
});

describe('examples under SMC against exact answers', () => {
  it('examples/state-space-smc.ppl vs the Kalman filter', () => {
    const [d, logZ] = runExample('state-space-smc.ppl');
    expect(Math.abs(d.mean() - exact.mean)).toBeLessThan(5 * Math.sqrt(exact.variance / d.ess()));
    expect(Math.abs(logZ - exact.logZ)).toBeLessThan(5 * 0.26 * Math.sqrt(1000 / 2000)); // sd(log Ẑ) ≈ 0.26 at 1,000 particles
  });

  it('examples/beta-bernoulli-smc.ppl vs the Beta(10, 4) posterior and evidence 1/2860', () => {
    const [d, logZ] = runExample('beta-bernoulli-smc.ppl');
    const sd = Math.sqrt((10 * 4) / (14 ** 2 * 15));
    expect(Math.abs(d.mean() - 10 / 14)).toBeLessThan(5 * sd / Math.sqrt(d.ess()));
    expect(Math.abs(logZ - Math.log(1 / 2860))).toBeLessThan(0.15);
  });

  it('examples/gaussian-mixture-smc.ppl vs exact enumeration of the assignments', () => {
    const ys = [-2.8, -1.1, 2.3, -2.2, 1.6, 3.1, -0.4, 2.6, -1.9, 0.9];
    // Σ over z ∈ {0,1}^10 of 2^-10 Π_c p(y_c | cluster c), each cluster mean conjugate N(±2, 1), noise 1
    let z = 0, e1 = 0, e2 = 0;
    const cluster = (pts: number[], m0: number) => {
      let m = m0, v = 1, logEv = 0;
      for (const y of pts) {
        const s = v + 1;
        logEv += -0.5 * Math.log(2 * Math.PI * s) - (0.5 * (y - m) ** 2) / s;
        m = m + (v / s) * (y - m);
        v = v - (v * v) / s;
      }
      return { logEv, mean: m };
    };
    for (let mask = 0; mask < 1 << ys.length; mask++) {
      const c1 = cluster(ys.filter((_, i) => !(mask & (1 << i))), -2);
      const c2 = cluster(ys.filter((_, i) => mask & (1 << i)), 2);
      const w = Math.exp(c1.logEv + c2.logEv) / 2 ** ys.length;
      z += w;
      e1 += w * c1.mean;
      e2 += w * c2.mean;
    }
    const [d, logZ] = runExample('gaussian-mixture-smc.ppl');
    // moments of a tuple-valued result are tuples (or arrays): read their items
    const items = (v: any): number[] => (Array.isArray(v) ? v : v.items);
    const mean = items(d.mean());
    const sd = items(d.variance()).map(Math.sqrt);
    expect(Math.abs(mean[0]! - e1 / z)).toBeLessThan(5 * sd[0]! / Math.sqrt(d.ess()));
    expect(Math.abs(mean[1]! - e2 / z)).toBeLessThan(5 * sd[1]! / Math.sqrt(d.ess()));
    expect(Math.abs(logZ - Math.log(z))).toBeLessThan(0.15);
  });
});

describe('SMC and MH: an observation with infinite density', () => {
  it('is a located error, not a NaN weight', () => {
    const src = (m: string) => `fn model() -> Real { let x ~ Normal(0.0, 1.0); observe(Beta(0.5, 0.5), 0.0); x }
print(infer(model, ${m}));`;
    expect(() => printed(src('SMC(particles: 10)'))).toThrowError(/observe: the log density is infinite/);
    expect(() => printed(src('MH(samples: 10)'))).toThrowError(/observe: the log density is infinite/);
  });
});
