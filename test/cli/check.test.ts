// `ppl check FILE…` as a process: silence and exit 0 for good files; located, rendered errors and exit 2 otherwise.
// Runs the bundled CLI (dist/cli.mjs, built by `npm install` / `node build.mjs`).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function ppl(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['bin/ppl.mjs', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ppl check', () => {
  it('is silent and exits 0 when every file is fine', () => {
    const r = ppl('check', 'test/lang/valid/burglary.ppl', 'test/lang/valid/generics.ppl', 'test/lang/valid/imports.ppl');
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('prints FILE:LINE:COL: error: message, the line and a caret, and exits 2', () => {
    const r = ppl('check', 'test/lang/invalid/mismatch-fn-result.ppl');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'test/lang/invalid/mismatch-fn-result.ppl:2:18: error: expected Bool, found Nat',
      '2 | fn f() -> Bool { 1 }',
      '                     ^',
      '',
    ].join('\n'));
  });

  it('reports every error of every file, with notes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppl-check-'));
    const a = join(dir, 'a.ppl');
    const b = join(dir, 'b.ppl');
    writeFileSync(a, 'let y = 1;\nprint(z);\nlet w: Bool = 2.5;\n');
    writeFileSync(b, 'fn f() -> Nat { later }\nlet v = f();\nlet later = 1;\n');
    const r = ppl('check', a, b);
    expect(r.status).toBe(2);
    const heads = r.stderr.split('\n').filter((l) => / (error|note): /.test(l));
    expect(heads).toEqual([
      `${a}:2:7: error: unknown name \`z\`; did you mean \`y\`?`,
      `${a}:3:15: error: expected Bool, found Real`,
      `${b}:2:9: error: \`f\` reads the top-level \`later\` before its \`let\` (line 3) has run`,
      `${b}:3:5: note: \`later\` is defined here`,
    ]);
  });

  it('reports syntax errors too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppl-check-'));
    const a = join(dir, 'syntax.ppl');
    writeFileSync(a, 'let x = (1 + ;\n');
    const r = ppl('check', a);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: error: `));
  });

  it('exits 2 for a missing file, and for no files', () => {
    const r = ppl('check', 'no/such/file.ppl');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('ppl check: cannot read `no/such/file.ppl`: no such file\n');
    const none = ppl('check');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^ppl check: which files\?/);
  });

  it('has --help, and is listed by ppl --help', () => {
    const h = ppl('check', '--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^usage: ppl check FILE…/);
    expect(h.stdout).toContain('exit status: 0 all files fine, 2 errors');
    const top = ppl('--help');
    expect(top.stdout).toMatch(/\n {2}check +parse and type-check programs without running them\n/);
  });
});
