// Code generation and the Enumerate engine on IR built by hand (independent of the parser and checker):
// CPS with vars crossing suspensions, loops that suspend, joins after `if`, and resuming continuations twice.
import { describe, expect, it } from 'vitest';
import { generate } from '../../compiler/index.js';
import type { IrFunction, IrProgram, Rhs, Stmt } from '../../compiler/index.js';
import { instantiate, runMain } from '../../runtime/index.js';
import { syntheticSpan } from '../../lang/index.js';

const S = syntheticSpan('t.ppl');
const lit = (value: number | boolean | null) => ({ kind: 'lit' as const, value });
const ref = (name: string) => ({ kind: 'ref' as const, name });
const bi = (name: string, ...args: ReturnType<typeof lit | typeof ref>[]): Rhs =>
  ({ kind: 'builtin', name, args, named: [], effect: 'pure', site: 0, span: S });
let site = 1;
const flip = (x: string, p: number): Stmt[] => [
  { kind: 'let', name: `${x}_d`, rhs: bi('Bernoulli', lit(p)) },
  { kind: 'let', name: x, rhs: { kind: 'sample', dist: ref(`${x}_d`), site: site++, span: S } },
];
const fn = (name: string, body: Stmt[], effect: IrFunction['effect'] = 'conditioning'): IrFunction =>
  ({ name, display: name, params: [], fnParams: [], body, effect, captures: [], specs: [], span: S });

function program(fns: IrFunction[], main: Stmt[]): IrProgram {
  return { file: 't.ppl', functions: fns, globals: [], main: fn('main', main, 'sampling'), sites: [] };
}

function load(p: IrProgram) {
  const g = generate(p, { domain: false });
  const printed: unknown[] = [];
  const opts = { seed: 0, print: (v: unknown) => printed.push(v) };
  const inst = instantiate({ source: g.source, spans: g.spans, sites: { file: 't.ppl', sites: p.sites } }, opts);
  runMain(inst, opts);
  return { inst, printed, source: g.source };
}

const inferOf = (f: string): Stmt[] => [
  { kind: 'let', name: 'm', rhs: { kind: 'atom', atom: { kind: 'builtin', name: 'Enumerate' } } },
  { kind: 'let', name: 'd', rhs: { kind: 'builtin', name: 'infer', args: [{ kind: 'fn', name: f }, ref('m')], named: [], effect: 'pure', site: 99, span: S } },
  { kind: 'let', name: 'u', rhs: bi('print', ref('d')) },
  { kind: 'return', value: lit(null) },
];

describe('handmade IR under Enumerate', () => {
  it('two coins conditioned on a || b: P(a) = 2/3', () => {
    const body: Stmt[] = [
      ...flip('a', 0.5), ...flip('b', 0.5),
      { kind: 'var', name: 't', init: ref('a') },
      { kind: 'let', name: 'na', rhs: { kind: 'prim', op: 'not', args: [ref('a')], num: 'other', span: S } },
      { kind: 'if', cond: ref('na'), then: [{ kind: 'set', name: 't', value: ref('b') }], else: [], span: S },
      { kind: 'condition', cond: ref('t'), site: site++, span: S },
      { kind: 'return', value: ref('a') },
    ];
    const { printed } = load(program([fn('model', body)], inferOf('model')));
    const d = printed[0] as { logProb(v: unknown): number; logZ(): number };
    expect(Math.exp(d.logProb(true))).toBeCloseTo(2 / 3, 12);
    expect(d.logZ()).toBeCloseTo(Math.log(3 / 4), 12);
  });

  it('a var carried across samples in a suspending while loop (resumed continuations do not share it)', () => {
    // n = number of heads before the first tail, capped at 5
    const body: Stmt[] = [
      { kind: 'var', name: 'n', init: lit(0) },
      { kind: 'var', name: 'go', init: lit(true) },
      {
        kind: 'while', site: site++, span: S, invariants: [], attributes: [],
        cond: { stmts: [{ kind: 'let', name: 'c1', rhs: { kind: 'prim', op: 'lt', args: [ref('n'), lit(5)], num: 'int', span: S } },
          { kind: 'var', name: 'c', init: lit(false) },
          { kind: 'if', cond: ref('go'), then: [{ kind: 'set', name: 'c', value: ref('c1') }], else: [], span: S }], value: ref('c') },
        body: [
          ...flip('h', 0.5),
          { kind: 'if', cond: ref('h'), then: [
            { kind: 'let', name: 'n1', rhs: { kind: 'prim', op: 'add', args: [ref('n'), lit(1)], num: 'int', span: S } },
            { kind: 'set', name: 'n', value: ref('n1') }],
          else: [{ kind: 'set', name: 'go', value: lit(false) }], span: S },
        ],
      },
      { kind: 'return', value: ref('n') },
    ];
    const { printed } = load(program([fn('model', body, 'sampling')], inferOf('model')));
    const d = printed[0] as { logProb(v: unknown): number };
    for (let k = 0; k < 5; k++) expect(Math.exp(d.logProb(k))).toBeCloseTo(2 ** -(k + 1), 12);
    expect(Math.exp(d.logProb(5))).toBeCloseTo(2 ** -5, 12);
  });

  it('runs main forward and prints', () => {
    const { printed } = load(program([], [
      { kind: 'let', name: 'x', rhs: { kind: 'prim', op: 'add', args: [lit(1), lit(2)], num: 'int', span: S } },
      { kind: 'let', name: 'u', rhs: bi('print', ref('x')) },
      { kind: 'return', value: lit(null) },
    ]));
    expect(printed).toEqual([3]);
  });
});
