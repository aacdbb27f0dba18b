// Tensors: values and errors of the tensor built-ins through the real compiler, the vectorised Normal log
// density against the sum of scalar ones (1e-12), gradients through the tensor ops on the tape against central
// finite differences (1e-8 relative, float64 path), the tensorflow.js path (float32: tolerances from float32
// rounding), and start-up: a scalar program never imports @tensorflow, a tensor program does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Normal, NormalDist, Tensor, TensorNormalDist, loadTensorBackend, matvec, setTfjsMinWork, tensor, tensorBackend, vector, vectorOf,
} from '../../stdlib/index.js';
import { Rng } from '../../runtime/index.js';
import { Tape, adDot, adMatrix, adMatvec, adNormalLogDensity, adToArray, adVector, type Real } from '../../runtime/ad/index.js';
import { checkSource } from '../../lang/index.js';
import { compileProgram } from '../../compiler/index.js';
import { output } from './ppl-helpers.js';

/** Deterministic test data: an n × d design and a response. */
function data(n: number, d: number, seed = 'tensors'): { X: Tensor; y: Tensor; rows: number[][] } {
  const r = new Rng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => r.normal()));
  const y = vectorOf(Array.from({ length: n }, () => 3 * r.normal()));
  return { X: tensor(rows), y, rows };
}

describe('tensor built-ins in .ppl', () => {
  it('construct, multiply, reduce and convert', () => {
    expect(output(`
      let X = tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
      let w = vector([0.5, -1.0]);
      print(matvec(X, w));
      print(toArray(matvec(X, w)));
      print(dot(w, vector([2.0, 3.0])));
      print(X);
      print(toArray(X));
    `)).toEqual([
      'tensor([-1.5, -2.5, -3.5])', '[-1.5, -2.5, -3.5]', '-2', 'tensor([[1, 2], [3, 4], [5, 6]])', '[1, 2, 3, 4, 5, 6]',
    ]);
  });

  it('Normal over a tensor: logProb is the sum of the scalar log densities; samples and mean are tensors', () => {
    const [lp, sum, m] = output(`
      let mu = vector([0.0, 1.0, -2.0]);
      print(logProb(Normal(mu, 2.0), vector([0.5, 0.5, 0.5])));
      print(logProb(Normal(0.0, 2.0), 0.5) + logProb(Normal(1.0, 2.0), 0.5) + logProb(Normal(-2.0, 2.0), 0.5));
      print(mean(Normal(mu, vector([1.0, 2.0, 3.0]))));
    `);
    expect(Number(lp)).toBeCloseTo(Number(sum), 12);
    expect(m).toBe('tensor([0, 1, -2])');
  });

  it('results over tensors print with tensor moments (mean and sd elementwise)', () => {
    const [d, n] = output(`
      let y = vector([1.0, 2.0]);
      print(infer(fn() {
        let w ~ Normal(vector([0.0, 0.0]), 1.0);
        observe(Normal(w, 1.0), y);
        w
      }, Importance(samples: 100)));
      print(Normal(y, 2.0));
    `);
    expect(d).toMatch(/^Dist\{mean: tensor\(\[[-0-9.e]+, [-0-9.e]+\]\), sd: tensor\(\[[-0-9.e]+, [-0-9.e]+\]\), n: 100, ess: [0-9.e]+\}$/);
    expect(n).toBe('Normal(tensor([1, 2]), 2)');
  });

  it('shape errors are located runtime errors', () => {
    expect(() => output('let X = tensor([[1.0, 2.0], [3.0]]);')).toThrow(/row 1 has 1 elements but row 0 has 2/);
    expect(() => output('print(matvec(tensor([[1.0, 2.0]]), vector([1.0, 2.0, 3.0])));')).toThrow(/matvec: a matrix of shape \[1, 2\] times a vector of length 3/);
    expect(() => output('print(dot(vector([1.0]), vector([1.0, 2.0])));')).toThrow(/dot: vectors of lengths 1 and 2/);
    expect(() => output('print(logProb(Normal(vector([1.0, 2.0]), 1.0), vector([1.0])));')).toThrow(/a value of shape \[1\] for a distribution of shape \[2\]/);
    expect(() => output('print(Normal(vector([1.0, 2.0]), vector([1.0, -1.0])));')).toThrow(/sd must be positive, got -1 at element 1/);
    expect(() => output('print(matvec(vector([1.0]), vector([1.0])));')).toThrow(/must be a matrix, found a tensor of shape \[1\]/);
  });

  it('a tensor-valued model under Importance agrees with the conjugate posterior', () => {
    // a ~ N(0, 1); y ~ N(X·(a, a), 1) with X rows (1,2), (3,4), (5,6): posterior precision 1 + 9 + 49 + 121 = 180
    const [m, ess] = output(`
      let X = tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
      let d = infer(fn() {
        let a ~ Normal(0.0, 1.0);
        observe(Normal(matvec(X, vector([a, a])), 1.0), vector([3.0, 7.0, 11.0]));
        a
      }, Importance(samples: 50000));
      print(mean(d));
      print(ess(d));
    `);
    const post = 179 / 180;
    const sd = Math.sqrt(1 / 180);
    // 5 standard errors, with the weights' effective sample size
    expect(Number(ess)).toBeGreaterThan(1000);
    expect(Math.abs(Number(m) - post)).toBeLessThan(5 * sd / Math.sqrt(Number(ess)));
  });
});

