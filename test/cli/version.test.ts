import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

describe('ppl --version', () => {
  it('prints the package version and exits 0', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const out = execFileSync('node', ['bin/ppl.mjs', '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(`ppl ${pkg.version}`);
  });
});
