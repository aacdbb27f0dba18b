// Rejection(samples: n): exact samples from the posterior. Each attempt runs the model forward; `condition`
// rejects outright, and an attempt with likelihood weight w (observes, factors) is accepted with probability
// w, which must be at most 1 (log w ≤ 0: discrete observes, non-positive factors). logZ is estimated as
// log(accepted / attempts), since P(accept) = E[w] = Z.

import { PplError } from '../../stdlib/index.js';
import type { InferCall } from '../contract.js';
import { countOption } from '../methods.js';
import { SampleDist } from '../results/index.js';
import { Rng } from '../rng.js';
import { runForward, type Weighted } from './forward.js';
import { Rejections, zeroEvidence } from './rejections.js';

/** Attempts allowed per requested sample before giving up (acceptance rate below 1e-5). */
const MAX_ATTEMPTS_PER_SAMPLE = 100_000;
/** Attempts without a single acceptance after which the evidence is reported as (practically) zero. */
const FIRST_ACCEPT_WITHIN = 1_000_000;

export const rejectionEngine = {
  name: 'Rejection',
  run(call: InferCall) {
    const n = countOption({ name: 'Rejection', options: call.options }, 'samples', 1000);
    const rng = new Rng(call.seed);
    const rejections = new Rejections();
    const values: unknown[] = [];
    const out: Weighted = { value: undefined, logWeight: 0 };
    let attempts = 0;
    const maxAttempts = MAX_ATTEMPTS_PER_SAMPLE * n;
    while (values.length < n) {
      if (attempts >= maxAttempts || (values.length === 0 && attempts >= FIRST_ACCEPT_WITHIN)) {
        if (values.length === 0) throw zeroEvidence('Rejection', call, rejections, FIRST_ACCEPT_WITHIN);
        throw new PplError(`Rejection: only ${values.length} of ${n} samples accepted in ${attempts} attempts; ` +
          'the evidence is too small for rejection sampling — use Enumerate, Exact or Importance', call.span);
      }
      runForward(call, { ...call.exec, seedPath: `${call.seed}/${attempts}` }, rng, 'Rejection', rejections, out);
      attempts++;
      const lw = out.logWeight;
      if (lw === -Infinity) continue;
      if (lw > 0) {
        throw new PplError(`Rejection: an execution has likelihood weight ${Math.exp(lw)} > 1 (a density above 1 ` +
          'or a positive factor); rejection sampling needs weights at most 1 — use Importance or SMC', call.span);
      }
      if (lw === 0 || Math.log(rng.uniform()) < lw) values.push(out.value);
    }
    return new SampleDist(values, undefined, { logZ: Math.log(n / attempts), method: 'Rejection' });
  },
};
