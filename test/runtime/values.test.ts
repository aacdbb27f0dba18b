// Runtime values: structural keys and equality (property-tested), the JSON form of language.md §8
// (golden strings), the human printer and the REPL's distribution table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Tuple,
  distToJSON,
  formatDistTable,
  formatValue,
  toJSONText,
  toJSONValue,
  valueEquals,
  valueKey,
} from '../../runtime/values.js';
import { FiniteDist, GaussianDist, SampleDist } from '../../runtime/results/index.js';
import { Bernoulli, Categorical, Dirichlet, Normal, Poisson } from '../../stdlib/index.js';

const json = (v: unknown): string => JSON.stringify(toJSONValue(v));

describe('valueKey and valueEquals', () => {
  it('scalars are their own keys; structure is keyed apart', () => {
    expect(valueKey(1)).toBe(1);
    expect(valueKey(true)).toBe(true);
    expect(valueKey('a')).toBe('a');
    expect(valueKey(null)).toBe(null);
    const keys = [1, '1', true, 'true', null, '()', [1], new Tuple([1, 2]), [1, 2], '\u0001[1]', { x: 1 }, [[1]], ['1']].map(valueKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(valueKey({ x: 1, y: 2 })).toBe(valueKey({ y: 2, x: 1 }));
    expect(valueKey(new Tuple([1, 'a']))).toBe(valueKey(new Tuple([1, 'a'])));
    expect(new Map([[valueKey(-0), 1]]).get(valueKey(0))).toBe(1);
    expect(new Map([[valueKey(NaN), 1]]).get(valueKey(NaN))).toBe(1);
  });

  const leaf = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0.5, -0, NaN, Infinity),
    fc.boolean(),
    fc.constantFrom('a', 'b', '', '\u0001[1]', '1', 'true'),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('tup'), tie('rec')),
    arr: fc.array(tie('v'), { maxLength: 3 }),
    tup: fc.array(tie('v'), { minLength: 2, maxLength: 3 }).map((xs) => new Tuple(xs)),
    rec: fc.record({ x: tie('v'), y: tie('v') }),
  })).v;

  it('equal keys ⇔ valueEquals (5,000 random pairs, fixed seed)', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const sameKey = new Map([[valueKey(a), 1]]).has(valueKey(b));
        expect(sameKey).toBe(valueEquals(a, b));
        expect(valueEquals(a, a)).toBe(true);
      }),
      { numRuns: 5000, seed: 42 },
    );
  });
});

describe('toJSONText', () => {
  const leaf = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(-0, NaN, Infinity, -Infinity, 1e21, 5e-324),
    fc.boolean(),
    fc.string(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('tup'), tie('rec')),
    arr: fc.array(tie('v'), { maxLength: 4 }),
    tup: fc.array(tie('v'), { minLength: 2, maxLength: 3 }).map((xs) => new Tuple(xs)),
    rec: fc.record({ x: tie('v'), y: tie('v') }),
  })).v;

  it('is exactly JSON.stringify(toJSONValue(v)) (5,000 random values, fixed seed)', () => {
    fc.assert(fc.property(value, (v) => { expect(toJSONText(v)).toBe(json(v)); }), { numRuns: 5000, seed: 7 });
    const d = FiniteDist.fromProbs([true, false], [0.25, 0.75]);
    expect(toJSONText([d, new Tuple([1, d])])).toBe(json([d, new Tuple([1, d])]));
    // a chain repeats the same tuple object; a later non-finite value still takes the general path
    const t = new Tuple([0.5, -0]);
    const chain = [t, t, new Tuple([1.25, 3]), t, t];
    expect(toJSONText(chain)).toBe('[[0.5,0],[0.5,0],[1.25,3],[0.5,0],[0.5,0]]');
    const bad = [...chain, new Tuple([1, Infinity]), t];
    expect(toJSONText(bad)).toBe(json(bad));
    expect(toJSONText(bad)).toContain('[1,"Infinity"]');
  });
});

