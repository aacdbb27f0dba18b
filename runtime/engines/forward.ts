// Running one execution of a model forward with a seeded generator: the loop Rejection and Importance share.
// Samples are drawn from their distributions; observe/factor/condition multiply the weight (the default
// meanings of contract.ts); the result is the return value and the log weight (−Infinity = rejected).

import { PplError, type Random } from '../../stdlib/index.js';
import { ROOT, doneReq, setExec, type ExecState, type InferCall } from '../contract.js';
import type { Rejections } from './rejections.js';

export interface Weighted {
  value: unknown;
  logWeight: number;
}

/**
 * One execution, written into `out`: its return value and log weight = Σ log-likelihoods of observes and
 * factors. It stops at the first request that makes the weight zero (value undefined, weight −Infinity),
 * counting that rejection against the request's site.
 */
export function runForward(call: InferCall, exec: ExecState, rng: Random, engine: string, rejections: Rejections, out: Weighted): void {
  setExec(exec);
  let logw = 0;
  let req = call.model(ROOT, doneReq);
  for (;;) {
    switch (req.kind) {
      case 'sample':
        req = req.k!(req.dist!.sample(rng));
        continue;
      case 'observe': {
        const lp = req.dist!.logProb(req.value);
        if (lp !== lp) throw new PplError('observe: the log density is NaN', call.sites.sites[req.site]?.span);
        logw += lp;
        break;
      }
      case 'factor': {
        const s = req.value as number;
        if (s !== s || s === Infinity) throw new PplError(`factor: the log weight must be a number below infinity, got ${s}`, call.sites.sites[req.site]?.span);
        logw += s;
        break;
      }
      case 'condition':
        if (req.value !== true) logw = -Infinity;
        break;
      case 'bounce':
        req = req.k!(null);
        continue;
      case 'done':
        out.value = req.value;
        out.logWeight = logw;
        return;
      case 'equate':
        throw new PplError(`\`=:=\` conditions exactly on a Gaussian equality; ${engine} cannot do that — use \`Exact\``,
          call.sites.sites[req.site]?.span);
    }
    // observe / factor / condition
    if (logw === -Infinity) {
      rejections.add(req.site);
      out.value = undefined;
      out.logWeight = -Infinity;
      return;
    }
    req = req.k!(null);
  }
}
