// The batched variant of models for SMC (compiler/batch.ts, runtime/engines/smc.ts `runBatch`): which functions
// get one; that it gives the very same population as the prior-sampling variant when each step between
// conditioning statements is one particle loop (same draws in the same order); that it agrees in distribution
// (over many seeds) when it draws in another order; and that its errors are those of the per-particle path.
import { describe, expect, it } from 'vitest';
import { syntheticSpan } from '../../lang/index.js';
import { engines, toModel, type InferCall } from '../../runtime/index.js';
import { errorMessage as message, load, type Loaded } from './ppl-helpers.js';

type Variant = 'prior' | 'batch';
type Fn = Function & { $P?: Function; $V?: Function };

function run(l: Loaded, fn: string, options: Record<string, unknown>, variant: Variant, seed = 3): any {
  const f = l.inst.fns[fn] as Fn;
  if (variant === 'batch') expect(f.$V, `the batched variant of ${fn} was generated`).toBeTypeOf('function');
  const call: InferCall = {
    model: toModel(f),
    priorModel: f.$P as any,
    batchModel: variant === 'batch' ? (f.$V as any) : undefined,
    options,
    exec: { mem: null, seedPath: String(seed), inferCounts: null },
    seed: String(seed),
    span: syntheticSpan('t.ppl'),
    sites: l.compiled.sites,
  };
  return engines.SMC!.run(call);
}


const MODELS = `
let ys = [0.3, -0.5, 1.2, 0.8, -0.1, 0.4];
let flips = [true, true, false, true, true, false, true, true];
fn step(x: Real) -> Real { sample(Normal(0.8 * x, 1.0)) }
fn twice(x: Real) -> Real { step(step(x)) }
fn ssm() -> Real {
  var x = 0.0;
  for t in 0..6 {
    x = sample(Normal(0.9 * x, 1.0));
    observe(Normal(x, 0.7), ys[t]);
  }
  x
}
fn ssmCalls() -> Real {
  var x = 0.0;
  for t in 0..6 {
    x = twice(x);
    let d = Normal(x, 0.7);
    observe(d, ys[t]);
  }
  x
}
fn coin() -> Real {
  let p ~ Beta(2.0, 2.0);
  for i in 0..8 { observe(Bernoulli(p), flips[i]); }
  p
}
fn wiggly() -> (Int, Real) {
  let k ~ Categorical([0.2, 0.5, 0.3]);
  var s = 0.0;
  var i = 0;
  while i <= k {
    let u ~ Uniform(-1.0, 1.0);
    s = s + u;
    i = i + 1;
  }
  if k == 2 { s = s * 2.0; } else { s = s - 0.1; }
  factor(-0.5 * s * s);
  condition(s > -1.5);
  var total = 0.0;
  for t in 0..3 {
    let e ~ Exponential(1.0 + toReal(k));
    total = total + e;
    if t % 2 == 0 { observe(Normal(s + total, 1.0), ys[t]); } else { factor(0.0 - total); }
  }
  (k, s + total)
}
fn record() -> {a: Real, b: Bool} {
  let a ~ Gamma(2.0, 1.0);
  let b ~ Bernoulli(0.3);
  observe(Poisson(a + 0.5), 2);
  {a: a, b: b}
}
fn twoDraws() -> Real {
  let a ~ Normal(0.0, 1.0);
  var x = a;
  for t in 0..4 {
    let b ~ Normal(x, 1.0);
    x = b;
    observe(Normal(x, 1.0), ys[t]);
  }
  a
}
fn mixture() -> Real {
  let z ~ Bernoulli(0.4);
  let m ~ Normal(0.0, 1.0);
  if z { observe(Normal(m, 1.0), 0.5); } else { observe(Normal(m, 2.0), 0.5); }
  m
}
fn randomLoop() -> Real {
  let m ~ Normal(0.0, 1.0);
  var i = 0.0;
  while i < m { observe(Normal(m, 1.0), 0.5); i = i + 1.0; }
  m
}
fn withParam(s: Real) -> Real { let m ~ Normal(0.0, s); observe(Normal(m, 1.0), 0.5); m }
fn usesMem() -> Real {
  let g = mem(fn(j: Int) -> Real { sample(Normal(0.0, 1.0)) });
  observe(Normal(g(1), 1.0), 0.5);
  g(1)
}
let a = infer(ssm, SMC(particles: 10));
`;

