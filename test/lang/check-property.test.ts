// Properties of the checker, with fixed seeds over 8,000 programs: its library entry point never throws
// and never fails internally, whatever the input — mutated corpus programs (deletions, insertions of
// tokens, swaps, truncations) and programs from a small grammar of well-formed-ish statements (about a
// third of the mutated and two thirds of the generated ones parse and reach the checker); and
// well-typed programs, generated type-directed, check clean with every expression typed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { checkSource } from '../../lang/index.js';
import { unannotated } from './check-helpers.js';
import { wellTypedProgram } from './well-typed-gen.js';

const corpus = ['test/lang/valid', 'test/lang/invalid']
  .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ppl')).map((f) => readFileSync(`${d}/${f}`, 'utf8')));

const tokens = [
  'fn', 'let', 'var', 'if', 'else', 'while', 'for', 'in', 'return', 'true', 'false', 'invariant', 'ensures',
  'requires', 'import', 'infinity', '(', ')', '{', '}', '[', ']', ',', ';', ':', '.', '..', '->', '=>', '~', '=',
  '+=', '-=', '*=', '+', '-', '*', '/', '%', '!', '&&', '||', '==', '!=', '<', '<=', '>', '>=', '=:=', '@', '<', '>',
  'x', 'y', 'f', 'E', 'P', 'result', 'cost', 'T', 'Nat', 'Real', 'Bool', 'Dist', 'flip', 'map', 'infer', 'observe',
  'sample', 'mem', 'print', 'Normal', 'Enumerate', 'SMC', 'particles', '0', '1', '2.5', '"s"', '.0', '\n',
];

const noImports = (): string => {
  throw Object.assign(new Error('no imports here'), { code: 'ENOENT' });
};

/** How many programs parsed cleanly, so that the checker (not only the parser) was exercised. */
const stats = { total: 0, checked: 0, clean: 0 };
function checkNeverFails(src: string): void {
  const r = checkSource(src, 'prop.ppl', noImports);
  stats.total++;
  if (!r.diagnostics.some((d) => d.phase === 'parse')) stats.checked++;
  if (r.diagnostics.length === 0) {
    stats.clean++;
    const bad = unannotated(r.program);
    if (bad) throw new Error(`${bad}\n--- program ---\n${src}`);
  }
  expect(Array.isArray(r.diagnostics)).toBe(true);
  const internal = r.diagnostics.filter((d) => d.message.startsWith('internal error'));
  if (internal.length > 0) throw new Error(`${internal[0]!.message}\n--- program ---\n${src}`);
}

/** A mutation of a corpus program. */
const mutated = fc
  .record({
    base: fc.constantFrom(...corpus),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('delete', 'insert', 'swap', 'truncate', 'duplicate'),
        at: fc.nat(),
        len: fc.integer({ min: 1, max: 12 }),
        token: fc.constantFrom(...tokens),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ base, edits }) => {
    let s = base;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % s.length;
      switch (e.kind) {
        case 'delete': s = s.slice(0, at) + s.slice(at + e.len); break;
        case 'insert': s = `${s.slice(0, at)} ${e.token} ${s.slice(at)}`; break;
        case 'swap': { const b = (at + e.len * 7) % Math.max(s.length, 1); const [i, j] = at < b ? [at, b] : [b, at]; s = s.slice(0, i) + s.slice(j, j + e.len) + s.slice(i + e.len, j) + s.slice(i, i + e.len) + s.slice(j + e.len); break; }
        case 'truncate': s = s.slice(0, at); break;
        case 'duplicate': s = s.slice(0, at) + s.slice(at, at + e.len * 5) + s.slice(at); break;
      }
    }
    return s;
  });

