// Every statement's backward transformer against hand-computed expectations: the VC is built from HeyVL
// source, then evaluated exactly (rationals and ∞) on concrete states.
import { describe, it, expect } from 'vitest';
import { loadHeyVL, vcStmts, ivl } from '../../verifier/index.js';
import { procTypes } from '../../verifier/vcgen/index.js';

const { Q } = ivl;
type V = boolean | ivl.Rational | 'inf';

/** Builds the VC of `body` for `post` in a procedure with the given parameters, and evaluates it on `state`. */
function vcAt(params: string, body: string, post: string, state: Record<string, V>, dir: 'proc' | 'coproc' = 'proc'): V {
  const src = `${dir} t(${params}) -> (r: EUReal) post ${post} { ${body} }`;
  const { program, diagnostics } = loadHeyVL(src, 't.heyvl');
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const p = program.procs[0]!;
  const f = vcStmts(p.body!, p.posts[0]!, procTypes(p));
  return ivl.evalExpr(f, new Map(Object.entries(state)));
}

const r = (n: number, d = 1) => Q.rat(BigInt(n), BigInt(d));
const INF = 'inf' as const;
const show = (v: V) => (typeof v === 'boolean' ? String(v) : v === INF ? '∞' : Q.ratToString(v));

describe('backward transformers (exact evaluation)', () => {
  const cases: [string, string, string, string, Record<string, V>, V, ('proc' | 'coproc')?][] = [
    // name, params, body, post, state, expected
    ['assignment', 'x: UInt', 'r = x + 1', 'r', { x: r(2) }, r(3)],
    ['var with init', 'x: UInt', 'var y: UInt = x * 2; r = y', 'r', { x: r(3) }, r(6)],
    ['monus on UInt', 'x: UInt', 'r = x - 5', 'r', { x: r(3) }, r(0)],
    ['sequence', 'x: UInt', 'var y: UInt = x; y = y + 2; r = y * y', 'r', { x: r(1) }, r(9)],
    ['flip', 'x: UInt', 'var b: Bool = flip(1/4); r = ite(b, 8, 4)', 'r', { x: r(0) }, r(5)],
    ['flip with symbolic p', 'p: UReal', 'var b: Bool = flip(p); r = [b]', 'r', { p: r(1, 3) }, r(1, 3)],
    ['ber', '', 'var b: Bool = ber(1, 3); r = [b]', 'r', {}, r(1, 4)],
    ['unif', '', 'var k: UInt = unif(1, 4); r = k', 'r', {}, r(5, 2)],
    ['binom(2, 1, 1)', '', 'var k: UInt = binom(2, 1, 1); r = k * k', 'r', {}, r(3, 2)],
    ['binom(2, 1, 3) (p = 1/4)', '', 'var k: UInt = binom(2, 1, 3); r = k', 'r', {}, r(1, 2)],
    ['hyper(5, 2, 2)', '', 'var k: UInt = hyper(5, 2, 2); r = k', 'r', {}, r(4, 5)],
    ['if', 'x: UInt', 'if x > 1 { r = 10 } else { r = 20 }', 'r', { x: r(2) }, r(10)],
    ['demonic choice', '', 'if ⊓ { r = 1 } else { r = 2 }', 'r', {}, r(1)],
    ['angelic choice', '', 'if ⊔ { r = 1 } else { r = 2 }', 'r', {}, r(2)],
    ['additive choice', '', 'if + { r = 1 } else { r = 2 }', 'r', {}, r(3)],
    ['assert (⊓)', 'x: EUReal', 'r = 5; assert x', 'r', { x: r(3) }, r(3)],
    ['coassert (⊔)', 'x: EUReal', 'r = 5; coassert x', 'r', { x: r(7) }, r(7)],
    ['assume holds (→ gives ∞)', 'x: EUReal', 'r = 5; assume x', 'r', { x: r(3) }, INF],
    ['assume fails (→ gives post)', 'x: EUReal', 'r = 5; assume x', 'r', { x: r(7) }, r(5)],
    ['coassume (← gives 0)', 'x: EUReal', 'r = 5; coassume x', 'r', { x: r(7) }, r(0)],
    ['coassume (← gives post)', 'x: EUReal', 'r = 5; coassume x', 'r', { x: r(3) }, r(5)],
    ['assume ?(b), b false', 'b: Bool', 'r = 5; assume ?(b)', 'r', { b: false }, INF],
    ['assume ?(b), b true', 'b: Bool', 'r = 5; assume ?(b)', 'r', { b: true }, r(5)],
    ['compare holds', 'x: EUReal', 'r = 5; compare x', 'r', { x: r(3) }, INF],
    ['compare fails', 'x: EUReal', 'r = 5; compare x', 'r', { x: r(7) }, r(0)],
    ['cocompare', 'x: EUReal', 'r = 5; cocompare x', 'r', { x: r(3) }, INF],
    ['validate of finite', '', 'r = 5; validate', 'r', {}, r(0)],
    ['validate of ∞', '', 'r = ∞; validate', 'r', {}, INF],
    ['covalidate of 0', '', 'r = 0; covalidate', 'r', {}, r(0)],
    ['covalidate of positive', '', 'r = 1/2; covalidate', 'r', {}, INF],
    ['negate', '', 'r = 0; negate', 'r', {}, INF],
    ['negate of positive', '', 'r = 2; negate', 'r', {}, r(0)],
    ['conegate', '', 'r = ∞; conegate', 'r', {}, r(0)],
    ['conegate of finite', '', 'r = 2; conegate', 'r', {}, INF],
    ['tick', '', 'r = 2; tick 3', 'r', {}, r(5)],
    ['reward', '', 'r = 2; reward 1/2', 'r', {}, r(5, 2)],
    ['weigh', '', 'r = 2; weigh 3', 'r', {}, r(6)],
    ['tick then flip (ert of two coin flips)', '', 'var b: Bool = flip(0.5); tick 1; if b { tick 1 } else {}; r = 0', 'r', {}, r(3, 2)],
    ['havoc (inf over Bool)', '', 'var b: Bool; havoc b; r = ite(b, 3, 5)', 'r', {}, r(3)],
    ['cohavoc (sup over Bool)', '', 'var b: Bool; cohavoc b; r = ite(b, 3, 5)', 'r', {}, r(5)],
    ['label is a no-op', '', 'r = 4; label here', 'r', {}, r(4)],
    ['∞ absorbs +', '', 'r = ∞; tick 1', 'r', {}, INF],
    ['0 · ∞ = 0', '', 'r = ∞; weigh 0', 'r', {}, r(0)],
    ['EUReal monus ∞ − 1 = ∞', '', 'r = ∞ - 1', 'r', {}, INF],
    ['EUReal monus 1 − ∞ = 0', '', 'r = 1 - ∞', 'r', {}, r(0)],
  ];
  for (const [name, params, body, post, state, expected, dir] of cases) {
    it(name, () => {
      expect(show(vcAt(params, body, post, state, dir))).toBe(show(expected));
    });
  }

  it('wp of the six-sided die construction: E[r·[r≤6]] = 21/8 and P(r ≤ 6) = 6/8', () => {
    const body = 'var a: Bool = flip(0.5); var b: Bool = flip(0.5); var c: Bool = flip(0.5); r = 4 * [a] + 2 * [b] + [c] + 1';
    expect(show(vcAt('', `${body}; assert ?(r <= 6)`, 'r', {}, 'coproc'))).toBe('21/8');
    expect(show(vcAt('', body, '[r <= 6]', {}))).toBe('3/4');
  });
});
