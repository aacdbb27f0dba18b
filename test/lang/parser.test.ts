// Golden tests of the parser: every construct of language.md §2–§7 is parsed, printed canonically by
// lang/print.ts, and compared with the expected text; every case also round-trips (parse ∘ print).
import { describe, expect, it } from 'vitest';
import { grammarErrors, parse, printExpr, type Expr, type Program } from '../../lang/index.js';
import { fmt, parseOk, stripSpans } from './parser-helpers.js';

/** The expression of `let x = SRC;`, printed. */
function expr(src: string): string {
  return fmt(`let x = ${src};`).replace(/^let x = /, '').replace(/;\n$/, '');
}

function letInit(p: Program, i = 0): Expr {
  const item = p.items[i]!;
  if (item.kind !== 'Let') throw new Error(`item ${i} is ${item.kind}`);
  return item.init;
}

describe('literals and lexing', () => {
  it('reads Nat, Real, String, Bool and infinity literals', () => {
    const p = parseOk('let a = 42; let b = 4.2; let c = 1e-3; let d = 2.5e3; let e = "x\\n\\t\\"\\\\y"; let f = true; let g = infinity; let h = 2.0;');
    expect(stripSpans(p.items.map((i) => (i.kind === 'Let' ? i.init : null)))).toEqual([
      { kind: 'Nat', value: 42 },
      { kind: 'Real', value: 4.2 },
      { kind: 'Real', value: 0.001 },
      { kind: 'Real', value: 2500 },
      { kind: 'String', value: 'x\n\t"\\y' },
      { kind: 'Bool', value: true },
      { kind: 'Infinity' },
      { kind: 'Real', value: 2 },
    ]);
  });

  it('prints Reals so that they read back as Reals', () => {
    expect(expr('2.0 + 1e-3 + 2.5e3 + 1e21')).toBe('2.0 + 0.001 + 2500.0 + 1e+21');
  });

  it('reads `0..10` as a range, not a Real', () => {
    expect(fmt('for i in 0..10 { }')).toBe('for i in 0..10 {}\n');
    expect(fmt('for i in 1.5..2.5 { }')).toBe('for i in 1.5..2.5 {}\n');
  });

  it('skips line and block comments', () => {
    expect(fmt('let /* inline */ x = 1; // trailing\n/* multi\nline */ let y = 2;')).toBe('let x = 1;\nlet y = 2;\n');
  });

  it('reads keywords only as whole words', () => {
    expect(expr('[infinity, infinityx, inx, iffy, fnord, letter]')).toBe('[infinity, infinityx, inx, iffy, fnord, letter]');
  });

  it('decodes string escapes and prints them back', () => {
    expect(expr('"a\\"b\\\\c\\nd\\te"')).toBe('"a\\"b\\\\c\\nd\\te"');
  });
});

describe('precedence and associativity', () => {
  it('follows the table of language.md §4, loosest first', () => {
    expect(expr('a || b && c == d < e + f * -g')).toBe('a || b && c == d < e + f * -g');
    expect(expr('((((a || b) && c) == d) < e)')).toBe('(((a || b) && c) == d) < e');
    expect(expr('(a + b) * c')).toBe('(a + b) * c');
    expect(expr('a * (b + c)')).toBe('a * (b + c)');
    expect(expr('-(a + b)')).toBe('-(a + b)');
    expect(expr('!(a && b) || !c')).toBe('!(a && b) || !c');
  });

  it('groups the binary operators so that precedence shows in the tree', () => {
    const e = letInit(parseOk('let x = 1 + 2 * 3 - 4 / 5 % 6;'));
    expect(e).toMatchObject({
      kind: 'Binary', op: '-',
      left: { kind: 'Binary', op: '+', left: { kind: 'Nat', value: 1 }, right: { kind: 'Binary', op: '*' } },
      right: { kind: 'Binary', op: '%', left: { kind: 'Binary', op: '/' }, right: { kind: 'Nat', value: 6 } },
    });
  });

  it('associates + - * / % && || to the left', () => {
    expect(expr('a - b - c')).toBe('a - b - c');
    expect(expr('a - (b - c)')).toBe('a - (b - c)');
    expect(expr('a / b / c')).toBe('a / b / c');
    expect(expr('a / (b * c)')).toBe('a / (b * c)');
    expect(expr('a || (b || c)')).toBe('a || (b || c)');
    expect(letInit(parseOk('let x = a - b - c;'))).toMatchObject({ op: '-', left: { op: '-' }, right: { kind: 'Var', name: 'c' } });
  });

  it('keeps explicit parentheses around chained comparisons', () => {
    expect(expr('(a < b) < c')).toBe('(a < b) < c');
    expect(expr('a == (b != c)')).toBe('a == (b != c)');
    expect(expr('(x =:= y) == ()')).toBe('(x =:= y) == ()');
  });

  it('binds unary operators tighter than binary ones and looser than postfix ones', () => {
    expect(expr('-a.b[0](1) * !c')).toBe('-a.b[0](1) * !c');
    expect(letInit(parseOk('let x = -f(1);'))).toMatchObject({ kind: 'Unary', op: '-', operand: { kind: 'Call' } });
    expect(expr('- -a')).toBe('--a');
    expect(expr('(-a).b')).toBe('(-a).b');
  });

  it('parses =:= at the equality level', () => {
    expect(letInit(parseOk('let x = a + 1 =:= b * 2;'))).toMatchObject({ kind: 'Binary', op: '=:=', left: { op: '+' }, right: { op: '*' } });
  });
});

