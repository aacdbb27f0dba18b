// Constraint transforms: log|det J| against a numerical Jacobian (8th-order central differences and an
// LU determinant), round trips, gradients of the Jacobian term, and normalisation of a transformed density.
import { describe, expect, it } from 'vitest';
import {
  constrain, unconstrain, freeDim, supportConstraint, type Constraint, type LogJacobian,
} from '../../runtime/transforms/index.js';
import { plain, gradient, betaLogPdf, gammaLogPdf, type Real } from '../../runtime/ad/index.js';
import { TestRng } from './mcmc-helpers.js';

const STENCIL = [[1, 4 / 5], [2, -1 / 5], [3, 4 / 105], [4, -1 / 280]] as const;

/** The constrained value as a flat number array (simplex: all but the last, which is determined). */
function forward(c: Constraint, y: Float64Array): number[] {
  const acc: LogJacobian = { logJ: 0 };
  const x = constrain(plain, c, y, 0, acc);
  if (typeof x === 'number') return [x];
  const xs = x as number[];
  return c.kind === 'simplex' ? xs.slice(0, xs.length - 1) : xs;
}

function logAbsDet(m: number[][]): number {
  const n = m.length;
  const a = m.map((r) => r.slice());
  let ld = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    ld += Math.log(Math.abs(a[k][k]));
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
    }
  }
  return ld;
}

function numericalLogJ(c: Constraint, y: Float64Array): number {
  const n = y.length;
  const J: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  const h = 1e-3;
  for (let j = 0; j < n; j++) {
    for (const [k, w] of STENCIL) {
      const yp = Float64Array.from(y);
      const ym = Float64Array.from(y);
      yp[j] += k * h;
      ym[j] -= k * h;
      const fp = forward(c, yp);
      const fm = forward(c, ym);
      for (let i = 0; i < n; i++) J[i][j] += (w * (fp[i] - fm[i])) / h;
    }
  }
  return logAbsDet(J);
}

const constraints: Constraint[] = [
  { kind: 'positive' },
  { kind: 'lower', lower: -2.5 },
  { kind: 'upper', upper: 4 },
  { kind: 'interval', lower: -1, upper: 3 },
  { kind: 'interval', lower: 0, upper: 1 },
  { kind: 'simplex', size: 2 },
  { kind: 'simplex', size: 3 },
  { kind: 'simplex', size: 6 },
];

describe('constraint transforms', () => {
  const rng = new TestRng('transforms');
  for (const c of constraints) {
    const label = c.kind === 'simplex' ? `simplex(${c.size})` : c.kind;
    it(`${label}: log|J| matches the numerical Jacobian, and unconstrain inverts constrain`, () => {
      for (let rep = 0; rep < 10; rep++) {
        const n = freeDim(c);
        const y = new Float64Array(n);
        for (let i = 0; i < n; i++) y[i] = 3 * rng.normal() * 0.7;
        const acc: LogJacobian = { logJ: 0 };
        const x = constrain(plain, c, y, 0, acc);
        const num = numericalLogJ(c, y);
        expect(Math.abs((acc.logJ as number) - num)).toBeLessThan(1e-8 * Math.max(1, Math.abs(num)));
        // in the support
        if (c.kind === 'simplex') {
          const xs = x as number[];
          expect(xs.length).toBe(c.size);
          expect(Math.abs(xs.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
          for (const v of xs) expect(v).toBeGreaterThan(0);
        }
        const back = new Float64Array(n);
        unconstrain(plain, c, x as number | number[], back, 0);
        for (let i = 0; i < n; i++) expect(back[i]).toBeCloseTo(y[i], 9);
      }
    });
  }

  it('y = 0 maps to the centre of the simplex', () => {
    const acc: LogJacobian = { logJ: 0 };
    const x = constrain(plain, { kind: 'simplex', size: 4 }, new Float64Array(3), 0, acc) as number[];
    for (const v of x) expect(v).toBeCloseTo(0.25, 15);
  });

  it('the Jacobian term differentiates through the tape (bounds that are themselves variables)', () => {
    // log density of Uniform(a, b)-style interval with variable bounds, in free coordinates
    const f = (D: Parameters<typeof constrain>[0], v: readonly Real[]) => {
      const acc: LogJacobian = { logJ: 0 };
      const lower = D.neg(D.exp(v[1]));
      const x = constrain(D, { kind: 'interval', lower, upper: D.exp(v[2]) }, v, 0, acc) as Real;
      return D.add(acc.logJ, D.mul(x, x));
    };
    const x0 = Float64Array.of(0.3, -0.2, 0.5);
    const { grad } = gradient(f, x0);
    for (let i = 0; i < 3; i++) {
      const h = 1e-5;
      const xp = Float64Array.from(x0);
      const xm = Float64Array.from(x0);
      xp[i] += h;
      xm[i] -= h;
      const fd = ((f(plain, Array.from(xp)) as number) - (f(plain, Array.from(xm)) as number)) / (2 * h);
      expect(Math.abs(grad[i] - fd)).toBeLessThan(1e-8);
    }
  });

  it('a transformed density integrates to 1 over the free coordinate (Beta(2, 3), Gamma(3, 2))', () => {
    for (const [c, logp] of [
      [{ kind: 'interval', lower: 0, upper: 1 } as Constraint, (x: number) => betaLogPdf(plain, x, 2, 3) as number],
      [{ kind: 'positive' } as Constraint, (x: number) => gammaLogPdf(plain, x, 3, 2) as number],
    ] as const) {
      let total = 0;
      const h = 1e-3;
      for (let y = -40; y <= 40; y += h) {
        const acc: LogJacobian = { logJ: 0 };
        const x = constrain(plain, c, [y], 0, acc) as number;
        total += Math.exp(logp(x) + (acc.logJ as number)) * h;
      }
      expect(total).toBeCloseTo(1, 8);
    }
  });

  it('supportConstraint maps the continuous distributions of language.md', () => {
    expect(supportConstraint('Beta', [1, 1])).toEqual({ kind: 'interval', lower: 0, upper: 1 });
    expect(supportConstraint('Gamma', [1, 1])).toEqual({ kind: 'positive' });
    expect(supportConstraint('Exponential', [1])).toEqual({ kind: 'positive' });
    expect(supportConstraint('Uniform', [2, 5])).toEqual({ kind: 'interval', lower: 2, upper: 5 });
    expect(supportConstraint('Dirichlet', [[1, 1, 1]])).toEqual({ kind: 'simplex', size: 3 });
    expect(supportConstraint('MvNormal', [[0, 0], [[1, 0], [0, 1]]])).toEqual({ kind: 'real', size: 2 });
    expect(supportConstraint('Normal', [0, 1])).toEqual({ kind: 'real' });
    expect(supportConstraint('Bernoulli', [0.5])).toBeUndefined();
  });
});
