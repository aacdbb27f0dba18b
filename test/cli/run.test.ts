// `ppl run` as a user runs it (a spawned process on the bundled CLI): output lines, the JSON contract of
// language.md §8, seeds, exit statuses, and located runtime errors with the source line and a caret.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ppl-run-'));
let n = 0;

function ppl(src: string, ...args: string[]) {
  const file = join(dir, `p${n++}.ppl`);
  writeFileSync(file, src);
  const r = spawnSync('node', ['bin/ppl.mjs', 'run', file, ...args], { encoding: 'utf8' });
  return { file, status: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  execFileSync('node', ['build.mjs']);
});

describe('ppl run', () => {
  it('runs the burglary example', () => {
    const r = spawnSync('node', ['bin/ppl.mjs', 'run', 'examples/burglary.ppl'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('0.284171835364393\n');
  });

  it('--json prints one {"value": V} object per print (language.md §8)', () => {
    const r = ppl(`print(2); print(2.0); print(true); print("s"); print([1, 2]); print((1, "a")); print({x: 1, y: false});
      print(()); print(infinity); print(-infinity); print(0.0 / 0.0);
      print(infer(fn() { flip(0.25) }, Enumerate));
      print(infer(fn() { let x ~ Normal(1.0, 2.0); x }, Exact));`, '--json');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, 11)).toEqual([
      { value: 2 }, { value: 2 }, { value: true }, { value: 's' }, { value: [1, 2] }, { value: [1, 'a'] },
      { value: { x: 1, y: false } }, { value: null }, { value: 'Infinity' }, { value: '-Infinity' }, { value: 'NaN' },
    ]);
    const sup = lines[11].value.dist.support;
    expect(sup.map((r: { value: unknown }) => r.value)).toEqual([false, true]);
    expect(sup[0].prob).toBeCloseTo(0.75, 14);
    expect(sup[1].prob).toBeCloseTo(0.25, 14);
    expect(lines[12]).toEqual({ value: { dist: { mean: 1, sd: 2, n: 'Infinity', ess: 'Infinity' } } });
  });

  it('the same seed gives the same output; another seed another', () => {
    const src = 'let x ~ Normal(0.0, 1.0); print(x); print(infer(fn() { flip(0.5) }, Importance(samples: 100)));';
    const a = ppl(src, '--seed', '5');
    const b = ppl(src, '--seed', '5');
    const c = ppl(src, '--seed', '6');
    expect(a.status).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
  });

  it('adding an infer elsewhere does not change another infer\'s samples', () => {
    const one = ppl('let d = infer(fn() { flip(0.5) }, Importance(samples: 50));\nprint(prob(d, true));', '--seed', '3');
    const two = ppl('let d = infer(fn() { flip(0.5) }, Importance(samples: 50));\nlet e = infer(fn() { flip(0.3) }, Rejection(samples: 10));\nprint(prob(d, true));', '--seed', '3');
    expect(one.out).toBe(two.out);
  });

  it('an index out of range names the index and the length, at the index expression (exit 1)', () => {
    const r = ppl('let a = [1, 2, 3];\nlet i = 5;\nprint(a[i]);\n');
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${r.file}:3:7: error: index 5 is out of range for an array of length 3`);
    expect(r.err).toContain('3 | print(a[i]);\n          ^^^^');
  });

  it('integer division by zero and bad distribution parameters are located runtime errors', () => {
    const a = ppl('let z = 0;\nprint(7 / z);\n');
    expect(a.status).toBe(1);
    expect(a.err).toMatch(/:2:7: error: integer division by zero/);
    const b = ppl('let s = -1.0;\nlet x ~ Normal(0.0, s);\n');
    expect(b.status).toBe(1);
    expect(b.err).toMatch(/:2:9: error: Normal: sd must be positive, got -1/);
  });

  it('evidence zero says which infer and why', () => {
    const r = ppl('fn m() -> Bool {\n  let x = flip(0.5);\n  condition(false);\n  x\n}\nlet d = infer(m, Enumerate);\n');
    expect(r.status).toBe(1);
    expect(r.err).toContain(`${r.file}:6:9: error: Enumerate: the evidence is zero: every execution was rejected by \`condition\` at ${r.file}:3:3`);
  });

  it('maxExecutions exceeded is an error, not a hang or a truncation', () => {
    const r = ppl('fn geo() -> Nat { if flip(0.5) { 0 } else { 1 + geo() } }\nlet d = infer(geo, Enumerate(maxExecutions: 100));\n');
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/more than 100 executions/);
  });

  it('a model whose first branch never stops is an error under Enumerate, not a hang', () => {
    const r = ppl('fn g() -> Nat { if flip(0.5) { 1 + g() } else { 0 } }\nlet d = infer(g, Enumerate);\n');
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/more than 100000 random choices/);
  });

  it('deep recursion through random choices does not overflow the stack', () => {
    const r = ppl('fn sumTo(n: Int) -> Int { if n == 0 { 0 } else { let b = flip(0.5); n + sumTo(n - 1) } }\nprint(sumTo(100000));\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('5000050000\n');
  });

  it('compile errors exit 2; bad usage exits 2', () => {
    const r = ppl('fn f() -> Bool { 1 }\n');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/:1:18: error: /);
    expect(spawnSync('node', ['bin/ppl.mjs', 'run'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync('node', ['bin/ppl.mjs', 'run', 'x.ppl', '--bogus'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync('node', ['bin/ppl.mjs', 'run', join(dir, 'missing.ppl')], { encoding: 'utf8' }).status).toBe(2);
  });

  it('prints before a runtime error are kept', () => {
    const r = ppl('print(1);\nlet a: [Nat] = [];\nprint(a[0]);\n');
    expect(r.out).toBe('1\n');
    expect(r.status).toBe(1);
  });
});
