// The verification examples (examples/verify, .ppl and their HeyVL forms) are proved; each tight bound made
// slightly false (upper × 0.9, lower × 1.1) is not; the soundness bookkeeping never turns an approximate proof
// or counterexample into `proved` or `refuted`; and constructs outside the verified fragment are located errors.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { loadHeyVL, verifyProgram, shutdownZ3, type Verdict } from '../../verifier/index.js';
import { translateSource } from '../../verifier/from-ir.js';

afterAll(async () => { await shutdownZ3(); });

async function verifyText(text: string, file: string): Promise<Verdict[]> {
  const loaded = file.endsWith('.heyvl') ? loadHeyVL(text, file) : translateSource(text, file);
  if (!loaded.program) throw new Error(loaded.diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`).join('\n'));
  const r = await verifyProgram(loaded.program, { timeout: 30 });
  if (r.diagnostics.length) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.verdicts;
}

const dir = 'examples/verify';
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith('.ppl')).map((f) => `${dir}/${f}`),
  ...readdirSync(`${dir}/heyvl`).filter((f) => f.endsWith('.heyvl')).map((f) => `${dir}/heyvl/${f}`),
];

describe('examples/verify', () => {
  it('has the six examples in both forms', () => {
    expect(files.length).toBe(12);
  });
  for (const f of files) {
    it(`proves every specification of ${f} (as many as its header says)`, async () => {
      const text = readFileSync(f, 'utf8');
      const want = Number(/→ (\d+) proved/.exec(text)?.[1]);
      const vs = await verifyText(text, f);
      expect(vs.map((v) => `${v.spec}: ${v.verdict}${v.reason ? ` (${v.reason})` : ''}`)).toEqual(vs.map((v) => `${v.spec}: proved`));
      expect(vs.length).toBe(want);
    });
  }
});

/** Tight bounds: (file, the bound's text as written, direction). Each is made slightly false. */
const tight: [string, string, 'upper' | 'lower'][] = [
  ['geometric.ppl', 'E[result] <= 1', 'upper'],
  ['geometric.ppl', 'P[result == 0] >= 0.5', 'lower'],
  ['geometric.ppl', 'P[result <= 2] >= 0.875', 'lower'],
  ['die.ppl', 'P[result == 1] <= 1 / 6', 'upper'],
  ['die.ppl', 'E[result] <= 3.5', 'upper'],
  ['die.ppl', 'P[result == 1] >= 0.1666665', 'lower'],
  ['die.ppl', 'E[result] >= 3.49999', 'lower'],
  ['coupon-collector.ppl', 'E[cost] <= 5.5', 'upper'],
  ['burglary.ppl', 'P[result] <= 0.2841719', 'upper'],
  ['burglary.ppl', 'P[result] >= 0.2841718', 'lower'],
  ['rabin.ppl', 'P[result == 1] <= [1 < start && start < 3] * (2 / 3) + [!(1 < start && start < 3)]', 'upper'],
];

describe('soundness under mutation (tight bounds made slightly false are never proved)', () => {
  for (const [file, bound, kind] of tight) {
    it(`${file}: ${bound} ${kind === 'upper' ? '× 0.9' : '× 1.1'}`, async () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const [lhs, rhs] = bound.split(kind === 'upper' ? ' <= ' : ' >= ') as [string, string];
      const mutated = `${lhs} ${kind === 'upper' ? '<=' : '>='} (${rhs}) * ${kind === 'upper' ? '0.9' : '1.1'}`;
      expect(text).toContain(`ensures ${bound}\n`);
      const only = text.replace(/^ {2}ensures .*\n/gm, (line) => (line === `  ensures ${bound}\n` ? `  ensures ${mutated}\n` : ''));
      const vs = await verifyText(only, `${dir}/${file}`);
      expect(vs.length).toBe(1);
      expect(vs[0]!.verdict).not.toBe('proved');
      // loop-free programs and false upper bounds on loops are refuted soundly (with a counterexample)
      if (file === 'burglary.ppl' || kind === 'upper') expect(vs[0]!.verdict).toBe('refuted');
    });
  }

  const heyvlTight: [string, string][] = [
    ['geometric.heyvl', 'geometric_mean'], ['geometric.heyvl', 'geometric_zero'], ['geometric.heyvl', 'geometric_at_most_two'],
    ['die.heyvl', 'face_one_upper'], ['die.heyvl', 'face_one_lower'], ['die.heyvl', 'mean_upper'],
    ['coupon-collector.heyvl', 'coupons_upper'], ['rabin.heyvl', 'rabin'],
    ['burglary.heyvl', 'joint_upper'], ['burglary.heyvl', 'joint_lower'], ['burglary.heyvl', 'evidence_upper'], ['burglary.heyvl', 'evidence_lower'],
  ];
  for (const [file, proc] of heyvlTight) {
    it(`${file}: ${proc} with its pre scaled`, async () => {
      const { program } = loadHeyVL(readFileSync(`${dir}/heyvl/${file}`, 'utf8'), file);
      const p = program!.procs.find((q) => q.name === proc)!;
      const text = readFileSync(`${dir}/heyvl/${file}`, 'utf8');
      // rewrite `pre X` of this procedure only
      const start = text.indexOf(`proc ${proc}(`);
      const preAt = text.indexOf('    pre ', start);
      const eol = text.indexOf('\n', preAt);
      const factor = p.dir === 'up' ? '0.9' : '1.1';
      const mutated = `${text.slice(0, preAt)}    pre (${text.slice(preAt + 8, eol)}) * ${factor}${text.slice(eol)}`;
      const vs = (await verifyText(mutated, file)).filter((v) => v.spec.endsWith(` ${proc}`));
      expect(vs.length).toBe(1);
      expect(vs[0]!.verdict).not.toBe('proved');
    });
  }
});

describe('soundness bookkeeping', () => {
  it('a lower bound across a loop with only an invariant is unknown, never proved or refuted', async () => {
    const src = `fn g() -> Nat\n  ensures E[result] >= 1\n{\n  var n = 0;\n  var stop = flip(0.5);\n  while !stop\n    invariant n + [!stop] * 2\n  {\n    n += 1;\n    stop = flip(0.5);\n  }\n  n\n}\n`;
    const [v] = await verifyText(src, 'g.ppl');
    expect(v!.verdict).toBe('unknown');
    expect(v!.reason).toMatch(/lower bound across a loop needs a rule/);
    const [w] = await verifyText(src.replace('>= 1', '>= 2'), 'g.ppl');
    expect(w!.verdict).toBe('unknown');
  });

  it('a false upper bound whose invariant fails is refuted soundly by unrolling', async () => {
    const src = `@wp coproc g() -> (n: UInt) pre 0.9 post n {\n  n = 0\n  var stop: Bool = flip(0.5)\n  @invariant(n + [!stop] * 2)\n  while !stop { n = n + 1; stop = flip(0.5) }\n}\n`;
    const [v] = await verifyText(src, 'g.heyvl');
    expect(v!.verdict).toBe('refuted');
    expect(v!.reason).toMatch(/unrolled/);
  });

  it('a counterexample to k-induction alone is unknown (Caesar: "counter-example to verification")', async () => {
    const src = `@wp coproc g(init_c: UInt) -> (c: UInt) pre init_c + 0.999999999999 post c {\n  c = init_c\n  var f: Bool = true\n  @k_induction(2, c + 0.999999999999)\n  while f { var p: Bool = flip(0.5); if p { f = false } else { c = c + 1 } }\n}\n`;
    const [v] = await verifyText(src, 'g.heyvl');
    expect(v!.verdict).not.toBe('proved');
  });

  it('Park induction in a @wp proc neither proves nor refutes', async () => {
    const src = `@wp proc g() -> (n: UInt) pre 5 post n {\n  n = 0\n  var stop: Bool = flip(0.5)\n  @invariant(n + [!stop] * 2)\n  while !stop { n = n + 1; stop = flip(0.5) }\n}\n`;
    const [v] = await verifyText(src, 'g.heyvl');
    expect(v!.verdict).toBe('unknown');
  });
});

describe('the verified fragment', () => {
  it('reports a construct outside it at its location', () => {
    const r = translateSource('fn f() -> Bool\n  ensures P[result] >= 0.5\n{\n  let x ~ Normal(0.0, 1.0);\n  x > 0.0\n}\n', 'n.ppl');
    expect(r.program).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`)).toEqual([
      '4:11: `Normal` is outside the verified fragment',
    ]);
  });

  it('rejects observe with a pointer to condition', () => {
    const r = translateSource('fn f() -> Bool\n  ensures P[result] >= 0.5\n{\n  let b = flip(0.5);\n  observe(Bernoulli(0.5), b);\n  b\n}\n', 'o.ppl');
    expect(r.diagnostics[0]!.message).toMatch(/`observe` is outside the verified fragment/);
    expect(r.diagnostics[0]!.span.line).toBe(5);
  });

  it('requires b makes the pre ite(b, g, ∞) for upper bounds', async () => {
    const src = 'fn f(k: Nat) -> Nat\n  requires k > 0\n  ensures E[result] <= k\n{\n  if flip(0.5) { k } else { 0 }\n}\n';
    const [v] = await verifyText(src, 'r.ppl');
    expect(v!.verdict).toBe('proved');
    const [w] = await verifyText(src.replace('<= k', '<= k / 3'), 'r.ppl');
    expect(w!.verdict).toBe('refuted');
    expect(Number(w!.counterexample!.k_90 ?? Object.values(w!.counterexample!)[0])).toBeGreaterThan(0);
  });
});

