// Starting points for gradient-based chains, as Stan chooses them: uniform on (−2, 2) in every
// unconstrained coordinate, retried (up to 100 times) until the log density and its gradient are finite.

import type { LogDensityTarget, McmcRng } from './types.js';

export function initialPoint(target: LogDensityTarget, rng: McmcRng, method: string, radius = 2): Float64Array {
  const q = new Float64Array(target.dim);
  const g = new Float64Array(target.dim);
  for (let attempt = 0; attempt < 100; attempt++) {
    for (let i = 0; i < q.length; i++) q[i] = radius * (2 * rng.uniform() - 1);
    const lp = target.logDensityAndGradient(q, g);
    if (Number.isFinite(lp) && g.every(Number.isFinite)) return q;
  }
  throw new Error(
    `${method}: no starting point with a finite log density and gradient after 100 draws from (−${radius}, ${radius})^${target.dim} ` +
      'in unconstrained space; the model may have zero probability everywhere (check observe/condition)',
  );
}
