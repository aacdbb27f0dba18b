// The Exact engine's symbolic Gaussian algebra: affine forms over independent standard normals, the
// number domain (number | Affine) with its affine arithmetic, and the immutable conditioned joint state.
export {
  Affine,
  affineAdd,
  affineSub,
  affineScale,
  affineAddConst,
  affineCombine,
  isSymbolic,
  toAffine,
  simplify,
  symAdd,
  symSub,
  symNeg,
  symMul,
  symDiv,
  symConcrete,
} from './affine.js';
export type { Sym } from './affine.js';
export { GaussianState, LatentAllocator } from './state.js';
export type { Conditioned } from './state.js';