describe('examples/tensor-importance.ppl', () => {
  it('estimates the closed-form posterior mean within 5 standard errors', () => {
    const [m, ess] = output(readFileSync('examples/tensor-importance.ppl', 'utf8'));
    const est = m!.slice('tensor(['.length, -2).split(', ').map(Number);
    const mean = [0.6281367698102063, 0.9936046082268675];
    const sd = [0.44188102868565876, 0.15468462046080841];
    for (const i of [0, 1]) expect(Math.abs(est[i]! - mean[i]!)).toBeLessThan(5 * sd[i]! / Math.sqrt(Number(ess)));
  });
});

describe('vectorised Normal log density', () => {
  const { X, y } = data(200, 3);
  const mu = matvec(X, vector([0.3, -1.2, 2.0]));
  it('equals the sum of scalar log densities (scalar sd) to 1e-12', () => {
    let s = 0;
    for (let i = 0; i < 200; i++) s += new NormalDist(mu.data[i]!, 1.7).logProb(y.data[i]!);
    const v = new TensorNormalDist(mu, 1.7).logProb(y);
    expect(Math.abs(v - s)).toBeLessThanOrEqual(1e-12 * Math.abs(s));
  });
  it('equals the sum of scalar log densities (tensor sd) to 1e-12', () => {
    const sd = vectorOf(Array.from({ length: 200 }, (_, i) => 0.5 + (i % 7) * 0.3));
    let s = 0;
    for (let i = 0; i < 200; i++) s += (Normal(mu.data[i]!, sd.data[i]!) as NormalDist).logProb(y.data[i]!);
    const v = new TensorNormalDist(mu, sd).logProb(y);
    expect(Math.abs(v - s)).toBeLessThanOrEqual(1e-12 * Math.abs(s));
  });
  it('samples one normal per element from the generator, in order', () => {
    const d = new TensorNormalDist(vector([1, 2, 3]), 0.5);
    const a = d.sample(new Rng('s'));
    const r = new Rng('s');
    expect(Array.from(a.data)).toEqual([1, 2, 3].map((m) => m + 0.5 * r.normal()));
  });
});

/** ∇f by central differences (f is smooth; h balances truncation and rounding). */
function finiteDiff(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xp = x.slice();
    const xm = x.slice();
    xp[i]! += h;
    xm[i]! -= h;
    g[i] = (f(xp) - f(xm)) / (2 * h);
  }
  return g;
}

function tapeGrad(f: (T: Tape, v: Real[]) => Real, x: Float64Array): { value: number; grad: Float64Array } {
  const T = new Tape();
  const vars = T.inputs(x);
  const out = f(T, vars);
  const grad = new Float64Array(x.length);
  const value = T.gradient(out, grad);
  return { value, grad };
}