describe('postfix expressions', () => {
  it('parses calls with positional then named arguments', () => {
    expect(expr('SMC(particles: 1000, rejuvenation: 2)')).toBe('SMC(particles: 1000, rejuvenation: 2)');
    expect(expr('f(1, g(2), name: h(3),)')).toBe('f(1, g(2), name: h(3))');
    const c = letInit(parseOk('let x = f(1, k: 2);'));
    expect(stripSpans(c)).toEqual({
      kind: 'Call', callee: { kind: 'Var', name: 'f' }, args: [{ kind: 'Nat', value: 1 }],
      named: [{ name: 'k', value: { kind: 'Nat', value: 2 } }],
    });
  });

  it('parses indexing, fields and tuple fields', () => {
    expect(expr('a[i][j].x.y')).toBe('a[i][j].x.y');
    expect(expr('t.0.1')).toBe('t.0.1');
    expect(expr('t.0 .1')).toBe('t.0.1');
    expect(expr('(1).0')).toBe('(1).0');
  });

  it('splits `t.0.1` (lexed as `t` `.` `0.1`) into two TupleField nodes', () => {
    const e = letInit(parseOk('let x = t.0.1;'));
    expect(stripSpans(e)).toEqual({ kind: 'TupleField', index: 1, target: { kind: 'TupleField', index: 0, target: { kind: 'Var', name: 't' } } });
    expect(e.kind === 'TupleField' && e.target.span).toMatchObject({ start: 8, end: 11, col: 9 });
    expect(e.span).toMatchObject({ start: 8, end: 13 });
  });

  it('parses `E[…]` and `P[…]` as expectations everywhere', () => {
    expect(letInit(parseOk('let x = E[y];'))).toMatchObject({ kind: 'Expect', which: 'E', body: { kind: 'Var', name: 'y' } });
    expect(letInit(parseOk('let x = P[y > 1];'))).toMatchObject({ kind: 'Expect', which: 'P' });
    expect(letInit(parseOk('let x = Q[y];'))).toMatchObject({ kind: 'Index' });
    expect(letInit(parseOk('let x = E;'))).toMatchObject({ kind: 'Var', name: 'E' });
  });
});

