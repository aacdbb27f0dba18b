// NUTS on tensor models against the closed form: Bayesian linear regression on 200 points × 3 features
// (examples/tensor-regression.ppl), with the coefficients as one tensor-valued choice or as three scalar
// choices packed by `vector`, on the float64 path and with every contraction forced through tensorflow.js
// (float32). Posterior means and sds within 5 Monte Carlo standard errors (the project's ESS).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chainsMean, chainsSd, mcseMean, mcseSd } from '../../runtime/diagnostics/index.js';
import { Tensor, loadTensorBackend, setTfjsMinWork } from '../../stdlib/index.js';
import { printed } from './smc-helpers.js';

const source = readFileSync('examples/tensor-regression.ppl', 'utf8');
const ys = source.slice(source.indexOf('vector([') + 'vector(['.length, source.indexOf(']);')).split(',').map(Number);

/** N(Λ⁻¹Xᵀy, Λ⁻¹), Λ = XᵀX + I/100, for the example's design X_i = (1, sin i, cos 0.7i) and unit noise. */
function closedForm(): { mean: number[]; sd: number[] } {
  const L = [[0.01, 0, 0], [0, 0.01, 0], [0, 0, 0.01]];
  const b = [0, 0, 0];
  ys.forEach((y, i) => {
    const x = [1, Math.sin(i), Math.cos(0.7 * i)];
    for (let a = 0; a < 3; a++) {
      b[a]! += x[a]! * y;
      for (let c = 0; c < 3; c++) L[a]![c]! += x[a]! * x[c]!;
    }
  });
  const m = L as number[][];
  const det = m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const cof = (r: number, c: number): number => {
    const rs = [0, 1, 2].filter((k) => k !== c);
    const cs = [0, 1, 2].filter((k) => k !== r);
    const s = (r + c) % 2 === 0 ? 1 : -1;
    return s * (m[rs[0]!]![cs[0]!]! * m[rs[1]!]![cs[1]!]! - m[rs[0]!]![cs[1]!]! * m[rs[1]!]![cs[0]!]!) / det;
  };
  const inv = [0, 1, 2].map((r) => [0, 1, 2].map((c) => cof(r, c)));
  return { mean: inv.map((row) => row.reduce((s, v, j) => s + v * b[j]!, 0)), sd: [0, 1, 2].map((i) => Math.sqrt(inv[i]![i]!)) };
}

const exact = closedForm();

/** Coordinate i of tensor draws, one Float64Array per chain. */
function coord(d: { chains: readonly (readonly unknown[])[] }, i: number): Float64Array[] {
  return d.chains.map((c) => Float64Array.from(c, (v) => (v as Tensor).data[i]!));
}

function check(d: any): void {
  expect(d.n).toBe(2000);
  for (const i of [0, 1, 2]) {
    const c = coord(d, i);
    expect(Math.abs(chainsMean(c) - exact.mean[i]!), `mean ${i}`).toBeLessThan(5 * mcseMean(c));
    expect(Math.abs(chainsSd(c) - exact.sd[i]!), `sd ${i}`).toBeLessThan(5 * mcseSd(c));
  }
  expect(d.divergences).toBe(0);
  expect(d.ess()).toBeGreaterThan(800);
}

const tensorChoice = source.replace(/print\(mean\(infer\(model, NUTS\(samples: 1000, warmup: 500\)\)\)\);/, 'print(infer(model, NUTS(samples: 1000, warmup: 500, chains: 2)));');
const scalarChoices = tensorChoice.replace('let w ~ Normal(vector([0.0, 0.0, 0.0]), 10.0);',
  'let w0 ~ Normal(0.0, 10.0);\n  let w1 ~ Normal(0.0, 10.0);\n  let w2 ~ Normal(0.0, 10.0);\n  let w = vector([w0, w1, w2]);');

describe('NUTS on tensor regression (200 × 3) vs the closed form', () => {
  it('closed form as in the example header', () => {
    expect(exact.mean.map((x) => x.toFixed(4))).toEqual(['1.5752', '-1.9266', '0.6531']);
    expect(exact.sd.map((x) => x.toFixed(4))).toEqual(['0.0707', '0.1002', '0.0999']);
  });

  it('a tensor-valued choice w ~ Normal(vector(0), 10), float64 path', () => {
    expect(tensorChoice).not.toBe(source);
    check(printed(tensorChoice)[0]);
  });

  it('three scalar choices packed by vector([w0, w1, w2])', () => {
    expect(scalarChoices).not.toBe(tensorChoice);
    check(printed(scalarChoices)[0]);
  });

  describe('every contraction through tensorflow.js (float32)', () => {
    let old = 0;
    beforeAll(async () => {
      await loadTensorBackend();
      old = setTfjsMinWork(0);
    });
    afterAll(() => void setTfjsMinWork(old));
    it('agrees with the closed form too, and reproduces bit for bit', () => {
      const a = printed(tensorChoice)[0];
      check(a);
      const b = printed(tensorChoice)[0];
      expect(coord(b, 0)).toEqual(coord(a, 0));
    }, 60_000);
  });
});
