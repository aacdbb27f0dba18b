// Energy Bayesian fraction of missing information (Betancourt 2016, "Diagnosing suboptimal cotangent
// disintegrations in Hamiltonian Monte Carlo"): how well momentum resampling explores the energy levels
// of an HMC/NUTS chain. Values below 0.3 suggest the sampler cannot explore the tails (heavy tails, funnels).

/** Σ (E_n − E_{n−1})² / Σ (E_n − Ē)² over the energies of one chain; NaN for fewer than 2 or no variance. */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += energy[i];
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (energy[i] - mean) ** 2;
    if (i > 0) num += (energy[i] - energy[i - 1]) ** 2;
  }
  return den > 0 ? num / den : NaN;
}
