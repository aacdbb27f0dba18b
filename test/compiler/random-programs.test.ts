// Differential testing of the CPS code generator: random programs with vars, nested ifs, for and while loops
// (with conditions that sample), calls, lambdas and factors are run under Enumerate and Exact — which resume
// continuations many times — and under the naive Reference engine, which re-runs every execution from the
// start and never resumes a continuation twice. Their distributions and evidence must agree to 1e-12.
import { describe, expect, it } from 'vitest';
import { engines, referenceEngine } from '../../runtime/index.js';
import { load, runEngine } from '../runtime/ppl-helpers.js';

/** A small seeded generator (deterministic programs for a fixed seed). */
class Gen {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0;
    return this.s / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

interface Ctx { vars: string[]; depth: number; flips: number; loops: number }

function intExpr(g: Gen, c: Ctx): string {
  const r = g.int(6);
  if (r === 0 || c.vars.length === 0) return String(g.int(4));
  if (r === 1 && c.flips < 6) {
    c.flips++;
    return `(if flip(0.${1 + g.int(8)}) { ${intExpr(g, c)} } else { ${intExpr(g, c)} })`;
  }
  if (r === 2) return `${g.pick(c.vars)} + ${g.int(3)}`;
  if (r === 3) return `helper(${g.pick(c.vars)})`;
  return g.pick(c.vars);
}

function boolExpr(g: Gen, c: Ctx): string {
  const r = g.int(4);
  if (r === 0 && c.flips < 6) {
    c.flips++;
    return `flip(0.${1 + g.int(8)})`;
  }
  if (c.vars.length === 0) return g.pick(['true', 'false']);
  if (r === 1) return `${g.pick(c.vars)} < ${g.int(4)}`;
  if (r === 2 && c.flips < 6) {
    c.flips++;
    return `(flip(0.5) || ${g.pick(c.vars)} == ${g.int(3)})`;
  }
  return `${g.pick(c.vars)} >= ${g.int(3)}`;
}

function stmts(g: Gen, c: Ctx, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += stmt(g, c) + '\n';
  return out;
}

function stmt(g: Gen, c: Ctx): string {
  const r = g.int(10);
  if ((r === 0 || c.vars.length === 0) && c.depth === 0) {
    const v = `v${c.vars.length}`;
    const e = intExpr(g, c);
    c.vars.push(v);
    return `var ${v}: Int = ${e};`;
  }
  if (r <= 3) return `${g.pick(c.vars)} ${g.pick(['=', '+='])} ${intExpr(g, c)};`;
  if (r === 4 && c.depth < 2) {
    const inner = { ...c, depth: c.depth + 1 };
    const s = `if ${boolExpr(g, c)} {\n${stmts(g, inner, 1 + g.int(2))}} else {\n${stmts(g, inner, g.int(2))}}`;
    c.flips = inner.flips;
    return s;
  }
  if (r === 5 && c.depth < 2 && c.loops < 2) {
    c.loops++;
    const inner = { ...c, depth: c.depth + 1 };
    const s = `for i${c.loops} in 0..2 {\n${stmts(g, inner, 1 + g.int(2))}}`;
    c.flips = inner.flips;
    return s;
  }
  if (r === 6 && c.depth < 2 && c.loops < 2) {
    c.loops++;
    const k = `w${c.loops}`;
    const inner = { ...c, depth: c.depth + 1 };
    const s = `var ${k} = 0;\nwhile ${k} < 2 && ${boolExpr(g, inner)} {\n${k} += 1;\n${stmts(g, inner, 1 + g.int(2))}}`;
    c.flips = inner.flips;
    return s;
  }
  if (r === 7 && c.flips < 6) {
    c.flips++;
    return `factor(if flip(0.5) { -0.5 } else { ${g.pick(['0.0', '-1.0'])} });`;
  }
  if (r === 8) {
    const k = g.int(3);
    if (k === 0 && c.depth > 0 && c.flips < 6) {
      c.flips++;
      return `if flip(0.3) { return [${c.vars.join(', ')}]; }`;
    }
    if (k === 1 && c.flips < 5) {
      c.flips += 2;
      return `${g.pick(c.vars)} = sum(map([1, 2], fn(x: Int) -> Int { if flip(0.5) { x } else { ${g.pick(c.vars)} } }));`;
    }
    if (k === 2 && c.flips < 6) {
      c.flips++;
      return `${g.pick(c.vars)} += memo(${g.int(2)});`;
    }
    return `let f${g.int(1000)} = fn(x: Int) => x + ${g.pick(c.vars)};`;
  }
  return `${g.pick(c.vars)} = apply(fn(x: Int) -> Int { if flip(0.5) { x } else { x + 1 } }, ${g.pick(c.vars)});`;
}

function program(seed: number): string {
  const g = new Gen(seed);
  const c: Ctx = { vars: [], depth: 0, flips: 0, loops: 0 };
  const body = stmts(g, c, 3 + g.int(4));
  return `fn helper(x: Int) -> Int { x * 2 - 1 }
fn apply(f: (Int) -> Int, x: Int) -> Int { f(x) }
fn model() -> [Int] {
let memo = mem(fn(i: Int) -> Int { if flip(0.5) { i } else { 1 - i } });
${body}[${c.vars.join(', ')}]
}`;
}

describe('random programs: Enumerate and Exact agree with the re-running Reference engine', () => {
  const N = 300;
  it(`${N} programs`, () => {
    let checked = 0;
    const features = { 'while ': 0, 'for ': 0, 'return [': 0, 'memo(': 0, 'map(': 0, 'factor(': 0, 'apply(': 0 };
    for (let seed = 1; seed <= N; seed++) {
      const src = program(seed);
      for (const f of Object.keys(features) as (keyof typeof features)[]) if (src.split('\n').slice(3).join('\n').includes(f)) features[f]++;
      const l = load(src);
      const ref = runEngine(l, 'model', referenceEngine);
      for (const engine of [engines.Enumerate!, engines.Exact!]) {
        const d = runEngine(l, 'model', engine);
        const sup = ref.support();
        expect(d.support().length, src).toBe(sup.length);
        for (const v of sup) expect(Math.abs(Math.exp(d.logProb(v)) - Math.exp(ref.logProb(v))), src).toBeLessThan(1e-12);
        expect(Math.abs(d.logZ() - ref.logZ()), src).toBeLessThan(1e-12);
      }
      checked++;
    }
    expect(checked).toBe(N);
    // The generator really produces every construct, in many programs.
    for (const [f, n] of Object.entries(features)) expect(n, f).toBeGreaterThan(N / 20);
  });
});