describe('compound expressions', () => {
  it('tells parentheses, tuples and Unit apart', () => {
    expect(letInit(parseOk('let x = (1);'))).toMatchObject({ kind: 'Nat' });
    expect(letInit(parseOk('let x = (1, "a");'))).toMatchObject({ kind: 'Tuple', elems: [{ kind: 'Nat' }, { kind: 'String' }] });
    expect(letInit(parseOk('let x = ();'))).toMatchObject({ kind: 'Unit' });
    expect(expr('((1, 2), (3), ())')).toBe('((1, 2), 3, ())');
  });

  it('parses arrays, with a trailing comma', () => {
    expect(expr('[1, 2, 3,]')).toBe('[1, 2, 3]');
    expect(expr('[]')).toBe('[]');
    expect(expr('[[1], [2, 3]]')).toBe('[[1], [2, 3]]');
    expect(letInit(parseOk('let x = [b];'))).toMatchObject({ kind: 'Array', elems: [{ kind: 'Var' }] });
  });

  it('reads `{ x: 1 }` as a record and `{ x }`, `{}` as blocks', () => {
    expect(letInit(parseOk('let r = { x: 1, y: true };'))).toMatchObject({ kind: 'Record', fields: [{ name: 'x' }, { name: 'y' }] });
    expect(letInit(parseOk('let r = { x };'))).toMatchObject({ kind: 'Block', stmts: [], result: { kind: 'Var', name: 'x' } });
    expect(letInit(parseOk('let r = {};'))).toMatchObject({ kind: 'Block', stmts: [] });
    expect(expr('{x: 1.0, y: true}')).toBe('{x: 1.0, y: true}');
    expect(expr('{x: {y: 1}}.x.y')).toBe('{x: {y: 1}}.x.y');
  });

  it('parses blocks with statements and a trailing result', () => {
    expect(expr('{ let y = 1; y + 1 }')).toBe('{\n  let y = 1;\n  y + 1\n}');
    const b = letInit(parseOk('let x = { f(); g() };'));
    expect(b).toMatchObject({ kind: 'Block', stmts: [{ kind: 'ExprStmt' }], result: { kind: 'Call' } });
    expect(letInit(parseOk('let x = { f(); g(); };'))).not.toHaveProperty('result');
  });

  it('parses if/else expressions and nests `else if`', () => {
    expect(expr('if a { 1 } else if b { 2 } else { 3 }')).toBe('if a { 1 } else if b { 2 } else { 3 }');
    const e = letInit(parseOk('let x = if a { 1 } else if b { 2 } else { 3 };'));
    expect(e).toMatchObject({ kind: 'If', otherwise: { kind: 'If', otherwise: { kind: 'Block' } } });
    expect(expr('if a { 1 } else { 2 } + 1')).toBe('if a { 1 } else { 2 } + 1');
    expect(fmt('if a { f(); }')).toBe('if a {\n  f();\n}\n');
  });

  it('parses lambdas in all their forms', () => {
    expect(expr('fn(x) => x + 1')).toBe('fn(x) => x + 1');
    expect(expr('fn(x: Real, y: Real) => x * y')).toBe('fn(x: Real, y: Real) => x * y');
    expect(expr('fn() { flip(0.5) }')).toBe('fn() { flip(0.5) }');
    expect(expr('fn(x: Real) -> Real { let y = x; y * 2.0 }')).toBe('fn(x: Real) -> Real {\n  let y = x;\n  y * 2.0\n}');
    expect(expr('map(xs, fn(p) => flip(p))')).toBe('map(xs, fn(p) => flip(p))');
    expect(expr('(fn(x) => x)(1)')).toBe('(fn(x) => x)(1)');
    expect(expr('a + fn(x) => x')).toBe('a + (fn(x) => x)');
    expect(letInit(parseOk('let f = fn(x) => x + 1;'))).toMatchObject({ kind: 'Lambda', params: [{ name: 'x' }], body: { kind: 'Binary' } });
  });
});

describe('types', () => {
  it('parses every type form', () => {
    const src = 'let x: (Bool, Nat, Int, Real, String, Unit, Tensor, Method, [T], {a: Real, b: [Nat]}, Dist<(Nat, Real)>, (Real, Nat) -> Bool, () -> Unit, ()) = y;';
    expect(fmt(src)).toBe('let x: (Bool, Nat, Int, Real, String, Unit, Tensor, Method, [T], {a: Real, b: [Nat]}, Dist<(Nat, Real)>, (Real, Nat) -> Bool, () -> Unit, Unit) = y;\n');
  });

  it('nests function types to the right and unwraps `(T)`', () => {
    expect(fmt('let f: (Real) -> (Real) -> Real = g;')).toBe('let f: (Real) -> (Real) -> Real = g;\n');
    expect(fmt('let f: ((Real) -> Real) -> Real = g;')).toBe('let f: ((Real) -> Real) -> Real = g;\n');
    expect(fmt('let f: (Real) = g;')).toBe('let f: Real = g;\n');
    const p = parseOk('let f: Dist<[Real]> = g;');
    expect(p.items[0]).toMatchObject({ type: { kind: 'TApp', name: 'Dist', args: [{ kind: 'TArray', elem: { kind: 'TName', name: 'Real' } }] } });
  });
});

