// Tests of the benchmark harness's exact answers (bench/lib/exact.mjs): each against a second, independent
// computation (brute-force enumeration, a dense Gaussian conditioning) and against shared/research/webppl.md.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { NOISY_OR, binomial, coinsExact, kalman, noisyOrExact, regressionPosterior } from '../../bench/lib/exact.mjs';

const ssm = JSON.parse(readFileSync('bench/data/ssm.json', 'utf8'));
const linreg = JSON.parse(readFileSync('bench/data/linreg.json', 'utf8'));

/** Cholesky factor of a symmetric positive-definite matrix (lower triangular). */
function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(s) : s / l[j][j];
    }
  }
  return l;
}

/** Solves L z = b (forward substitution). */
function forward(l: number[][], b: number[]): number[] {
  const z: number[] = [];
  for (let i = 0; i < b.length; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
    z.push(s / l[i][i]);
  }
  return z;
}

/** log N(y; 0, Σ) and Σ⁻¹y's inner product with a vector c (for conditional means), densely. */
function gaussianLogDensity(sigma: number[][], y: number[]): number {
  const l = cholesky(sigma);
  const z = forward(l, y);
  const logDet = 2 * l.reduce((s, row, i) => s + Math.log(row[i]), 0);
  return -0.5 * (y.length * Math.log(2 * Math.PI) + logDet + z.reduce((s, v) => s + v * v, 0));
}

describe('noisy-OR exact answer', () => {
  it('agrees with brute-force enumeration of the 2^20 cause vectors to 1e-12', () => {
    const n = NOISY_OR.n;
    const joint = new Array<number>(n + 1).fill(0);
    for (let mask = 0; mask < 1 << n; mask++) {
      let prior = 1, off = 1 - NOISY_OR.leak, k = 0;
      for (let i = 0; i < n; i++) {
        if ((mask >> i) & 1) {
          prior *= NOISY_OR.p(i);
          off *= 1 - NOISY_OR.w(i);
          k++;
        } else prior *= 1 - NOISY_OR.p(i);
      }
      joint[k] += prior * (1 - off);
    }
    const evidence = joint.reduce((a, b) => a + b, 0);
    const exact = noisyOrExact();
    expect(exact.evidence).toBeCloseTo(evidence, 12);
    joint.forEach((j, k) => expect(exact.probs[k]).toBeCloseTo(j / evidence, 12));
  });

  it('matches the research figures (webppl.md C4)', () => {
    const exact = noisyOrExact();
    expect(exact.evidence).toBeCloseTo(0.48466162667269685, 14);
    expect(exact.mean).toBeCloseTo(1.8239388359415167, 13);
    expect(exact.probs[1]).toBeCloseTo(0.432223298364, 11);
    expect(exact.probs[2]).toBeCloseTo(0.363410469319, 11);
    expect(exact.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
});

describe('coins exact answer', () => {
  it('is 43796/60460', () => {
    expect(binomial(20, 14)).toBe(38760n);
    expect(binomial(19, 13)).toBe(27132n);
    const c = coinsExact(20, 14);
    expect(c.numerator).toBe(43796n);
    expect(c.denominator).toBe(60460n);
    expect(c.pTrue).toBe(43796 / 60460);
  });

  it('agrees with counting the 2^20 outcomes', () => {
    let first = 0, all = 0;
    for (let mask = 0; mask < 1 << 20; mask++) {
      let h = 0;
      for (let m = mask; m; m &= m - 1) h++;
      if (h >= 14) {
        all++;
        if (mask & 1) first++;
      }
    }
    expect([first, all]).toEqual([43796, 60460]);
  });
});

describe('Kalman filter', () => {
  it('matches a dense Gaussian computation of log Z and E[x_50 | y]', () => {
    const { ys, a } = ssm as { ys: number[]; a: number };
    const T = ys.length;
    // Cov(x_s, x_t) = Σ_{j ≤ min(s,t)} a^{s−j} a^{t−j}, x_t = Σ_j a^{t−j} e_j (t, j = 0..T−1).
    const covX = ys.map((_, s) => ys.map((__, t) => {
      let c = 0;
      for (let j = 0; j <= Math.min(s, t); j++) c += a ** (s - j) * a ** (t - j);
      return c;
    }));
    const covY = covX.map((row, i) => row.map((c, j) => c + (i === j ? 1 : 0)));
    const kf = kalman(ssm);
    expect(kf.logZ).toBeCloseTo(gaussianLogDensity(covY, ys), 9);
    // E[x_T | y] = Cov(x_T, y) Σ_y⁻¹ y, via Σ_y⁻¹ y = L⁻ᵀ L⁻¹ y.
    const l = cholesky(covY);
    const z = forward(l, ys);
    const w = new Array<number>(T).fill(0);
    for (let i = T - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < T; k++) s -= l[k][i] * w[k];
      w[i] = s / l[i][i];
    }
    const m = covX[T - 1].reduce((s, c, i) => s + c * w[i], 0);
    expect(kf.mean).toBeCloseTo(m, 10);
  });

  it('matches the research figures (webppl.md C7)', () => {
    const kf = kalman(ssm);
    expect(kf.mean).toBeCloseTo(-1.3136442613901238, 12);
    expect(kf.sd).toBeCloseTo(0.7729212684727937, 12);
    expect(kf.logZ).toBeCloseTo(-89.43475413790702, 10);
  });
});

describe('conjugate regression', () => {
  it('matches the research figures (webppl.md C8) and a dense log Z', () => {
    const r = regressionPosterior(linreg);
    expect(r.mean[0]).toBeCloseTo(0.6832084, 7);
    expect(r.mean[1]).toBeCloseTo(1.82299296, 7);
    expect(r.sd[0]).toBeCloseTo(0.22355092, 7);
    expect(r.sd[1]).toBeCloseTo(0.15509469, 7);
    expect(Math.abs(r.correlation)).toBeLessThan(1e-12);
    const { xs, ys } = linreg as { xs: number[]; ys: number[] };
    const cov = xs.map((xi, i) => xs.map((xj, j) => 100 * (1 + xi * xj) + (i === j ? 1 : 0)));
    expect(r.logZ).toBeCloseTo(gaussianLogDensity(cov, ys), 9);
    expect(r.logZ).toBeCloseTo(-31.513667680585097, 9);
  });
});
