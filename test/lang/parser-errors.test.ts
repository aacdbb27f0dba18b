// Syntax and lexical errors: each with its exact location (1-based line:col) and message, and recovery
// that reports every independent error of a file in one run.
import { describe, expect, it } from 'vitest';
import { parse } from '../../lang/index.js';
import { errors } from './parser-helpers.js';

describe('syntax errors: exact location and message', () => {
  const cases: [string, string[]][] = [
    // A missing `;` at the end of a line is reported right after the last token of that line.
    ['let x = 1\nlet y = 2;', ['1:10: expected `;`, found `let`']],
    ['fn f() { let x = 1 }', ['1:20: expected `;`, found `}`']],
    ['print(1)', ['1:9: expected `;`, found end of file']],
    ['let x = (1 + 2;', ['1:15: expected `)`, found `;`']],
    ['let x = [1, 2;', ['1:14: expected `]`, found `;`']],
    ['let x = 1 +;', ['1:12: expected an expression, found `;`']],
    ['let x = f(1, ());\nlet y = g(1, );\nlet z = h(,);', ['3:11: expected `)`, found `,`']],
    ['let = 3;', ['1:5: expected a name or `(`, found `=`']],
    ['let x ~ ;', ['1:9: expected an expression, found `;`']],
    ['fn f( { }', ['1:7: expected `)`, found `{`']],
    ['fn f() { let x = 1; ', ['1:20: expected a statement or `}`, found end of file']],
    ['fn f() -> { 1 }', ['1:11: expected a type, found `{`']],
    ['fn f(x) { x }', ['1:6: the parameter `x` needs a type: parameters of top-level functions are annotated (`x: Real`)']],
    ['let x = a < b < c;', ['1:15: `<` after a comparison: comparison operators do not associate (write `a < b && b < c`)']],
    ['let x = a <= b > c;', ['1:16: `>` after a comparison: comparison operators do not associate (write `a < b && b < c`)']],
    ['let x = a == b =:= c;', ['1:16: `=:=` after an equality: `==`, `!=` and `=:=` do not associate (add parentheses)']],
    ['let x = $;', ['1:9: unexpected character `$`']],
    ['let x\u00a0= 1;', ['1:6: unexpected character `\\u{a0}`']],
    ['let é = 1;', ['1:5: unexpected character `é`']],
    ['let s = "abc\nlet t = 1;', ['1:9: unterminated string']],
    ['let x = 1; /* never closed\nlet y = 2;', ['1:12: unterminated comment `/*`']],
    ['let x = "a\\qb";', ['1:11: unknown escape `\\q` in string (use \\n, \\t, \\" or \\\\)']],
    ['let x = 1; }', ['1:12: expected a declaration or statement, found `}`']],
    ['x + 1 = 3;', ['1:1: cannot assign to this expression: the left of `=` must be a variable or an indexed variable (`a[i]`)']],
    ['f(x) += 1;', ['1:1: cannot assign to this expression: the left of `+=` must be a variable or an indexed variable (`a[i]`)']],
    ['let y = {a: 1, b};', ['1:17: expected `:`, found `}`']],
    ['let y = if x { 1 } else 2;', ['1:25: expected a block or `if` after `else`, found `2`']],
    ['@unroll(3) let x = 1;', ['1:12: expected `while` or `for` after a loop attribute, found `let`']],
    ['let x = f(a: 1, 2);', ['1:17: positional arguments must come before named ones']],
    ['let x = .5;', ['1:9: `.5` is not a number: write `0.5`']],
    ['let (a) = t;', ['1:6: a tuple pattern needs at least two names']],
    ['let x = t.1e3;', ['1:11: expected a field name or tuple index, found `1e3`']],
    ['let x = 99999999999999999999;', ['1:9: integer literal `99999999999999999999` is too large (the largest is 2^53 = 9007199254740992)']],
    ['let t: Dist<Real = 3;', ['1:18: expected `>`, found `=`']],
    ['import other.ppl;', ['1:8: expected a string, found `other`']],
    ['while x { } invariant', ['1:13: expected a declaration or statement, found `invariant`']],
    ['let x = 1 2;', ['1:11: expected `;`, found `2`']],
    ['fn f() {\n  return 1 2;\n}', ['2:12: expected `;`, found `2`']],
    ['let x = fn(x) x;', ['1:15: expected `=>` or a block, found `x`']],
    ['for i in 0..n invariant { }', ['1:25: expected an expression, found `{`']],
    ['if x == {a: 1} { }', ['1:9: expected an expression, found `{`']],
    ['fn f() {\n  if x {\n    let y = 1;\n\n}\nfn g() { 1 }', ['5:2: expected a statement or `}`, found `fn`']],
    ['let x = {a: 1 b: 2};', ['1:15: expected `}`, found `b`']],
    ['print("a" "b");', ['1:11: expected `)`, found `"b"`']],
    ['let x = 1;;', ['1:11: expected a declaration or statement, found `;`']],
    ['let x = 1 ++ 2;', ['1:12: expected an expression, found `+`']],
    ['let x: = 1;', ['1:8: expected a type, found `=`']],
    ['var x;', ['1:6: expected `=`, found `;`']],
    ['fn f<>() {}', ['1:6: expected a name, found `>`']],
    ['let f = fn(x => x;', ['1:14: expected `)`, found `=>`']],
    ['let x = a.;', ['1:11: expected a field name or tuple index, found `;`']],
  ];

  it.each(cases)('%j', (src, expected) => {
    expect(errors(src)).toEqual(expected);
  });

  it('has at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it('locates errors with spans inside the file, never NaN', () => {
    for (const [src] of cases) {
      for (const d of parse(src, 'e.ppl').diagnostics) {
        expect(d.span.file).toBe('e.ppl');
        expect(Number.isInteger(d.span.start) && d.span.start >= 0 && d.span.start <= src.length).toBe(true);
        expect(Number.isInteger(d.span.end) && d.span.end >= d.span.start && d.span.end <= src.length).toBe(true);
        expect(d.span.line).toBeGreaterThanOrEqual(1);
        expect(d.span.col).toBeGreaterThanOrEqual(1);
        expect(d.phase).toBe('parse');
      }
    }
  });
});