describe('statements', () => {
  it('parses let, let with a type, tuple let and sampling let', () => {
    expect(fmt('let x = 1; let y: Real = 2; let (a, _) = p; let z ~ Normal(0, 1); let w: Bool ~ Bernoulli(0.5);'))
      .toBe('let x = 1;\nlet y: Real = 2;\nlet (a, _) = p;\nlet z ~ Normal(0, 1);\nlet w: Bool ~ Bernoulli(0.5);\n');
    const p = parseOk('let (a, _) = p; let z ~ d;');
    expect(stripSpans(p.items)).toEqual([
      { kind: 'LetTuple', names: [{ name: 'a' }, { name: '_' }], init: { kind: 'Var', name: 'p' } },
      { kind: 'LetSample', name: 'z', dist: { kind: 'Var', name: 'd' } },
    ]);
  });

  it('parses var declarations and every assignment form', () => {
    expect(fmt('fn f() { var x: Real = 0; x = 1; x += 2; x -= 3; x *= 4; a[i] = 5; a[i][j] = 6; }'))
      .toBe('fn f() {\n  var x: Real = 0;\n  x = 1;\n  x += 2;\n  x -= 3;\n  x *= 4;\n  a[i] = 5;\n  a[i][j] = 6;\n}\n');
    const p = parseOk('a[i][j] += 1;');
    expect(stripSpans(p.items[0])).toEqual({
      kind: 'Assign', op: '+=', value: { kind: 'Nat', value: 1 },
      target: { kind: 'Index', index: { kind: 'Var', name: 'j' }, target: { kind: 'Index', target: { kind: 'Var', name: 'a' }, index: { kind: 'Var', name: 'i' } } },
    });
  });

  it('needs no `;` after a statement that ends with a block', () => {
    expect(fmt('if a { f(); } while b { g(); } for i in 0..n { h(i); } { k(); } print(1);'))
      .toBe('if a {\n  f();\n}\nwhile b {\n  g();\n}\nfor i in 0..n {\n  h(i);\n}\n{\n  k();\n}\nprint(1);\n');
    // A block-like statement takes no operators: `-1` starts a new statement.
    const p = parseOk('fn f() { if a { 1 } else { 2 } -1 }');
    expect(p.items[0]).toMatchObject({ body: { stmts: [{ kind: 'ExprStmt', expr: { kind: 'If' } }], result: { kind: 'Unary' } } });
  });

  it('takes the trailing block-like expression of a block as its result, unless a `;` follows', () => {
    const p = parseOk('fn f() { if a { 1 } else { 2 } } fn g() { if a { 1 } else { 2 }; }');
    expect(p.items[0]).toMatchObject({ body: { stmts: [], result: { kind: 'If' } } });
    expect(p.items[1]).toMatchObject({ body: { stmts: [{ kind: 'ExprStmt' }] } });
    expect(p.items[1]).not.toHaveProperty('body.result');
    expect(fmt('fn g() { if a { 1 } else { 2 }; }')).toBe('fn g() {\n  if a { 1 } else { 2 };\n}\n');
  });

  it('parenthesises a statement expression that merely starts with `if` or a block', () => {
    expect(fmt('let x = (if a { f } else { g })(1);')).toBe('let x = if a { f } else { g }(1);\n');
    expect(fmt('(if a { f } else { g })(1);')).toBe('(if a { f } else { g }(1));\n');
    expect(fmt('fn h() { ({ 1 }) + 2 }')).toBe('fn h() { ({ 1 } + 2) }\n');
  });

  it('parses return with and without a value', () => {
    expect(fmt('fn f() { return 1; } fn g() { return; } fn h() { return 2 }'))
      .toBe('fn f() {\n  return 1;\n}\nfn g() {\n  return;\n}\nfn h() {\n  return 2;\n}\n');
  });

  it('parses while and for loops with invariants and attributes', () => {
    const src = `
      @k_induction(3, n + [b])
      @unroll(10)
      while !stop invariant n + [!stop] * 2 invariant [n < 5] { n += 1; }
      @omega_invariant(fn(k) => [k > 0], bound: 3)
      for i in 0..len(xs) invariant i { }
      @wlp
      while true { }`;
    expect(fmt(src)).toBe(
      '@k_induction(3, n + [b])\n@unroll(10)\nwhile !stop invariant n + [!stop] * 2 invariant [n < 5] {\n  n += 1;\n}\n'
      + '@omega_invariant(fn(k) => [k > 0], bound: 3)\nfor i in 0..len(xs) invariant i {}\n@wlp\nwhile true {}\n');
    const p = parseOk(src);
    expect(stripSpans(p.items[0])).toMatchObject({
      kind: 'While',
      attributes: [
        { name: 'k_induction', args: [{ kind: 'Nat', value: 3 }, { kind: 'Binary', right: { kind: 'Iverson', cond: { kind: 'Var', name: 'b' } } }], named: [] },
        { name: 'unroll', args: [{ kind: 'Nat', value: 10 }] },
      ],
      invariants: [{ kind: 'Binary', left: { kind: 'Var' }, right: { kind: 'Binary', left: { kind: 'Iverson' } } }, { kind: 'Iverson' }],
    });
    expect(p.items[1]).toMatchObject({
      kind: 'For', name: 'i', from: { kind: 'Nat', value: 0 }, to: { kind: 'Call' },
      attributes: [{ name: 'omega_invariant', named: [{ name: 'bound' }], args: [{ kind: 'Lambda', body: { kind: 'Iverson' } }] }],
    });
  });

  it('reads `[b]` as an array outside specifications', () => {
    const p = parseOk('while x { let y = [b]; }');
    expect(p.items[0]).toMatchObject({ body: { stmts: [{ init: { kind: 'Array' } }] } });
  });
});

