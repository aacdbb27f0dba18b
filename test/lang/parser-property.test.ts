// Property tests of the parser (fast-check, fixed seeds): generated valid programs parse cleanly and
// round-trip through the printer; mutated programs (tokens deleted, inserted, replaced) never make
// `parse` throw, and every diagnostic they get is located inside the file at a consistent line:col.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, printProgram, type Diagnostic } from '../../lang/index.js';
import { stripSpans } from './parser-helpers.js';

// ---------------------------------------------------------------------------------------------
// A generator of valid source text. Every expression carries what the composition rules need:
// its precedence (as in language.md §4), whether it starts like a block-like statement (`if`, `{`),
// and whether it has a bare `{` (a block or record outside brackets), which conditions must not have.
// ---------------------------------------------------------------------------------------------

interface Gen { text: string; prec: number; startsBlock: boolean; bare: boolean; num?: boolean }

const PRIMARY = 9;
const atom = (text: string, extra: Partial<Gen> = {}): Gen => ({ text, prec: PRIMARY, startsBlock: false, bare: false, ...extra });
const paren = (g: Gen): Gen => atom(`(${g.text})`);
const ops: [string, number, boolean][] = [
  ['||', 1, true], ['&&', 2, true], ['==', 3, false], ['!=', 3, false], ['=:=', 3, false],
  ['<', 4, false], ['<=', 4, false], ['>', 4, false], ['>=', 4, false], ['+', 5, true], ['-', 5, true],
  ['*', 6, true], ['/', 6, true], ['%', 6, true],
];
const names = ['x', 'y', 'zeta', 'foo_1', '_t', 'E', 'P', 'result', 'cost', 'Normal', 'flip', 'xs'];
const fieldNames = ['a', 'b', 'mean', 'x0'];
const typeNames = ['Bool', 'Nat', 'Int', 'Real', 'String', 'Unit', 'Tensor', 'Method', 'T'];

const name = fc.constantFrom(...names);
const stringLit = fc.array(fc.constantFrom('a', 'Z', '0', '_', '\\n', '\\t', '\\"', '\\\\', '.', '(', '{'), { maxLength: 6 })
  .map((cs) => atom(`"${cs.join('')}"`));
const literal: fc.Arbitrary<Gen> = fc.oneof(
  fc.nat(100000).map((n) => atom(String(n), { num: true })),
  fc.tuple(fc.nat(999), fc.nat(999)).map(([a, b]) => atom(`${a}.${b}`, { num: true })),
  fc.tuple(fc.nat(9), fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.nat(30)).map(([a, e, s, b]) => atom(`${a}${e}${s}${b}`, { num: true })),
  stringLit,
  fc.constantFrom('true', 'false', 'infinity', '()').map((t) => atom(t)),
);

/** `g` where precedence at least `min` is needed (`strict`: more than `min`). */
function operand(g: Gen, min: number): Gen {
  return g.prec < min ? paren(g) : g;
}

const { type } = fc.letrec<{ type: string }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
    fc.constantFrom(...typeNames),
    tie('type').map((t) => `[${t}]`),
    fc.array(tie('type'), { minLength: 2, maxLength: 3 }).map((ts) => `(${ts.join(', ')})`),
    fc.array(fc.tuple(fc.constantFrom(...fieldNames), tie('type')), { minLength: 1, maxLength: 2 })
      .map((fs) => `{${fs.map(([n, t]) => `${n}: ${t}`).join(', ')}}`),
    tie('type').map((t) => `Dist<${t}>`),
    fc.tuple(fc.array(tie('type'), { maxLength: 2 }), tie('type')).map(([ps, r]) => `(${ps.join(', ')}) -> ${r}`),
    fc.constant('()'),
  ),
}));

/** Wraps a condition that has a bare `{` in parentheses (conditions end at `{`). */
const cond = (g: Gen) => (g.bare ? `(${g.text})` : g.text);
/** An expression in statement position: one that merely starts with `if`/`{` needs parentheses. */
const stmtExpr = (g: Gen) => (g.startsBlock ? `(${g.text})` : g.text);

/** One depth budget shared by expressions and statements, so that nesting through blocks stays bounded. */
const depth = fc.createDepthIdentifier();

