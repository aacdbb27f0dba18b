// The seeded generator: bit-for-bit seedrandom's Alea, reproducible, derive() independent of stream
// position and of other addresses, fork()/clone() semantics, and no Math.random in library code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../runtime/rng.js';

function draws(r: Rng, n: number): number[] {
  return Array.from({ length: n }, () => r.uniform());
}

describe('Rng', () => {
  it('is seedrandom’s Alea stream', () => {
    const ours = new Rng(42);
    const theirs = seedrandom.alea('42');
    for (let i = 0; i < 1000; i++) expect(ours.next32()).toBe(theirs());
    const ours2 = new Rng('seed');
    const theirs2 = seedrandom.alea('seed');
    for (let i = 0; i < 1000; i++) expect(ours2.uniform()).toBe(theirs2.double());
  });

  it('the same seed gives the same stream, other seeds other streams', () => {
    expect(draws(new Rng(7), 50)).toEqual(draws(new Rng(7), 50));
    expect(draws(new Rng(7), 50)).not.toEqual(draws(new Rng(8), 50));
    const a = new Rng(1);
    const b = new Rng(1);
    const xs = [a.normal(), a.gamma(0.5), a.poisson(40), a.binomial(100, 0.3), a.beta(2, 3), a.categorical([1, 2, 3])];
    const ys = [b.normal(), b.gamma(0.5), b.poisson(40), b.binomial(100, 0.3), b.beta(2, 3), b.categorical([1, 2, 3])];
    expect(xs).toEqual(ys);
  });

  it('uniform is in (0, 1), int in [0, n)', () => {
    const r = new Rng(3);
    for (let i = 0; i < 10000; i++) {
      const u = r.uniform();
      expect(u > 0 && u < 1).toBe(true);
      const k = r.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
    }
  });

  it('derive depends only on (seed, address)', () => {
    const parent = new Rng(0);
    const before = draws(parent.derive('infer@3:5'), 20);
    draws(parent, 100);
    expect(draws(parent.derive('infer@3:5'), 20)).toEqual(before);
    expect(draws(Rng.derive(0, 'infer@3:5'), 20)).toEqual(before);
    expect(draws(Rng.derive(0, 'infer@3:6'), 20)).not.toEqual(before);
    expect(draws(Rng.derive(1, 'infer@3:5'), 20)).not.toEqual(before);
  });

  it('derived streams are uncorrelated (|ρ| < 5/√n for lag 0 and 1)', () => {
    const n = 100_000;
    const a = draws(Rng.derive(0, 'a'), n + 1);
    const b = draws(Rng.derive(0, 'b'), n + 1);
    for (const lag of [0, 1]) {
      let sab = 0;
      for (let i = 0; i < n; i++) sab += (a[i]! - 0.5) * (b[i + lag]! - 0.5);
      const rho = sab / n / (1 / 12);
      expect(Math.abs(rho)).toBeLessThan(5 / Math.sqrt(n));
    }
  });

  it('fork advances the parent and gives distinct, reproducible children', () => {
    const p1 = new Rng(5);
    const c1 = p1.fork('x');
    const c2 = p1.fork('x');
    expect(draws(c1, 10)).not.toEqual(draws(c2, 10));
    const p2 = new Rng(5);
    expect(draws(p2.fork('x'), 10)).toEqual(draws(new Rng(5).fork('x'), 10));
    expect(draws(new Rng(5).fork('y'), 10)).not.toEqual(draws(new Rng(5).fork('x'), 10));
  });

  it('clone continues identically, including a pending normal variate', () => {
    const r = new Rng(9);
    r.normal();
    const c = r.clone();
    expect([r.normal(), r.normal(), r.uniform()]).toEqual([c.normal(), c.normal(), c.uniform()]);
  });

  it('categorical skips zero weights and respects the total', () => {
    const r = new Rng(11);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40000; i++) counts[r.categorical([0, 1, 0, 3])]!++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(Math.abs(counts[3]! / 40000 - 0.75)).toBeLessThan(5 * Math.sqrt((0.75 * 0.25) / 40000));
  });

  it('dirichlet draws lie on the simplex, even for tiny alphas', () => {
    const r = new Rng(12);
    for (let i = 0; i < 1000; i++) {
      const x = r.dirichlet([0.01, 0.02, 0.01]);
      expect(Math.abs(x.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(x.every((v) => v >= 0 && v <= 1 && v === v)).toBe(true);
    }
  });
});

describe('normal()', () => {
  it('is exactly the polar method on the uniform() stream (its inlined Alea steps change nothing)', () => {
    for (const seed of [0, 1, 'abc']) {
      const fast = new Rng(seed);
      const slow = new Rng(seed);
      let spare: number | undefined;
      const polar = (): number => {
        if (spare !== undefined) { const x = spare; spare = undefined; return x; }
        let u: number, v: number, s: number;
        do { u = 2 * slow.uniform() - 1; v = 2 * slow.uniform() - 1; s = u * u + v * v; } while (s >= 1 || s === 0);
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      };
      for (let i = 0; i < 50_000; i++) {
        // Interleave uniforms (taken only when no spare normal is pending, so both streams stay aligned).
        if (i % 7 === 0 && spare === undefined) expect(fast.uniform()).toBe(slow.uniform());
        else expect(fast.normal()).toBe(polar());
      }
    }
  });
});

describe('no Math.random in library code', () => {
  function files(p: string): string[] {
    if (statSync(p).isFile()) return p.endsWith('.ts') ? [p] : [];
    return readdirSync(p).flatMap((f) => files(join(p, f)));
  }
  it('stdlib/, runtime/{rng,values}.ts, runtime/{results,gaussian}/', () => {
    const root = join(import.meta.dirname, '../..');
    const paths = ['stdlib', 'runtime/rng.ts', 'runtime/values.ts', 'runtime/results', 'runtime/gaussian'].flatMap((p) => files(join(root, p)));
    expect(paths.length).toBeGreaterThan(10);
    for (const f of paths) expect(readFileSync(f, 'utf8'), f).not.toMatch(/Math\.random\s*\(/);
  });
});