describe('declarations', () => {
  it('parses functions with generics, typed parameters, return types and specifications', () => {
    const src = 'fn f<T, U>(xs: [T], g: (T) -> U,) -> U requires len(xs) > 0 ensures E[result] <= 2 ensures P[result] >= 0.5 ensures E[cost] <= [b] * 3 { g(xs[0]) }';
    expect(fmt(src)).toBe(
      'fn f<T, U>(xs: [T], g: (T) -> U) -> U\n  requires len(xs) > 0\n  ensures E[result] <= 2\n  ensures P[result] >= 0.5\n  ensures E[cost] <= [b] * 3\n{ g(xs[0]) }\n');
    const f = parseOk(src).items[0]!;
    expect(stripSpans(f)).toMatchObject({
      kind: 'FnDecl', name: 'f', typeParams: [{ name: 'T' }, { name: 'U' }],
      params: [{ name: 'xs', type: { kind: 'TArray' } }, { name: 'g', type: { kind: 'TFn' } }],
      result: { kind: 'TName', name: 'U' },
      specs: [
        { kind: 'requires', expr: { kind: 'Binary', op: '>' } },
        { kind: 'ensures', expr: { kind: 'Binary', op: '<=', left: { kind: 'Expect', which: 'E', body: { kind: 'Var', name: 'result' } } } },
        { kind: 'ensures', expr: { left: { kind: 'Expect', which: 'P' } } },
        { kind: 'ensures', expr: { right: { kind: 'Binary', left: { kind: 'Iverson' } } } },
      ],
    });
  });

  it('parses a function without parameters or return type', () => {
    expect(fmt('fn main() { print(1); }')).toBe('fn main() {\n  print(1);\n}\n');
    expect(parseOk('fn main() {}').items[0]).not.toHaveProperty('result');
  });

  it('parses imports', () => {
    const p = parseOk('import "lib/other.ppl";');
    expect(p.items[0]).toMatchObject({ kind: 'Import', path: 'lib/other.ppl', pathSpan: { start: 7, end: 22 } });
    expect(fmt('import "a\\"b.ppl";')).toBe('import "a\\"b.ppl";\n');
  });

  it('parses the example programs of language.md', () => {
    const burglary = `
// examples/burglary.ppl — Pearl's alarm network
fn alarm() -> Bool {
  let burglary ~ Bernoulli(0.001);
  let earthquake ~ Bernoulli(0.002);
  let p = if burglary && earthquake { 0.95 }
          else if burglary { 0.94 }
          else if earthquake { 0.29 }
          else { 0.001 };
  let alarm ~ Bernoulli(p);
  observe(Bernoulli(if alarm { 0.9 } else { 0.05 }), true);   // John calls
  observe(Bernoulli(if alarm { 0.7 } else { 0.01 }), true);   // Mary calls
  burglary
}

let posterior = infer(alarm, Enumerate);
print(prob(posterior, true));        // 0.28417183536439...
`;
    expect(fmt(burglary)).toBe(`fn alarm() -> Bool {
  let burglary ~ Bernoulli(0.001);
  let earthquake ~ Bernoulli(0.002);
  let p = if burglary && earthquake { 0.95 } else if burglary { 0.94 } else if earthquake { 0.29 } else { 0.001 };
  let alarm ~ Bernoulli(p);
  observe(Bernoulli(if alarm { 0.9 } else { 0.05 }), true);
  observe(Bernoulli(if alarm { 0.7 } else { 0.01 }), true);
  burglary
}
let posterior = infer(alarm, Enumerate);
print(prob(posterior, true));
`);
    const geometric = `
fn geometric() -> Nat
  ensures E[result] <= 1                  // upper bound on an expected value
{
  var n = 0;
  var stop = flip(0.5);
  while !stop
    invariant n + [!stop] * 2             // upper-bound invariant: expected final n from here
  {
    n += 1;
    stop = flip(0.5);
  }
  n
}

fn eitherCoin() -> Bool
  ensures P[result] >= 0.75               // lower bound on a probability
{
  flip(0.5) || flip(0.5)
}`;
    expect(fmt(geometric)).toBe(`fn geometric() -> Nat
  ensures E[result] <= 1
{
  var n = 0;
  var stop = flip(0.5);
  while !stop invariant n + [!stop] * 2 {
    n += 1;
    stop = flip(0.5);
  }
  n
}
fn eitherCoin() -> Bool
  ensures P[result] >= 0.75
{ flip(0.5) || flip(0.5) }
`);
  });
});