const gens = fc.letrec<{ expr: Gen; block: Gen; stmt: string; stmts: string }>((tie) => {
  const expr = tie('expr') as fc.Arbitrary<Gen>;
  const block = tie('block') as fc.Arbitrary<Gen>;
  const stmts = tie('stmts') as fc.Arbitrary<string>;
  const args = fc.tuple(fc.array(expr, { maxLength: 3 }), fc.array(fc.tuple(fc.constantFrom(...fieldNames), expr), { maxLength: 2 }), fc.boolean())
    .map(([pos, named, trailing]) => {
      const all = [...pos.map((g) => g.text), ...named.map(([n, g]) => `${n}: ${g.text}`)];
      return all.join(', ') + (trailing && all.length ? ',' : '');
    });
  const ifExpr: fc.Arbitrary<Gen> = fc.tuple(expr, block, fc.array(fc.tuple(expr, block), { maxLength: 2 }), fc.option(block, { nil: undefined }))
    .map(([c, then, elifs, other]) => {
      let text = `if ${cond(c)} ${then.text}`;
      for (const [c2, b2] of elifs) text += ` else if ${cond(c2)} ${b2.text}`;
      if (other) text += ` else ${other.text}`;
      return atom(text, { startsBlock: true });
    });
  return {
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 6, depthIdentifier: depth, withCrossShrink: true },
      literal,
      name.map((n) => atom(n)),
      fc.tuple(expr, fc.constantFrom(...ops), expr).map(([l, [op, p, assoc], r]) => {
        const left = operand(l, assoc ? p : p + 1);
        const right = operand(r, p + 1);
        return { text: `${left.text} ${op} ${right.text}`, prec: p, startsBlock: left.startsBlock, bare: left.bare || right.bare };
      }),
      fc.tuple(fc.constantFrom('!', '-'), expr).map(([op, e]) => {
        const o = operand(e, 7);
        return { text: `${op}${o.text.startsWith('-') && op === '-' ? ' ' : ''}${o.text}`, prec: 7, startsBlock: false, bare: o.bare };
      }),
      fc.tuple(expr, args).map(([f, a]) => { const t = operand(f, 8); return { ...t, text: `${t.text}(${a})`, prec: 8 }; }),
      fc.tuple(expr, expr).map(([t, i]) => { const o = operand(t, 8); return { ...o, text: `${o.text}[${i.text}]`, prec: 8 }; }),
      fc.tuple(expr, fc.oneof(fc.constantFrom(...fieldNames), fc.nat(3).map(String), fc.tuple(fc.nat(3), fc.nat(3)).map(([a, b]) => `${a}.${b}`)))
        .map(([t, f]) => { const o = t.num ? paren(t) : operand(t, 8); return { ...o, text: `${o.text}.${f}`, prec: 8, num: false }; }),
      expr.map(paren),
      fc.array(expr, { maxLength: 3 }).map((es) => atom(`[${es.map((e) => e.text).join(', ')}]`)),
      fc.array(expr, { minLength: 2, maxLength: 3 }).map((es) => atom(`(${es.map((e) => e.text).join(', ')})`)),
      fc.array(fc.tuple(fc.constantFrom(...fieldNames), expr), { minLength: 1, maxLength: 3 })
        .map((fs) => atom(`{${fs.map(([n, e]) => `${n}: ${e.text}`).join(', ')}}`, { bare: true })),
      block.map((b) => ({ ...b, bare: true })),
      ifExpr,
      fc.tuple(fc.constantFrom('E', 'P'), expr).map(([w, e]) => atom(`${w}[${e.text}]`)),
      fc.tuple(fc.array(fc.tuple(name, fc.option(type, { nil: undefined })), { maxLength: 2 }), fc.option(type, { nil: undefined }), fc.oneof(expr, block))
        .map(([ps, r, body]) => {
          const head = `fn(${ps.map(([n, t]) => (t ? `${n}: ${t}` : n)).join(', ')})${r ? ` -> ${r}` : ''}`;
          const isBlock = body.text.startsWith('{') && body.prec === PRIMARY && body.startsBlock;
          return isBlock ? atom(`${head} ${body.text}`) : { text: `${head} => ${body.text}`, prec: 0, startsBlock: false, bare: body.bare };
        }),
    ),
    block: fc.tuple(stmts, fc.option(expr, { nil: undefined }))
      .map(([ss, r]) => atom(`{ ${ss}${r ? ` ${stmtExpr(r)}` : ''} }`, { startsBlock: true })),
    stmt: fc.oneof(
      { depthSize: 'small', maxDepth: 6, depthIdentifier: depth, withCrossShrink: true },
      fc.tuple(name, fc.option(type, { nil: undefined }), expr).map(([n, t, e]) => `let ${n}${t ? `: ${t}` : ''} = ${e.text};`),
      fc.tuple(name, fc.option(type, { nil: undefined }), expr).map(([n, t, e]) => `let ${n}${t ? `: ${t}` : ''} ~ ${e.text};`),
      fc.tuple(name, name, expr).map(([a, b, e]) => `let (${a}, ${b}) = ${e.text};`),
      fc.tuple(name, expr).map(([n, e]) => `var ${n} = ${e.text};`),
      fc.tuple(name, fc.array(expr, { maxLength: 2 }), fc.constantFrom('=', '+=', '-=', '*='), expr)
        .map(([n, idx, op, e]) => `${n}${idx.map((i) => `[${i.text}]`).join('')} ${op} ${e.text};`),
      expr.map((e) => `${stmtExpr(e)};`),
      ifExpr.map((e) => e.text),
      block.map((b) => b.text),
      fc.tuple(fc.array(fc.tuple(name, args), { maxLength: 2 }), expr, fc.array(expr, { maxLength: 2 }), block)
        .map(([attrs, c, invs, b]) => `${attrs.map(([n, a]) => `@${n}(${a}) `).join('')}while ${cond(c)}${invs.map((i) => ` invariant ${cond(i)}`).join('')} ${b.text}`),
      fc.tuple(name, expr, expr, fc.array(expr, { maxLength: 1 }), block)
        .map(([n, a, b, invs, body]) => `for ${n} in ${cond(a)}..${cond(b)}${invs.map((i) => ` invariant ${cond(i)}`).join('')} ${body.text}`),
      fc.option(expr, { nil: undefined }).map((e) => (e ? `return ${e.text};` : 'return;')),
    ),
    stmts: fc.array(tie('stmt') as fc.Arbitrary<string>, { maxLength: 3, depthIdentifier: depth }).map((ss) => ss.join(' ')),
  };
});

