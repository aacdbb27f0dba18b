// MH's mutable-trace chain (runtime/engines/mh-chain.ts) against the persistent-trace kernel it replaced for MH
// (trace.ts MhKernel, still SMC's rejuvenation move): on the same seed both give the very same chain, value for
// value, and the same acceptance counts — on fixed-shape models, traces that change shape (choices appearing
// and disappearing, a recursion), mem, a vector choice, and on the standard and the absorbing variant alike.
import { describe, expect, it } from 'vitest';
import { syntheticSpan } from '../../lang/index.js';
import { ROOT, toModel, type InferCall } from '../../runtime/index.js';
import { doneShared } from '../../runtime/contract.js';
import { MhChain } from '../../runtime/engines/mh-chain.js';
import { Rejections } from '../../runtime/engines/rejections.js';
import { MhKernel, newStamp, runTrace } from '../../runtime/engines/trace.js';
import { Rng } from '../../runtime/rng.js';
import { valueKey } from '../../stdlib/index.js';
import { load } from './ppl-helpers.js';

const MODELS = `
let xs = [-1.5, -0.5, 0.5, 1.5];
let ys = [-2.1, -0.8, 1.2, 2.9];
fn reg() -> (Real, Real) {
  let b0 ~ Normal(0.0, 10.0);
  let b1 ~ Normal(0.0, 10.0);
  for i in 0..4 { observe(Normal(b0 + b1 * xs[i], 1.0), ys[i]); }
  (b0, b1)
}
fn shape() -> Bool {
  let one = flip(0.3);
  let n = if one { 1 } else { 2 };
  var s = 0.0;
  for i in 0..n { s = s + sample(Normal(0.0, 1.0)); }
  observe(Normal(s, 1.0), 1.5);
  one
}
fn geom(p: Real, k: Int) -> Nat { if k == 0 { 0 } else if flip(p) { 1 + geom(p, k - 1) } else { 0 } }
fn rec() -> Nat { let n = geom(0.5, 10); condition(n >= 2); n }
fn mixed() -> (Int, Real) {
  let k ~ Categorical([0.2, 0.5, 0.3]);
  var s = 0.0;
  var i = 0;
  while i <= k { let u ~ Uniform(-1.0, 1.0); s = s + u; i = i + 1; }
  if k == 2 { factor(-0.5) } else { observe(Normal(s, 1.0), 0.25) }
  condition(s > -1.5);
  let g = mem(fn(j: Int) -> Real { sample(Gamma(2.0, 1.0)) });
  observe(Exponential(1.0), g(0) + g(1) + g(0));
  (k, s)
}
fn vec() -> Real {
  let x ~ MvNormal([0.0, 0.0], [[1.0, 0.5], [0.5, 2.0]]);
  let p ~ Beta(2.0, 2.0);
  observe(Normal(x[0] + x[1], 1.0), 1.0);
  observe(Bernoulli(p), true);
  x[0] * p
}
let a = infer(reg, MH(samples: 10));
`;

function call(fn: string, absorb: boolean): InferCall {
  const l = load(MODELS);
  const f = l.inst.fns[fn] as Function & { $O?: Function };
  return {
    model: toModel(f),
    absorbModel: absorb ? (f.$O as any) : undefined,
    options: {},
    exec: { mem: null, seedPath: '5', inferCounts: null },
    seed: '5',
    span: syntheticSpan('t.ppl'),
    sites: l.compiled.sites,
  };
}

/** burn + n steps of the persistent-trace kernel: the values and the acceptance counts. */
function oldChain(c: InferCall, burn: number, n: number): [unknown[], number, number] {
  const rng = new Rng(c.seed);
  const model = c.absorbModel ?? c.model;
  const start = { k: () => model(ROOT, doneShared), arg: null, exec: c.exec, choices: [], len: 0, score: 0, obs: 0 };
  let t = null;
  while (t === null) t = runTrace(c, 'MH', start, null, newStamp(), Infinity, rng, { freshLogp: 0 }, new Rejections());
  const k = new MhKernel(c, 'MH', rng);
  for (let i = 0; i < burn; i++) t = k.step(t);
  k.freeze();
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push((t = k.step(t)).value);
  return [out, k.proposals, k.accepted];
}

function newChain(c: InferCall, burn: number, n: number): [unknown[], number, number] {
  const rng = new Rng(c.seed);
  const k = new MhChain(c, 'MH', rng, c.absorbModel ?? c.model, doneShared);
  while (!k.init(new Rejections()));
  for (let i = 0; i < burn; i++) k.step();
  k.freeze();
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    k.step();
    out.push(k.value);
  }
  return [out, k.proposals, k.accepted];
}

describe('the mutable-trace MH chain is the persistent-trace chain', () => {
  for (const fn of ['reg', 'shape', 'rec', 'mixed', 'vec']) {
    for (const absorb of [false, true]) {
      it(`${fn} (${absorb ? 'absorbing variant' : 'standard'}): the same values and acceptance counts`, () => {
        const [a, pa, aa] = oldChain(call(fn, absorb), 300, 1500);
        const [b, pb, ab] = newChain(call(fn, absorb), 300, 1500);
        expect(b.map(valueKey)).toEqual(a.map(valueKey));
        expect([pb, ab]).toEqual([pa, aa]);
        expect(ab).toBeGreaterThan(0);
      });
    }
  }
});