describe('spans', () => {
  const src = 'fn f(x: Real) -> Real {\n  let y = x * 2.0;\n  y + f(1, k: "s")\n}\nprint(f(1.5));\n';
  const p = parseOk(src, 'spans.ppl');
  const f = p.items[0]!;
  if (f.kind !== 'FnDecl') throw new Error('expected a FnDecl');
  const text = (s: { start: number; end: number }) => src.slice(s.start, s.end);

  it('gives every node its file, offsets, and 1-based line and column', () => {
    expect(p.span).toEqual({ file: 'spans.ppl', start: 0, end: src.length, line: 1, col: 1 });
    expect(f.span).toEqual({ file: 'spans.ppl', start: 0, end: 63, line: 1, col: 1 });
    expect(text(f.span)).toBe(src.slice(0, src.indexOf('\nprint')));
    expect(f.nameSpan).toMatchObject({ line: 1, col: 4, start: 3, end: 4 });
    expect(f.params[0]!.span).toMatchObject({ line: 1, col: 6 });
    expect(text(f.params[0]!.span)).toBe('x: Real');
    expect(f.result!.span).toMatchObject({ line: 1, col: 18 });
  });

  it('spans statements, operators and operands', () => {
    const let_ = f.body.stmts[0]!;
    expect(let_.span).toMatchObject({ line: 2, col: 3 });
    expect(text(let_.span)).toBe('let y = x * 2.0;');
    if (let_.kind !== 'Let') throw new Error('expected Let');
    expect(let_.nameSpan).toMatchObject({ line: 2, col: 7 });
    const mul = let_.init;
    if (mul.kind !== 'Binary') throw new Error('expected Binary');
    expect(mul.span).toMatchObject({ line: 2, col: 11 });
    expect(mul.opSpan).toMatchObject({ line: 2, col: 13, start: mul.span.start + 2, end: mul.span.start + 3 });
    expect(text(mul.right.span)).toBe('2.0');
  });

  it('spans calls, named arguments and the block result', () => {
    const r = f.body.result!;
    expect(text(r.span)).toBe('y + f(1, k: "s")');
    expect(r.span).toMatchObject({ line: 3, col: 3 });
    if (r.kind !== 'Binary' || r.right.kind !== 'Call') throw new Error('expected y + call');
    expect(r.right.span).toMatchObject({ line: 3, col: 7 });
    expect(text(r.right.named[0]!.span)).toBe('k: "s"');
    expect(r.right.named[0]!.value.span).toMatchObject({ line: 3, col: 15 });
    expect(text(f.body.span)).toBe(src.slice(22, 63));
    expect(f.body.span).toMatchObject({ line: 1, col: 23 });
  });

  it('spans top-level statements on later lines', () => {
    const stmt = p.items[1]!;
    expect(stmt.span).toMatchObject({ line: 5, col: 1 });
    expect(text(stmt.span)).toBe('print(f(1.5));');
    if (stmt.kind !== 'ExprStmt' || stmt.expr.kind !== 'Call') throw new Error('expected a call');
    expect(stmt.expr.args[0]!.span).toMatchObject({ line: 5, col: 7 });
  });

  it('spans loops from their first attribute', () => {
    const q = parseOk('fn g() {\n  @unroll(2)\n  while c { }\n}');
    const g = q.items[0]!;
    if (g.kind !== 'FnDecl') throw new Error('expected FnDecl');
    expect(g.body.stmts[0]!.span).toMatchObject({ line: 2, col: 3 });
    expect(g.body.stmts[0]).toMatchObject({ kind: 'While', attributes: [{ span: { line: 2, col: 3, end: 21 } }] });
  });
});

