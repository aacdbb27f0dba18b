// The inference engines by method name. Add an engine by writing `runtime/engines/NAME.ts` (an object with
// `name` and `run(call: InferCall)`, see contract.ts) and listing it here.

import type { Engine } from '../contract.js';
import { enumerateEngine } from './enumerate.js';
import { exactEngine } from './exact.js';
import { hmcEngine, nutsEngine } from './hmc.js';
import { importanceEngine } from './importance.js';
import { mhEngine } from './mh.js';
import { rejectionEngine } from './rejection.js';
import { smcEngine } from './smc.js';

export const engines: Record<string, Engine> = {
  Enumerate: enumerateEngine,
  Exact: exactEngine,
  Rejection: rejectionEngine,
  Importance: importanceEngine,
  SMC: smcEngine,
  MH: mhEngine,
  HMC: hmcEngine,
  NUTS: nutsEngine,
};
