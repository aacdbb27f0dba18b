// The execution contract seen from an engine's side: a tiny engine written in the test (as a new engine would
// be) records the addresses of random choices — distinct within an execution, stable across executions —
// and resumes one continuation twice to check that `var`s are carried as values. Also: nested `infer` and
// `mem` tables under every engine.
import { describe, expect, it } from 'vitest';
import { ROOT, addrKey, engines, referenceEngine, setExec, type Engine, type InferCall, type Request } from '../../runtime/index.js';
import { load, output, runEngine } from './ppl-helpers.js';

/** Runs the model once, answering every sample with the first value of its support; records addresses. */
function addresses(call: InferCall): string[] {
  const seen: string[] = [];
  setExec(call.exec);
  let req: Request = call.model(ROOT, (v) => ({ kind: 'done', value: v }) as unknown as Request);
  while (req.kind !== 'done') {
    if (req.kind === 'sample') seen.push(addrKey(req.addr, req.site));
    if (req.kind === 'sample') req = req.k!(req.dist!.support()![0]);
    else req = req.k!(null);
  }
  return seen;
}

const recorder: Engine = { name: 'Recorder', run: addresses };

describe('addresses', () => {
  it('are distinct for choices in loops, calls and map, and stable between executions', () => {
    const l = load(`fn coin() -> Bool { flip(0.5) }
      fn model() -> Nat {
        var n = 0;
        for i in 0..3 { if coin() { n += 1; } }
        var k = 0;
        while k < 2 { let b = flip(0.5); k += 1; }
        let bs = map([0.1, 0.2], fn(p: Real) => flip(p));
        n
      }`);
    const a = runEngine(l, 'model', recorder);
    const b = runEngine(l, 'model', recorder);
    expect(a.length).toBe(3 + 2 + 2);
    expect(new Set(a).size).toBe(a.length);
    expect(a).toEqual(b);
  });
});

describe('resuming a continuation twice', () => {
  it('gives each resumption its own copy of the vars (the second does not see the first\'s assignments)', () => {
    const l = load(`fn model() -> Nat { var x = 10; let c = flip(0.5); x += if c { 1 } else { 2 }; let d = flip(0.5); x += if d { 100 } else { 200 }; x }`);
    // An engine that resumes the first sample's continuation with true, then again with false, running each to the end.
    const resumeTwice: Engine = {
      name: 'Twice',
      run(call) {
        const out: unknown[] = [];
        setExec(call.exec);
        const first = call.model(ROOT, (v) => ({ kind: 'done', value: v }) as unknown as Request);
        expect(first.kind).toBe('sample');
        for (const v of [true, false]) {
          let req = first.k!(v);
          while (req.kind !== 'done') req = req.kind === 'sample' ? req.k!(true) : req.k!(null);
          out.push(req.value);
        }
        return out;
      },
    };
    expect(runEngine(l, 'model', resumeTwice)).toEqual([111, 112]);
  });
});

describe('nested infer and mem', () => {
  const nested = `fn model() -> Bool {
      let p = prob(infer(fn() { flip(0.5) || flip(0.5) }, Enumerate), true);
      flip(p)
    }`;
  for (const [name, engine] of [['Enumerate', engines.Enumerate!], ['Exact', engines.Exact!], ['Reference', referenceEngine]] as const) {
    it(`an infer inside a model under ${name}`, () => {
      const d = runEngine(load(nested), 'model', engine);
      expect(Math.exp(d.logProb(true))).toBeCloseTo(0.75, 12);
    });
  }
  it('an inner sampling infer under Importance and Rejection (5 standard errors)', () => {
    for (const engine of [engines.Importance!, engines.Rejection!]) {
      const l = load(`fn model() -> Bool { let p = prob(infer(fn() { flip(0.5) || flip(0.5) }, Rejection(samples: 400)), true); flip(p) }`);
      const d = runEngine(l, 'model', engine, { samples: 2000 }, 11);
      // p itself has sd sqrt(.75·.25/400) ≈ 0.022; the outer estimate adds sqrt(.75·.25/2000) ≈ 0.0097.
      expect(Math.abs(Math.exp(d.logProb(true)) - 0.75)).toBeLessThan(5 * 0.024);
    }
  });

  it('an inner infer starts from a copy of the caller\'s mem table; its own entries do not leak out', () => {
    const l = load(`let c = mem(fn(s: String) -> Bool { flip(0.5) });
      fn model() -> Bool {
        let a = c("a");
        let inner = infer(fn() { (c("a"), c("b")) }, Enumerate);
        // the inner run sees the outer c("a") ...
        condition(prob(inner, (a, true)) == 0.5);
        // ... but c("b") drawn inside it is not fixed outside: the outer c("b") is still a fair coin
        c("b")
      }`);
    for (const engine of [engines.Enumerate!, engines.Exact!, referenceEngine]) {
      const d = runEngine(l, 'model', engine);
      expect(Math.exp(d.logProb(true))).toBeCloseTo(0.5, 12);
      expect(d.logZ()).toBeCloseTo(0, 12);
    }
  });

  it('mem tables belong to executions: each branch of Enumerate has its own', () => {
    expect(output(`let f = mem(fn(i: Nat) -> Bool { flip(0.5) });
      print(infer(fn() { f(1) == f(1) }, Enumerate));
      print(infer(fn() { f(1) == f(2) }, Enumerate));`)).toEqual(['Dist{true: 1}', 'Dist{true: 0.5, false: 0.5}']);
  });
});