/** Programs from a small grammar: often well formed, with random names, types and effects. */
const name = fc.constantFrom('x', 'y', 'z', 'f', 'g', 'xs', 'E', 'result', 'cost', 'flip', 'map', 'len', 'n');
const typeExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('Nat', 'Int', 'Real', 'Bool', 'String', 'Unit', 'Method', 'Tensor', 'T', 'Dist<Nat>', 'Flaot'),
    tie('t').map((t) => `[${t}]`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `(${a}, ${b})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `(${a}) -> ${b}`),
    tie('t').map((t) => `{a: ${t}}`),
  ),
})).t as fc.Arbitrary<string>;
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name,
    fc.constantFrom('0', '1', '2.5', 'true', '"s"', 'infinity', '()', '[]', 'Enumerate'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '<', '&&', '||', '=:='), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
    fc.tuple(name, fc.array(tie('e'), { maxLength: 3 })).map(([f, as]) => `${f}(${as.join(', ')})`),
    fc.array(tie('e'), { maxLength: 3 }).map((as) => `[${as.join(', ')}]`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a}[${b}]`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `if ${c} { ${a} } else { ${b} }`),
    fc.tuple(name, tie('e')).map(([x, b]) => `fn(${x}) => ${b}`),
    fc.tuple(name, typeExpr, tie('e')).map(([x, t, b]) => `fn(${x}: ${t}) => ${b}`),
    tie('e').map((a) => `infer(fn() => ${a}, SMC(particles: 10))`),
    tie('e').map((a) => `E[${a}]`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}, ${b})`),
    tie('e').map((a) => `{a: ${a}}.a`),
  ),
})).e as fc.Arbitrary<string>;
const stmt = fc.oneof(
  fc.tuple(name, expr).map(([x, e]) => `let ${x} = ${e};`),
  fc.tuple(name, typeExpr, expr).map(([x, t, e]) => `let ${x}: ${t} = ${e};`),
  fc.tuple(name, expr).map(([x, e]) => `var ${x} = ${e};`),
  fc.tuple(name, expr).map(([x, e]) => `${x} = ${e};`),
  fc.tuple(name, expr).map(([x, e]) => `let ${x} ~ ${e};`),
  expr.map((e) => `print(${e});`),
  expr.map((e) => `observe(Normal(0.0, 1.0), ${e});`),
  fc.tuple(name, expr, expr).map(([x, a, b]) => `for ${x} in ${a}..${b} { ${x}; }`),
  fc.tuple(expr, expr).map(([c, i]) => `while ${c} invariant ${i} { }`),
  expr.map((e) => `return ${e};`),
);
const fnDecl = fc
  .tuple(name, fc.array(fc.tuple(name, typeExpr), { maxLength: 3 }), fc.option(typeExpr), fc.option(expr), fc.array(stmt, { maxLength: 4 }), fc.option(expr), fc.boolean())
  .map(([f, ps, r, ens, body, res, generic]) =>
    `fn ${f}${generic ? '<T>' : ''}(${ps.map(([x, t]) => `${x}: ${t}`).join(', ')})${r ? ` -> ${r}` : ''}${ens ? ` ensures E[${ens}] <= 1` : ''} {\n  ${body.join('\n  ')}\n  ${res ?? ''}\n}`);
const generated = fc.array(fc.oneof(fnDecl, stmt), { minLength: 1, maxLength: 8 }).map((items) => items.join('\n'));

describe('well-typed programs check clean', () => {
  it('on 2,000 programs generated type-directed (every expression built at a type from the names in scope)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const src = wellTypedProgram(seed);
      const r = checkSource(src, 'gen.ppl', noImports);
      const shown = r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`);
      if (shown.length > 0) throw new Error(`${shown.join('\n')}\n--- program (seed ${seed}) ---\n${src}`);
      const bad = unannotated(r.program);
      if (bad) throw new Error(`${bad}\n--- program (seed ${seed}) ---\n${src}`);
    }), { seed: 29, numRuns: 2000 });
  });
});

describe('checkSource never throws', () => {
  it('on 3,000 mutated corpus programs', () => {
    stats.total = stats.checked = stats.clean = 0;
    fc.assert(fc.property(mutated, checkNeverFails), { seed: 20261129, numRuns: 3000 });
    expect(stats.checked).toBeGreaterThan(stats.total / 4);
    console.log(`mutated: ${stats.checked} of ${stats.total} parsed, ${stats.clean} checked clean`);
  });
  it('on 3,000 generated programs', () => {
    stats.total = stats.checked = stats.clean = 0;
    fc.assert(fc.property(generated, checkNeverFails), { seed: 1129, numRuns: 3000 });
    expect(stats.checked).toBeGreaterThan(stats.total / 2);
    console.log(`generated: ${stats.checked} of ${stats.total} parsed, ${stats.clean} checked clean`);
  });
});
