// HMC and NUTS against closed forms and references, with tolerances of a few Monte Carlo standard errors
// from runtime/diagnostics (itself tested on AR(1) chains): conjugate Gaussian regression, a correlated
// 2-D Gaussian, eight schools (non-centred) against 2-D quadrature of its exact marginal posterior and
// posteriordb's reference, and a simulation-based calibration check of NUTS on a small hierarchical model.
import { describe, expect, it } from 'vitest';
import { hmc, nuts, coordinate, mapDraws, WindowedVariance, DualAveraging, DriftProposal, type McmcResult } from '../../runtime/mcmc/index.js';
import { chainsMean, chainsSd, mcseMean, mcseSd, splitRhat, essBasic } from '../../runtime/diagnostics/index.js';
import { targetFromDomainFunction, normalLogPdf, type Real } from '../../runtime/ad/index.js';
import { Rng } from '../../runtime/index.js';

function expectWithinMcse(chains: Float64Array[], mean: number, sd: number, k: number, label: string): void {
  const m = chainsMean(chains);
  const s = chainsSd(chains);
  const em = mcseMean(chains);
  const es = mcseSd(chains);
  expect(Math.abs(m - mean), `${label} mean ${m} vs ${mean} (mcse ${em})`).toBeLessThan(k * em);
  expect(Math.abs(s - sd), `${label} sd ${s} vs ${sd} (mcse ${es})`).toBeLessThan(k * es);
}

// ---- conjugate Gaussian linear regression: y = a + b·x + N(0, σ²), σ known, a, b ~ N(0, 10²) ------------
const SIGMA = 0.5;
const PRIOR_SD = 10;
const XS = Array.from({ length: 20 }, (_, i) => i / 19 * 4 - 2);
const YS = XS.map((x, i) => 1.3 + 0.7 * x + SIGMA * Math.sin(7.3 * i + 1)); // fixed pseudo-noise

function regressionPosterior(): { mean: number[]; sd: number[] } {
  // precision Λ = XᵀX/σ² + I/τ², mean = Λ⁻¹ Xᵀy/σ²
  let s00 = 0, s01 = 0, s11 = 0, t0 = 0, t1 = 0;
  for (let i = 0; i < XS.length; i++) {
    s00 += 1; s01 += XS[i]; s11 += XS[i] ** 2; t0 += YS[i]; t1 += XS[i] * YS[i];
  }
  const a = s00 / SIGMA ** 2 + 1 / PRIOR_SD ** 2;
  const b = s01 / SIGMA ** 2;
  const d = s11 / SIGMA ** 2 + 1 / PRIOR_SD ** 2;
  const det = a * d - b * b;
  const c00 = d / det, c01 = -b / det, c11 = a / det;
  const r0 = t0 / SIGMA ** 2, r1 = t1 / SIGMA ** 2;
  return { mean: [c00 * r0 + c01 * r1, c01 * r0 + c11 * r1], sd: [Math.sqrt(c00), Math.sqrt(c11)] };
}

const regression = targetFromDomainFunction(2, (D, [a, b]) => {
  let lp: Real = D.add(normalLogPdf(D, a, 0, PRIOR_SD), normalLogPdf(D, b, 0, PRIOR_SD));
  for (let i = 0; i < XS.length; i++) lp = D.add(lp, normalLogPdf(D, YS[i], D.add(a, D.mul(b, XS[i])), SIGMA));
  return lp;
});

