// The Exact engine's Gaussian algebra against hand-derived closed forms (to 1e-12): conjugate updates,
// a Kalman filter, `=:=` constraints, Bayesian linear regression, degenerate and inconsistent conditions.
import { describe, expect, it } from 'vitest';
import {
  Affine,
  GaussianState,
  affineAdd,
  affineCombine,
  affineScale,
  symAdd,
  symConcrete,
  symDiv,
  symMul,
  symSub,
  type Sym,
} from '../../runtime/gaussian/index.js';
import { cholesky, PplError } from '../../stdlib/index.js';

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

const logN = (y: number, m: number, v: number): number => -0.5 * (Math.log(2 * Math.PI * v) + ((y - m) * (y - m)) / v);

describe('affine forms', () => {
  it('combine, scale and cancel', () => {
    const x = Affine.latent(3, 2, 1); // 1 + 2 z3
    const y = Affine.latent(1, -1, 0.5); // 0.5 − z1
    const s = affineAdd(x, y);
    expect(Array.from(s.ids)).toEqual([1, 3]);
    expect(Array.from(s.coefs)).toEqual([-1, 2]);
    expect(s.c).toBe(1.5);
    const z = affineCombine(1, s, -2, Affine.latent(3, 1)); // z3 cancels
    expect(Array.from(z.ids)).toEqual([1]);
    expect(affineScale(x, 0).isConstant).toBe(true);
    expect(s.toString()).toBe('1.5 - 1·z1 + 2·z3');
  });
  it('the Sym domain keeps numbers plain and rejects non-affine uses', () => {
    const x = Affine.latent(0, 1);
    expect(symAdd(1, 2)).toBe(3);
    expect(symSub(x, x)).toBe(0);
    expect(symMul(2, 3)).toBe(6);
    expect((symMul(x, 3) as Affine).coefs[0]).toBe(3);
    expect((symSub(5, x) as Affine).c).toBe(5);
    expect((symSub(5, x) as Affine).coefs[0]).toBe(-1);
    expect((symDiv(x, 4) as Affine).coefs[0]).toBe(0.25);
    expect(() => symMul(x, x)).toThrow('product of two Gaussian terms is not affine');
    expect(() => symDiv(1, x)).toThrow(PplError);
    expect(() => symConcrete(x, 'exp')).toThrow('Exact: exp of a Gaussian term is not affine');
    expect(symConcrete(symSub(x, x), 'exp')).toBe(0);
  });
});

