// Exact's structured results: a tuple/array/record of Reals gets a joint Gaussian (a mixture over discrete
// branches) — mean/sd/variance in the value's shape, the covariance, logProb, sample from the joint, expect,
// logZ and the JSON form — checked against closed forms to 1e-9; sampling checks at fixed seeds within 5 SE.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../lang/index.js';
import { JointGaussianDist } from '../../runtime/results/index.js';
import { engines, toJSONValue } from '../../runtime/index.js';
import { load, output, runEngine } from './ppl-helpers.js';

const close = (got: number, want: number, tol = 1e-9) =>
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));

const XS = [-2.375, -2.125, -1.875, -1.625, -1.375, -1.125, -0.875, -0.625, -0.375, -0.125,
  0.125, 0.375, 0.625, 0.875, 1.125, 1.375, 1.625, 1.875, 2.125, 2.375];
const YS = [-3.749, -2.951, -3.024, -3.141, -2.205, -2.242, -0.69, 1.09, -0.242, 0.13,
  1.74, 2.107, 2.355, 1.82, 3.221, 4.445, 2.906, 4.292, 3.349, 4.46];

/** The conjugate posterior of (b0, b1) with prior N(0, 10²I) and unit noise, by the 2×2 normal equations. */
function closedForm() {
  const n = XS.length;
  const a = 0.01 + n;
  const b = XS.reduce((s, x) => s + x, 0);
  const d = 0.01 + XS.reduce((s, x) => s + x * x, 0);
  const det = a * d - b * b;
  const S = [[d / det, -b / det], [-b / det, a / det]];
  const r = [YS.reduce((s, y) => s + y, 0), XS.reduce((s, x, i) => s + x * YS[i]!, 0)];
  const m = [S[0]![0]! * r[0]! + S[0]![1]! * r[1]!, S[1]![0]! * r[0]! + S[1]![1]! * r[1]!];
  const yy = YS.reduce((s, y) => s + y * y, 0);
  const logZ = -0.5 * (n * Math.log(2 * Math.PI) + Math.log(det) + 2 * Math.log(100) + yy - (r[0]! * m[0]! + r[1]! * m[1]!));
  return { m, S, logZ };
}

const DATA = `let xs = [${XS.map((x) => x.toFixed(3)).join(', ')}];
let ys = [${YS.map((y) => String(y).includes('.') ? String(y) : y.toFixed(1)).join(', ')}];`;

const REGRESSION = `${DATA}
fn pair() -> (Real, Real) {
  let b0 ~ Normal(0.0, 10.0);
  let b1 ~ Normal(0.0, 10.0);
  for i in 0..len(xs) { observe(Normal(b0 + b1 * xs[i], 1.0), ys[i]); }
  (b0, b1)
}
fn arr() -> [Real] {
  let b0 ~ Normal(0.0, 10.0);
  let b1 ~ Normal(0.0, 10.0);
  for i in 0..len(xs) { observe(Normal(b0 + b1 * xs[i], 1.0), ys[i]); }
  [b0, b1, b0 + b1, 3.0]
}
`;

