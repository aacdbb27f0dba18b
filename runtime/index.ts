// The runtime: the execution contract, the inference engines, results, random numbers, and the loader that
// runs compiled programs. Other folders import only this file.
export {
  Addr, ROOT, Request, addrKey, currentExec, setExec,
  type Cont, type Engine, type InferCall, type ExecState, type ModelFn, type SiteTable, type RequestKind, type DistLike,
} from './contract.js';
export { instantiate, runMain, toModel, domainBinder, type CompiledModule, type RunOptions, type Instance } from './exec/program.js';
export { engines } from './engines/index.js';
export { referenceEngine } from './engines/reference.js';
export { method, isMethod, type Method } from './methods.js';
export { Rng } from './rng.js';
export { toJSONValue, toJSONText, formatValue, formatDistTable } from './values.js';
export { setInferReporter, terminalReporter, type InferReporter } from './engines/report.js';