const fnDecl = fc.tuple(
  fc.constantFrom('f', 'g', 'main', 'alarm'),
  fc.array(fc.constantFrom('T', 'U'), { maxLength: 2 }),
  fc.array(fc.tuple(name, type), { maxLength: 3 }),
  fc.option(type, { nil: undefined }),
  fc.array(fc.tuple(fc.constantFrom('requires', 'ensures'), gens.expr), { maxLength: 2 }),
  gens.block,
).map(([n, tps, ps, r, specs, body]) =>
  `fn ${n}${tps.length ? `<${tps.join(', ')}>` : ''}(${ps.map(([p, t]) => `${p}: ${t}`).join(', ')})${r ? ` -> ${r}` : ''}`
  + `${specs.map(([k, e]) => ` ${k} ${cond(e)}`).join('')} ${body.text}`);

const topItem = fc.oneof(
  { weight: 3, arbitrary: fnDecl },
  { weight: 1, arbitrary: fc.constantFrom('import "other.ppl";', 'import "lib/a\\"b.ppl";') },
  { weight: 4, arbitrary: gens.stmt },
);

/** Replaces some of the spaces between tokens by newlines and comments (strings hold no spaces). */
const layout = (text: string) => fc.array(fc.constantFrom(' ', ' ', ' ', '\n', '\n  ', ' /* c */ ', ' // c\n', '\t'), { minLength: 1, maxLength: 64 })
  .map((seps) => text.split(' ').map((w, i) => (i === 0 ? w : seps[i % seps.length]! + w)).join(''));

const program = fc.array(topItem, { minLength: 1, maxLength: 4 }).map((items) => items.join(' ')).chain(layout);

// ---------------------------------------------------------------------------------------------
// Mutations: token-level deletions, insertions and replacements of valid programs.
// ---------------------------------------------------------------------------------------------

const tokenRe = /"(?:[^"\\\n]|\\.)*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*|\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+|[A-Za-z_]\w*|=:=|==|!=|<=|>=|&&|\|\||\+=|-=|\*=|->|=>|\.\.|\S/g;
const vocabulary = [
  'fn', 'let', 'var', 'if', 'else', 'while', 'for', 'in', 'return', 'true', 'false', 'invariant', 'ensures', 'requires',
  'import', 'infinity', 'x', 'E', 'P', '0', '1.5', '2e3', '"s"', '(', ')', '[', ']', '{', '}', ',', ';', ':', '.', '..', '~',
  '@', '->', '=>', '=', '+=', '-=', '*=', '==', '!=', '=:=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '!', '&&', '||',
  '$', '#', '"open', '/*', '.5', '99999999999999999999', '\\', '\u0000', '\u00e9', '\ud83d\ude00', '\r\n', '1.', 't.0.1',
];

interface Mutation { kind: 'delete' | 'insert' | 'replace'; at: number; token: string }
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('delete', 'insert', 'replace'),
  at: fc.nat(),
  token: fc.constantFrom(...vocabulary),
});

function mutate(text: string, ms: Mutation[]): string {
  const tokens = text.match(tokenRe) ?? [];
  for (const m of ms) {
    const i = tokens.length ? m.at % (tokens.length + (m.kind === 'insert' ? 1 : 0)) : 0;
    if (m.kind === 'delete') tokens.splice(i, 1);
    else if (m.kind === 'insert') tokens.splice(i, 0, m.token);
    else tokens.splice(i, 1, m.token);
  }
  return tokens.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/** The 1-based line and column of `offset` in `src`. */
function position(src: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (src[i] === '\n') { line++; lineStart = i + 1; }
  }
  return { line, col: offset - lineStart + 1 };
}

