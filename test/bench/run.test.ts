// End-to-end test of bench/run.mjs on its cheapest benchmark (start-up, one repetition, nothing written):
// it runs WebPPL and ppl as processes and reports each side, a failing ppl with its reason.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const run = (...args: string[]) => spawnSync(process.execPath, ['bench/run.mjs', ...args], { encoding: 'utf8' });

describe('bench/run.mjs', () => {
  it('runs the start-up benchmark on both sides and prints a summary', () => {
    const r = run('--only', 'startup', '--reps', '1', '--no-write');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^node -e 0: \d+ ms/);
    expect(r.stdout).toMatch(/startup +WebPPL Infer +0 ms, process−node +[\d,]+ ms \| ppl /);
    expect(r.stderr).toMatch(/startup WebPPL #1: \d+ ms( \(CPU \d+ ms\))?, in Infer 0 ms; ok: printed 2/);
    // ppl either runs and prints 2, or is reported with the reason it does not run.
    expect(r.stderr).toMatch(/startup ppl (#1: \d+ ms( \(CPU \d+ ms\))?; ok: printed 2|: not-runnable: .+)/);
  });

  it('refuses unknown benchmarks and options with exit status 2', () => {
    const r = run('--only', 'nosuch');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown benchmark nosuch; known: startup noisyor coins smc-1k smc-10k mh nuts');
    expect(run('--frobnicate').status).toBe(2);
  });
});