/** Relative agreement: |a − b| ≤ tol · max(1, |b|) per coordinate. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  for (let i = 0; i < b.length; i++) {
    expect(Math.abs(a[i]! - b[i]!), `coordinate ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
  }
}

describe('gradients through tensor ops (float64)', () => {
  const { X, y } = data(50, 3, 'grad');
  const plainLp = (x: Float64Array): number =>
    new TensorNormalDist(matvec(X, vectorOf(x.subarray(0, 3))), x[3]!).logProb(y);
  const theta = Float64Array.from([0.4, -0.7, 1.1, 1.9]);

  it('observe(Normal(matvec(X, vector(w)), s), y): value and gradient vs finite differences', () => {
    const { value, grad } = tapeGrad((T, v) => {
      const w = adVector(T, v.slice(0, 3));
      return adNormalLogDensity(T, y, adMatvec(X, w) as never, v[3]!);
    }, theta);
    expect(value).toBe(plainLp(theta));
    expectClose(grad, finiteDiff(plainLp, theta), 1e-8);
  });

  it('the tensor as the random value (x depends on the tape) and a tensor sd', () => {
    const mu = matvec(X, vector([0.1, 0.2, 0.3]));
    const f = (x: Float64Array) => new TensorNormalDist(mu, vectorOf(Array.from({ length: 50 }, (_, i) => x[1]! + 0.01 * i))).logProb(matvec(X, vectorOf([x[0]!, x[0]! * x[0]!, 1])));
    const th = Float64Array.from([0.8, 2.5]);
    const { value, grad } = tapeGrad((T, v) => {
      const sd = adVector(T, Array.from({ length: 50 }, (_, i) => T.add(v[1]!, 0.01 * i)));
      const x = adMatvec(X, adVector(T, [v[0]!, T.mul(v[0]!, v[0]!), 1]));
      return adNormalLogDensity(T, x, mu, sd);
    }, th);
    expect(Math.abs(value - f(th))).toBeLessThanOrEqual(1e-12 * Math.abs(value));
    expectClose(grad, finiteDiff(f, th), 1e-8);
  });

  it('dot, toArray of a product, and a matrix built from tape values (outer-product backward pass)', () => {
    const f = (x: Float64Array) => {
      const M = tensor([[x[0]!, 2], [x[1]!, x[0]! * x[1]!], [1, -x[1]!]]);
      const v = vectorOf([Math.sin(x[0]!), x[1]!]);
      const mv = matvec(M, v);
      const a = Array.from(mv.data);
      return a[0]! * a[1]! + Math.exp(0.1 * a[2]!) + (a[0]! * 1 + a[1]! * 2 + a[2]! * 3);
    };
    const th = Float64Array.from([0.6, -1.3]);
    const { value, grad } = tapeGrad((T, v) => {
      const M = adMatrix(T, [[v[0]!, 2], [v[1]!, T.mul(v[0]!, v[1]!)], [1, T.neg(v[1]!)]]);
      const vv = adVector(T, [T.sin(v[0]!), v[1]!]);
      const mv = adMatvec(M, vv);
      const a = adToArray(T, mv);
      return T.add(T.add(T.mul(a[0]!, a[1]!), T.exp(T.mul(0.1, a[2]!))), adDot(T, mv, vector([1, 2, 3])));
    }, th);
    expect(Math.abs(value - f(th))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
    expectClose(grad, finiteDiff(f, th), 1e-8);
  });

  it('one observe over n points is one tape node (plus the inputs and the vector), whatever n', () => {
    const big = data(5000, 3, 'big');
    const T = new Tape();
    const v = T.inputs(Float64Array.from([0.1, 0.2, 0.3, 1.5]));
    adNormalLogDensity(T, big.y, adMatvec(big.X, adVector(T, v.slice(0, 3))) as never, v[3]!);
    expect(T.size).toBe(5);
  });
});

describe('the tensorflow.js path (float32)', () => {
  let old = 0;
  beforeAll(async () => {
    await loadTensorBackend();
    old = setTfjsMinWork(0);
  });
  afterAll(() => void setTfjsMinWork(old));

  it('loads the wasm backend (tfjs-node is absent or has no native binary here: the fallback is clean)', () => {
    expect(['wasm', 'tensorflow']).toContain(tensorBackend());
  });

  it('matvec agrees with float64 within float32 rounding, and is reproducible bit for bit', () => {
    const { X, rows } = data(300, 4, 'tf');
    const w = [0.3, -1.1, 2.5, 0.01];
    const a = matvec(X, vector(w));
    const b = matvec(X, vector(w));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    // float32 results: every element is a float32 number, so the tfjs path did run
    expect(Array.from(a.data).every((x) => Math.fround(x) === x)).toBe(true);
    const eps32 = 2 ** -24;
    for (let i = 0; i < 300; i++) {
      let exact = 0;
      let mag = 0;
      for (let j = 0; j < 4; j++) {
        exact += rows[i]![j]! * w[j]!;
        mag += Math.abs(rows[i]![j]! * w[j]!);
      }
      // inputs rounded to float32 (2 roundings per product), one rounding per product and per addition
      expect(Math.abs(a.data[i]! - exact)).toBeLessThanOrEqual((4 + 4) * eps32 * mag);
    }
  });

  it('gradients through tfjs contractions match finite differences of the float64 density within float32 rounding', () => {
    const { X, y } = data(400, 3, 'tfgrad');
    const theta = Float64Array.from([0.4, -0.7, 1.1, 1.9]);
    const T = new Tape();
    const v = T.inputs(theta);
    const out = adNormalLogDensity(T, y, adMatvec(X, adVector(T, v.slice(0, 3))) as never, v[3]!);
    const grad = new Float64Array(4);
    T.gradient(out, grad);
    setTfjsMinWork(Infinity);
    const f = (x: Float64Array) => new TensorNormalDist(matvec(X, vectorOf(x.subarray(0, 3))), x[3]!).logProb(y);
    const fd = finiteDiff(f, theta);
    setTfjsMinWork(0);
    // ∂/∂w = Xᵀ(y − Xw)/s², with Xw and the contraction in float32: relative error ~ n·eps32·Σ|terms| / |result|;
    // here that is below 1e-4 of the gradient's scale (the float64 path meets 1e-8, above)
    const scale = Math.max(...Array.from(fd, Math.abs));
    for (let i = 0; i < 4; i++) expect(Math.abs(grad[i]! - fd[i]!)).toBeLessThanOrEqual(1e-4 * scale);
  });
});

describe('start-up: tensorflow.js is imported only by programs that use tensors', () => {
  const compiled = (src: string) => {
    const checked = checkSource(src, 't.ppl');
    expect(checked.diagnostics).toEqual([]);
    return compileProgram(checked.program);
  };
  it('the compiler knows statically whether a program mentions a tensor built-in (called or as a value)', () => {
    expect(compiled('print(infer(fn() { flip(0.5) }, Enumerate));').usesTensors).toBe(false);
    expect(compiled('fn f(xs: [Real]) -> Real { dot(vector(xs), vector(xs)) }').usesTensors).toBe(true);
    expect(compiled('let vs = map([[1.0], [2.0]], vector);').usesTensors).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'ppl-tensors-'));
  const hook = join(dir, 'hook.mjs');
  writeFileSync(hook, `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(s, c, n) { if (s.includes('@tensorflow')) console.error('IMPORT ' + s); return n(s, c); }\`));
`);
  const run = (file: string) => spawnSync('node', ['--import', hook, 'bin/ppl.mjs', 'run', file], { encoding: 'utf8' });

  it('a scalar program (examples/linear-regression-nuts.ppl) imports nothing from @tensorflow', () => {
    const r = run('examples/linear-regression-nuts.ppl');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/IMPORT @tensorflow/);
  });
  it('a tensor program (examples/tensor-regression.ppl) does, and prints only its output', () => {
    const r = run('examples/tensor-regression.ppl');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/IMPORT @tensorflow/);
    expect(r.stdout).toBe('tensor([1.57618816974042, -1.92211938125654, 0.653785664401762])\n');
  });
});
