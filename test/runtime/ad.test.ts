// Reverse-mode AD against finite differences: every primitive, compositions, random expression DAGs and
// the log densities, at seeded random points. Gradients must agree to 1e-8 relative (floor 1) with an
// 8th-order central difference (truncation ~h⁸, rounding ~1e-16/h), the step chosen per coordinate by the
// difference's own error estimate, which is far more accurate than 1e-8.
import { describe, expect, it } from 'vitest';
import {
  Tape, plain, gradient, targetFromDomainFunction, lgamma, digamma, trigamma,
  normalLogPdf, uniformLogPdf, betaLogPdf, gammaLogPdf, exponentialLogPdf, cauchyLogPdf, logNormalLogPdf,
  dirichletLogPdf, mvNormalLogPdf, bernoulliLogPmf, categoricalLogPmf, poissonLogPmf, binomialLogPmf,
  geometricLogPmf,
  type Domain, type Real, type DomainFunction,
} from '../../runtime/ad/index.js';
import { TestRng as Rng } from './mcmc-helpers.js';

const STENCIL = [
  [1, 4 / 5], [2, -1 / 5], [3, 4 / 105], [4, -1 / 280],
] as const;

/** ∂f/∂x_i by the 8th-order central difference, evaluated on the plain domain. */
function finiteDiff(f: DomainFunction, x: Float64Array, scale = 1e-3): Float64Array {
  const g = new Float64Array(x.length);
  const evalAt = (y: Float64Array) => f(plain, Array.from(y) as never) as number;
  for (let i = 0; i < x.length; i++) {
    const h = scale * Math.max(1, Math.abs(x[i]));
    let d = 0;
    for (const [k, c] of STENCIL) {
      const yp = Float64Array.from(x);
      const ym = Float64Array.from(x);
      yp[i] += k * h;
      ym[i] -= k * h;
      d += c * (evalAt(yp) - evalAt(ym));
    }
    g[i] = d / h;
  }
  return g;
}

function expectGradientMatches(f: DomainFunction, x: Float64Array, label: string): void {
  const { value, grad } = gradient(f, x);
  const v0 = f(plain, Array.from(x) as never) as number;
  expect(Math.abs(value - v0), `${label}: value`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v0)));
  // The 8th-order stencil at relative steps 1e-2 … 1e-5; per coordinate, the estimate that agrees best with
  // the one at the next larger step (its own error estimate, as in Ridders' method). Rapidly varying
  // compositions need the small steps; smooth ones are most accurate at the large ones.
  const scales = [1e-2, 1e-3, 1e-4, 1e-5];
  const fds = scales.map((h) => finiteDiff(f, x, h));
  const fd = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let best = Infinity;
    for (let k = 1; k < scales.length; k++) {
      const err = Math.abs(fds[k][i] - fds[k - 1][i]);
      if (err < best) {
        best = err;
        fd[i] = fds[k][i];
      }
    }
  }
  for (let i = 0; i < x.length; i++) {
    const tol = 1e-8 * Math.max(1, Math.abs(fd[i]));
    if (!(Math.abs(grad[i] - fd[i]) <= tol)) {
      throw new Error(`${label}: ∂/∂x${i} at [${Array.from(x).join(', ')}]: AD ${grad[i]}, FD ${fd[i]} (by step: ${fds.map((d) => d[i]).join(', ')})`);
    }
  }
}

type Case = { name: string; dim: number; f: DomainFunction; sample: (r: Rng) => number };

const pos = (r: Rng) => 0.2 + 3 * r.uniform();
const any = (r: Rng) => 4 * r.uniform() - 2;
const unit = (r: Rng) => 0.05 + 0.9 * r.uniform();

