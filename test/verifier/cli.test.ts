// `ppl verify` as a process (bin/ppl, the bundled CLI built by `node build.mjs`): report lines, JSON lines,
// exit statuses, located errors. (Its whole-process time on a small file, Z3 start-up included, is measured by
// bench/heyvl-conformance.mjs and recorded in bench/heyvl-conformance.md: tests make no timing assertions.)
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function ppl(...args: string[]) {
  const r = spawnSync('bin/ppl', args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'ppl-verify-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('ppl verify', () => {
  it('proves a small HeyVL file as a whole process; exit 0', () => {
    const r = ppl('verify', 'examples/verify/heyvl/geometric.heyvl');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: \d+ proved, 0 refuted, 0 unknown\n$/);
  });

  it('prints one line per specification and a summary; exit 0 when all are proved', () => {
    const r = ppl('verify', 'examples/verify/geometric.ppl');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((l) => l.replace(/\(\d+ ms\)/, '(T)'))).toEqual([
      '✓ geometric: ensures E[result] <= 1: proved (T)',
      '✓ geometric: ensures P[result == 0] >= 0.5: proved (T)',
      '✓ geometric: ensures P[result <= 2] >= 0.875: proved (T)',
    ]);
    expect(lines[3]).toBe('examples/verify/geometric.ppl: 3 proved, 0 refuted, 0 unknown');
  });

  it('prints JSON lines with --json; a refuted bound has a counterexample; exit 1', () => {
    const f = file('coin.heyvl', 'coproc coin(k: UInt) -> (r: UInt) pre k post r {\n  var b: Bool = flip(0.5)\n  r = ite(b, 2 * k, 1)\n}\n');
    const r = ppl('verify', f, '--json', '--timeout', '5');
    expect(r.status).toBe(1);
    const v = JSON.parse(r.stdout.trim());
    expect(v).toMatchObject({ function: 'coin', spec: 'coproc coin', verdict: 'refuted', counterexample: { k: '0' } });
    expect(typeof v.ms).toBe('number');
  });

  it('reports unknown with a reason (exit 1)', () => {
    const r = ppl('verify', '--json', file('low.ppl', 'fn g() -> Nat\n  ensures E[result] >= 1\n{\n  var n = 0;\n  var stop = flip(0.5);\n  while !stop\n    invariant n + [!stop] * 2\n  {\n    n += 1;\n    stop = flip(0.5);\n  }\n  n\n}\n'));
    expect(r.status).toBe(1);
    const v = JSON.parse(r.stdout.trim());
    expect(v.verdict).toBe('unknown');
    expect(v.reason).toMatch(/lower bound/);
  });

  it('exits 2 with a located error for a HeyVL type error and for a construct outside the verified fragment', () => {
    const h = file('bad.heyvl', 'proc p(x: Int) -> () pre x {}\n');
    const r = ppl('verify', h);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${h}:1:26: error: expected EUReal, found Int\n1 | proc p(x: Int) -> () pre x {}\n                             ^\n`);
    const p = file('bad.ppl', 'fn f() -> Bool\n  ensures P[result] >= 0.5\n{\n  let b = flip(0.5);\n  observe(Bernoulli(0.5), b);\n  b\n}\n');
    const s = ppl('verify', p);
    expect(s.status).toBe(2);
    expect(s.stderr.split('\n')[0]).toBe(`${p}:5:3: error: \`observe\` is outside the verified fragment (use \`condition\`)`);
  });

  it('rejects bad usage with exit 2', () => {
    expect(ppl('verify').status).toBe(2);
    expect(ppl('verify', 'examples/verify/geometric.ppl', '--timeout', 'x').status).toBe(2);
    expect(ppl('verify', 'no-such-file.heyvl').stderr).toBe('ppl verify: cannot read `no-such-file.heyvl`: no such file\n');
  });
});
