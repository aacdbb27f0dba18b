// expect(d, f) on every primitive continuous distribution by Gaussian quadrature, against closed forms to 1e-9:
// polynomials (exact for these rules) and exponentials (moment generating functions).
import { describe, expect, it } from 'vitest';
import * as S from '../../stdlib/index.js';
import { expect as expectQ } from '../../runtime/results/index.js';
import { gaussJacobi, gaussLaguerre } from '../../runtime/results/quadrature.js';
import { output } from './ppl-helpers.js';

const close = (got: number, want: number, tol = 1e-9) =>
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));

/** Kummer's 1F1(a; b; z) by its series (E[e^{zX}] for X ~ Beta(a, b − a)). */
function hyp1f1(a: number, b: number, z: number): number {
  let term = 1;
  let s = 1;
  for (let k = 0; k < 500 && Math.abs(term) > 1e-18 * Math.abs(s); k++) {
    term *= ((a + k) / (b + k)) * (z / (k + 1));
    s += term;
  }
  return s;
}

/** Rising factorial a(a+1)…(a+k−1). */
const rising = (a: number, k: number) => Array.from({ length: k }, (_, i) => a + i).reduce((p, x) => p * x, 1);

describe('quadrature rules', () => {
  it('Gauss–Legendre and Gauss–Laguerre reproduce known nodes and moments', () => {
    const l2 = gaussJacobi(2, 0, 0);
    close(l2.x[1]!, 1 / Math.sqrt(3), 1e-14);
    close(l2.w[0]!, 0.5, 1e-14);
    const lag = gaussLaguerre(64, 0);
    // E[t^k] under e^{-t} is k!.
    close(lag.x.reduce((s, x, i) => s + lag.w[i]! * x ** 10, 0), 3628800, 1e-12);
  });
});

describe('expect on continuous distributions', () => {
  it('Uniform: polynomials and exp', () => {
    const d = S.Uniform(-1, 2);
    close(expectQ(d, (x: number) => x ** 3 - 2 * x), (16 - 1) / 12 - 1);
    close(expectQ(d, Math.exp), (Math.exp(2) - Math.exp(-1)) / 3);
  });

  it('Beta, including singular densities at the endpoints (a, b < 1)', () => {
    for (const [a, b] of [[2, 3], [0.5, 0.5], [0.3, 4.5], [20, 0.7]] as const) {
      const d = S.Beta(a, b);
      close(expectQ(d, (x: number) => x * x), (a * (a + 1)) / ((a + b) * (a + b + 1)));
      close(expectQ(d, (x: number) => x ** 5), rising(a, 5) / rising(a + b, 5));
      close(expectQ(d, Math.exp), hyp1f1(a, a + b, 1));
    }
  });

  it('Gamma and Exponential: polynomials and the moment generating function', () => {
    for (const [k, r] of [[2.5, 1.5], [0.4, 2], [50, 0.5], [1, 3]] as const) {
      const d = S.Gamma(k, r);
      close(expectQ(d, (x: number) => x ** 3), rising(k, 3) / r ** 3);
      close(expectQ(d, (x: number) => Math.exp(-x)), (r / (r + 1)) ** k);
      close(expectQ(d, (x: number) => Math.exp(-2 * x) * x), k / (r + 2) * (r / (r + 2)) ** k);
    }
    const e = S.Exponential(2);
    close(expectQ(e, (x: number) => x * x), 2 / 4);
    close(expectQ(e, (x: number) => Math.exp(-x)), 2 / 3);
  });

  it('Dirichlet: mixed moments and exp of a component', () => {
    const al = [1, 2, 3.5];
    const A = 6.5;
    const d = S.Dirichlet(al);
    close(expectQ(d, (x: number[]) => x[0]! * x[1]!), (al[0]! * al[1]!) / (A * (A + 1)));
    close(expectQ(d, (x: number[]) => x[2]! ** 3), rising(al[2]!, 3) / rising(A, 3));
    close(expectQ(d, (x: number[]) => Math.exp(x[1]!)), hyp1f1(al[1]!, A, 1));
    close(expectQ(S.Dirichlet([0.5, 0.5, 0.5, 0.5, 0.5]), (x: number[]) => x[3]! * x[4]!), 0.25 / (2.5 * 3.5));
  });

  it('MvNormal: cross moments and the moment generating function', () => {
    const d = S.MvNormal([1, -0.5], [[2, 0.6], [0.6, 0.5]]);
    close(expectQ(d, (x: number[]) => x[0]! * x[1]!), 0.6 + 1 * -0.5);
    close(expectQ(d, (x: number[]) => Math.exp(x[0]! + x[1]!)), Math.exp(0.5 + (2 + 0.5 + 1.2) / 2));
  });

  it('from .ppl', () => {
    const out = output(`
      print(expect(Gamma(3.0, 2.0), fn(x: Real) => x * x));
      print(expect(Beta(2.0, 5.0), fn(x: Real) => exp(x)));
      print(expect(Dirichlet([1.0, 1.0]), fn(p: [Real]) => p[0] * p[1]));
    `);
    close(Number(out[0]), 12 / 4);
    close(Number(out[1]), hyp1f1(2, 7, 1));
    close(Number(out[2]), 1 / 6);
  });

  it('expect with a function that samples walks the same nodes (weighted draws, quadrature), errors at the call', () => {
    const out = output(`
      let d = infer(fn() { let x ~ Normal(0.0, 1.0); observe(Normal(x, 1.0), 1.0); x }, Importance(samples: 3));
      let e = infer(fn() { expect(d, fn(x: Real) => if flip(0.5) { x } else { 0.0 }) }, Enumerate);
      print(mean(e) - 0.5 * mean(d));
      let u = infer(fn() { expect(Uniform(0.0, 1.0), fn(x: Real) => if flip(0.5) { x } else { 1.0 }) }, Importance(samples: 400));
      print(mean(u));
    `);
    close(Number(out[0]), 0);
    // Each of the 64 nodes flips independently: E = 0.5·E[x] + 0.5 = 0.75; sd of one run ≈ sqrt(Σ w²·var) ≈ 0.03.
    expect(Math.abs(Number(out[1]) - 0.75)).toBeLessThan(5 * 0.035 / Math.sqrt(400) + 1e-3);
    expect(() => output(`
      let big = Dirichlet([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
      let h = infer(fn() { expect(big, fn(p: [Real]) => if flip(0.5) { p[0] } else { 0.0 }) }, Importance(samples: 10));
    `)).toThrow(expect.objectContaining({ span: expect.objectContaining({ line: 3, col: 28 }) }));
  });
});
