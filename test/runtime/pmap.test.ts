// The persistent hash trie behind `mem` tables: agreement with a Map under random operations, persistence
// (old versions unchanged), SameValueZero keys, hash collisions, and fork-free mem semantics end to end.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PMap, hashKey } from '../../runtime/pmap.js';
import { valueKey } from '../../runtime/values.js';
import { output } from './ppl-helpers.js';

describe('PMap', () => {
  it('agrees with a Map under random sets, and every old version stays as it was', () => {
    const key = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
    fc.assert(fc.property(fc.array(fc.tuple(key, fc.integer()), { maxLength: 200 }), (ops) => {
      const versions: { m: PMap<number>; ref: Map<unknown, number> }[] = [];
      let m = PMap.empty<number>();
      let ref = new Map<unknown, number>();
      for (const [k, v] of ops) {
        m = m.set(k, v);
        ref = new Map(ref).set(k, v);
        versions.push({ m, ref });
      }
      for (const { m: mv, ref: rv } of versions) {
        expect(mv.size).toBe(rv.size);
        for (const [k, v] of rv) expect(mv.get(k as never)).toBe(v);
        expect(new Map(mv.entries())).toEqual(rv);
      }
    }), { numRuns: 200 });
  });

  it('keys by SameValueZero, like valueKey: 0 and −0, NaN and NaN are one key; 1 and "1" are two', () => {
    const m = PMap.empty<string>().set(0, 'zero').set(NaN, 'nan').set(1, 'one').set('1', 'string one');
    expect(m.get(-0)).toBe('zero');
    expect(m.get(NaN)).toBe('nan');
    expect(m.get(1)).toBe('one');
    expect(m.get('1')).toBe('string one');
    expect(m.size).toBe(4);
    expect(m.set(-0, 'zero')).toBe(m); // same value: no new version
    expect(hashKey(0)).toBe(hashKey(-0));
  });

  it('keeps stored undefined distinguishable from a missing key', () => {
    const m = PMap.empty<unknown>().set('u', undefined);
    expect(m.has('u')).toBe(true);
    expect(m.has('v')).toBe(false);
    expect(m.lookup('u', 'MISSING')).toBe(undefined);
  });

  it('handles full 32-bit hash collisions', () => {
    // Find two strings with equal hashes (birthday bound: ~2^16 tries).
    const seen = new Map<number, string>();
    let a = '';
    let b = '';
    for (let i = 0; ; i++) {
      const s = 'k' + i;
      const h = hashKey(s);
      const prev = seen.get(h);
      if (prev !== undefined) {
        a = prev;
        b = s;
        break;
      }
      seen.set(h, s);
    }
    const m1 = PMap.empty<number>().set(a, 1).set(b, 2);
    const m2 = m1.set(a, 3).set('other', 4);
    expect([m1.get(a), m1.get(b), m1.size]).toEqual([1, 2, 2]);
    expect([m2.get(a), m2.get(b), m2.get('other'), m2.size]).toEqual([3, 2, 4, 3]);
    expect(m2.get(a + 'x')).toBe(undefined);
  });

  it('looks up 100,000 structural keys', () => {
    let m = PMap.empty<number>();
    for (let i = 0; i < 100_000; i++) m = m.set(valueKey([i, 'x']), i);
    expect(m.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(m.get(valueKey([i, 'x']))).toBe(i);
    expect(m.get(valueKey([100_000, 'x']))).toBe(undefined);
  });
});

describe('mem over persistent tables', () => {
  it('memoises 2,000 keys per execution; branches and particles keep their own tables', () => {
    const out = output(`
      let model = fn() -> Bool {
        let g = mem(fn(i: Nat) -> Bool { flip(0.5) });
        let xs = map(range(2000), fn(i: Nat) => g(i));
        let ys = map(reverse(range(2000)), fn(i: Nat) => g(i));
        all(range(2000), fn(i: Nat) => xs[i] == ys[1999 - i]) && g(7) == xs[7]
      };
      print(prob(infer(model, Importance(samples: 5)), true));
      let two = fn() -> Nat {
        let c = mem(fn(k: Nat) -> Nat { if flip(0.5) { 1 } else { 0 } });
        c(1) + c(2) + c(1) + c(2)
      };
      let d = infer(two, Enumerate);
      print(prob(d, 0)); print(prob(d, 2)); print(prob(d, 4));
    `);
    expect(out).toEqual(['1', '0.25', '0.5', '0.25']);
  });

  it('an inner infer starts from a copy of the outer table and does not change it', () => {
    const out = output(`
      let c = mem(fn(k: String) -> Bool { flip(0.5) });
      let outer = fn() -> Bool {
        let a = c("a");
        let inner = infer(fn() -> Bool { c("a") == a && c("b") }, Enumerate);
        condition(prob(inner, true) == 0.5);
        a == c("a")
      };
      print(prob(infer(outer, Enumerate), true));
    `);
    expect(out).toEqual(['1']);
  });
});
