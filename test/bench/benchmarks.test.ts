// Tests of the harness's checks and report (bench/lib/benchmarks.mjs, bench/lib/report.mjs): exact answers
// accepted and perturbed ones rejected, ppl's JSON shapes read as language.md §8 writes them, data copies
// in the programs equal the JSON data, and the README section replaced between its markers.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { benchmarks, checkChain, literalArray } from '../../bench/lib/benchmarks.mjs';
import { coinsExact, noisyOrExact, regressionPosterior } from '../../bench/lib/exact.mjs';
import { BEGIN, END, markdown, replaceBetweenMarkers } from '../../bench/lib/report.mjs';

const root = new URL('../../', import.meta.url);
const all = benchmarks(root);
const byName = (n: string) => all.find((b) => b.name === n)!;

describe('exact checks', () => {
  it('accept the exact noisy-OR table printed by ppl and reject a 1e-8 error', () => {
    const probs = noisyOrExact().probs;
    const support = probs.map((prob, value) => ({ value, prob })).sort((a, b) => b.prob - a.prob);
    const b = byName('noisyor');
    expect(b.check(b.fromPpl([{ dist: { support } }])).ok).toBe(true);
    const off = support.map((s, i) => (i === 0 ? { ...s, prob: s.prob + 1e-8 } : s));
    expect(b.check(b.fromPpl([{ dist: { support: off } }])).ok).toBe(false);
    // A value missing from the output counts as probability 0.
    expect(b.check(b.fromPpl([{ dist: { support: support.slice(0, 5) } }])).ok).toBe(false);
  });

  it('accept the coins answer as WebPPL prints it', () => {
    const p = coinsExact().pTrue;
    const b = byName('coins');
    const answer = { support: [{ value: false, prob: 1 - p }, { value: true, prob: p }] };
    expect(b.check(b.fromWebppl(answer)).ok).toBe(true);
    const wrong = { support: [{ value: false, prob: 0.5 }, { value: true, prob: 0.5 }] };
    expect(b.check(b.fromWebppl(wrong)).ok).toBe(false);
  });

  it('reject output that is not a finite distribution', () => {
    const b = byName('noisyor');
    expect(() => b.fromPpl([{ dist: { mean: 1, sd: 1, n: 10, ess: 10 } }])).toThrow(/finite distribution/);
  });
});

describe('sampling checks', () => {
  const linreg = JSON.parse(readFileSync('bench/data/linreg.json', 'utf8'));
  const reg = regressionPosterior(linreg);
  const draws = (n: number, shift: number) => {
    const rng = seedrandom('draws');
    const g = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return Array.from({ length: n }, () => [reg.mean[0] + shift + reg.sd[0] * g(), reg.mean[1] + reg.sd[1] * g()]);
  };

  it('accept independent draws from the exact posterior, as ppl prints tuples', () => {
    const b = byName('mh');
    const c = b.check(b.fromPpl([draws(10_000, 0)]));
    expect(c.ok).toBe(true);
    expect(c.metrics.minEss).toBeGreaterThan(9000);
  });

  it('reject a chain whose mean is off by 10 standard errors', () => {
    const shift = (10 * reg.sd[0]) / Math.sqrt(10_000);
    const c = checkChain(byName('mh').fromWebppl({ samples: draws(10_000, shift) }), reg);
    expect(c.ok).toBe(false);
  });

  it('accept the Kalman answer for SMC and reject one 6 standard errors off in log Z', () => {
    const b = byName('smc-1k');
    const exact = /E\[x50 \| y\] = (\S+), sd (\S+), log Z = (\S+)/.exec(b.exact)!.slice(1).map(Number);
    const ok = b.check(b.fromPpl([{ mean: exact[0], sd: exact[1], logZ: exact[2] }]));
    expect(ok.ok).toBe(true);
    const bad = b.check(b.fromPpl([{ mean: exact[0], sd: exact[1], logZ: exact[2] - 6 * ok.metrics.seLogZ }]));
    expect(bad.ok).toBe(false);
  });
});

describe('programs', () => {
  it('carry the same data as bench/data/*.json', () => {
    for (const b of all) {
      if (!b.data) continue;
      const data = JSON.parse(readFileSync(new URL(b.data.file, root), 'utf8'));
      for (const file of [b.webppl.file, b.ppl.file]) {
        const src = readFileSync(new URL(file, root), 'utf8');
        for (const name of b.data.arrays) expect(literalArray(src, name), `${file} ${name}`).toEqual(data[name]);
      }
    }
  });

  it('ask for the same work on both sides', () => {
    const src = (f: string) => readFileSync(new URL(f, root), 'utf8');
    expect(src('bench/ppl/ssm_smc_1k.ppl')).toContain('SMC(particles: 1000)');
    expect(src('bench/ppl/ssm_smc_10k.ppl')).toContain('SMC(particles: 10000)');
    expect(byName('smc-10k').webppl.args).toEqual(['--particles', '10000']);
    expect(src('bench/ppl/linreg_mh.ppl')).toContain('MH(samples: 90000, burn: 10000)');
    expect(src('bench/webppl/linreg_mh.wppl')).toContain("samples: 90000, burn: 10000");
    expect(src('bench/ppl/linreg_nuts.ppl')).toContain('NUTS(samples: 10000, warmup: 1000)');
    expect(src('bench/webppl/linreg_hmc.wppl')).toContain('{HMC: {steps: 10, stepSize: 0.03}}, samples: 10000, burn: 1000');
  });
});

describe('report', () => {
  it('replaces the section between the markers, and appends it when they are missing', () => {
    const readme = `# T\n\nintro\n\n${BEGIN}\nold\n${END}\n\ntail\n`;
    const once = replaceBetweenMarkers(readme, 'new table');
    expect(once).toBe(`# T\n\nintro\n\n${BEGIN}\nnew table\n${END}\n\ntail\n`);
    expect(replaceBetweenMarkers(once, 'newer')).toContain(`${BEGIN}\nnewer\n${END}`);
    expect(replaceBetweenMarkers('# T\n', 'x')).toBe(`# T\n\n${BEGIN}\nx\n${END}\n`);
  });

  it('reports a ppl side that does not run with its reason, never with numbers', () => {
    const results = {
      date: '2026-11-29 04:00 UTC',
      reps: 3,
      machine: { node: 'v20', webppl: '0.9.15', cpus: 2, cpuModel: 'cpu', loadBefore: [1, 1, 1], loadAfter: [1, 1, 1] },
      node: { medianMs: 50, runsMs: [50] },
      benchmarks: [{
        name: 'coins', title: 'coins', kind: 'exact', exact: 'x', target: { kind: 'speedup', factor: 10 },
        webppl: { status: 'ok', reps: [{ check: { ok: true, summary: 'max |Δp| 1e-15' } }], inferMs: 9000, netMs: 9400 },
        ppl: { status: 'not-runnable', reason: 'exit status 2: ppl: unknown command `run`', reps: [] },
      }],
    };
    const md = markdown(results);
    expect(md).toContain('| coins | 9,000 | 9,400 | not runnable yet | — | ≥ 10× | not yet | — | — |');
    expect(md).toContain('ppl: not runnable yet (exit status 2: ppl: unknown command `run`)');
  });
});
