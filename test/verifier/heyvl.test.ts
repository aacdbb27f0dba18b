// The HeyVL front end: precedence (Caesar 4), printing round trips, and located diagnostics.
import { describe, it, expect } from 'vitest';
import { loadHeyVL, parseHeyVL, printProgram, printExpr } from '../../verifier/index.js';

function firstPre(src: string): string {
  const r = parseHeyVL(`proc p(a: UInt, b: UInt, c: UInt, x: Bool, y: Bool) -> () pre ${src} {}`, 't.heyvl');
  if (!r.program) throw new Error(r.diagnostics[0]!.message);
  return printExpr(r.program.procs[0]!.pres[0]!);
}

function diag(src: string): string {
  const r = loadHeyVL(src, 'd.heyvl');
  expect(r.program).toBeUndefined();
  const d = r.diagnostics[0]!;
  return `${d.span.line}:${d.span.col}: ${d.message}`;
}

describe('HeyVL parser', () => {
  it('uses Caesar 4 precedence: left-associative arithmetic, ⊓ below +, → right-associative and loosest', () => {
    expect(firstPre('a - b + c')).toBe('a - b + c');
    expect(firstPre('a - (b + c)')).toBe('a - (b + c)');
    expect(firstPre('3 / 5 * a')).toBe('3 / 5 * a');
    expect(firstPre('3 / (5 * a)')).toBe('3 / (5 * a)');
    expect(firstPre('a + b ⊓ c')).toBe('a + b ⊓ c');
    expect(firstPre('a ⊓ (b + c)')).toBe('a ⊓ b + c');
    expect(firstPre('(a ⊓ b) + c')).toBe('(a ⊓ b) + c');
    expect(firstPre('[x] ==> [y] ==> a')).toBe('[x] → [y] → a');
    expect(firstPre('([x] ==> [y]) ==> a')).toBe('([x] → [y]) → a');
    expect(firstPre('?(x && y || !x)')).toBe('?(x && y || !x)');
    expect(firstPre('a \\cap b \\cup c')).toBe('a ⊓ b ⊔ c');
    expect(firstPre('\\infty')).toBe('∞');
  });

  it('prints a parsed program that parses back to the same text', () => {
    const src = `domain D {
    func f(n: UInt): UInt = ite(n == 0, 1, n * f(n - 1))
    axiom ax forall n: UInt. f(n) >= 1
}
@wp
coproc geo(init_c: UInt) -> (c: UInt)
    pre init_c + 1
    post c
{
    c = init_c
    var b: Bool = flip(1/2)
    @invariant(c + [!b])
    while !b {
        c = c + 1
        b = flip(1/2)
    }
    if ⊓ {
        tick 1
    } else {
        reward 2
    }
    cohavoc c
    coassume ?(c >= 0)
}
`;
    const once = printProgram(loadHeyVL(src, 'a.heyvl').program!);
    const twice = printProgram(loadHeyVL(once, 'b.heyvl').program!);
    expect(twice).toBe(once);
    expect(once).toContain('@invariant(c + [!b])\n    while !b {');
  });

  it('reports syntax errors at their location', () => {
    expect(diag('proc p() -> () {\n  assert 1 +\n}')).toBe('3:1: expected an expression, found `}`');
    expect(diag('proc p() -> () { if true {} }')).toBe('1:29: expected `else` (HeyVL requires it; write `else {}`)');
    expect(diag('proc p() -> () { var x: UInt = 1 $ }')).toBe('1:34: unexpected character `$`');
    expect(diag('proc p() -> () { @invariant(1) assert 1 }')).toBe('1:18: `@invariant` must annotate a `while` loop');
  });

  it('reports type errors at the offending expression', () => {
    expect(diag('proc p(x: Int) -> () pre x {}')).toBe('1:26: expected EUReal, found Int');
    expect(diag('proc p(x: UInt) -> (y: UInt) pre [y > 0] {}')).toBe('1:35: the output `y` cannot be read in a `pre`');
    expect(diag('proc p(x: UInt) -> () { x = 1 }')).toBe('1:25: cannot assign to the input `x` (procedure inputs are immutable)');
    expect(diag('proc p() -> () { var b: Bool = 1 }')).toBe('1:32: expected Bool, found UInt');
    expect(diag('proc p() -> () { assert ?(q) }')).toBe('1:27: unknown variable `q`');
    expect(diag('proc p() -> (b: Bool) { b = flip(0.5) && true }')).toBe('1:29: `flip` is a procedure or distribution: call it only as the whole right side of an assignment');
  });

  it('accepts every statement and its co-twin', () => {
    const r = loadHeyVL(`proc p(x: EUReal) -> (y: UInt) {
      var b: Bool; havoc b; cohavoc b; assert x; coassert x; assume x; coassume x
      compare x; cocompare x; validate; covalidate; negate; conegate; tick 1; reward 1; weigh 1/2
      y = unif(1, 3); b = ber(1, 2); y = binom(2, 1, 1); y = hyper(4, 2, 2); label here
      if ⊓ {} else {}; if ⊔ {} else {}; if + {} else {}; if \\oplus {} else {}
    }`, 's.heyvl');
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.procs[0]!.body!.length).toBe(25);
  });
});
