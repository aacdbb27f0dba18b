// The side-by-side benchmarks: which WebPPL and ppl programs each runs, how each side's printed output
// becomes an answer, how an answer is checked against the exact one, and the speed target from the issues.
import { readFileSync } from 'node:fs';
import { coinsExact, kalman, noisyOrExact, regressionPosterior } from './exact.mjs';
import { ess, mean, sd, smcReferenceSpread } from './stats.mjs';

/** Exact engines must agree with the exact answer to this absolute tolerance on every probability. */
export const EXACT_TOL = 1e-9;
/** Sampling engines must agree within this many Monte Carlo standard errors. */
export const Z_TOL = 5;

const readJson = (root, path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

/**
 * Builds the benchmark table. `root` is the repository root as a file URL. Exact answers are computed
 * once here; the SMC standard errors lazily (they take a second or two).
 */
export function benchmarks(root) {
  const ssm = readJson(root, 'bench/data/ssm.json');
  const linreg = readJson(root, 'bench/data/linreg.json');
  const noisy = noisyOrExact();
  const coins = coinsExact(20, 14);
  const kf = kalman(ssm);
  const reg = regressionPosterior(linreg);

  const noisyTable = new Map(noisy.probs.map((p, k) => [JSON.stringify(k), p]));
  const coinsTable = new Map([
    ['true', coins.pTrue],
    ['false', 1 - coins.pTrue],
  ]);

  let spread; // the reference filter at 1,000 particles, run once and scaled by 1/√N (see smcSe)
  const smcSe = (particles) => {
    spread ??= smcReferenceSpread(ssm, 1000, 200);
    const scale = Math.sqrt(1000 / particles);
    return { logZ: spread.logZ.se * scale, mean: spread.mean.se * scale, reference: spread };
  };

  const smc = (name, particles, target) => ({
    name,
    title: `State-space model, 50 steps, SMC ${particles.toLocaleString('en-US')} particles`,
    issue: 4,
    kind: 'smc',
    webppl: { file: 'bench/webppl/ssm_smc.wppl', args: ['--particles', String(particles)] },
    ppl: { file: `bench/ppl/ssm_smc_${particles === 1000 ? '1k' : '10k'}.ppl` },
    data: { file: 'bench/data/ssm.json', arrays: ['ys'] },
    exact: `Kalman filter: E[x50 | y] = ${kf.mean}, sd ${kf.sd}, log Z = ${kf.logZ}`,
    target: { kind: 'speedup', factor: target },
    fromWebppl: (a) => ({ mean: a.mean, sd: a.sd, logZ: a.logZ }),
    fromPpl: (values) => {
      const v = values[0];
      if (!v || typeof v.mean !== 'number' || typeof v.logZ !== 'number') throw new Error(`expected {mean, sd, logZ}, got ${short(v)}`);
      return { mean: v.mean, sd: v.sd, logZ: v.logZ };
    },
    check: (ans) => {
      const se = smcSe(particles);
      const zMean = (ans.mean - kf.mean) / se.mean;
      const zLogZ = (ans.logZ - kf.logZ) / se.logZ;
      const ok = Math.abs(zMean) <= Z_TOL && Math.abs(zLogZ) <= Z_TOL;
      return {
        ok,
        summary: `mean ${fmt(ans.mean, 4)} (z ${fmt(zMean, 1)}), log Z ${fmt(ans.logZ, 3)} (z ${fmt(zLogZ, 1)})`,
        metrics: { mean: ans.mean, sd: ans.sd, logZ: ans.logZ, zMean, zLogZ, seMean: se.mean, seLogZ: se.logZ },
      };
    },
  });

  const chain = (name, title, webpplFile, pplFile, target) => ({
    name,
    title,
    issue: 4,
    kind: 'chain',
    webppl: { file: webpplFile, args: [] },
    ppl: { file: pplFile },
    data: { file: 'bench/data/linreg.json', arrays: ['xs', 'ys'] },
    exact: `conjugate posterior: b0 ${reg.mean[0]} (sd ${reg.sd[0]}), b1 ${reg.mean[1]} (sd ${reg.sd[1]})`,
    target,
    fromWebppl: (a) => pairs(a.samples),
    fromPpl: (values) => pairs(values[0]),
    check: (draws) => checkChain(draws, reg),
  });

  return [
    {
      name: 'startup',
      title: 'Start-up: a one-line program',
      issue: 3,
      kind: 'startup',
      webppl: { file: 'bench/webppl/startup.wppl', args: [] },
      ppl: { file: 'bench/ppl/startup.ppl' },
      exact: '1 + 1 = 2',
      target: { kind: 'startup', maxMs: 100 },
      fromWebppl: (a) => a.value,
      fromPpl: (values) => values[0],
      check: (v) => ({ ok: v === 2, summary: `printed ${short(v)}`, metrics: {} }),
    },
    {
      name: 'noisyor',
      title: 'Noisy-OR, 20 causes, Enumerate (2^20 executions)',
      issue: 3,
      kind: 'exact',
      webppl: { file: 'bench/webppl/noisyor.wppl', args: [] },
      ppl: { file: 'bench/ppl/noisyor.ppl' },
      exact: `dynamic programming: P(effect) = ${noisy.evidence}, E[#active | effect] = ${noisy.mean}`,
      target: { kind: 'speedup', factor: 10 },
      fromWebppl: (a) => a.support,
      fromPpl: (values) => pplSupport(values[0]),
      check: (support) => checkTable(support, noisyTable),
    },
    {
      name: 'coins',
      title: '20 coins, at least 14 heads, Enumerate; P(first coin)',
      issue: 3,
      kind: 'exact',
      webppl: { file: 'bench/webppl/coins.wppl', args: [] },
      ppl: { file: 'bench/ppl/coins.ppl' },
      exact: `P(first | ≥ 14 heads) = ${coins.numerator}/${coins.denominator} = ${coins.pTrue}`,
      target: { kind: 'speedup', factor: 10 },
      fromWebppl: (a) => a.support,
      fromPpl: (values) => pplSupport(values[0]),
      check: (support) => checkTable(support, coinsTable),
    },
    smc('smc-1k', 1000, 3),
    smc('smc-10k', 10000, 30),
    chain(
      'mh',
      'Linear regression (20 points), MH 100,000 iterations (10,000 burn-in)',
      'bench/webppl/linreg_mh.wppl',
      'bench/ppl/linreg_mh.ppl',
      { kind: 'speedup', factor: 10 },
    ),
    chain(
      'nuts',
      'Linear regression: ppl NUTS 10,000 + 1,000 warm-up vs WebPPL HMC 11,000 (10 × 0.03)',
      'bench/webppl/linreg_hmc.wppl',
      'bench/ppl/linreg_nuts.ppl',
      { kind: 'speedup', factor: 3, essPerSecond: true },
    ),
  ];
}

/** A ppl `print` of a finite Dist: {"dist": {"support": [{value, prob}, …]}}. */
function pplSupport(v) {
  const support = v?.dist?.support;
  if (!Array.isArray(support)) throw new Error(`expected a finite distribution {"dist": {"support": […]}}, got ${short(v)}`);
  return support;
}

/** A chain printed as [[b0, b1], …] (or records with two numeric fields) → {b0: [...], b1: [...]}. */
function pairs(samples) {
  if (!Array.isArray(samples) || samples.length === 0) throw new Error(`expected an array of (b0, b1) draws, got ${short(samples)}`);
  const b0 = new Float64Array(samples.length), b1 = new Float64Array(samples.length);
  samples.forEach((s, i) => {
    const xs = Array.isArray(s) ? s : s && typeof s === 'object' ? Object.values(s) : [];
    if (xs.length !== 2 || typeof xs[0] !== 'number' || typeof xs[1] !== 'number') throw new Error(`draw ${i} is not a pair of numbers: ${short(s)}`);
    b0[i] = xs[0];
    b1[i] = xs[1];
  });
  return { b0, b1 };
}

/** Every probability within EXACT_TOL of the exact table (a value missing on one side counts as 0). */
export function checkTable(support, exact) {
  const got = new Map();
  for (const { value, prob } of support) got.set(JSON.stringify(value), (got.get(JSON.stringify(value)) ?? 0) + prob);
  let worst = 0, worstKey = '';
  for (const key of new Set([...got.keys(), ...exact.keys()])) {
    const d = Math.abs((got.get(key) ?? 0) - (exact.get(key) ?? 0));
    if (!(d <= worst)) {
      worst = d;
      worstKey = key;
    }
  }
  const ok = worst <= EXACT_TOL;
  return { ok, summary: `max |Δp| ${worst.toExponential(1)}${ok ? '' : ` at ${worstKey}`}`, metrics: { maxAbsError: worst } };
}

/**
 * Posterior means and sds of both coefficients within Z_TOL standard errors of the closed form, the
 * standard errors taken from the chain's own ESS: se(mean) = σ/√ESS(x), se(sd) = σ/√(2 ESS((x − x̄)²)).
 */
export function checkChain({ b0, b1 }, reg) {
  const coords = [b0, b1].map((xs, j) => {
    const n = xs.length;
    const e = ess(xs);
    const m = mean(xs), s = sd(xs);
    // The sd's standard error comes from the ESS of the squared deviations, which a chain can mix
    // differently from the draws themselves (as Stan's MCSE of the sd).
    const e2 = ess(Array.from(xs, (x) => (x - m) * (x - m)));
    const zMean = (m - reg.mean[j]) / (reg.sd[j] / Math.sqrt(e));
    const zSd = (s - reg.sd[j]) / (reg.sd[j] / Math.sqrt(2 * e2));
    let moved = 0;
    for (let i = 1; i < n; i++) if (xs[i] !== xs[i - 1]) moved++;
    return { n, ess: e, essSq: e2, mean: m, sd: s, zMean, zSd, moved: moved / (n - 1) };
  });
  const ok = coords.every((c) => Math.abs(c.zMean) <= Z_TOL && Math.abs(c.zSd) <= Z_TOL);
  const worstZ = Math.max(...coords.flatMap((c) => [Math.abs(c.zMean), Math.abs(c.zSd)]));
  const minEss = Math.min(...coords.map((c) => c.ess));
  return {
    ok,
    summary:
      `b0 ${fmt(coords[0].mean, 3)}±${fmt(coords[0].sd, 3)}, b1 ${fmt(coords[1].mean, 3)}±${fmt(coords[1].sd, 3)}; ` +
      `max |z| ${fmt(worstZ, 1)}; ESS ${Math.round(minEss)} of ${coords[0].n}`,
    metrics: { n: coords[0].n, minEss, worstZ, b0: coords[0], b1: coords[1], moved: Math.max(coords[0].moved, coords[1].moved) },
  };
}

export function fmt(x, digits) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

export function short(v) {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * The literal arrays a program copies from a data file: `var NAME = [...]` (WebPPL) or `let NAME = [...]`
 * (ppl), parsed as JSON. Returns null when the program does not define NAME.
 */
export function literalArray(source, name) {
  const m = new RegExp(`(?:var|let)\\s+${name}\\s*=\\s*(\\[[^\\]]*\\])`).exec(source);
  return m ? JSON.parse(m[1]) : null;
}