describe('conjugate Gaussian regression (closed form), within 5 MCSE', () => {
  const post = regressionPosterior();
  it('NUTS, 4 chains', () => {
    const r = nuts(regression, new Rng('nuts-regression'), { samples: 2000, warmup: 1000, chains: 4 });
    for (let i = 0; i < 2; i++) expectWithinMcse(coordinate(r, i), post.mean[i], post.sd[i], 5, `NUTS coef ${i}`);
    expect(r.divergences).toBe(0);
    // dual averaging targets 0.8; on Gaussian targets Stan's realised statistic sits a little above it
    expect(r.meanAcceptStat).toBeGreaterThan(0.7);
    expect(r.meanAcceptStat).toBeLessThan(0.97);
    for (let i = 0; i < 2; i++) expect(splitRhat(coordinate(r, i))).toBeLessThan(1.01);
    // the adapted metric is close to the posterior variances
    for (let i = 0; i < 2; i++) expect(r.chains[0].invMetric[i] / post.sd[i] ** 2).toBeGreaterThan(0.6);
    for (let i = 0; i < 2; i++) expect(r.chains[0].invMetric[i] / post.sd[i] ** 2).toBeLessThan(1.6);
  });
  it('HMC (10 steps of 0.05)', () => {
    const r = hmc(regression, new Rng('hmc-regression'), { samples: 5000, burn: 500, steps: 10, stepSize: 0.05 });
    for (let i = 0; i < 2; i++) expectWithinMcse(coordinate(r, i), post.mean[i], post.sd[i], 5, `HMC coef ${i}`);
    expect(r.meanAcceptStat).toBeGreaterThan(0.9);
    expect(r.divergences).toBe(0);
  });
});

describe('correlated 2-D Gaussian (ρ = 0.95, sds 1 and 2)', () => {
  const rho = 0.95;
  const s = [1, 2];
  const mu = [1, -2];
  const target = {
    dim: 2,
    logDensityAndGradient(q: Float64Array, g: Float64Array): number {
      const z0 = (q[0] - mu[0]) / s[0];
      const z1 = (q[1] - mu[1]) / s[1];
      const k = 1 / (1 - rho * rho);
      g[0] = (-k * (z0 - rho * z1)) / s[0];
      g[1] = (-k * (z1 - rho * z0)) / s[1];
      return -0.5 * k * (z0 * z0 - 2 * rho * z0 * z1 + z1 * z1);
    },
  };
  it('NUTS recovers means, sds and the correlation', () => {
    const r = nuts(target, new Rng('nuts-corr'), { samples: 4000, warmup: 1000, chains: 2 });
    for (let i = 0; i < 2; i++) expectWithinMcse(coordinate(r, i), mu[i], s[i], 5, `x${i}`);
    // E[z0·z1] = ρ, with its own MCSE
    const prod = mapDraws(r, (q) => ((q[0] - mu[0]) / s[0]) * ((q[1] - mu[1]) / s[1]));
    expect(Math.abs(chainsMean(prod) - rho)).toBeLessThan(5 * mcseMean(prod));
    expect(r.divergences).toBe(0);
  });
  it('HMC recovers the means and sds', () => {
    const r = hmc(target, new Rng('hmc-corr'), { samples: 10000, burn: 1000, steps: 20, stepSize: 0.15 });
    for (let i = 0; i < 2; i++) expectWithinMcse(coordinate(r, i), mu[i], s[i], 5, `x${i}`);
  });
});

// ---- eight schools ------------------------------------------------------------------------------------
const Y = [28, 8, -3, 7, -1, 1, 18, 12];
const SIG = [15, 10, 16, 11, 9, 11, 10, 18];

/** posteriordb eight_schools_noncentered: mu ~ N(0, 5), tau ~ half-Cauchy(0, 5), θ̃ ~ N(0, 1), y ~ N(mu + tau θ̃, σ). Coordinates: mu, log tau, θ̃[8]. */
const eightSchoolsNonCentred = {
  dim: 10,
  logDensityAndGradient(q: Float64Array, g: Float64Array): number {
    const mu = q[0];
    const logTau = q[1];
    const tau = Math.exp(logTau);
    // mu ~ N(0, 5); tau ~ Cauchy⁺(0, 5) with Jacobian tau
    let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + logTau;
    let gMu = -mu / 25;
    let gTau = (-2 * tau) / 25 / (1 + (tau / 5) ** 2);
    for (let j = 0; j < 8; j++) {
      const t = q[2 + j];
      const r = (Y[j] - mu - tau * t) / SIG[j];
      lp += -0.5 * t * t - 0.5 * r * r;
      const dr = r / SIG[j]; // ∂(−½r²)/∂(mu + tau t)
      gMu += dr;
      gTau += dr * t;
      g[2 + j] = -t + dr * tau;
    }
    g[0] = gMu;
    g[1] = gTau * tau + 1;
    return lp;
  },
};