describe('which models are batched', () => {
  const l = load(MODELS);
  const has = (fn: string): boolean => typeof (l.inst.fns[fn] as Fn).$V === 'function';
  for (const fn of ['ssm', 'ssmCalls', 'coin', 'wiggly', 'record', 'twoDraws']) {
    it(`${fn}: every particle meets the same conditioning statements — batched`, () => expect(has(fn)).toBe(true));
  }
  for (const [fn, why] of [
    ['mixture', 'an observe under a random branch'],
    ['randomLoop', 'an observe in a loop whose condition is random'],
    ['withParam', 'parameters (infer runs functions of none)'],
    ['usesMem', 'memo tables belong to each execution'],
    ['step', 'a parameter'],
  ] as const) {
    it(`${fn}: not batched (${why})`, () => expect(has(fn)).toBe(false));
  }

  it('the batched SSM runs one loop per step, with its state in one per-particle array and no closures per particle', () => {
    const src = l.compiled.source;
    const start = src.indexOf('function* f_ssm$c$V');
    const end = src.indexOf('\nfunction', start + 1);
    const body = src.slice(start, end < 0 ? undefined : end);
    expect(body.match(/for \(let \$i = 0/g)).toHaveLength(2); // the initial `var x = 0.0` and the step
    expect(body.match(/new Array\(\$n\)/g)).toHaveLength(1);
    expect(body).toContain('yield ');
    expect(body).not.toContain('$Req');
    expect(body).not.toContain('$B.Normal'); // fused: no distribution objects
  });
});

describe('the batched variant gives the same population as the prior variant', () => {
  const l = load(MODELS);
  const cases: [string, Record<string, unknown>][] = [
    ['ssm', { particles: 500 }],
    ['ssmCalls', { particles: 300 }],
    ['coin', { particles: 400 }],
    ['coin', { particles: 400, resampling: 'multinomial' }],
    ['wiggly', { particles: 500, ess: 0.5 }],
    ['wiggly', { particles: 300, resampling: 'stratified' }],
    ['record', { particles: 200 }],
  ];
  for (const [fn, options] of cases) {
    it(`${fn} ${JSON.stringify(options)}: the same samples, weights and log evidence`, () => {
      const p = run(l, fn, options, 'prior');
      const b = run(l, fn, options, 'batch');
      expect(b.logZ()).toBe(p.logZ());
      expect(b.ess()).toBe(p.ess());
      expect(b.samples(100)).toEqual(p.samples(100));
      if (fn !== 'record' && fn !== 'wiggly') expect(b.mean()).toBe(p.mean());
    });
  }
});

describe('a lambda that calls a batched model with data is batched', () => {
  const src = `
let ys = [0.3, -0.5, 1.2, 0.8, -0.1, 0.4];
fn ssmP(data: [Real], s: Real) -> Real {
  var x = 0.0;
  for t in 0..len(data) {
    x = sample(Normal(0.9 * x, s));
    observe(Normal(x, 0.7), data[t]);
  }
  x
}
fn mk(s: Real) -> () -> Real { fn() -> Real { ssmP(ys, s) } }
fn other() -> () -> Real { fn() -> Real { let a = ssmP(ys, 1.0); a + 1.0 } }
let m = SMC(particles: 10);
`;
  const l = load(src);
  const mk = l.inst.fns.mk as (s: number) => Fn;
  const runLambda = (f: Fn, batch: boolean, seed: number): any => engines.SMC!.run({
    model: toModel(f),
    batchModel: batch ? (f.$V as any) : undefined,
    options: { particles: 300 },
    exec: { mem: null, seedPath: String(seed), inferCounts: null },
    seed: String(seed),
    span: syntheticSpan('t.ppl'),
    sites: l.compiled.sites,
  });
  it('gets a batched variant with its arguments bound when the lambda is made; the same population as unbatched', () => {
    const f = mk(0.8);
    expect(f.$V).toBeTypeOf('function');
    for (const seed of [1, 2]) {
      const a = runLambda(f, false, seed);
      const b = runLambda(f, true, seed);
      expect(b.logZ()).toBe(a.logZ());
      expect(b.samples(100)).toEqual(a.samples(100));
    }
    // another argument, another model
    expect(runLambda(mk(2.0), true, 1).logZ()).not.toBe(runLambda(f, true, 1).logZ());
  });
  it('a lambda that does more than call the model is not', () => {
    expect(((l.inst.fns.other as () => Fn)()).$V).toBeUndefined();
  });
});

describe('the batched variant agrees in distribution when it draws in another order', () => {
  // twoDraws: the first step draws `a` for every particle in one loop and then `b` in the next (the per-particle
  // path draws a, b for particle 1, then for particle 2, …): other draws, the same distribution. Over 40 seeds
  // each, the mean estimates and log evidences of the two paths must agree within 5 standard errors of their
  // difference (the standard errors from the spread over seeds).
  const l = load(MODELS);
  const stats = (variant: Variant): { m: number[]; z: number[] } => {
    const m: number[] = [];
    const z: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const d = run(l, 'twoDraws', { particles: 400 }, variant, seed);
      m.push(d.mean());
      z.push(d.logZ());
    }
    return { m, z };
  };
  const avg = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
  const se = (x: number[]): number => {
    const a = avg(x);
    return Math.sqrt(x.reduce((s, v) => s + (v - a) ** 2, 0) / (x.length - 1) / x.length);
  };
  it('posterior mean of a and log evidence over 40 seeds', () => {
    const p = stats('prior');
    const b = stats('batch');
    expect(b.m).not.toEqual(p.m);
    for (const k of ['m', 'z'] as const) {
      const diff = Math.abs(avg(b[k]) - avg(p[k]));
      const s = Math.hypot(se(b[k]), se(p[k]));
      expect(s).toBeGreaterThan(0);
      expect(diff).toBeLessThan(5 * s);
    }
  });
});

