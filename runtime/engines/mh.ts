// MH(samples: n, burn: b, thin: t, chains: c): lightweight single-site Metropolis–Hastings on execution
// traces keyed by the addresses of the IR (mh-chain.ts): each iteration changes one choice, resumes the
// execution from it reusing the choices whose addresses survive, and accepts with the ratio that accounts for
// choices appearing or disappearing. Continuous choices also get drift proposals whose scale adapts during
// burn-in. The result is a ChainDist: autocorrelation-based ESS, R̂ across chains, the acceptance rate.

import { PplError } from '../../stdlib/index.js';
import { doneShared, type Engine, type InferCall } from '../contract.js';
import { countOption } from '../methods.js';
import { Rng } from '../rng.js';
import { ChainDist } from './chain-dist.js';
import { Rejections, zeroEvidence } from './rejections.js';
import { RunReport, fmt } from './report.js';
import { MhChain } from './mh-chain.js';

/** Prior executions tried for a starting trace of positive probability. */
const MAX_INIT_ATTEMPTS = 10_000;

function natOption(call: InferCall, method: string, name: string, dflt: number): number {
  const v = call.options[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new PplError(`${method}: ${name} must be a natural number, got ${String(v)}`);
  return v;
}

/** The chain's starting state: a trace of the whole model from the prior, retried until its probability is positive. */
function initialState(call: InferCall, chain: MhChain): void {
  const rejections = new Rejections();
  for (let i = 0; i < MAX_INIT_ATTEMPTS; i++) if (chain.init(rejections)) return;
  throw zeroEvidence('MH', call, rejections);
}

export const mhEngine: Engine = {
  name: 'MH',
  run(call: InferCall): ChainDist {
    const m = { name: 'MH', options: call.options };
    const samples = countOption(m, 'samples', 1000);
    const burn = natOption(call, 'MH', 'burn', 0);
    const thin = countOption(m, 'thin', 1);
    const chains = countOption(m, 'chains', 1);
    const report = new RunReport('MH');
    const perChain = burn + samples * thin;
    let dist: ChainDist | undefined;
    try {
      const draws: unknown[][] = [];
      let proposals = 0;
      let accepted = 0;
      for (let ch = 0; ch < chains; ch++) {
        const rng = chains === 1 ? new Rng(call.seed) : Rng.derive(call.seed, `chain/${ch}`);
        // the absorbing variant when there is one: conditioning needs no request; the chain reads a finished
        // execution's value at once, so the shared done request serves
        const kernel = new MhChain(call, 'MH', rng, call.absorbModel ?? call.model, doneShared);
        initialState(call, kernel);
        for (let it = 0; it < burn; it++) {
          kernel.step();
          if (report.active && (it & 1023) === 0) report.progress(ch * perChain + it, chains * perChain);
        }
        kernel.freeze();
        kernel.resetCounts();
        const out = new Array<unknown>(samples);
        for (let s = 0; s < samples; s++) {
          for (let r = 0; r < thin; r++) kernel.step();
          out[s] = kernel.value;
          if (report.active && (s & 1023) === 0) report.progress(ch * perChain + burn + s * thin, chains * perChain);
        }
        draws.push(out);
        proposals += kernel.proposals;
        accepted += kernel.accepted;
      }
      // a model without random choices never proposes: every state is accepted trivially
      dist = new ChainDist(draws, { acceptance: proposals === 0 ? 1 : accepted / proposals }, 'MH');
      return dist;
    } finally {
      report.end(dist === undefined ? undefined : () => {
        const d = dist!;
        const parts = [`${fmt(samples)} draws × ${chains} chain${chains > 1 ? 's' : ''}`, `ess ${fmt(d.ess())}`];
        if (chains > 1) parts.push(`R̂ ${d.rhat().toFixed(3)}`);
        parts.push(`accept ${fmt(d.acceptanceRate)}`);
        return parts.join(', ');
      });
    }
  },
};
