// The inline variants of compiled code (compiler/codegen.ts Mode) against the standard convention: SMC on the
// prior-sampling variant gives the very same particles as on request-answering code (same seed, same draws),
// MH on the absorbing variant the same chain; errors and rejections are those of the standard path.
import { describe, expect, it } from 'vitest';
import { syntheticSpan } from '../../lang/index.js';
import { engines, toModel, type InferCall } from '../../runtime/index.js';
import { errorMessage as message, load, type Loaded } from './ppl-helpers.js';

type Variant = 'standard' | 'inline';

/** `fn` of a loaded program under `engine`, on the standard model or on its inline variant. */
function run(l: Loaded, fn: string, engine: 'SMC' | 'MH', options: Record<string, unknown>, variant: Variant, seed = 3): any {
  const f = l.inst.fns[fn] as Function & { $P?: Function; $O?: Function };
  const inl = engine === 'SMC' ? f.$P : f.$O;
  expect(inl, `the ${engine} variant of ${fn} was generated`).toBeTypeOf('function');
  const call: InferCall = {
    model: toModel(f),
    priorModel: variant === 'inline' && engine === 'SMC' ? (f.$P as any) : undefined,
    absorbModel: variant === 'inline' && engine === 'MH' ? (f.$O as any) : undefined,
    options,
    exec: { mem: null, seedPath: String(seed), inferCounts: null },
    seed: String(seed),
    span: syntheticSpan('t.ppl'),
    sites: l.compiled.sites,
  };
  return engines[engine]!.run(call);
}

/** Runs `fn` both ways; returns both results. */
function both(src: string, fn: string, engine: 'SMC' | 'MH', options: Record<string, unknown>): [any, any] {
  const l = load(src);
  return [run(l, fn, engine, options, 'standard'), run(l, fn, engine, options, 'inline')];
}


// Models that exercise the variants: fused and unfused distributions, helper functions with random choices,
// branches and while loops that sample, factor and condition, lambdas and higher-order built-ins, mem.
const MODELS = `
let ys = [0.3, -0.5, 1.2, 0.8, -0.1, 0.4];
fn step(x: Real) -> Real { sample(Normal(0.8 * x, 1.0)) }
fn ssm() -> Real {
  var x = 0.0;
  for t in 0..6 {
    x = step(x);
    let d = Normal(x, 0.7);
    observe(d, ys[t]);
  }
  x
}
fn mixed() -> (Int, Real) {
  let k ~ Categorical([0.2, 0.5, 0.3]);
  var s = 0.0;
  var i = 0;
  while i <= k {
    let u ~ Uniform(-1.0, 1.0);
    s = s + u;
    i = i + 1;
  }
  if k == 2 { factor(-0.5) } else { observe(Normal(s, 1.0), 0.25) }
  condition(s > -1.5);
  let g = mem(fn(j: Int) -> Real { sample(Gamma(2.0, 1.0)) });
  let zs = map([0, 1, 0], fn(j: Int) -> Real { g(j) + 0.0 });
  observe(Exponential(1.0), zs[0] + zs[2]);
  (k, s + zs[1])
}
let a = infer(ssm, SMC(particles: 10));
let b = infer(mixed, MH(samples: 10));
`;