const cases: Case[] = [
  { name: 'add', dim: 2, f: (D, [a, b]) => D.add(a, b), sample: any },
  { name: 'sub', dim: 2, f: (D, [a, b]) => D.sub(a, b), sample: any },
  { name: 'mul', dim: 2, f: (D, [a, b]) => D.mul(a, b), sample: any },
  { name: 'div', dim: 2, f: (D, [a, b]) => D.div(a, b), sample: pos },
  { name: 'neg', dim: 1, f: (D, [a]) => D.neg(a), sample: any },
  { name: 'exp', dim: 1, f: (D, [a]) => D.exp(a), sample: any },
  { name: 'log', dim: 1, f: (D, [a]) => D.log(a), sample: pos },
  { name: 'log1p', dim: 1, f: (D, [a]) => D.log1p(a), sample: pos },
  { name: 'expm1', dim: 1, f: (D, [a]) => D.expm1(a), sample: any },
  { name: 'sqrt', dim: 1, f: (D, [a]) => D.sqrt(a), sample: pos },
  { name: 'pow var^var', dim: 2, f: (D, [a, b]) => D.pow(a, b), sample: pos },
  { name: 'pow var^const', dim: 1, f: (D, [a]) => D.pow(a, 3.5), sample: pos },
  { name: 'pow const^var', dim: 1, f: (D, [a]) => D.pow(2.5, a), sample: any },
  { name: 'sin', dim: 1, f: (D, [a]) => D.sin(a), sample: any },
  { name: 'cos', dim: 1, f: (D, [a]) => D.cos(a), sample: any },
  { name: 'tan', dim: 1, f: (D, [a]) => D.tan(a), sample: (r) => 2 * r.uniform() - 1 },
  { name: 'atan2', dim: 2, f: (D, [y, x]) => D.atan2(y, x), sample: any },
  { name: 'lgamma', dim: 1, f: (D, [a]) => D.lgamma(a), sample: pos },
  { name: 'lgamma large', dim: 1, f: (D, [a]) => D.lgamma(D.mul(a, 40)), sample: pos },
  { name: 'lgamma negative', dim: 1, f: (D, [a]) => D.lgamma(D.sub(-0.5, D.mul(0.4, D.logistic(a)))), sample: any },
  { name: 'digamma', dim: 1, f: (D, [a]) => D.digamma(a), sample: pos },
  { name: 'abs', dim: 1, f: (D, [a]) => D.abs(D.add(a, 0.1)), sample: any },
  { name: 'min', dim: 2, f: (D, [a, b]) => D.min(D.mul(a, a), b), sample: any },
  { name: 'max', dim: 2, f: (D, [a, b]) => D.max(D.mul(a, a), b), sample: any },
  { name: 'logSumExp', dim: 4, f: (D, xs) => D.logSumExp([xs[0], xs[1], 0.3, xs[2], xs[3]]), sample: any },
  { name: 'logSumExp wide', dim: 3, f: (D, xs) => D.logSumExp([D.mul(xs[0], 30), xs[1], D.mul(-20, xs[2])]), sample: any },
  { name: 'square', dim: 1, f: (D, [a]) => D.square(a), sample: any },
  { name: 'logistic', dim: 1, f: (D, [a]) => D.logistic(D.mul(a, 5)), sample: any },
  { name: 'log1pExp', dim: 1, f: (D, [a]) => D.log1pExp(D.mul(a, 20)), sample: any },
  { name: 'log1mExp', dim: 1, f: (D, [a]) => D.log1mExp(D.neg(a)), sample: pos },
  { name: 'sum', dim: 3, f: (D, xs) => D.sum([xs[0], 2, xs[1], xs[2], xs[0]]), sample: any },
  { name: 'dot', dim: 4, f: (D, xs) => D.dot([xs[0], xs[1]], [xs[2], D.mul(xs[3], xs[0])]), sample: any },
  // Compositions, including reuse of one node many times (fan-out) and deep chains.
  {
    name: 'rosenbrock', dim: 3,
    f: (D, x) => {
      let s: Real = 0;
      for (let i = 0; i < x.length - 1; i++) {
        s = D.add(s, D.add(D.mul(100, D.square(D.sub(x[i + 1], D.square(x[i])))), D.square(D.sub(1, x[i]))));
      }
      return s;
    },
    sample: any,
  },
  {
    name: 'softmax-entropy', dim: 4,
    f: (D, x) => {
      const lse = D.logSumExp(x);
      let h: Real = 0;
      for (const xi of x) {
        const lp = D.sub(xi, lse);
        h = D.sub(h, D.mul(D.exp(lp), lp));
      }
      return h;
    },
    sample: any,
  },
  {
    name: 'deep chain', dim: 1,
    f: (D, [a]) => {
      let y: Real = a;
      for (let i = 0; i < 200; i++) y = D.add(D.mul(0.99, D.sin(y)), D.mul(0.01, a));
      return y;
    },
    sample: any,
  },
  {
    name: 'polar', dim: 2,
    f: (D, [x, y]) => D.mul(D.sqrt(D.add(D.square(x), D.square(y))), D.cos(D.atan2(y, x))),
    sample: any,
  },
  {
    name: 'logistic regression', dim: 2,
    f: (D, [a, b]) => {
      const xs = [-1.5, -0.3, 0.2, 1.1, 2.4];
      const ys = [0, 0, 1, 1, 1];
      let lp: Real = 0;
      for (let i = 0; i < xs.length; i++) {
        const eta = D.add(a, D.mul(b, xs[i]));
        lp = D.sub(lp, D.log1pExp(ys[i] ? D.neg(eta) : eta));
      }
      return lp;
    },
    sample: any,
  },
  // Log densities, with respect to every argument.
  { name: 'Normal', dim: 3, f: (D, [x, m, s]) => normalLogPdf(D, x, m, D.exp(s)), sample: any },
  { name: 'Uniform', dim: 3, f: (D, [x, a, b]) => uniformLogPdf(D, D.logistic(x), D.neg(D.exp(a)), D.add(1, D.exp(b))), sample: any },
  { name: 'Beta', dim: 3, f: (D, [x, a, b]) => betaLogPdf(D, D.logistic(x), D.exp(a), D.exp(b)), sample: any },
  { name: 'Gamma', dim: 3, f: (D, [x, a, b]) => gammaLogPdf(D, x, a, b), sample: pos },
  { name: 'Exponential', dim: 2, f: (D, [x, r]) => exponentialLogPdf(D, x, r), sample: pos },
  { name: 'Cauchy', dim: 3, f: (D, [x, m, s]) => cauchyLogPdf(D, x, m, D.exp(s)), sample: any },
  { name: 'LogNormal', dim: 3, f: (D, [x, m, s]) => logNormalLogPdf(D, D.exp(x), m, D.exp(s)), sample: any },
  {
    name: 'Dirichlet', dim: 6,
    f: (D, x) => {
      const lse = D.logSumExp([x[0], x[1], x[2]]);
      const p = [D.exp(D.sub(x[0], lse)), D.exp(D.sub(x[1], lse)), D.exp(D.sub(x[2], lse))];
      return dirichletLogPdf(D, p, [D.exp(x[3]), D.exp(x[4]), D.exp(x[5])]);
    },
    sample: any,
  },
  {
    name: 'MvNormal', dim: 6,
    f: (D, x) => {
      // cov = A Aᵀ + I with A lower-triangular from x[2..4]; mean from x[5]
      const a = [[x[2], 0], [x[3], x[4]]];
      const cov: Real[][] = [[0, 0], [0, 0]];
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++)
          cov[i][j] = D.add(D.add(D.mul(a[i][0], a[j][0]), D.mul(a[i][1], a[j][1])), i === j ? 1 : 0);
      return mvNormalLogPdf(D, [x[0], x[1]], [x[5], D.mul(0.5, x[5])], cov);
    },
    sample: any,
  },
  { name: 'Bernoulli true', dim: 1, f: (D, [p]) => bernoulliLogPmf(D, true, D.logistic(p)), sample: any },
  { name: 'Bernoulli false', dim: 1, f: (D, [p]) => bernoulliLogPmf(D, false, D.logistic(p)), sample: any },
  { name: 'Categorical', dim: 3, f: (D, w) => categoricalLogPmf(D, 1, [D.exp(w[0]), D.exp(w[1]), D.exp(w[2]), 0.5]), sample: any },
  { name: 'Poisson', dim: 1, f: (D, [r]) => poissonLogPmf(D, 7, r), sample: pos },
  { name: 'Binomial', dim: 1, f: (D, [p]) => binomialLogPmf(D, 3, 10, p), sample: unit },
  { name: 'Geometric', dim: 1, f: (D, [p]) => geometricLogPmf(D, 4, p), sample: unit },
];

