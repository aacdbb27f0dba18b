// Effect inference (language.md §3): pure < sampling < conditioning, flowing through calls,
// higher-order built-ins and user functions with function-typed (effect-polymorphic) parameters.
import { describe, expect, it } from 'vitest';
import { callsOf, checkOk, errorsOf, fnNamed, nodes } from './check-helpers.js';
import type { Lambda } from '../../lang/index.js';

describe('effects of calls', () => {
  it('map is as effectful as its function argument', () => {
    const p = checkOk(`
      let ps = [0.1, 0.5];
      let a = map(ps, fn(p) => flip(p));
      let b = map(ps, fn(x) => x + 1.0);
    `);
    expect(callsOf(p, 'map').map((c) => c.$effect)).toEqual(['sampling', 'pure']);
  });

  it('primitives have their own effects; infer is pure whatever its model does', () => {
    const p = checkOk(`
      fn m() -> Bool { let b = flip(0.5); observe(Bernoulli(0.5), b); condition(b); factor(0.0); b }
      let d = infer(m, Enumerate);
      let s = sample(Normal(0.0, 1.0));
      let t = tick(1.0);
    `);
    expect(callsOf(p, 'flip')[0]!.$effect).toBe('sampling');
    expect(callsOf(p, 'observe')[0]!.$effect).toBe('conditioning');
    expect(callsOf(p, 'condition')[0]!.$effect).toBe('conditioning');
    expect(callsOf(p, 'factor')[0]!.$effect).toBe('conditioning');
    expect(callsOf(p, 'infer')[0]!.$effect).toBe('pure');
    expect(callsOf(p, 'sample')[0]!.$effect).toBe('sampling');
    expect(callsOf(p, 'tick')[0]!.$effect).toBe('pure');
  });

  it('a call of a user fn has that fn\'s effect', () => {
    const p = checkOk(`
      fn coin() -> Bool { flip(0.5) }
      fn twice() -> Bool { coin() && coin() }
      fn pureAdd(x: Real) -> Real { x + 1.0 }
      let a = twice();
      let b = pureAdd(1.0);
    `);
    expect(callsOf(p, 'twice')[0]!.$effect).toBe('sampling');
    expect(callsOf(p, 'pureAdd')[0]!.$effect).toBe('pure');
  });
});

describe('effects of functions', () => {
  it('a function has the largest effect of what it does and calls', () => {
    const p = checkOk(`
      fn pure1(x: Real) -> Real { x * 2.0 }
      fn samples() -> Real { sample(Normal(0.0, 1.0)) }
      fn conditions() -> Real { let x = samples(); observe(Normal(x, 1.0), 0.5); x }
      fn viaCall() -> Real { conditions() + pure1(1.0) }
      fn viaTilde() -> Nat { let k ~ Poisson(1.0); k }
      fn viaExact() -> Real { let x ~ Normal(0.0, 1.0); x =:= 0.5; x }
      fn viaInfer() -> Real { mean(infer(conditions, Importance(samples: 10))) }
    `);
    const eff = (n: string): unknown => fnNamed(p, n).$effect;
    expect(['pure1', 'samples', 'conditions', 'viaCall', 'viaTilde', 'viaExact', 'viaInfer'].map(eff))
      .toEqual(['pure', 'sampling', 'conditioning', 'conditioning', 'sampling', 'conditioning', 'pure']);
  });

  it('mutually recursive functions share effects, in any order', () => {
    const p = checkOk(`
      fn a(n: Nat) -> Bool { if n == 0 { true } else { b(n / 2) } }
      fn b(n: Nat) -> Bool { if n == 0 { flip(0.5) } else { a(n / 2) } }
      fn c(n: Nat) -> Bool { if n == 0 { d(n) } else { c(n / 2) } }
      fn d(n: Nat) -> Bool { condition(n == 0); true }
    `);
    expect(['a', 'b', 'c', 'd'].map((n) => fnNamed(p, n).$effect)).toEqual(['sampling', 'sampling', 'conditioning', 'conditioning']);
  });

  it('function-typed parameters are effect-polymorphic', () => {
    const p = checkOk(`
      fn apply(f: (Real) -> Real, x: Real) -> Real { f(x) }
      fn twice(f: (Real) -> Real, x: Real) -> Real { apply(f, apply(f, x)) }
      let a = apply(fn(x) => x + 1.0, 1.0);
      let b = twice(fn(x) => x + sample(Normal(0.0, 1.0)), 1.0);
      fn model() -> Real { twice(fn(x) => { factor(x); x }, 0.0) }
    `);
    expect(callsOf(p, 'apply').map((c) => c.$effect).slice(-1)).toEqual(['pure']);
    expect(callsOf(p, 'twice').map((c) => c.$effect)).toEqual(['sampling', 'conditioning']);
    expect(fnNamed(p, 'model').$effect).toBe('conditioning');
    // Without knowing its argument, `apply` may do anything its argument does.
    expect(fnNamed(p, 'apply').$effect).toBe('conditioning');
    expect(typeof fnNamed(p, 'apply').$type).toBe('object');
  });

  it('lambdas carry their own effect', () => {
    const p = checkOk(`
      let f = fn() => flip(0.5);
      let g = fn(x: Real) => x * 2.0;
      let h = fn() { observe(Normal(0.0, 1.0), 1.0); 1.0 };
    `);
    const lams = nodes(p).filter((n) => n.kind === 'Lambda') as unknown as Lambda[];
    expect(lams.map((l) => l.$effect)).toEqual(['sampling', 'pure', 'conditioning']);
  });
});

describe('effect errors', () => {
  it('conditioning at top level is an error, sampling is fine', () => {
    expect(errorsOf('let x = flip(0.5);\nlet y ~ Normal(0.0, 1.0);')).toEqual([]);
    expect(errorsOf('factor(1.0);')).toEqual(['1:1 `factor` conditions the execution, which is only allowed inside a model run by `infer`']);
  });

  it('a top-level call of a conditioning higher-order function is an error', () => {
    expect(errorsOf('fn apply(f: (Real) -> Real, x: Real) -> Real { f(x) }\nlet v = apply(fn(x) => { factor(x); x }, 1.0);'))
      .toEqual(['2:9 this call of `apply` conditions the execution through its function argument, which is only allowed inside a model run by `infer`']);
  });

  it('print is rejected in sampling and conditioning code, also in lambdas', () => {
    expect(errorsOf('let f = fn() { let b = flip(0.5); print(b); b };')).toEqual([
      '1:35 `print` is only allowed in pure code and at top level, but this lambda samples (`flip` at 1:24)',
    ]);
    expect(errorsOf('fn f() -> Real { print(1); factor(0.0); 1.0 }')).toEqual([
      '1:18 `print` is only allowed in pure code and at top level, but `f` conditions (`factor` at 1:28)',
    ]);
    expect(errorsOf('fn f(g: () -> Real) -> Real { print(1); g() }')).toEqual([
      '1:31 `print` is only allowed in pure code and at top level, but `f` may sample or condition through a function argument',
    ]);
  });
});
