// Tensors for .ppl programs (language.md `Tensor`): the value class, its built-ins (`tensor`, `vector`,
// `matvec`, `dot`, `toArray`), `Normal` over tensors, and the lazy tensorflow.js backend that computes large
// contractions. Nothing here imports tensorflow.js until `loadTensorBackend()` is called.
export { Tensor, isTensor, tensor, vector, vectorOf, toArray, shapeText, checkVector, checkMatrix } from './tensor.js';
export { matvec, matvecData, matvecTData, checkMatvec, dot, dotData, checkDot } from './ops.js';
export { TensorNormalDist, normalSum, checkTensorNormal, checkValueShape, type NormalSum } from './normal.js';
export {
  loadTensorBackend, tensorBackend, tfjs, useTfjs, setTfjsMinWork, DEFAULT_TFJS_MIN_WORK,
  type TensorBackendName,
} from './backend.js';