describe('reverse-mode AD against 8th-order finite differences (1e-8 relative)', () => {
  const rng = new Rng('ad-tests');
  for (const c of cases) {
    it(c.name, () => {
      for (let rep = 0; rep < 8; rep++) {
        const x = new Float64Array(c.dim);
        for (let i = 0; i < c.dim; i++) x[i] = c.sample(rng);
        expectGradientMatches(c.f, x, c.name);
      }
    });
  }
});

describe('special functions', () => {
  it('lgamma matches known values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(100) / 359.1342053695754).toBeCloseTo(1, 14);
    expect(lgamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
  });
  it('digamma and trigamma match known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    expect(digamma(-0.5)).toBeCloseTo(0.03648997397857652, 12);
    expect(trigamma(1)).toBeCloseTo((Math.PI * Math.PI) / 6, 13);
    expect(trigamma(0.5)).toBeCloseTo((Math.PI * Math.PI) / 2, 13);
    expect(trigamma(30)).toBeCloseTo(trigamma30(), 13);
  });
});

// ψ′(30) = π²/6 − Σ_{k=1}^{29} 1/k²
function trigamma30(): number {
  let s = (Math.PI * Math.PI) / 6;
  for (let k = 1; k < 30; k++) s -= 1 / (k * k);
  return s;
}

