// One shared table of models with exact answers, run under every engine: Enumerate, Exact and the naive
// Reference engine must agree with the exact answers to 1e-12; Rejection and Importance (fixed seeds) within
// 5 standard errors. The exact answers come from closed forms or from WebPPL's documented outputs
// (research/webppl.md §4.3), never from our own engines.
import { describe, expect, it } from 'vitest';
import { engines, referenceEngine } from '../../runtime/index.js';
import { Tuple } from '../../stdlib/index.js';
import { load, runEngine } from './ppl-helpers.js';

const T = (...items: unknown[]) => new Tuple(items);

interface Case {
  name: string;
  src: string;
  /** Exact P(value) for some values (together with `others`, the whole support). */
  probs: [unknown, number][];
  logZ?: number;
  /** Rejection cannot run this model (densities above 1). */
  noRejection?: boolean;
}

const cases: Case[] = [
  {
    name: 'simple (two coins, condition x || y)',
    src: 'fn model() -> Bool { let x = flip(0.5); let y = flip(0.5); condition(x || y); x }',
    probs: [[true, 2 / 3], [false, 1 / 3]],
    logZ: Math.log(3 / 4),
  },
  {
    name: 'incrementalBinomial (interleaved factors)',
    src: `fn b(x: Bool) -> Nat { if x { 1 } else { 0 } }
      fn model() -> Nat {
        let a = flip(0.5); factor(if a { -1.0 } else { -2.0 });
        let b1 = flip(0.5); factor(if b1 { 0.0 } else { -2.0 });
        let c = flip(0.5); factor(if b1 || c { -1.0 } else { -2.0 });
        b(a) + b(b1) + b(c)
      }`,
    probs: [[0, 0.006127714048994408], [1, 0.15639213428456245], [2, 0.5029183006592407], [3, 0.3345618510072026]],
    logZ: -2.9845080310241308,
  },
  {
    name: 'recursion: geomUpTo(0.5, 10) conditioned on n >= 3',
    src: `fn geomUpTo(p: Real, k: Int) -> Nat { if k == 0 { 0 } else if flip(p) { 1 + geomUpTo(p, k - 1) } else { 0 } }
      fn model() -> Nat { let n = geomUpTo(0.5, 10); condition(n >= 3); n }`,
    probs: [[3, 0.5], [4, 0.25], [5, 0.125], [6, 0.0625], [7, 0.03125], [8, 0.015625], [9, 0.0078125], [10, 0.0078125]],
    logZ: Math.log(1 / 8),
  },
  {
    name: 'nested infer (nestedEnumDiscrete)',
    src: `let marginal = infer(fn() { let x = flip(0.5); let y = flip(0.5); factor(if x || y { 0.0 } else { -infinity }); x }, Enumerate);
      fn model() -> Bool { let x ~ marginal; let y ~ marginal; condition(x || y); x }`,
    probs: [[true, 0.75], [false, 0.25]],
    logZ: Math.log(8 / 9),
  },
  {
    name: 'mem (f(x) + f(y) + f(x))',
    src: `fn model() -> Nat { let f = mem(fn(s: String) -> Nat { if flip(0.5) { 1 } else { 0 } }); f("x") + f("y") + f("x") }`,
    probs: [[0, 0.25], [1, 0.25], [2, 0.25], [3, 0.25]],
    logZ: 0,
  },
  {
    name: 'map with a sampling function and factors (mapData)',
    src: `fn model() -> [Bool] { map([true, false], fn(y: Bool) -> Bool { let x = flip(0.5); factor(if x == y { 0.0 } else { -2.0 }); x }) }`,
    probs: [[[false, false], 0.10499358540350652], [[false, true], 0.014209336618611046], [[true, false], 0.7758034925743762], [[true, true], 0.10499358540350652]],
  },
  {
    name: 'burglary (observe)',
    src: `fn model() -> Bool {
        let burglary ~ Bernoulli(0.001); let earthquake ~ Bernoulli(0.002);
        let p = if burglary && earthquake { 0.95 } else if burglary { 0.94 } else if earthquake { 0.29 } else { 0.001 };
        let alarm ~ Bernoulli(p);
        observe(Bernoulli(if alarm { 0.9 } else { 0.05 }), true);
        observe(Bernoulli(if alarm { 0.7 } else { 0.01 }), true);
        burglary }`,
    probs: [[true, 0.28417183536439294], [false, 1 - 0.28417183536439294]],
  },
  {
    name: 'vars across samples in while/for loops, tuples',
    src: `fn model() -> (Nat, Bool) {
        var n = 0; var last = false; var go = true;
        while go && n < 4 { let h = flip(0.5); if h { n += 1; } else { go = false; } last = h; }
        var k = 0;
        for i in 0..2 { if flip(0.25) { k += 1; } }
        condition(k < 2);
        (n, last)
      }`,
    // n heads before the first tail, capped at 4; k is independent (condition k < 2 keeps 15/16).
    probs: [[T(0, false), 0.5], [T(1, false), 0.25], [T(2, false), 0.125], [T(3, false), 0.0625], [T(4, true), 0.0625]],
    logZ: Math.log(15 / 16),
  },
  {
    name: 'Categorical over values, arrays updated in a loop',
    src: `fn model() -> [Nat] {
        var a = [0, 0, 0];
        for i in 0..2 { let j ~ Categorical([1.0, 2.0, 1.0]); a[j] += 1; }
        a }`,
    probs: [[[0, 2, 0], 0.25], [[1, 1, 0], 0.25], [[0, 1, 1], 0.25], [[2, 0, 0], 1 / 16], [[0, 0, 2], 1 / 16], [[1, 0, 1], 0.125]],
    logZ: 0,
  },
];

