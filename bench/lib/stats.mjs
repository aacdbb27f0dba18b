// Statistics the harness computes itself from what each engine prints: medians of timings, moments of
// chains, the effective sample size of a chain (Geyer's initial monotone sequence, as Stan), and the
// Monte Carlo spread of a reference bootstrap particle filter, which gives SMC answers a standard error.
import seedrandom from 'seedrandom';

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export function mean(xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1 denominator). */
export function sd(xs) {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** In-place iterative radix-2 FFT of (re, im); length a power of two. */
function fft(re, im) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang), wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1, ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k, b = a + len / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

/** Autocovariances γ_0..γ_{n−1} (biased, divided by n) of a chain, by FFT with zero padding. */
export function autocovariance(xs) {
  const n = xs.length;
  const m = mean(xs);
  let size = 1;
  while (size < 2 * n) size <<= 1;
  const re = new Float64Array(size), im = new Float64Array(size);
  for (let i = 0; i < n; i++) re[i] = xs[i] - m;
  fft(re, im);
  for (let i = 0; i < size; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft(re, im); // the inverse up to conjugation and scale; the power spectrum is real and even
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = re[k] / size / n;
  return out;
}

/**
 * Effective sample size of one chain: n / τ with τ = −1 + 2 Σ_m P_m, where P_m = ρ_{2m} + ρ_{2m+1} are
 * summed while positive and made monotone non-increasing (Geyer 1992, as Stan's single-chain ESS).
 * A constant chain has ESS 1 (it carries one value's worth of information).
 */
export function ess(xs) {
  const n = xs.length;
  if (n < 4) return n;
  const g = autocovariance(xs);
  if (!(g[0] > 0)) return 1;
  let tau = -1;
  let prev = Infinity;
  for (let m = 0; 2 * m + 1 < n; m++) {
    let p = (g[2 * m] + g[2 * m + 1]) / g[0];
    if (p <= 0) break;
    if (p > prev) p = prev;
    prev = p;
    tau += 2 * p;
  }
  return n / Math.max(tau, 1 / Math.log10(Math.max(n, 10)));
}

/** A standard normal draw from a seeded uniform generator (Box–Muller, one of the pair). */
function normal(rng) {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * One run of a bootstrap particle filter on the state-space model, multinomially resampling at every
 * observation as WebPPL does (multinomial is the noisiest common scheme, so the spread it gives is a
 * generous yardstick for residual or systematic resampling). Returns the log-evidence estimate and the
 * mean of the last state over the resampled particles — the estimators both engines report.
 */
export function bootstrapFilter({ ys, a, q, r }, particles, rng) {
  let xs = new Float64Array(particles);
  let next = new Float64Array(particles);
  const logw = new Float64Array(particles);
  const sq = Math.sqrt(q);
  let logZ = 0;
  for (const y of ys) {
    let max = -Infinity;
    for (let i = 0; i < particles; i++) {
      xs[i] = a * xs[i] + sq * normal(rng);
      const d = y - xs[i];
      logw[i] = -0.5 * Math.log(2 * Math.PI * r) - (d * d) / (2 * r);
      if (logw[i] > max) max = logw[i];
    }
    let total = 0;
    for (let i = 0; i < particles; i++) total += Math.exp(logw[i] - max);
    logZ += max + Math.log(total / particles);
    // Multinomial resampling in O(n): sorted uniforms from normalised exponential spacings.
    let e = 0;
    const spacings = new Float64Array(particles + 1);
    for (let i = 0; i <= particles; i++) {
      e += -Math.log(1 - rng());
      spacings[i] = e;
    }
    let cum = Math.exp(logw[0] - max) / total;
    let j = 0;
    for (let i = 0; i < particles; i++) {
      const u = spacings[i] / e;
      while (u > cum && j < particles - 1) {
        j++;
        cum += Math.exp(logw[j] - max) / total;
      }
      next[i] = xs[j];
    }
    [xs, next] = [next, xs];
  }
  return { logZ, mean: mean(xs) };
}

/**
 * Monte Carlo standard errors of SMC's log Z and posterior-mean estimates at a given particle count: the
 * standard deviation of each estimator over `runs` independent seeded runs of `bootstrapFilter`.
 */
export function smcReferenceSpread(ssm, particles, runs, seed = 'ppl-bench') {
  const rng = seedrandom(`${seed}-${particles}`);
  const logZs = [], means = [];
  for (let k = 0; k < runs; k++) {
    const { logZ, mean: m } = bootstrapFilter(ssm, particles, rng);
    logZs.push(logZ);
    means.push(m);
  }
  return { particles, runs, logZ: { mean: mean(logZs), se: sd(logZs) }, mean: { mean: mean(means), se: sd(means) } };
}