describe('recovery', () => {
  it('reports every independent error of a file in one run', () => {
    const src = [
      'fn f() {',
      '  let x = ;',
      '  let y = 2',
      '  return x +;',
      '}',
      'fn g(a: Nat) -> Nat { a * }',
      'let z = (1, 2;',
      'let w = $ + 1;',
      'print(z)',
    ].join('\n');
    expect(errors(src)).toEqual([
      '2:11: expected an expression, found `;`',
      '3:12: expected `;`, found `return`',
      '4:13: expected an expression, found `;`',
      '6:27: expected an expression, found `}`',
      '7:14: expected `)`, found `;`',
      '8:9: unexpected character `$`',
      '9:9: expected `;`, found end of file',
    ]);
  });

  it('keeps the declarations and statements around the errors', () => {
    const src = 'fn f() {\n  let x = ;\n  x\n}\nfn g(a: Nat) -> Nat { a * }\nlet z = (1, 2;\nprint(z);\n';
    const { program, diagnostics } = parse(src, 'r.ppl');
    expect(diagnostics).toHaveLength(3);
    expect(program.items.map((i) => i.kind)).toEqual(['FnDecl', 'FnDecl', 'Let', 'ExprStmt']);
    expect(program.items[0]).toMatchObject({ name: 'f', body: { stmts: [{ kind: 'Let', init: { kind: 'Var', name: '<error>' } }], result: { name: 'x' } } });
    expect(program.items[2]).toMatchObject({ name: 'z', init: { kind: 'Tuple' } });
  });

  it('skips junk between top-level items and goes on', () => {
    expect(errors('let a = 1;\n) ] let b = 2;\nlet c = ;\n')).toEqual([
      '2:1: expected a declaration or statement, found `)`',
      '3:9: expected an expression, found `;`',
    ]);
  });

  it('keeps an unterminated function, inserting the missing `}` at the end of the file', () => {
    const { program, diagnostics } = parse('fn f() {\n  let x = 1;\n  x', 'u.ppl');
    expect(diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`)).toEqual(['3:4: expected a statement or `}`, found end of file']);
    expect(program.items[0]).toMatchObject({ kind: 'FnDecl', name: 'f', body: { stmts: [{ kind: 'Let' }], result: { name: 'x' } } });
  });

  it('gives recovered nodes real spans', () => {
    const { program } = parse('let x = (1 + 2;\nlet y = f(1;', 's.ppl');
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      for (const [k, v] of Object.entries(n)) {
        if (/span$/i.test(k)) {
          const s = v as { start: number; end: number; line: number; col: number };
          expect([s.start, s.end, s.line, s.col].every(Number.isFinite)).toBe(true);
          expect(s.start).toBeGreaterThanOrEqual(0);
        } else walk(v);
      }
    };
    walk(program);
    expect(program.items).toHaveLength(2);
  });

  it('reports nesting too deep for the parser as a located error, and parses the next file normally', () => {
    const deep = `let x = ${'('.repeat(2000)}1${')'.repeat(2000)};`;
    const r = parse(deep, 'deep.ppl');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe('nested too deeply: the parser ran out of stack here (move inner parts into `let`s)');
    expect(r.diagnostics[0]!.span.line).toBe(1);
    expect(r.diagnostics[0]!.span.col).toBeGreaterThan(100);
    expect(parse(`let x = ${'('.repeat(100)}1${')'.repeat(100)};`, 'ok.ppl').diagnostics).toEqual([]);
  });

  it('never throws, even on binary garbage', () => {
    const junk = '\u0000\uffff\ud800"\\' + '((((((('.repeat(50) + '}'.repeat(40) + 'fn fn fn let let = = ~ ~ @ @';
    const r = parse(junk, 'junk.ppl');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]).toMatchObject({ message: 'unexpected character `\\u{0}`', span: { line: 1, col: 1 } });
  });
});

describe('line and column', () => {
  it('skip a byte-order mark', () => {
    expect(errors('\uFEFFlet x = 1;\nlet y = ;')).toEqual(['2:9: expected an expression, found `;`']);
  });

  it('count only \\n as a line break, as the diagnostic renderer does', () => {
    expect(errors('let x = 1;\r\nlet y = ;')).toEqual(['2:9: expected an expression, found `;`']);
    expect(errors('let x = 1;\rlet y = ;')).toEqual(['1:20: expected an expression, found `;`']);
    expect(errors('let x = 1;\n\tlet y = ;')).toEqual(['2:10: expected an expression, found `;`']);
  });
});