function key(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && 'items' in x ? x.items : x));
}

const exactEngines = [
  ['Enumerate', engines.Enumerate!],
  ['Exact', engines.Exact!],
  ['Reference', referenceEngine],
] as const;

describe.each(exactEngines)('%s on the shared table', (_name, engine) => {
  for (const c of cases) {
    it(c.name, () => {
      const l = load(c.src);
      const d = runEngine(l, 'model', engine);
      let total = 0;
      for (const [v, p] of c.probs) {
        expect(Math.exp(d.logProb(v)), key(v)).toBeCloseTo(p, 12);
        total += p;
      }
      expect(total).toBeCloseTo(1, 12);
      expect(d.support().length).toBe(c.probs.length);
      if (c.logZ !== undefined) expect(d.logZ()).toBeCloseTo(c.logZ, 12);
    });
  }
});

const samplers = [
  ['Rejection', engines.Rejection!],
  ['Importance', engines.Importance!],
] as const;

describe.each(samplers)('%s on the shared table (5 standard errors, fixed seed)', (name, engine) => {
  for (const c of cases) {
    if (name === 'Rejection' && c.noRejection) continue;
    it(c.name, () => {
      const l = load(c.src);
      const n = 4000;
      const d = runEngine(l, 'model', engine, { samples: n }, 7);
      const ess = d.ess();
      for (const [v, p] of c.probs) {
        const se = Math.sqrt((p * (1 - p)) / ess) + 1e-12;
        expect(Math.abs(Math.exp(d.logProb(v)) - p), `${key(v)}: ${Math.exp(d.logProb(v))} vs ${p}`).toBeLessThanOrEqual(5 * se + 1e-9);
      }
      if (c.logZ !== undefined && c.logZ < 0) expect(Math.abs(d.logZ() - c.logZ)).toBeLessThan(0.15);
    });
  }

  it('is deterministic for a seed and changes with it', () => {
    const l = load(cases[0]!.src);
    const a = runEngine(l, 'model', engine, { samples: 500 }, 3);
    const b = runEngine(l, 'model', engine, { samples: 500 }, 3);
    const c = runEngine(l, 'model', engine, { samples: 500 }, 4);
    expect(a.logProb(true)).toBe(b.logProb(true));
    expect(a.logProb(true)).not.toBe(c.logProb(true));
  });
});
