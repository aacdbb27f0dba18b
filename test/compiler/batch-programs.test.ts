// Differential testing of the batched SMC variant (compiler/batch.ts): 400 random models whose conditioning
// statements are aligned — random draws, vars, ifs and while loops on random values, sampling helpers, and
// observe/factor/condition at top level or in loops and ifs decided by scalars — must be batched, and with one
// particle (where a particle loop and the per-particle path draw in the same order) SMC on the batched variant
// must give exactly what it gives on the prior-sampling variant: values, log evidence, or the same error.
import { describe, expect, it } from 'vitest';
import { syntheticSpan } from '../../lang/index.js';
import { engines, toModel, type InferCall } from '../../runtime/index.js';
import { load, type Loaded } from '../runtime/ppl-helpers.js';

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

interface Ctx { reals: string[]; ints: string[]; depth: number; loops: number; random: boolean; n: number }

function realExpr(g: Gen, c: Ctx): string {
  const r = g.int(7);
  if (r === 0 || c.reals.length === 0) return g.pick(['0.5', '-1.25', '2.0', '0.1']);
  if (r === 1) return `sample(Normal(${g.pick(c.reals)}, ${g.pick(['1.0', '0.5', '2.0'])}))`;
  if (r === 2) return `${g.pick(c.reals)} * ${g.pick(['0.9', '-0.5', '1.5'])} + ${g.pick(c.reals)}`;
  if (r === 3) return `wobble(${g.pick(c.reals)})`;
  if (r === 4) return `sample(Uniform(-1.0, 1.0)) + toReal(${c.ints.length ? g.pick(c.ints) : '1'})`;
  if (r === 5) return `ys[${c.ints.length && !c.random ? `${g.pick(c.ints)} % 4` : g.int(4)}]`;
  return g.pick(c.reals);
}

function boolExpr(g: Gen, c: Ctx): string {
  const r = g.int(4);
  if (r === 0) return `flip(0.${1 + g.int(8)})`;
  if (r === 1 && c.reals.length) return `${g.pick(c.reals)} > ${g.pick(['0.0', '-0.5', '1.0'])}`;
  if (r === 2 && c.ints.length) return `${g.pick(c.ints)} % 2 == 0`;
  return g.pick(['true', 'false']);
}

/** Statements that never condition (allowed anywhere, random control flow included). */
function plain(g: Gen, c: Ctx): string {
  const r = g.int(8);
  if ((r === 0 || c.reals.length === 0) && c.n < 8) {
    const v = `r${c.n++}`;
    const s = `var ${v} = ${realExpr(g, c)};`;
    c.reals.push(v);
    return s;
  }
  if (r === 1 && c.n < 8) {
    const v = `k${c.n++}`;
    const s = `var ${v} = ${g.pick(['0', '1', 'sample(Categorical([0.2, 0.3, 0.5]))', 'sample(Poisson(1.5))'])};`;
    c.ints.push(v);
    return s;
  }
  if (r <= 3 && c.reals.length) return `${g.pick(c.reals)} = ${realExpr(g, c)};`;
  const ks = c.ints.filter((v) => v.startsWith('k'));
  if (r === 4 && ks.length) return `${g.pick(ks)} = ${g.pick(c.ints)} + ${g.pick(['1', 'if flip(0.5) { 1 } else { 0 }'])};`;
  if (r === 5 && c.depth < 2) {
    const a = { ...c, depth: c.depth + 1, reals: [...c.reals], ints: [...c.ints], random: true };
    const t = plain(g, a);
    const b = { ...c, depth: c.depth + 1, reals: [...c.reals], ints: [...c.ints], random: true, n: a.n, loops: a.loops };
    const s = `if ${boolExpr(g, c)} {\n${t}\n} else {\n${plain(g, b)}\n}`;
    c.n = b.n;
    c.loops = b.loops;
    return s;
  }
  if (r === 6 && c.depth < 2 && c.loops < 3 && c.reals.length) {
    c.loops++;
    const w = `w${c.loops}`;
    const inner = { ...c, depth: c.depth + 1, reals: [...c.reals], ints: [...c.ints], random: true };
    const s = `var ${w} = 0;\nwhile ${w} < 3 && ${boolExpr(g, inner)} {\n${w} += 1;\n${plain(g, inner)}\n}`;
    c.n = inner.n;
    c.loops = inner.loops;
    return s;
  }
  return c.reals.length ? `${g.pick(c.reals)} = ${g.pick(c.reals)} + 0.25;` : 'let u = 1;';
}