describe('conditioning', () => {
  it('x ~ N(0,1), observe(Normal(x, 1), 2): x | y ~ N(1, 0.5), logZ = log N(2; 0, 2)', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    const { state, logLik } = s0.observe(x, 1, 2);
    close(state.meanOf(x), 1);
    close(state.varianceOf(x), 0.5);
    close(logLik, logN(2, 0, 2));
    // The parent state is untouched (forking is free).
    expect(s0.meanOf(x)).toBe(0);
    expect(s0.varianceOf(x)).toBe(1);
  });

  it('the same model with y as a latent and y =:= 2', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    const y = symAdd(x, s0.fresh(0, 1));
    const { state, logLik } = s0.equate(y, 2);
    close(state.meanOf(x), 1);
    close(state.varianceOf(x), 0.5);
    close(state.varianceOf(y), 0);
    close(state.meanOf(y), 2);
    close(logLik, logN(2, 0, 2));
  });

  it('x, y ~ N(0,1) independent, x =:= y: x ~ N(0, 1/2), Cov(x, y) = 1/2, logZ = log N(0; 0, 2)', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    const y = s0.fresh(0, 1);
    const { state, logLik } = s0.equate(x, y);
    close(state.varianceOf(x), 0.5);
    close(state.covarianceOf(x, y), 0.5);
    close(state.varianceOf(symAdd(x, y)), 2);
    close(state.varianceOf(symSub(x, y)), 0);
    close(logLik, logN(0, 0, 2));
  });

  it('x ~ N(3, 2), y ~ N(-1, 1), x + y =:= 4: the Schur complement', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(3, 2);
    const y = s0.fresh(-1, 1);
    const { state, logLik } = s0.equate(symAdd(x, y), 4);
    // Var(x+y) = 5, Cov(x, x+y) = 4 → E[x | s = 4] = 3 + 4/5·(4 − 2) = 4.6, Var = 4 − 16/5 = 0.8.
    close(state.meanOf(x), 4.6);
    close(state.varianceOf(x), 0.8);
    close(state.meanOf(y), -0.6);
    close(state.covarianceOf(x, y), -0.8);
    close(logLik, logN(4, 2, 5));
  });

  it('a 1-D Kalman filter over 30 steps matches the scalar recursions', () => {
    const a = 0.9;
    const q = 0.5;
    const r = 0.8;
    const ys = Array.from({ length: 30 }, (_, t) => Math.sin(t / 3) * 2 + (t % 5) * 0.1);
    // Reference: predicted (m, P), innovation S = P + r, logZ += log N(y; m, S), update.
    let m = 1;
    let P = 2;
    let refLogZ = 0;
    let s = GaussianState.initial();
    let x: Sym = s.fresh(1, Math.sqrt(2));
    let logZ = 0;
    for (let t = 0; t < ys.length; t++) {
      if (t > 0) {
        m = a * m;
        P = a * a * P + q;
        x = symAdd(symMul(a, x), s.fresh(0, Math.sqrt(q)));
      }
      const S = P + r;
      refLogZ += logN(ys[t]!, m, S);
      const K = P / S;
      m += K * (ys[t]! - m);
      P = (1 - K) * P;
      const c = s.observe(x, Math.sqrt(r), ys[t]!);
      s = c.state;
      logZ += c.logLik;
      close(s.meanOf(x), m, 1e-12);
      close(s.varianceOf(x), P, 1e-12);
    }
    close(logZ, refLogZ, 1e-12);
    expect(s.activeCount).toBe(30);
  });

  it('Bayesian linear regression: posterior of (w, b) and logZ as in closed form', () => {
    const xs = [-1, 0, 1.5, 2, 3.5];
    const ys = [-2.1, 0.4, 2.9, 4.2, 7.1];
    const sigma = 0.7;
    let s = GaussianState.initial();
    const w = s.fresh(0, 1);
    const b = s.fresh(0, 1);
    let logZ = 0;
    for (let i = 0; i < xs.length; i++) {
      const c = s.observe(symAdd(symMul(w, xs[i]!), b), sigma, ys[i]!);
      s = c.state;
      logZ += c.logLik;
    }
    // Closed form: A = I + XᵀX/σ², Σ = A⁻¹, μ = Σ Xᵀy/σ², X rows (x_i, 1).
    const s2 = sigma * sigma;
    let sxx = 0, sx = 0, sxy = 0, sy = 0;
    for (let i = 0; i < xs.length; i++) {
      sxx += xs[i]! * xs[i]!;
      sx += xs[i]!;
      sxy += xs[i]! * ys[i]!;
      sy += ys[i]!;
    }
    const A = [1 + sxx / s2, sx / s2, sx / s2, 1 + xs.length / s2];
    const det = A[0]! * A[3]! - A[1]! * A[2]!;
    const S = [A[3]! / det, -A[1]! / det, -A[2]! / det, A[0]! / det];
    const muW = S[0]! * (sxy / s2) + S[1]! * (sy / s2);
    const muB = S[2]! * (sxy / s2) + S[3]! * (sy / s2);
    close(s.meanOf(w), muW);
    close(s.meanOf(b), muB);
    close(s.varianceOf(w), S[0]!);
    close(s.varianceOf(b), S[3]!);
    close(s.covarianceOf(w, b), S[1]!);
    // logZ = log N(y; 0, K) with K = X Xᵀ + σ² I.
    const n = xs.length;
    const K = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K[i * n + j] = xs[i]! * xs[j]! + 1 + (i === j ? s2 : 0);
    const L = cholesky(K, n)!;
    let logDet = 0;
    const z = new Float64Array(n);
    let quad = 0;
    for (let i = 0; i < n; i++) {
      logDet += 2 * Math.log(L[i * n + i]!);
      let acc = ys[i]!;
      for (let k = 0; k < i; k++) acc -= L[i * n + k]! * z[k]!;
      z[i] = acc / L[i * n + i]!;
      quad += z[i]! * z[i]!;
    }
    close(logZ, -0.5 * (n * Math.log(2 * Math.PI) + logDet + quad));
  });
});