describe('printExpr', () => {
  it('prints synthesised trees with the parentheses they need', () => {
    const s = { file: 't', start: 0, end: 0, line: 1, col: 1 };
    const v = (name: string): Expr => ({ kind: 'Var', name, span: s });
    const bin = (op: '+' | '*' | '<', left: Expr, right: Expr): Expr => ({ kind: 'Binary', op, left, right, opSpan: s, span: s });
    expect(printExpr(bin('*', bin('+', v('a'), v('b')), v('c')))).toBe('(a + b) * c');
    expect(printExpr(bin('+', v('a'), bin('+', v('b'), v('c'))))).toBe('a + (b + c)');
    expect(printExpr(bin('<', bin('<', v('a'), v('b')), v('c')))).toBe('(a < b) < c');
    expect(printExpr({ kind: 'Iverson', cond: v('b'), span: s })).toBe('[b]');
  });

  it('never reads a parse result differently after printing (a few tricky cases)', () => {
    for (const src of ['let x = -(-1);', 'let x = (a.0).1;', 'let x = (1.5).0;', 'let x = ({ 1 }).x;', 'let x = fn() => fn() => 1;',
      'let x = [fn(x) => x, fn(y) => y];', 'let x = if fn(x) => x { 1 };', 'f(fn() { });', 'let x = {a: 1}.a;']) {
      fmt(src);
    }
    expect(parse('let x = 1;', 'a').program.items).toHaveLength(1);
  });
});

describe('conditions', () => {
  it('end at `{`: a block or record in a condition needs parentheses', () => {
    expect(fmt('if ({ x }) { 1 }')).toBe('if ({ x }) { 1 }\n');
    expect(fmt('while ({a: 1}.a == 1) { }')).toBe('while ({a: 1}.a == 1) {}\n');
    expect(fmt('if f({a: 1}, { 2 }) && [{ 3 }][0] { }')).toBe('if f({a: 1}, { 2 }) && [{ 3 }][0] {}\n');
    expect(fmt('for i in 0..({ n }) invariant ({ 1 }) { }')).toBe('for i in 0..({ n }) invariant ({ 1 }) {}\n');
    expect(fmt('fn f() -> Nat ensures E[{ result }] <= 1 ensures ({ 1 }) <= 2 { 1 }')).toBe('fn f() -> Nat\n  ensures E[{ result }] <= 1\n  ensures ({ 1 } <= 2)\n{ 1 }\n');
  });
});

describe('assignment targets', () => {
  it('reads `E[i] = v` as indexing a variable named E', () => {
    expect(stripSpans(parseOk('E[i][0] = 1;').items[0])).toEqual({
      kind: 'Assign', op: '=', value: { kind: 'Nat', value: 1 },
      target: { kind: 'Index', index: { kind: 'Nat', value: 0 }, target: { kind: 'Index', target: { kind: 'Var', name: 'E' }, index: { kind: 'Var', name: 'i' } } },
    });
    expect(fmt('P[2] *= 3;')).toBe('(P)[2] *= 3;\n');
  });
});

describe('the grammar', () => {
  it('passes chevrotain\'s validations (no ambiguities, no left recursion)', () => {
    expect(grammarErrors()).toEqual([]);
  });
});