describe('calls between .ppl functions', () => {
  it('go through the callee specification of the same direction; recursion proves upper bounds only', async () => {
    const src = [
      'fn coin(k: Nat) -> Nat\n  ensures E[result] <= 0.5 * k\n{\n  if flip(0.5) { k } else { 0 }\n}\n',
      'fn use(k: Nat) -> Nat\n  ensures E[result] <= 0.5 * k\n{\n  let a = coin(k);\n  a\n}\n',
      'fn geo(n: Nat) -> Nat\n  ensures E[result] <= n + 1\n{\n  if flip(0.5) { n } else { let r = geo(n + 1); r }\n}\n',
    ].join('\n');
    const vs = await verifyText(src, 'calls.ppl');
    expect(vs.map((v) => `${v.proc}: ${v.verdict}`)).toEqual(['coin: proved', 'use: proved', 'geo: proved']);
    const bad = await verifyText(src.replace('E[result] <= n + 1', 'E[result] <= n + 0.9'), 'calls.ppl');
    expect(bad[2]!.verdict).not.toBe('proved');
    const r = translateSource('fn low(k: Nat) -> Nat\n  ensures E[result] >= 1\n{\n  let r = low(k);\n  r\n}\n', 'low.ppl');
    const v = await verifyProgram(r.program!, {});
    expect(v.diagnostics[0]!.message).toMatch(/recursive, but recursion is Park induction/);
  });
});