/** The centred parameterisation (mu, log tau, θ[8]): the funnel that makes NUTS diverge. */
const eightSchoolsCentred = {
  dim: 10,
  logDensityAndGradient(q: Float64Array, g: Float64Array): number {
    const mu = q[0];
    const logTau = q[1];
    const tau = Math.exp(logTau);
    let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + logTau;
    let gMu = -mu / 25;
    let gLogTau = ((-2 * tau) / 25 / (1 + (tau / 5) ** 2)) * tau + 1;
    for (let j = 0; j < 8; j++) {
      const th = q[2 + j];
      const z = (th - mu) / tau;
      const r = (Y[j] - th) / SIG[j];
      lp += -0.5 * z * z - logTau - 0.5 * r * r;
      gMu += z / tau;
      gLogTau += z * z - 1;
      g[2 + j] = -z / tau + r / SIG[j];
    }
    g[0] = gMu;
    g[1] = gLogTau;
    return lp;
  },
};

/** E[mu], E[tau] under the exact marginal posterior p(mu, tau | y) ∝ N(mu|0,5) C⁺(tau|0,5) Π N(y_j | mu, √(σ_j² + tau²)), by quadrature over (mu, log tau). */
function eightSchoolsQuadrature(): { mu: number; tau: number } {
  let z = 0, smu = 0, stau = 0;
  const nMu = 600, nU = 1200;
  const mu0 = -40, mu1 = 50, u0 = -12, u1 = 9;
  const dmu = (mu1 - mu0) / nMu, du = (u1 - u0) / nU;
  for (let a = 0; a <= nMu; a++) {
    const mu = mu0 + a * dmu;
    for (let b = 0; b <= nU; b++) {
      const u = u0 + b * du;
      const tau = Math.exp(u);
      let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + u;
      for (let j = 0; j < 8; j++) {
        const v = SIG[j] ** 2 + tau * tau;
        lp += -0.5 * Math.log(v) - (0.5 * (Y[j] - mu) ** 2) / v;
      }
      const w = Math.exp(lp + 30) * (a === 0 || a === nMu ? 0.5 : 1) * (b === 0 || b === nU ? 0.5 : 1);
      z += w;
      smu += w * mu;
      stau += w * tau;
    }
  }
  return { mu: smu / z, tau: stau / z };
}

describe('eight schools', () => {
  it('NUTS (non-centred) agrees with the exact posterior means within 3 MCSE, ≤ 0.5% divergences', () => {
    const ref = eightSchoolsQuadrature();
    // the quadrature reproduces posteriordb's reference posterior (mu ≈ 4.4, tau ≈ 3.6)
    expect(ref.mu).toBeCloseTo(4.4, 1);
    expect(ref.tau).toBeCloseTo(3.6, 1);
    const r = nuts(eightSchoolsNonCentred, new Rng('eight-schools'), { samples: 2500, warmup: 1000, chains: 4 });
    const mu = coordinate(r, 0);
    const tau = mapDraws(r, (q) => Math.exp(q[1]));
    expect(Math.abs(chainsMean(mu) - ref.mu)).toBeLessThan(3 * mcseMean(mu));
    expect(Math.abs(chainsMean(tau) - ref.tau)).toBeLessThan(3 * mcseMean(tau));
    expect(r.divergences / (4 * 2500)).toBeLessThanOrEqual(0.005);
    expect(splitRhat(mu)).toBeLessThan(1.01);
    expect(splitRhat(tau)).toBeLessThan(1.01);
    expect(essBasic(tau)).toBeGreaterThan(1000);
  });
  it('NUTS reports the divergences of the centred funnel', () => {
    const r = nuts(eightSchoolsCentred, new Rng('eight-schools-centred'), { samples: 1000, warmup: 1000 });
    expect(r.divergences).toBeGreaterThan(0);
    let sum = 0;
    for (const d of r.chains[0].divergent) sum += d;
    expect(sum).toBe(r.divergences);
  });
});