describe('errors in the batched variant are those of the per-particle path', () => {
  const bad = `
let xs = [1.0, 2.0];
fn nanObs() -> Real { let m ~ Normal(0.0, 1.0); observe(Normal(m, 1.0), 0.0 / 0.0); m }
fn badSd() -> Real { let m ~ Normal(0.0, 1.0); observe(Normal(m, m - m - 1.0), 0.5); m }
fn badDraw() -> Real { let s = -1.0; let m ~ Normal(0.0, s); observe(Normal(m, 1.0), 0.5); m }
fn poleObs() -> Real { let m ~ Normal(0.0, 1.0); observe(Beta(0.5, 0.5), 0.0); m }
fn nanFactor() -> Real { let m ~ Normal(0.0, 1.0); factor(0.0 / 0.0); m }
fn never() -> Real { let m ~ Normal(0.0, 1.0); condition(m > 100.0); m }
fn outOfRange() -> Real { let m ~ Normal(0.0, 1.0); let k = if m > 0.0 { 5 } else { 1 }; observe(Normal(m, 1.0), xs[k]); m }
fn deadSkipped() -> Real {
  let m ~ Normal(0.0, 1.0);
  condition(m > 0.0);
  observe(Normal(0.0, m), 0.5);
  m
}
fn ok() -> Real { let m ~ Normal(0.0, 1.0); observe(Normal(m, 1.0), 0.5); m }
let a = infer(ok, SMC(particles: 10));
`;
  const l = load(bad);
  for (const fn of ['nanObs', 'badSd', 'badDraw', 'poleObs', 'nanFactor', 'never', 'outOfRange']) {
    it(fn, () => {
      const opts = { particles: 20 };
      const p = message(() => run(l, fn, opts, 'prior'));
      const b = message(() => run(l, fn, opts, 'batch'));
      expect(b).toBe(p);
    });
  }

  it('a dead particle is never run again (its Normal(0, m) with m ≤ 0 would be an error)', () => {
    const opts = { particles: 200, ess: 0.01 };
    const p = run(l, 'deadSkipped', opts, 'prior');
    const b = run(l, 'deadSkipped', opts, 'batch');
    expect(b.logZ()).toBe(p.logZ());
    expect(b.mean()).toBe(p.mean());
    expect(b.mean()).toBeGreaterThan(0);
  });
});
