// The SMT encoding of EUReal (pair isInf/value) against the exact model of verifier/ivl (rationals and ∞):
// for every operator and every pair of sample values (∞ included), Z3 must prove that the encoded term equals
// the exactly computed result — and must not prove it equal to a different value.
import { describe, it, expect, afterAll } from 'vitest';
import { ivl, shutdownZ3 } from '../../verifier/index.js';
import { Encoder } from '../../verifier/smt/index.js';
import { loadZ3 } from '../../verifier/smt/z3.js';

const { Q } = ivl;
type EU = ivl.EUReal;
const samples: EU[] = [Q.ZERO, Q.rat(1n, 2n), Q.ONE, Q.rat(3n), 'inf'];
const lit = (v: EU): ivl.Expr => (v === 'inf' ? { k: 'infty', ty: 'EUReal' } : { k: 'num', value: v, ty: 'EUReal' });
const binOps: ivl.BinOp[] = ['+', '*', '-', 'inf', 'sup', 'impl', 'coimpl', 'compare', 'cocompare'];
const cmpOps: ivl.BinOp[] = ['<', '<=', '>', '>=', '==', '!='];

afterAll(async () => { await shutdownZ3(); });

describe('EUReal encoding vs exact model', () => {
  it('agrees on every operator and every pair of sample values (variables constrained to the values)', async () => {
    const { ctx: z } = await loadZ3();
    const program: ivl.Program = { procs: [], domains: [] };
    const cases: { e: ivl.Expr; want: ivl.Value; label: string }[] = [];
    let i = 0;
    for (const a of samples) for (const b of samples) {
      // use variables so that Z3 cannot constant-fold the encoding away
      const va: ivl.Expr = { k: 'var', name: `a${i}`, ty: 'EUReal' };
      const vb: ivl.Expr = { k: 'var', name: `b${i}`, ty: 'EUReal' };
      i++;
      const env = new Map<string, ivl.Value>([[va.k === 'var' ? va.name : '', a], [vb.k === 'var' ? vb.name : '', b]]);
      for (const op of [...binOps, ...cmpOps]) {
        const ty = cmpOps.includes(op) ? 'Bool' : 'EUReal';
        const e: ivl.Expr = { k: 'bin', op, a: va, b: vb, ty };
        cases.push({ e, want: ivl.evalExpr(e, env), label: `${ivl.Q.euToString(a)} ${op} ${ivl.Q.euToString(b)}` });
      }
      for (const op of ['not', 'non'] as const) {
        const e: ivl.Expr = { k: 'un', op, a: va, ty: 'EUReal' };
        cases.push({ e, want: ivl.evalExpr(e, env), label: `${op} ${ivl.Q.euToString(a)}` });
      }
      cases.push({ e: { k: 'bin', op: '==', a: va, b: lit(a), ty: 'Bool' }, want: true, label: 'binding a' });
      cases.push({ e: { k: 'bin', op: '==', a: vb, b: lit(b), ty: 'Bool' }, want: true, label: 'binding b' });
    }
    let checked = 0;
    for (const c of cases) {
      if (c.label.startsWith('binding')) continue;
      const enc = new Encoder(z, program);
      // bind the variables of this case
      const names = [...ivl.freeVars(c.e)];
      const binds = cases.filter((d) => d.label.startsWith('binding') && d.e.k === 'bin' && d.e.a.k === 'var' && names.includes(d.e.a.name));
      const solver = new z.Solver();
      for (const d of binds) solver.add(enc.bool(d.e));
      const got = enc.enc(c.e);
      const wantExpr: ivl.Expr = typeof c.want === 'boolean' ? { k: 'bool', value: c.want, ty: 'Bool' } : lit(c.want as EU);
      const want = enc.enc(wantExpr);
      for (const a of enc.assumptions) solver.add(a);
      solver.add(z.Not(enc.eq(got, want)));
      const res = await solver.check();
      expect(res, c.label).toBe('unsat');
      checked++;
    }
    expect(checked).toBe(samples.length ** 2 * (binOps.length + cmpOps.length + 2));
  });

  it('does not prove a wrong value (∞ − 1 is not 0, 0 · ∞ is not ∞, 1 + ∞ is not 1)', async () => {
    const { ctx: z } = await loadZ3();
    const program: ivl.Program = { procs: [], domains: [] };
    const wrong: [ivl.BinOp, EU, EU, EU][] = [['-', 'inf', Q.ONE, Q.ZERO], ['*', Q.ZERO, 'inf', 'inf'], ['+', Q.ONE, 'inf', Q.ONE], ['-', Q.ONE, 'inf', Q.ONE]];
    for (const [op, a, b, bad] of wrong) {
      const enc = new Encoder(z, program);
      const solver = new z.Solver();
      solver.add(z.Not(enc.eq(enc.enc({ k: 'bin', op, a: lit(a), b: lit(b), ty: 'EUReal' }), enc.enc(lit(bad)))));
      expect(await solver.check()).toBe('sat');
    }
  });
});