function checkDiagnostic(src: string, d: Diagnostic): void {
  const s = d.span;
  const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && Number.isInteger(s.line) && Number.isInteger(s.col)
    && s.start >= 0 && s.end >= s.start && s.end <= src.length && s.line >= 1 && s.col >= 1;
  if (!ok) throw new Error(`bad span ${JSON.stringify(s)} for "${d.message}" in ${JSON.stringify(src)}`);
  const at = position(src, s.start);
  if (at.line !== s.line || at.col !== s.col) {
    throw new Error(`line:col ${s.line}:${s.col} is not offset ${s.start} (${at.line}:${at.col}) for "${d.message}" in ${JSON.stringify(src)}`);
  }
  if (!d.message || /undefined|NaN|\[object/.test(d.message)) throw new Error(`bad message "${d.message}"`);
}

/**
 * Every span of the tree is inside the file, inside the span of the node that holds it, and its line:col
 * is the position of its start offset.
 */
function checkSpans(node: unknown, src: string): void {
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const at = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };
  const visit = (n: unknown, parent: { start: number; end: number }): void => {
    if (Array.isArray(n)) { for (const c of n) visit(c, parent); return; }
    if (!n || typeof n !== 'object') return;
    const own = (n as { span?: { start: number; end: number } }).span;
    const here = own && typeof own.start === 'number' ? own : parent;
    for (const [k, v] of Object.entries(n)) {
      if (/span$/i.test(k)) {
        const s = v as { start: number; end: number; line: number; col: number };
        const outer = k === 'span' ? parent : here;
        const pos = at(s.start);
        if (![s.start, s.end, s.line, s.col].every(Number.isInteger) || s.start < outer.start || s.end > outer.end || s.end < s.start
          || pos.line !== s.line || pos.col !== s.col) {
          throw new Error(`bad ${k} ${JSON.stringify(s)} (inside ${JSON.stringify(outer)}, position ${pos.line}:${pos.col}) in ${JSON.stringify(src)}`);
        }
      } else if (!k.startsWith('$')) visit(v, here);
    }
  };
  visit(node, { start: 0, end: src.length });
}

function roundTrips(src: string): void {
  const first = parse(src, 'gen.ppl');
  const printed = printProgram(first.program);
  const second = parse(printed, 'printed.ppl');
  expect(second.diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`), `printed:\n${printed}`).toEqual([]);
  expect(stripSpans(second.program.items)).toEqual(stripSpans(first.program.items));
  expect(printProgram(second.program)).toBe(printed);
}

describe('parser properties', () => {
  it('parses generated valid programs cleanly, with nested spans, and they round-trip through the printer (2,500 programs)', () => {
    fc.assert(
      fc.property(program, (src) => {
        const { program: p, diagnostics } = parse(src, 'gen.ppl');
        expect(diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`), src).toEqual([]);
        checkSpans(p, src);
        roundTrips(src);
      }),
      { seed: 20261129, numRuns: Number(process.env.PPL_RUNS ?? 2500) },
    );
  });

  it('never throws on mutated programs, locates every diagnostic inside the file, and nests the recovered spans (5,000 programs)', () => {
    let withErrors = 0;
    fc.assert(
      fc.property(program, fc.array(mutation, { minLength: 1, maxLength: 4 }), (src, ms) => {
        const text = mutate(src, ms);
        let result: ReturnType<typeof parse> | undefined;
        expect(() => { result = parse(text, 'mut.ppl'); }).not.toThrow();
        const { program: p, diagnostics } = result!;
        for (const d of diagnostics) checkDiagnostic(text, d);
        expect(diagnostics.every((d) => !d.message.startsWith('internal error'))).toBe(true);
        checkSpans(p, text);
        if (diagnostics.length === 0) roundTrips(text);
        else withErrors++;
      }),
      { seed: 7, numRuns: Number(process.env.PPL_RUNS ?? 5000) },
    );
    // Most mutations break the program; the property is not vacuous.
    expect(withErrors).toBeGreaterThan(Number(process.env.PPL_RUNS ?? 5000) / 2);
  });

  it('never throws on arbitrary text, and locates every diagnostic inside it (1,000 strings)', () => {
    const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...vocabulary), fc.constantFrom(' ', '\n', '\r\n', '\r', '\t'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((ps) => ps.join('')), (text) => {
        const { program: p, diagnostics } = parse(text, 'any.ppl');
        for (const d of diagnostics) checkDiagnostic(text, d);
        checkSpans(p, text);
      }),
      { seed: 99, numRuns: Number(process.env.PPL_RUNS ?? 1000) },
    );
  });
});
