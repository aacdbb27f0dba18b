// The results of `infer` (exact tables, weighted samples, analytic Gaussian mixtures), each a
// Distribution so it can be sampled and observed, and the queries of language.md §5 on any Dist.
export type { InferResult } from './result.js';
export { isInferResult } from './result.js';
export { FiniteDist, FiniteBuilder } from './finite.js';
export { SampleDist } from './samples.js';
export type { SampleDistOptions } from './samples.js';
export { GaussianDist } from './gaussian-dist.js';
export { JointGaussianDist, flatten, leavesIn, rebuild, sameShape, mapNumbers, type Shape, type JointComponent } from './joint-gaussian.js';
export { prob, logProb, mean, variance, sd, sdOfVariance, support, expect, expectationNodes, samples, quantile, logZ, ess } from './queries.js';
