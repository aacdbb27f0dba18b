// Deterministic branches that only assign are merged into one substitution (vcgen/transformer.ts), and numeric
// ites get names in the SMT encoding (smt/encode.ts). Both must be exact: merged VCs are compared by exact
// evaluation with the per-branch VCs (forced by a `reward 0` in a branch, which is the identity but not an
// assignment) on grids of states; Z3 verdicts are checked on programs with known answers, including a
// k-induction proof (k = 5) whose per-path VC would be exponential.
import { describe, it, expect, afterAll } from 'vitest';
import { loadHeyVL, vcStmts, verifyProgram, shutdownZ3, ivl } from '../../verifier/index.js';
import { procTypes, desugarProc, combine } from '../../verifier/vcgen/index.js';

afterAll(async () => { await shutdownZ3(); });

const { Q } = ivl;
type V = boolean | ivl.Rational | 'inf';
const show = (v: V) => (typeof v === 'boolean' ? String(v) : v === 'inf' ? '∞' : Q.ratToString(v));

function load(src: string): ivl.Program {
  const { program, diagnostics } = loadHeyVL(src, 'm.heyvl');
  if (!program) throw new Error(diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`).join('\n'));
  return program;
}

/** The VC of the first procedure (loops desugared by their rules). */
function vcOf(src: string): ivl.Expr {
  const program = load(src);
  const p = program.procs[0]!;
  const d = desugarProc(p, new Map(program.procs.map((q) => [q.name, q])));
  return vcStmts(d.body, combine(p.posts, p.dir), d.types);
}

function dagSize(e: ivl.Expr): number {
  const seen = new Set<ivl.Expr>();
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    if (x.k === 'bin') stack.push(x.a, x.b);
    else if (x.k === 'un' || x.k === 'cast') stack.push(x.a);
    else if (x.k === 'ite') stack.push(x.c, x.a, x.b);
    else if (x.k === 'call') stack.push(...x.args);
    else if (x.k === 'quant') stack.push(x.body);
  }
  return seen.size;
}

/** Programs over x, y: UInt (and b: Bool where they flip); `MARK` is `label m` (mergeable) or `reward 0` (not). */
const programs: { name: string; body: string; post: string; fixed: [Record<string, number>, string][] }[] = [
  {
    name: 'if/else assigning one variable',
    body: 'r = x; if x > 2 { r = x - 2; MARK } else { r = x + 1; MARK }',
    post: 'r',
    fixed: [[{ x: 3, y: 0 }, '1'], [{ x: 1, y: 0 }, '2']],
  },
  {
    name: 'branches assigning different variables, condition on a variable assigned before',
    body: 'r = 0; var z: UInt = x + 1; if z > y { z = z - y; MARK } else { r = y; MARK }; r = r + 2 * z',
    post: 'r',
    fixed: [[{ x: 4, y: 2 }, '6'], [{ x: 1, y: 5 }, '9']],
  },
  {
    name: 'nested ifs, a declaration in a branch, an empty else',
    body: 'r = 0; if x >= y { var d: UInt = x - y; if d == 0 { r = 7; MARK } else { r = d; MARK }; MARK } else { MARK }; if r > 3 { r = r - 3; MARK } else {}',
    post: 'r + [x == y]',
    fixed: [[{ x: 2, y: 2 }, '5'], [{ x: 5, y: 1 }, '1'], [{ x: 0, y: 3 }, '0']],
  },
  {
    name: 'merged ifs under flips (k unrolled iterations of a fast-dice-roller body)',
    body: [
      'var v: UInt = 1', 'var c: UInt = 0', 'var done: Bool = false', 'var b: Bool',
      ...Array.from({ length: 3 }, () => 'if !done { v = 2 * v; b = flip(1/2); if b { c = 2 * c + 1; MARK } else { c = 2 * c; MARK }; if v >= x { if c < x { done = true; MARK } else { v = v - x; c = c - x; MARK } } else {} } else {}'),
      'r = ite(done && c == y, 1, 0)',
    ].join('; '),
    post: 'r',
    fixed: [[{ x: 3, y: 0 }, '1/4'], [{ x: 3, y: 2 }, '1/4'], [{ x: 4, y: 1 }, '1/4'], [{ x: 2, y: 1 }, '1/2']],
  },
  {
    name: 'an if that is not mergeable (a flip in a branch) around mergeable ones',
    body: 'r = 0; if x > 0 { var b: Bool = flip(1/3); if b { r = x; MARK } else { r = y; MARK } } else { if y > 1 { r = 10; MARK } else {} }',
    post: 'r',
    fixed: [[{ x: 3, y: 0 }, '1'], [{ x: 0, y: 2 }, '10'], [{ x: 0, y: 0 }, '0']],
  },
];

describe('merging assignment-only branches', () => {
  for (const prog of programs) {
    it(`${prog.name}: same VC values as one copy per branch, and the hand-computed ones`, () => {
      const src = (mark: string) => `proc t(x: UInt, y: UInt) -> (r: UInt) post ${prog.post} { ${prog.body.replaceAll('MARK', mark)} }`;
      const merged = vcOf(src('label m'));
      const perBranch = vcOf(src('reward 0'));
      expect(dagSize(merged)).toBeLessThanOrEqual(dagSize(perBranch));
      for (let x = 0; x <= 5; x++) {
        for (let y = 0; y <= 5; y++) {
          const state = new Map<string, V>([['x', Q.rat(BigInt(x))], ['y', Q.rat(BigInt(y))]]);
          expect(show(ivl.evalExpr(merged, state)), `x=${x} y=${y}`).toBe(show(ivl.evalExpr(perBranch, state)));
        }
      }
      for (const [st, want] of prog.fixed) {
        const state = new Map<string, V>(Object.entries(st).map(([k, v]) => [k, Q.rat(BigInt(v))]));
        expect(show(ivl.evalExpr(merged, state))).toBe(want);
      }
    });
  }

  it('vcStmts on a single if produces one copy of the post', () => {
    const program = load('proc t(x: UInt) -> (r: UInt) post [r == 1] + [r == 2] * 2 + [r > 5] * 3 { if x > 3 { r = 1 } else { r = 2 } }');
    const p = program.procs[0]!;
    const vc = vcStmts(p.body!, p.posts[0]!, procTypes(p));
    // one ite for r's value, the post's three brackets once
    expect(ivl.printExpr(vc)).toMatch(/ite\(x > 3, 1, 2\)/);
    expect(show(ivl.evalExpr(vc, new Map([['x', Q.rat(4n)]])))).toBe('1');
    expect(show(ivl.evalExpr(vc, new Map([['x', Q.rat(0n)]])))).toBe('2');
  });
});

// A fast dice roller for n = 5: P(c = i) ≤ 1/5, by 5-induction (the invariant is not 1-inductive).
const fdr = (bound: string, k = 5) => `
coproc fdr(n0: UInt, i0: UInt) -> (c: UInt)
  pre [n0 == 5 && i0 < 5] * (${bound}) + [!(n0 == 5 && i0 < 5)]
  post [c == i0]
{
  var n: UInt = n0
  var v: UInt = 1
  c = 0
  var done: Bool = false
  var b: Bool
  @k_induction(${k}, [n == 5 && v == 1 && c == 0 && !done && i0 < 5] * (${bound}) + [!(n == 5 && v == 1 && c == 0 && !done && i0 < 5)])
  while !done {
    v = 2 * v
    b = flip(0.5)
    if b { c = 2 * c + 1 } else { c = 2 * c }
    if v >= n {
      if c < n { done = true } else { v = v - n; c = c - n }
    } else {}
  }
}`;

describe('Z3 on merged VCs (numeric ites named in the encoding)', () => {
  it('the 5-induction VC of the dice roller stays small (per-path it is exponential in k)', () => {
    expect(dagSize(vcOf(fdr('1/5')))).toBeLessThan(5000);
  });

  it('proves the dice roller bound 1/5 by 5-induction', async () => {
    const r = await verifyProgram(load(fdr('1/5')), { timeout: 30 });
    expect(r.verdicts.map((v) => v.verdict)).toEqual(['proved']);
  }, 60_000);

  it('refutes the bound × 0.9 (9/50) with a counterexample that meets the precondition', async () => {
    const r = await verifyProgram(load(fdr('9/50')), { timeout: 30 });
    expect(r.verdicts.map((v) => v.verdict)).toEqual(['refuted']);
    expect(r.verdicts[0]!.counterexample?.n0).toBe('5');
    expect(Number(r.verdicts[0]!.counterexample?.i0)).toBeLessThan(5);
  }, 60_000);

  it('does not prove with k = 4, and deep unrolled refutation attempts neither crash nor prove', async () => {
    // the refutation attempt at depth 10 once crashed the process (a race of z3-solver finalizers with the solver)
    const r = await verifyProgram(load(fdr('1/5', 4)), { timeout: 8, refuteDepths: [10] });
    expect(r.verdicts.map((v) => v.verdict)).toEqual(['unknown']);
  }, 60_000);

  it('refutes a deterministic program through a merged if, with the input values', async () => {
    const src = 'proc p(x: UInt) -> (y: UInt) pre [x >= 5] post [y == 2] { if x >= 5 { y = x - 3 } else { y = 0 } }';
    const r = await verifyProgram(load(src), { timeout: 30 });
    expect(r.verdicts.map((v) => v.verdict)).toEqual(['refuted']);
    const x = Number(r.verdicts[0]!.counterexample?.x);
    expect(x >= 5 && x !== 5).toBe(true);
    const ok = await verifyProgram(load(src.replace('[x >= 5]', '[x == 5]')), { timeout: 30 });
    expect(ok.verdicts.map((v) => v.verdict)).toEqual(['proved']);
  }, 60_000);
});
