// Importance(samples: n): likelihood weighting. Each of n executions draws its choices from the prior and is
// weighted by w = Π likelihoods (observe densities, exp(factor), [condition]). The result holds the n samples
// with their weights; logZ = log((1/n) Σ w) is an unbiased estimate of the evidence in linear space; ess =
// (Σw)²/Σw².

import { logSumExp } from '../../stdlib/index.js';
import type { InferCall } from '../contract.js';
import { countOption } from '../methods.js';
import { SampleDist } from '../results/index.js';
import { Rng } from '../rng.js';
import { runForward, type Weighted } from './forward.js';
import { Rejections, zeroEvidence } from './rejections.js';

export const importanceEngine = {
  name: 'Importance',
  run(call: InferCall) {
    const n = countOption({ name: 'Importance', options: call.options }, 'samples', 1000);
    const rng = new Rng(call.seed);
    const rejections = new Rejections();
    const values = new Array<unknown>(n);
    const logWeights = new Float64Array(n);
    const out: Weighted = { value: undefined, logWeight: 0 };
    for (let i = 0; i < n; i++) {
      runForward(call, { ...call.exec, seedPath: `${call.seed}/${i}` }, rng, 'Importance', rejections, out);
      values[i] = out.value;
      logWeights[i] = out.logWeight;
    }
    const lse = logSumExp(logWeights);
    if (lse === -Infinity) throw zeroEvidence('Importance', call, rejections);
    // Rejected executions keep their place with weight zero (their value is irrelevant): the estimate of Z divides by n.
    const kept: unknown[] = [];
    const keptW: number[] = [];
    for (let i = 0; i < n; i++) {
      if (logWeights[i] !== -Infinity) {
        kept.push(values[i]);
        keptW.push(logWeights[i]!);
      }
    }
    return new SampleDist(kept, keptW, { logZ: lse - Math.log(n), method: 'Importance' });
  },
};
