// bin/ppl starts node from the start-up snapshot (dist/ppl.blob) when it was made by the node at hand, and
// falls back to the ES-module bundle otherwise. Both paths must print exactly the same thing.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, cpSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve('.');
const run = (bin: string, args: string[]) => spawnSync(bin, args, { encoding: 'utf8', cwd: root });

describe('bin/ppl', () => {
  it('has a start-up snapshot made by this node', () => {
    expect(existsSync('dist/ppl.blob')).toBe(true);
    expect(existsSync('dist/ppl.node-id')).toBe(true);
  });

  for (const example of ['examples/burglary.ppl', 'examples/state-space-smc.ppl', 'examples/kalman.ppl']) {
    it(`prints the same as bin/ppl.mjs for ${example}`, () => {
      const snap = run(join(root, 'bin/ppl'), ['run', example, '--json', '--seed', '7']);
      const esm = run(process.execPath, ['bin/ppl.mjs', 'run', example, '--json', '--seed', '7']);
      expect(snap.status).toBe(0);
      expect(snap.stdout).toBe(esm.stdout);
      expect(snap.stdout.length).toBeGreaterThan(0);
    });
  }

  it('reports errors with the same text and exit status under the snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppl-launch-'));
    const file = join(dir, 'bad.ppl');
    writeFileSync(file, 'fn f() -> Bool { 1 }\n');
    const snap = run(join(root, 'bin/ppl'), ['check', file]);
    const esm = run(process.execPath, ['bin/ppl.mjs', 'check', file]);
    expect(snap.status).toBe(2);
    expect(snap.stderr).toBe(esm.stderr);
    expect(snap.stderr).toContain('bad.ppl:1:18: error: expected Bool, found Nat');
  });

  it('works through a symlink (as npm links it) and passes arguments through', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppl-link-'));
    symlinkSync(join(root, 'bin/ppl'), join(dir, 'ppl'));
    expect(execFileSync(join(dir, 'ppl'), ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^ppl \d+\.\d+\.\d+$/);
  });

  it('falls back to the ES-module bundle when the snapshot was made by another node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ppl-copy-'));
    cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    writeFileSync(join(dir, 'dist/ppl.node-id'), '1 2 3\n');
    const out = execFileSync(join(dir, 'bin/ppl'), ['run', join(root, 'examples/burglary.ppl')], { encoding: 'utf8' });
    expect(Number(out.trim())).toBeCloseTo(0.284171835364393, 12);
  });
});