describe('JSON form (language.md §8)', () => {
  it('scalars and structures', () => {
    expect(json(2)).toBe('2');
    expect(json(2.5)).toBe('2.5');
    expect(json(-0)).toBe('0');
    expect(json(true)).toBe('true');
    expect(json('hi "x"')).toBe('"hi \\"x\\""');
    expect(json(null)).toBe('null');
    expect(json(Infinity)).toBe('"Infinity"');
    expect(json(-Infinity)).toBe('"-Infinity"');
    expect(json(NaN)).toBe('"NaN"');
    expect(json([1, 2.5])).toBe('[1,2.5]');
    expect(json(new Tuple([1, 'a', [true]]))).toBe('[1,"a",[true]]');
    expect(json({ x: 1, y: new Tuple([null, Infinity]) })).toBe('{"x":1,"y":[null,"Infinity"]}');
    expect(json(() => 1)).toBe('"<fn>"');
    expect(json({ kind: 'Method', name: 'SMC', options: { particles: 100 } })).toBe('"SMC(particles: 100)"');
  });

  it('an exact finite result: support in descending probability', () => {
    const d = FiniteDist.fromProbs([false, true], [509, 210]);
    const out = JSON.parse(json(d));
    expect(Object.keys(out.dist)).toEqual(['support']);
    expect(out.dist.support.map((r: { value: boolean }) => r.value)).toEqual([false, true]);
    expect(Math.abs(out.dist.support[0].prob - 509 / 719)).toBeLessThan(2e-16);
    expect(Math.abs(out.dist.support[1].prob - 210 / 719)).toBeLessThan(2e-16);
    expect(json(FiniteDist.fromProbs(['a', ['b']], [1, 3]))).toBe('{"dist":{"support":[{"value":["b"],"prob":0.75},{"value":"a","prob":0.25}]}}');
  });

  it('a finite-looking sample result adds n and ess', () => {
    const d = new SampleDist([new Tuple([1, 'a']), new Tuple([1, 'a']), new Tuple([2, 'b']), new Tuple([1, 'a'])]);
    expect(json(d)).toBe('{"dist":{"support":[{"value":[1,"a"],"prob":0.75},{"value":[2,"b"],"prob":0.25}],"n":4,"ess":4}}');
  });

  it('continuous results: mean, sd, n, ess', () => {
    expect(json(GaussianDist.single(1, 0.25, 0))).toBe('{"dist":{"mean":1,"sd":0.5,"n":"Infinity","ess":"Infinity"}}');
    expect(json(new SampleDist([0.5, 1.5]))).toBe('{"dist":{"mean":1,"sd":0.5,"n":2,"ess":2}}');
    expect(json(Normal(0, 2))).toBe('{"dist":{"mean":0,"sd":2,"n":"Infinity","ess":"Infinity"}}');
    expect(json(Poisson(4))).toBe('{"dist":{"mean":4,"sd":2,"n":"Infinity","ess":"Infinity"}}');
    expect(json(Bernoulli(0.25))).toBe('{"dist":{"support":[{"value":false,"prob":0.75},{"value":true,"prob":0.25}]}}');
    expect(distToJSON(Dirichlet([1, 1]))).toEqual({ mean: [0.5, 0.5], sd: [Math.sqrt(1 / 12), Math.sqrt(1 / 12)], n: 'Infinity', ess: 'Infinity' });
    // Structures of numbers have moments in their own shape; other values have none.
    expect(json(new SampleDist([{ a: 0.5 }, { a: 1.5 }]))).toBe('{"dist":{"mean":{"a":1},"sd":{"a":0.5},"n":2,"ess":2}}');
    expect(json(new SampleDist([new Tuple([0.5, [1]]), new Tuple([1.5, [3]])]))).toBe('{"dist":{"mean":[1,[2]],"sd":[0.5,[1]],"n":2,"ess":2}}');
    expect(json(new SampleDist([{ a: 'x', b: 0.5 }, { a: 'y', b: 1.5 }]))).toBe('{"dist":{"n":2,"ess":2}}');
  });
});

describe('formatValue', () => {
  it('prints values for people', () => {
    expect(formatValue(509 / 719)).toBe('0.707927677329624');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(2)).toBe('2');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(1e-7)).toBe('1e-7');
    expect(formatValue(Infinity)).toBe('infinity');
    expect(formatValue('plain')).toBe('plain');
    expect(formatValue(new Tuple([1, 'a']))).toBe('(1, "a")');
    expect(formatValue([1, 2.5])).toBe('[1, 2.5]');
    expect(formatValue({ x: 1, y: true })).toBe('{x: 1, y: true}');
    expect(formatValue(['a\nb'])).toBe('["a\\nb"]');
    expect(formatValue(null)).toBe('()');
    expect(formatValue(() => 0)).toBe('<fn>');
    expect(formatValue({ kind: 'Method', name: 'Enumerate', options: {} })).toBe('Enumerate');
    expect(formatValue(Normal(0, 1))).toBe('Normal(0, 1)');
    expect(formatValue(Categorical([1, 3], ['a', 'b']))).toBe('Categorical([1, 3], ["a", "b"])');
    expect(formatValue(FiniteDist.fromProbs([true, false], [1, 3]))).toBe('Dist{false: 0.75, true: 0.25}');
    expect(formatValue(GaussianDist.single(1, 0.25, 0))).toBe('Dist{mean: 1, sd: 0.5}');
    expect(formatValue(new SampleDist([1, 1, 2, 2]))).toBe('Dist{1: 0.5, 2: 0.5, n: 4, ess: 4}');
  });
});

describe('formatDistTable', () => {
  it('draws proportional bars in descending probability', () => {
    const d = FiniteDist.fromProbs(['rain', 'sun', 'snow'], [0.25, 0.5, 0.25 / 2]);
    expect(formatDistTable(d, { width: 16 })).toBe(
      [
        '"sun"   0.571429  ████████████████',
        '"rain"  0.285714  ████████',
        '"snow"  0.142857  ████',
      ].join('\n'),
    );
  });
  it('uses eighth blocks, caps rows, and summarises continuous results', () => {
    const d = FiniteDist.fromProbs([0, 1, 2, 3], [0.5, 0.3, 0.15, 0.05]);
    expect(formatDistTable(d, { width: 10, maxRows: 3 })).toBe(
      ['0  0.5   ██████████', '1  0.3   ██████', '2  0.15  ███', '… 1 more values'].join('\n'),
    );
    expect(formatDistTable(GaussianDist.single(1, 4, 0))).toBe('mean  1\nsd    2');
    expect(formatDistTable(new SampleDist([true, true, false]), { width: 4 })).toBe(
      ['true   0.666667  ████', 'false  0.333333  ██', 'n = 3, ess = 3'].join('\n'),
    );
  });
});