describe('inline variants give the same results as the standard convention', () => {
  for (const [fn, options] of [['ssm', { particles: 300 }], ['mixed', { particles: 300 }], ['mixed', { particles: 200, ess: 0.5 }]] as const) {
    it(`SMC ${fn} ${JSON.stringify(options)}: the same particles, weights and log evidence`, () => {
      const [s, i] = both(MODELS, fn, 'SMC', options);
      expect(i.logZ()).toBe(s.logZ());
      expect(i.samples(50)).toEqual(s.samples(50));
      expect(i.mean()).toEqual(s.mean());
    });
  }

  for (const fn of ['ssm', 'mixed']) {
    it(`MH ${fn}: the same chain (up to the order in which log weights are summed)`, () => {
      const [s, i] = both(MODELS, fn, 'MH', { samples: 2000, burn: 200 });
      const a = s.samples(2000) as unknown[];
      const b = i.samples(2000) as unknown[];
      const flat = (v: unknown): number[] => (typeof v === 'number' ? [v] : (v as { items: unknown[] }).items.flatMap(flat));
      const x = a.flatMap(flat);
      const y = b.flatMap(flat);
      expect(y.length).toBe(x.length);
      for (let j = 0; j < x.length; j++) expect(Math.abs(y[j]! - x[j]!)).toBeLessThan(1e-9);
      expect(i.acceptanceRate).toBe(s.acceptanceRate);
    });
  }

  it('the prior variant builds no addresses and no Normal objects for fused draws and observations', () => {
    const l = load(MODELS);
    const src = l.compiled.source;
    const body = src.slice(src.indexOf('function f_ssm$c$P'), src.indexOf('function', src.indexOf('function f_ssm$c$P') + 10));
    expect(body).not.toContain('$Addr');
    expect(body).not.toContain('$B.Normal');
    expect(body).toContain('$observed(');
    const step = src.slice(src.indexOf('function f_step$c$P'), src.indexOf('function', src.indexOf('function f_step$c$P') + 10));
    expect(step).toContain('$h.normalDraw($I.rng');
  });
});

describe('errors and rejections in the inline variants are those of the standard path', () => {
  const bad = `
fn nanObs() -> Real { let m ~ Normal(0.0, 1.0); observe(Normal(m, 1.0), 0.0 / 0.0); m }
fn badSd() -> Real { let m ~ Normal(0.0, 1.0); observe(Normal(m, m - m - 1.0), 0.5); m }
fn badDraw() -> Real { let s = -1.0; let m ~ Normal(0.0, s); m }
fn poleObs() -> Real { let m ~ Normal(0.0, 1.0); observe(Beta(0.5, 0.5), 0.0); m }
fn nanFactor() -> Real { let m ~ Normal(0.0, 1.0); factor(0.0 / 0.0); m }
fn never() -> Real { let m ~ Normal(0.0, 1.0); condition(m > 100.0); m }
fn ok() -> Real { let m ~ Normal(0.0, 1.0); observe(Normal(m, 1.0), 0.5); m }
let a = infer(ok, SMC(particles: 10));
let b = infer(ok, MH(samples: 10));
`;
  for (const engine of ['SMC', 'MH'] as const) {
    for (const fn of ['nanObs', 'badSd', 'badDraw', 'poleObs', 'nanFactor', 'never']) {
      it(`${engine} ${fn}`, () => {
        const l = load(bad);
        const opts = engine === 'SMC' ? { particles: 20 } : { samples: 20 };
        const s = message(() => run(l, fn, engine, opts, 'standard'));
        const i = message(() => run(l, fn, engine, opts, 'inline'));
        expect(i).toBe(s);
      });
    }
  }

  it('a rejection names its condition in the zero-evidence message', () => {
    const l = load(bad);
    expect(message(() => run(l, 'never', 'MH', { samples: 20 }, 'inline'))).toMatch(/rejected by `condition`/);
  });
});

describe('programs run through `infer` use the inline variants, nested infers included', () => {
  it('an SMC inside an MH model (registers restored around the inner infer)', () => {
    const l = load(`
fn inner(m: Real) -> Real { let x ~ Normal(m, 1.0); observe(Normal(x, 0.5), 1.0); x }
fn outer() -> Real {
  let m ~ Normal(0.0, 1.0);
  observe(Normal(m, 1.0), 0.5);
  let d = infer(fn() -> Real { inner(m) }, SMC(particles: 50));
  observe(Normal(mean(d), 1.0), 0.7);
  m
}
print(mean(infer(outer, MH(samples: 300, burn: 50))));
`);
    expect(l.printed).toHaveLength(1);
    expect(typeof l.printed[0]).toBe('number');
  });
});
