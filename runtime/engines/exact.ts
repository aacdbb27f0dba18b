// Exact: discrete choices enumerated as in Enumerate; Gaussian choices kept symbolic (see exact-domain.ts).
import { PplError } from '../../stdlib/index.js';
import { ROOT, doneReq, type InferCall } from '../contract.js';
import { FiniteBuilder } from '../results/index.js';
import { explore } from './enumerate.js';
import { Rejections, zeroEvidence } from './rejections.js';

export const exactEngine = {
  name: 'Exact',
  run(call: InferCall) {
    const model = call.domainModel ? call.domainModel() : call.model;
    const out = new FiniteBuilder();
    const rejections = new Rejections();
    explore(model(ROOT, doneReq), call.exec, 'Exact', 1_000_000, call, rejections, (v, w) => out.add(v, w));
    if (out.logTotal === -Infinity) throw zeroEvidence('Exact', call, rejections);
    if (out.size === 0) throw new PplError('Exact: no execution');
    return out.build();
  },
};