describe('forking', () => {
  it('branches from one state condition independently and share the latent allocator', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    const a = s0.observe(x, 1, 2).state; // branch A: y = 2
    const b = s0.observe(x, 1, -2).state; // branch B: y = −2
    close(a.meanOf(x), 1);
    close(b.meanOf(x), -1);
    close(s0.meanOf(x), 0);
    // Fresh latents in different branches get different ids, so forms never collide.
    const za = a.fresh(0, 1);
    const zb = b.fresh(0, 1);
    expect(za.ids[0]).not.toBe(zb.ids[0]);
    expect(a.allocator).toBe(b.allocator);
    // Conditioning branch A further leaves B alone.
    const a2 = a.equate(za, x).state;
    close(a2.meanOf(za), a.meanOf(x) / 1.5, 1e-12); // x ~ N(1, ½), z ~ N(0, 1): E[x | x = z] = (1·2)/(2 + 1)
    close(b.meanOf(x), -1);
    expect(b.activeCount).toBe(1);
  });
});

describe('degenerate and inconsistent conditions', () => {
  it('a condition implied by earlier ones is a no-op with log-likelihood 0', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    const y = symMul(2, x);
    const c1 = s0.equate(x, 1);
    close(c1.logLik, logN(1, 0, 1));
    const c2 = c1.state.equate(y, 2);
    expect(c2.logLik).toBe(0);
    close(c2.state.meanOf(y), 2);
    expect(() => c1.state.equate(y, 3)).toThrow('Exact: inconsistent condition: the two sides always differ by -1');
  });
  it('x =:= x + 1 is inconsistent, x =:= x is trivially true', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    expect(() => s0.equate(x, symAdd(x, 1))).toThrow(/inconsistent condition: the two sides always differ by -1$/);
    expect(s0.equate(x, x).logLik).toBe(0);
    expect(() => s0.equate(1, 2)).toThrow('inconsistent condition');
    expect(s0.equate(2, 2).logLik).toBe(0);
  });
  it('a rank-deficient joint (three forms in two latents) conditions consistently', () => {
    const s0 = GaussianState.initial();
    const u = s0.fresh(0, 1);
    const v = s0.fresh(0, 1);
    const f = symAdd(u, v);
    const g = symSub(u, v);
    const h = symAdd(symMul(3, u), symMul(-1, v)); // h = f + 2g… = 3u − v: in the span of f and g
    const c1 = s0.equate(f, 2);
    const c2 = c1.state.equate(g, 0);
    // u = v = 1 now, deterministically.
    close(c2.state.meanOf(u), 1);
    close(c2.state.varianceOf(u), 0);
    const c3 = c2.state.equate(h, 2);
    expect(c3.logLik).toBe(0);
    expect(() => c2.state.equate(h, 2.5)).toThrow('inconsistent');
    // Noisy observation of a deterministic quantity: just the noise density.
    const c4 = c2.state.observe(h, 0.5, 2.3);
    close(c4.logLik, logN(2.3, 2, 0.25));
  });
  it('noisy observations of a tightly known quantity are not mistaken for degenerate ones', () => {
    const s0 = GaussianState.initial();
    const x = symMul(1e6, s0.fresh(0, 1));
    const c1 = s0.observe(x, 1e-3, 5);
    const c2 = c1.state.observe(x, 1e-3, 5);
    // Two observations with noise variance 1e-6 each: the second one's predictive variance is ≈ 1.5e-6.
    expect(Number.isFinite(c2.logLik)).toBe(true);
    close(c2.state.meanOf(x), 5, 1e-9);
    close(c2.state.varianceOf(x), 0.5e-6, 1e-6);
  });
  it('an observation at infinity or NaN has density 0, like NormalDist.logProb', () => {
    const s0 = GaussianState.initial();
    const x = s0.fresh(0, 1);
    expect(s0.observe(x, 1, Infinity).logLik).toBe(-Infinity);
    expect(s0.equate(x, NaN).logLik).toBe(-Infinity);
  });
  it('sd ≤ 0 is an error, as for Normal', () => {
    const s0 = GaussianState.initial();
    expect(() => s0.fresh(3, 0)).toThrow('Normal: sd must be positive, got 0');
    expect(() => s0.fresh(0, -1)).toThrow('Normal: sd must be positive, got -1');
  });
});
