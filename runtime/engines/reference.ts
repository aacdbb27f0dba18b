// A deliberately naive enumeration engine, used only as a test oracle for the real engines. It shares as
// little as possible with them: every execution re-runs the model from the start, replaying a script of
// choice indexes (so no continuation is ever resumed twice), and results are merged by a linear scan with
// valueEquals in probability space. Exponentially slower than Enumerate; exact for small finite models.

import { PplError, valueEquals } from '../../stdlib/index.js';
import { ROOT, doneReq, setExec, type InferCall } from '../contract.js';
import { FiniteDist } from '../results/index.js';

export const referenceEngine = {
  name: 'Reference',
  run(call: InferCall): FiniteDist {
    const values: unknown[] = [];
    const weights: number[] = [];
    const scripts: number[][] = [[]];
    let runs = 0;
    while (scripts.length > 0) {
      if (++runs > 1_000_000) throw new PplError('Reference: more than a million executions');
      const script = scripts.pop()!;
      const taken: number[] = [];
      let weight = 1;
      setExec(call.exec);
      let req = call.model(ROOT, doneReq);
      let finished = false;
      while (!finished) {
        switch (req.kind) {
          case 'sample': {
            const sup = req.dist!.support();
            if (sup === undefined) throw new PplError('Reference: a choice without finite support');
            const pos = taken.length;
            let idx: number;
            if (pos < script.length) idx = script[pos]!;
            else {
              // A choice never made before on this path: explore its other values in later runs.
              for (let j = 1; j < sup.length; j++) scripts.push([...taken, j]);
              idx = 0;
            }
            taken.push(idx);
            weight *= Math.exp(req.dist!.logProb(sup[idx]));
            req = req.k!(sup[idx]);
            break;
          }
          case 'observe':
            weight *= Math.exp(req.dist!.logProb(req.value));
            req = req.k!(null);
            break;
          case 'factor':
            weight *= Math.exp(req.value as number);
            req = req.k!(null);
            break;
          case 'condition':
            if (req.value !== true) weight = 0;
            req = req.k!(null);
            break;
          case 'bounce':
            req = req.k!(null);
            break;
          case 'equate':
            throw new PplError('Reference: `=:=` is not supported');
          case 'done': {
            finished = true;
            if (weight === 0) break;
            const i = values.findIndex((v) => valueEquals(v, req.value));
            if (i < 0) {
              values.push(req.value);
              weights.push(weight);
            } else weights[i] += weight;
          }
        }
      }
    }
    if (values.length === 0) throw new PplError('Reference: the evidence is zero');
    return FiniteDist.fromProbs(values, weights);
  },
};
