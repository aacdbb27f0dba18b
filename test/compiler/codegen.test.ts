// Generated code, end to end (checked source → IR → JavaScript → run): effect polymorphism across the direct
// and CPS conventions, closures that capture values, structural equality, loops, and located runtime errors.
import { describe, expect, it } from 'vitest';
import { output } from '../runtime/ppl-helpers.js';

describe('generated code', () => {
  it('effect-polymorphic functions work with pure and probabilistic arguments', () => {
    expect(output(`fn mapTwice(xs: [Real], f: (Real) -> Real) -> [Real] { map(xs, fn(x: Real) => f(f(x))) }
      print(mapTwice([1.0, 2.0], fn(x: Real) => x * 2.0));
      print(infer(fn() { mapTwice([0.0], fn(x: Real) => if flip(0.5) { x + 1.0 } else { x }) }, Enumerate));
      fn compose(f: (Nat) -> Nat, g: (Nat) -> Nat) -> (Nat) -> Nat { fn(x: Nat) => f(g(x)) }
      let h = compose(fn(x: Nat) => x + 1, fn(x: Nat) => x * 2);
      print(h(5));
      print(map([1, 2], h));
      print(infer(fn() { let k = compose(fn(x: Nat) => x + 1, fn(x: Nat) => if flip(0.5) { x } else { 0 }); k(3) }, Enumerate));`))
      .toEqual(['[4, 8]', 'Dist{[1]: 0.5, [2]: 0.25, [0]: 0.25}', '11', '[3, 5]', 'Dist{4: 0.5, 1: 0.5}']);
  });

  it('higher-order built-ins with probabilistic functions (CPS variants)', () => {
    expect(output(`print(infer(fn() { fold([1, 2, 3], 0, fn(a: Nat, x: Nat) => if flip(0.5) { a + x } else { a }) }, Enumerate));
      print(infer(fn() { len(filter([1, 2, 3], fn(x: Nat) => flip(0.5))) }, Enumerate));
      print(infer(fn() { any([1, 2], fn(x: Nat) => flip(0.5)) }, Enumerate));
      print(infer(fn() { all([1, 2], fn(x: Nat) => flip(0.5)) }, Enumerate));
      print(infer(fn() { sum(repeat(3, fn() => if flip(0.5) { 1 } else { 0 })) }, Enumerate));
      print(infer(fn() { mapIndexed([10, 20], fn(i: Nat, x: Nat) => if flip(0.5) { i } else { x }) }, Enumerate));`))
      .toEqual([
        'Dist{3: 0.25, 6: 0.125, 4: 0.125, 1: 0.125, 5: 0.125, 2: 0.125, 0: 0.125}',
        'Dist{2: 0.375, 1: 0.375, 3: 0.125, 0: 0.125}',
        'Dist{true: 0.75, false: 0.25}',
        'Dist{false: 0.75, true: 0.25}',
        'Dist{2: 0.375, 1: 0.375, 3: 0.125, 0: 0.125}',
        'Dist{[0, 1]: 0.25, [0, 20]: 0.25, [10, 1]: 0.25, [10, 20]: 0.25}',
      ]);
  });

  it('probabilistic built-ins used as values', () => {
    expect(output('print(infer(fn() { map([0.5, 0.5], flip) }, Enumerate));'))
      .toEqual(['Dist{[true, true]: 0.25, [true, false]: 0.25, [false, true]: 0.25, [false, false]: 0.25}']);
  });

  it('closures capture the values of vars, not the variables', () => {
    expect(output(`fn model() -> Nat {
        var fs: [() -> Nat] = [];
        var total = 0;
        for i in 0..3 {
          total += if flip(0.5) { 1 } else { 0 };
          let t = total;
          fs = append(fs, fn() => t);
        }
        fs[0]() + fs[1]() + fs[2]()
      }
      print(infer(model, Enumerate));
      var x = 1;
      let f = fn() => x;
      x = 2;
      print(f());`)).toEqual(['Dist{3: 0.25, 6: 0.125, 5: 0.125, 4: 0.125, 2: 0.125, 1: 0.125, 0: 0.125}', '1']);
  });

  it('structural equality, records, tuples, strings, integer division', () => {
    expect(output(`print((1, "a") == (1, "a"));
      print({x: 1, y: [true]} == {x: 1, y: [false]});
      print("ab" + "c");
      let (q, s) = (7 / 2, -7 / 2);
      print([q, s, 7 % 3, -7 % 3]);
      print(7.0 / 2.0);`)).toEqual(['true', 'false', 'abc', '[3, -3, 1, -1]', '3.5']);
  });

  it('while loops with a condition that samples', () => {
    expect(output(`fn geo() -> Nat { var n = 0; while flip(0.5) && n < 3 { n += 1; } n }
      print(infer(geo, Enumerate));`)).toEqual(['Dist{0: 0.5, 1: 0.25, 3: 0.125, 2: 0.125}']);
  });

  it('runtime errors are PplErrors located at the construct', () => {
    const cases: [string, RegExp, number, number][] = [
      ['let a = [1];\nprint(a[3]);', /index 3 is out of range for an array of length 1/, 2, 7],
      ['let z = 0;\nprint(1 / z);', /integer division by zero/, 2, 7],
      ['let big = 9007199254740991;\nprint(big + big);', /integer overflow/, 2, 7],
      ['let p = 1.5;\nlet b = flip(p);', /Bernoulli: p must be/, 2, 9],
      ['let w = [0.0, 0.0];\nlet c ~ Categorical(w);', /Categorical/, 2, 9],
    ];
    for (const [src, msg, line, col] of cases) {
      let err: any;
      try {
        output(src);
      } catch (e) {
        err = e;
      }
      expect(err?.message, src).toMatch(msg);
      expect([err?.span?.line, err?.span?.col], src).toEqual([line, col]);
    }
  });
});