describe('Exact: joint Gaussian results', () => {
  const cf = closedForm();

  it('a tuple of regression coefficients: means, sds, covariance and logZ match the conjugate posterior to 1e-9', () => {
    const l = load(REGRESSION);
    const d = runEngine(l, 'pair', engines.Exact!) as JointGaussianDist;
    expect(d).toBeInstanceOf(JointGaussianDist);
    const m = d.mean() as unknown as { items: number[] };
    close(m.items[0]!, cf.m[0]!);
    close(m.items[1]!, cf.m[1]!);
    const v = d.variance() as unknown as { items: number[] };
    close(v.items[0]!, cf.S[0]![0]!);
    close(v.items[1]!, cf.S[1]![1]!);
    const c = d.covariance();
    close(c[0]![1]!, cf.S[0]![1]!);
    close(c[1]![0]!, cf.S[1]![0]!);
    close(d.logZ(), cf.logZ);
    // The density at the mean: 1 / (2π √det S).
    const detS = cf.S[0]![0]! * cf.S[1]![1]! - cf.S[0]![1]! ** 2;
    close(d.logProb(m as unknown), -Math.log(2 * Math.PI) - 0.5 * Math.log(detS));
    expect(d.logProb([1, 2])).toBe(-Infinity); // an array is not a tuple
  });

  it('an array result keeps derived and constant leaves (a singular covariance)', () => {
    const l = load(REGRESSION);
    const d = runEngine(l, 'arr', engines.Exact!) as JointGaussianDist;
    const m = d.mean() as unknown as number[];
    close(m[0]!, cf.m[0]!);
    close(m[2]!, cf.m[0]! + cf.m[1]!);
    expect(m[3]).toBe(3);
    const v = d.variance() as unknown as number[];
    close(v[2]!, cf.S[0]![0]! + cf.S[1]![1]! + 2 * cf.S[0]![1]!);
    expect(v[3]).toBe(0);
    // On the support (third = first + second, fourth = 3) the density is that of (b0, b1); off it, zero.
    const detS = cf.S[0]![0]! * cf.S[1]![1]! - cf.S[0]![1]! ** 2;
    close(d.logProb([cf.m[0]!, cf.m[1]!, cf.m[0]! + cf.m[1]!, 3]), -Math.log(2 * Math.PI) - 0.5 * Math.log(detS));
    expect(d.logProb([cf.m[0]!, cf.m[1]!, cf.m[0]! + cf.m[1]! + 0.1, 3])).toBe(-Infinity);
  });

  it('the .ppl queries answer in the value\'s shape; expect uses the joint; sd of a record is a record', () => {
    const out = output(`${REGRESSION}
      fn rec() -> {a: Real, b: Real} { let (x, y) = pair(); {a: x, b: y} }
      let d = infer(pair, Exact);
      let r = infer(rec, Exact);
      print(mean(d).0); print(sd(d).1); print(variance(r).a);
      print(expect(d, fn(p: (Real, Real)) => p.0 * p.1));
      print(expect(r, fn(p: {a: Real, b: Real}) => p.a * p.a * p.b));
    `);
    close(Number(out[0]), cf.m[0]!);
    close(Number(out[1]), Math.sqrt(cf.S[1]![1]!));
    close(Number(out[2]), cf.S[0]![0]!);
    close(Number(out[3]), cf.S[0]![1]! + cf.m[0]! * cf.m[1]!);
    // E[a²b] for a bivariate normal: m_b(S_aa + m_a²) + 2 m_a S_ab.
    close(Number(out[4]), cf.m[1]! * (cf.S[0]![0]! + cf.m[0]! ** 2) + 2 * cf.m[0]! * cf.S[0]![1]!);
  });

  it('a mixture over a discrete branch: weights from each branch\'s evidence, moments by total variance', () => {
    const l = load(`
      fn model() -> (Real, Real) {
        let k ~ Bernoulli(0.3);
        let x ~ Normal(if k { 2.0 } else { -1.0 }, 1.0);
        let y ~ Normal(x, 1.0);
        observe(Normal(y, 1.0), 0.5);
        (x, y)
      }`);
    const d = runEngine(l, 'model', engines.Exact!) as JointGaussianDist;
    // Per branch: x ~ N(μ, 1), y = x + e1, obs = y + e2: obs ~ N(μ, 3). Posterior of (x, y) given obs = 0.5.
    const branch = (mu: number) => {
      const lik = Math.exp(-0.5 * (0.5 - mu) ** 2 / 3) / Math.sqrt(2 * Math.PI * 3);
      const r = 0.5 - mu;
      const mx = mu + r / 3;
      const my = mu + (2 * r) / 3;
      return { lik, mx, my, vx: 1 - 1 / 3, vy: 2 - 4 / 3, cxy: 1 - 2 / 3 };
    };
    const a = branch(2);
    const b = branch(-1);
    const wa = (0.3 * a.lik) / (0.3 * a.lik + 0.7 * b.lik);
    const mx = wa * a.mx + (1 - wa) * b.mx;
    const my = wa * a.my + (1 - wa) * b.my;
    const m = d.mean() as unknown as { items: number[] };
    close(m.items[0]!, mx);
    close(m.items[1]!, my);
    const v = d.variance() as unknown as { items: number[] };
    close(v.items[0]!, wa * (a.vx + a.mx ** 2) + (1 - wa) * (b.vx + b.mx ** 2) - mx * mx);
    close(d.covariance()[0]![1]!, wa * (a.cxy + a.mx * a.my) + (1 - wa) * (b.cxy + b.mx * b.my) - mx * my);
    close(d.logZ(), Math.log(0.3 * a.lik + 0.7 * b.lik));
    expect(d.components).toBe(2);
  });

  it('sample(d) draws from the joint: an outer sampling infer recovers the means and the correlation (5 SE)', () => {
    const out = output(`${REGRESSION}
      let post = infer(pair, Exact);
      let draws = infer(fn() { let p = sample(post); (p.0, p.1, p.0 * p.1) }, Rejection(samples: 4000));
      print(mean(draws));
    `, 7);
    const m = out[0]!.slice(1, -1).split(',').map(Number);
    const n = 4000;
    expect(Math.abs(m[0]! - cf.m[0]!)).toBeLessThan(5 * Math.sqrt(cf.S[0]![0]! / n));
    expect(Math.abs(m[1]! - cf.m[1]!)).toBeLessThan(5 * Math.sqrt(cf.S[1]![1]! / n));
    // E[b0 b1] = S01 + m0 m1; Var[b0 b1] ≈ m1² S00 + m0² S11 + 2 m0 m1 S01 + S00 S11 + S01².
    const e = cf.S[0]![1]! + cf.m[0]! * cf.m[1]!;
    const S = cf.S;
    const varProd = cf.m[1]! ** 2 * S[0]![0]! + cf.m[0]! ** 2 * S[1]![1]! + 2 * cf.m[0]! * cf.m[1]! * S[0]![1]! + S[0]![0]! * S[1]![1]! + S[0]![1]! ** 2;
    expect(Math.abs(m[2]! - e)).toBeLessThan(5 * Math.sqrt(varProd / n));
  });

  it('an outer Exact keeps a sample of an inner joint result symbolic (exact again)', () => {
    const out = output(`${REGRESSION}
      let post = infer(pair, Exact);
      let again = infer(fn() { let p = sample(post); p.0 + p.1 }, Exact);
      print(mean(again)); print(variance(again));
    `);
    close(Number(out[0]), cf.m[0]! + cf.m[1]!);
    close(Number(out[1]), cf.S[0]![0]! + cf.S[1]![1]! + 2 * cf.S[0]![1]!);
  });

  it('prints as JSON with mean and sd in the value\'s shape, n and ess infinite', () => {
    const l = load(`${REGRESSION}
      fn rec() -> {intercept: Real, slope: Real} { let (x, y) = pair(); {intercept: x, slope: y} }`);
    const d = runEngine(l, 'rec', engines.Exact!);
    const j = toJSONValue(d) as { dist: { mean: Record<string, number>; sd: Record<string, number>; n: string; ess: string } };
    expect(Object.keys(j.dist)).toEqual(['mean', 'sd', 'n', 'ess']);
    close(j.dist.mean.intercept!, cf.m[0]!);
    close(j.dist.sd.slope!, Math.sqrt(cf.S[1]![1]!));
    expect([j.dist.n, j.dist.ess]).toEqual(['Infinity', 'Infinity']);
    expect(output(`${REGRESSION} print(infer(pair, Exact));`)[0]).toMatch(/^Dist\{mean: \(0\.683208\d+, 1\.82299\d+\), sd: \(0\.22355\d+, 0\.15509\d+\)\}$/);
  });

  it('records are matched by field name, not field order (branches, logProb, sample-based moments)', () => {
    const l = load(`
      fn model() -> {a: Real, b: Real} {
        let x ~ Normal(0.0, 1.0);
        if flip(0.5) { {a: x, b: 1.0} } else { {b: 2.0, a: x + 1.0} }
      }`);
    const d = runEngine(l, 'model', engines.Exact!) as JointGaussianDist;
    const m = d.mean() as unknown as { a: number; b: number };
    close(m.a, 0.5);
    close(m.b, 1.5);
    close(d.logProb({ b: 1, a: 0 }), d.logProb({ a: 0, b: 1 }));
    expect(d.logProb({ b: 1, a: 0 })).toBeGreaterThan(-Infinity);
    const s = output(`
      let d = infer(fn() { if flip(0.5) { {a: 1.0, b: 2.0} } else { {b: 4.0, a: 3.0} } }, Enumerate);
      print(mean(d));
    `);
    expect(s).toEqual(['{a: 2, b: 3}']);
  });

  it('clear errors: non-Real leaves beside Gaussians, shapes that differ between branches', () => {
    const l = load(`
      fn mixed() -> (Bool, Real) { let x ~ Normal(0.0, 1.0); (true, x) }
      fn ragged() -> [Real] { let x ~ Normal(0.0, 1.0); if flip(0.5) { [x] } else { [x, x] } }`);
    expect(() => runEngine(l, 'mixed', engines.Exact!)).toThrow(/mixes Gaussian terms with values that are not Reals/);
    expect(() => runEngine(l, 'ragged', engines.Exact!)).toThrow(/structures of different shapes/);
  });

  it('the checker types mean/variance/sd of a Dist over a structure of numbers in that structure', () => {
    const ok = checkSource(`
      fn f(d: Dist<(Real, {a: Nat, b: [Real]})>) -> (Real, {a: Real, b: [Real]}) { mean(d) }
      fn g(d: Dist<{x: Int}>) -> {x: Real} { sd(d) }
      fn h(d: Dist<[[Real]]>) -> [[Real]] { variance(d) }`, 't.ppl');
    expect(ok.diagnostics.map((x) => x.message)).toEqual([]);
    const bad = checkSource('fn f(d: Dist<(Bool, Real)>) -> Real { mean(d).1 }', 't.ppl');
    expect(bad.diagnostics.map((x) => x.message)).toContain('expected Dist<Real>, found Dist<(Bool, Real)>');
  });
});