/** A conditioning statement. */
function conditioning(g: Gen, c: Ctx): string {
  const r = g.int(5);
  const x = c.reals.length ? g.pick(c.reals) : '0.0';
  if (r === 0) return `factor(-0.5 * ${x} * ${x});`;
  if (r === 1) return `condition(${x} < 3.0);`;
  if (r === 2 && c.ints.length) return `observe(Poisson(1.0 + toReal(${g.pick(c.ints)} % 3)), 1);`;
  return `observe(Normal(${x}, ${g.pick(['1.0', '0.7'])}), ys[${g.int(4)}]);`;
}

/** Statements at aligned positions: plain ones, conditioning, and loops/ifs decided by scalars around them. */
function aligned(g: Gen, c: Ctx, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = g.int(6);
    if (r <= 1) out += plain(g, c) + '\n';
    else if (r <= 3) out += conditioning(g, c) + '\n';
    else if (r === 4 && c.loops < 3) {
      c.loops++;
      const t = `t${c.loops}`;
      const inner = { ...c, reals: [...c.reals], ints: [...c.ints, t] };
      out += `for ${t} in 0..${1 + g.int(3)} {\n${aligned(g, inner, 1 + g.int(3))}}\n`;
      c.n = inner.n;
      c.loops = inner.loops;
    } else if (c.ints.length && !c.random) {
      const scalarInts = c.ints.filter((v) => v.startsWith('t'));
      const cond = scalarInts.length ? `${g.pick(scalarInts)} % 2 == 0` : 'true';
      const a = { ...c, reals: [...c.reals], ints: [...c.ints] };
      const t = aligned(g, a, 1 + g.int(2));
      const b = { ...c, reals: [...c.reals], ints: [...c.ints], n: a.n, loops: a.loops };
      out += `if ${cond} {\n${t}} else {\n${aligned(g, b, g.int(2))}}\n`;
      c.n = b.n;
      c.loops = b.loops;
    } else out += conditioning(g, c) + '\n';
  }
  return out;
}

function program(seed: number): string {
  const g = new Gen(seed);
  const c: Ctx = { reals: [], ints: [], depth: 0, loops: 0, random: false, n: 0 };
  const body = aligned(g, c, 3 + g.int(4));
  const ret = [...c.reals, ...c.ints.filter((v) => v.startsWith('k'))];
  return `let ys = [0.3, -0.5, 1.2, 0.8];
fn wobble(x: Real) -> Real { if flip(0.5) { sample(Normal(x, 0.3)) } else { x - 0.1 } }
fn model() -> [Real] {
${body}[${ret.map((v) => (v.startsWith('k') ? `toReal(${v})` : v)).join(', ')}]
}
let m = SMC(particles: 1);`;
}

function run(l: Loaded, variant: 'prior' | 'batch', seed: number): string {
  const f = l.inst.fns.model as Function & { $P?: Function; $V?: Function };
  const call: InferCall = {
    model: toModel(f),
    priorModel: f.$P as any,
    batchModel: variant === 'batch' ? (f.$V as any) : undefined,
    options: { particles: 1 },
    exec: { mem: null, seedPath: String(seed), inferCounts: null },
    seed: String(seed),
    span: syntheticSpan('t.ppl'),
    sites: l.compiled.sites,
  };
  try {
    const d = engines.SMC!.run(call) as any;
    return JSON.stringify({ v: d.samples(1), z: d.logZ() });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('random aligned models: batched, and with one particle exactly the per-particle result', () => {
  const N = 400;
  it(`${N} programs × 3 seeds`, () => {
    let errors = 0;
    let pure = 0;
    const features = { 'while ': 0, 'for t': 0, 'wobble(': 0, 'observe(': 0, 'condition(': 0, 'factor(': 0, 'if t': 0 };
    for (let seed = 1; seed <= N; seed++) {
      const src = program(seed);
      for (const f of Object.keys(features) as (keyof typeof features)[]) if (src.split('\n').slice(2).join('\n').includes(f)) features[f]++;
      let l: Loaded;
      try {
        l = load(src);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${src}`);
      }
      // (a model that happens to draw nothing and observe nothing is pure: no CPS code, nothing to batch)
      if ((l.inst.fns.model as { $cps?: boolean }).$cps !== true) { pure++; continue; }
      expect(typeof (l.inst.fns.model as { $V?: unknown }).$V, src).toBe('function');
      for (const s of [1, 2, 3]) {
        const p = run(l, 'prior', s);
        const b = run(l, 'batch', s);
        expect(b, src).toBe(p);
        if (p.startsWith('error')) errors++;
      }
    }
    for (const [f, n] of Object.entries(features)) expect(n, f).toBeGreaterThan(N / 20);
    expect(pure).toBeLessThan(N / 10);
    // most runs finish (a condition may reject the one particle: then both report the same error)
    expect(errors).toBeLessThan(N);
  });
});
