// The SMT back end: Z3 (loaded lazily), the EUReal encoding, quantitative quantifier elimination, the prover.
export { prove, type ProveResult, type Obligation } from './prover.js';
export { loadZ3, shutdownZ3 } from './z3.js';
export { Encoder, EncodeError } from './encode.js';
export { qelim } from './qelim.js';