describe('tape', () => {
  it('is reused across evaluations without growing or changing results', () => {
    const t = new Tape();
    const f: DomainFunction = (D, [a, b]) => D.mul(D.exp(a), D.sin(b));
    const target = targetFromDomainFunction(2, f);
    const g1 = new Float64Array(2);
    const g2 = new Float64Array(2);
    const v1 = target.logDensityAndGradient(Float64Array.of(0.3, 0.7), g1);
    target.logDensityAndGradient(Float64Array.of(-1, 2), g2);
    const v3 = target.logDensityAndGradient(Float64Array.of(0.3, 0.7), g2);
    expect(v3).toBe(v1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
    expect(g1[0]).toBeCloseTo(Math.exp(0.3) * Math.sin(0.7), 15);
    expect(g1[1]).toBeCloseTo(Math.exp(0.3) * Math.cos(0.7), 15);
    // handles are pooled: the same node index gives the same object after reset
    t.reset();
    const [a1] = t.inputs([1, 2]);
    t.reset();
    const [a2] = t.inputs([3, 4]);
    expect(a1).toBe(a2);
    expect(t.value(a2)).toBe(3);
  });

  it('grows past its initial capacity', () => {
    const f: DomainFunction = (D, [a]) => {
      let s: Real = 0;
      for (let i = 0; i < 5000; i++) s = D.add(s, D.mul(a, i));
      return s;
    };
    const { value, grad } = gradient(f, Float64Array.of(2));
    expect(value).toBe(2 * (4999 * 5000) / 2);
    expect(grad[0]).toBe((4999 * 5000) / 2);
  });

  it('constants make no nodes, and the plain domain computes the same values', () => {
    const t = new Tape();
    t.reset();
    const D: Domain = t;
    expect(D.add(D.mul(2, 3), D.exp(0))).toBe(7);
    expect(t.size).toBe(0);
    expect(plain.logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(D.logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('log densities take their textbook values and are -Infinity outside the support', () => {
    expect(normalLogPdf(plain, 0, 0, 1)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 15);
    expect(gammaLogPdf(plain, 2, 3, 1.5)).toBeCloseTo(3 * Math.log(1.5) - lgamma(3) + 2 * Math.log(2) - 3, 14);
    expect(betaLogPdf(plain, 0.3, 2, 3)).toBeCloseTo(Math.log(12 * 0.3 * 0.7 * 0.7), 14);
    expect(betaLogPdf(plain, 0, 1, 3)).toBeCloseTo(Math.log(3), 14);
    expect(exponentialLogPdf(plain, -1, 2)).toBe(-Infinity);
    expect(uniformLogPdf(plain, 3, 0, 2)).toBe(-Infinity);
    expect(dirichletLogPdf(plain, [0.2, 0.8], [1, 1])).toBeCloseTo(0, 14);
    expect(mvNormalLogPdf(plain, [1, 2], [0, 0], [[1, 0], [0, 4]])).toBeCloseTo(
      normalLogPdf(plain, 1, 0, 1) as number + (normalLogPdf(plain, 2, 0, 2) as number), 14);
    expect(mvNormalLogPdf(plain, [1, 2], [0, 0], [[1, 2], [2, 1]])).toBe(-Infinity);
    expect(categoricalLogPmf(plain, 2, [1, 1, 2])).toBeCloseTo(Math.log(0.5), 15);
    expect(poissonLogPmf(plain, 0, 0)).toBe(0);
  });
});

describe('random expression DAGs (200 programs of 25 operations over 3 inputs)', () => {
  // Each step applies a random operation to earlier values (inputs or results), through wrappers that keep
  // arguments in each operation's domain (log of 1 + u², division by 1 + u², …), so every program is
  // smooth at every point; the output sums a few late values so that fan-out and reuse are common.
  type Op = (D: Domain, a: Real, b: Real) => Real;
  const pos = (D: Domain, u: Real) => D.add(1, D.square(u));
  const squash = (D: Domain, u: Real) => D.mul(2, D.sin(D.mul(0.5, u)));
  const ops: Op[] = [
    (D, a, b) => D.add(a, b),
    (D, a, b) => D.sub(a, b),
    (D, a, b) => D.mul(a, b),
    (D, a, b) => D.div(a, pos(D, b)),
    (D, a) => D.neg(a),
    (D, a) => D.exp(squash(D, a)),
    (D, a) => D.log(pos(D, a)),
    (D, a) => D.log1p(D.square(a)),
    (D, a) => D.expm1(squash(D, a)),
    (D, a) => D.sqrt(pos(D, a)),
    (D, a, b) => D.pow(pos(D, a), squash(D, b)),
    (D, a) => D.sin(a),
    (D, a) => D.cos(a),
    (D, a) => D.tan(D.mul(0.5, squash(D, a))),
    (D, a, b) => D.atan2(a, pos(D, b)),
    (D, a) => D.lgamma(pos(D, a)),
    (D, a) => D.digamma(pos(D, a)),
    (D, a, b) => D.logSumExp([squash(D, a), b, 0.25]),
    (D, a) => D.logistic(a),
    (D, a) => D.log1pExp(a),
    (D, a, b) => D.dot([a, b], [b, 0.5]),
    (D, a, b) => D.sum([a, b, a]),
  ];
  const rng = new Rng('random-dags');
  const programs: { f: DomainFunction; x: Float64Array }[] = [];
  for (let p = 0; p < 200; p++) {
    const plan: [number, number, number][] = [];
    for (let s = 0; s < 25; s++) {
      const avail = 3 + s;
      plan.push([Math.floor(rng.uniform() * ops.length), Math.floor(rng.uniform() * avail), Math.floor(rng.uniform() * avail)]);
    }
    const f: DomainFunction = (D, x) => {
      const vals: Real[] = [x[0], x[1], x[2]];
      for (const [o, i, j] of plan) {
        // keep magnitudes moderate so that exp/pow chains stay in range
        vals.push(squash(D, ops[o](D, vals[i], vals[j])));
      }
      return D.add(D.add(vals[vals.length - 1], vals[vals.length - 4]), D.mul(0.5, vals[vals.length - 9]));
    };
    const x = Float64Array.from({ length: 3 }, () => 2 * rng.normal());
    programs.push({ f, x });
  }
  it('all agree with finite differences', () => {
    programs.forEach(({ f, x }, p) => expectGradientMatches(f, x, `program ${p}`));
  });
});