// ---- simulation-based calibration (Talts et al. 2018) --------------------------------------------------
// mu ~ N(0, 1), tau ~ N⁺(0, 1), η_j ~ N(0, 1), y_j ~ N(mu + tau η_j, 1) for J = 4; coordinates (mu, log tau, η).
// For each of R = 200 replicates: draw the parameters from the prior, data from the model, run NUTS, keep
// L = 99 thinned draws, and record the rank of the true value among them. Under a correct sampler the
// ranks are uniform on 0..99: 10 bins of 10 ranks, chi-square with 9 degrees of freedom.
const J = 4;
function sbcTarget(y: number[], sdLik: number) {
  return {
    dim: 2 + J,
    logDensityAndGradient(q: Float64Array, g: Float64Array): number {
      const mu = q[0];
      const tau = Math.exp(q[1]);
      let lp = -0.5 * mu * mu - 0.5 * tau * tau + q[1];
      let gMu = -mu;
      let gTau = -tau;
      for (let j = 0; j < J; j++) {
        const e = q[2 + j];
        const r = (y[j] - mu - tau * e) / sdLik;
        lp += -0.5 * e * e - 0.5 * r * r;
        gMu += r / sdLik;
        gTau += (r / sdLik) * e;
        g[2 + j] = -e + (r / sdLik) * tau;
      }
      g[0] = gMu;
      g[1] = gTau * tau + 1;
      return lp;
    },
  };
}

function sbcChiSquares(seed: string, sdLik: number): number[] {
  const rng = new Rng(seed);
  const R = 200;
  const L = 99;
  const thin = 3;
  const bins = [new Array(10).fill(0), new Array(10).fill(0), new Array(10).fill(0)];
  for (let rep = 0; rep < R; rep++) {
    const mu = rng.normal();
    const tau = Math.abs(rng.normal());
    const eta = Array.from({ length: J }, () => rng.normal());
    const y = eta.map((e) => mu + tau * e + rng.normal());
    const r: McmcResult = nuts(sbcTarget(y, sdLik), rng.derive(`rep/${rep}`), { samples: L * thin, warmup: 300 });
    const draws = r.chains[0].draws;
    const truths = [mu, tau, mu + tau * eta[0]];
    const stats = [(q: Float64Array) => q[0], (q: Float64Array) => Math.exp(q[1]), (q: Float64Array) => q[0] + Math.exp(q[1]) * q[2]];
    for (let k = 0; k < 3; k++) {
      let rank = 0;
      for (let s = thin - 1; s < L * thin; s += thin) {
        if (stats[k](draws.subarray(s * r.dim, (s + 1) * r.dim)) < truths[k]) rank++;
      }
      bins[k][Math.min(9, Math.floor(rank / 10))]++;
    }
  }
  return bins.map((b) => b.reduce((s, c) => s + (c - R / 10) ** 2 / (R / 10), 0));
}

describe('simulation-based calibration of NUTS (hierarchical model)', () => {
  const CHI2_9_P001 = 27.877; // 0.999 quantile of χ²₉
  it('rank statistics of mu, tau and θ₁ are uniform (χ²₉ below its 0.1% critical value)', () => {
    const chi = sbcChiSquares('sbc', 1);
    for (const c of chi) expect(c).toBeLessThan(CHI2_9_P001);
  });
  it('and the check has power: a sampler of the wrong posterior (likelihood sd 0.5 instead of 1) fails it', () => {
    const chi = sbcChiSquares('sbc', 0.5);
    expect(Math.max(...chi)).toBeGreaterThan(CHI2_9_P001);
  });
});

describe('machinery', () => {
  it("Stan's window schedule for 1,000 warmup iterations: metric updates after iterations 100, 150, 250, 450, 950", () => {
    const w = new WindowedVariance(1, 1000);
    const inv = new Float64Array(1);
    const ends: number[] = [];
    for (let i = 0; i < 1000; i++) if (w.learn(Float64Array.of(i % 7), inv)) ends.push(i + 1);
    expect(ends).toEqual([100, 150, 250, 450, 950]);
  });
  it('windows shrink to 15% / 75% / 10% for short warmups', () => {
    const w = new WindowedVariance(1, 100);
    const inv = new Float64Array(1);
    const ends: number[] = [];
    for (let i = 0; i < 100; i++) if (w.learn(Float64Array.of(i % 5), inv)) ends.push(i + 1);
    expect(ends).toEqual([90]);
    // regularised: (n/(n+5))·var + 1e-3·5/(n+5) with n = 75 draws of i mod 5 (var = 2.027…)
    const xs = Array.from({ length: 75 }, (_, k) => (k + 15) % 5);
    const m = xs.reduce((a, b) => a + b) / 75;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / 74;
    expect(inv[0]).toBeCloseTo((75 / 80) * v + 1e-3 * (5 / 80), 12);
  });
  it('dual averaging moves ε down when acceptance is low and up when high', () => {
    const d = new DualAveraging(0.8);
    d.restart(1);
    let e = 1;
    for (let i = 0; i < 50; i++) e = d.learn(0.2);
    expect(e).toBeLessThan(0.1);
    d.restart(1);
    for (let i = 0; i < 50; i++) e = d.learn(1);
    expect(e).toBeGreaterThan(10);
  });
  it('is reproducible bit for bit and gives chains their own streams', () => {
    const a = nuts(regression, new Rng('repro'), { samples: 50, warmup: 50, chains: 2 });
    const b = nuts(regression, new Rng('repro'), { samples: 50, warmup: 50, chains: 2 });
    expect(Array.from(a.chains[1].draws)).toEqual(Array.from(b.chains[1].draws));
    expect(Array.from(a.chains[0].draws)).not.toEqual(Array.from(a.chains[1].draws));
  });
  it('reports progress, tree depths and maximum-depth hits', () => {
    const calls: [number, number, number][] = [];
    const r = nuts(regression, new Rng('progress'), {
      samples: 200, warmup: 100, maxDepth: 2, progress: (c, i, t) => calls.push([c, i, t]),
    });
    expect(calls[calls.length - 1]).toEqual([0, 300, 300]);
    expect(calls.length).toBeGreaterThan(50);
    for (let k = 1; k < calls.length; k++) expect(calls[k][1]).toBeGreaterThanOrEqual(calls[k - 1][1]);
    const c = r.chains[0];
    expect(Math.max(...c.treeDepth)).toBeLessThanOrEqual(2);
    expect(c.maxDepthHits).toBe(c.treeDepth.filter((d) => d === 2).length);
    for (let s = 0; s < 200; s++) expect(c.leapfrogSteps[s]).toBeLessThanOrEqual(3);
  });
  it('rejects a target with no finite starting point, and bad options', () => {
    const nowhere = { dim: 1, logDensityAndGradient: () => -Infinity };
    expect(() => nuts(nowhere, new Rng('x'), { samples: 10 })).toThrow(/no starting point/);
    expect(() => hmc(regression, new Rng('x'), { stepSize: 0 })).toThrow(/stepSize/);
    expect(() => nuts(regression, { uniform: () => 0.5, normal: () => 0 }, { chains: 2 })).toThrow(/derive/);
  });
});

describe('drift proposal for single-site MH', () => {
  it('adapts its scale toward 0.44 acceptance during burn-in, then samples N(3, 2²) correctly', () => {
    const rng = new Rng('drift');
    const d = new DriftProposal(0.01);
    const logp = (x: number) => -0.5 * ((x - 3) / 2) ** 2;
    let x = 0;
    const burn = 5000;
    const n = 40000;
    const draws = new Float64Array(n);
    for (let it = 0; it < burn + n; it++) {
      if (it === burn) d.freeze();
      const y = d.propose(x, rng);
      const ok = Math.log(rng.uniform()) < logp(y) - logp(x);
      if (ok) x = y;
      d.record(ok);
      if (it >= burn) draws[it - burn] = x;
    }
    expect(d.isAdapting).toBe(false);
    // the optimal 1-D random-walk scale for N(0, σ²) is about 2.4σ; adaptation gets within a factor 2
    expect(d.scale).toBeGreaterThan(2.4);
    expect(d.scale).toBeLessThan(9.6);
    expectWithinMcse([draws], 3, 2, 5, 'drift MH');
  });
});
