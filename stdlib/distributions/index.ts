// The distributions of language.md §5 behind one door: the `Distribution<T>` interface, the `Random`
// source they draw from, each distribution's class (engines test `instanceof NormalDist` and read
// `mu`/`sigma`) and its .ppl constructor function (generated code calls `Normal(0, 1)`).
export type { Distribution, Random, Moment, HasCdf } from './distribution.js';
export { isDistribution } from './distribution.js';
export {
  BernoulliDist,
  CategoricalDist,
  UniformIntDist,
  BinomialDist,
  GeometricDist,
  PoissonDist,
  DeltaDist,
  Bernoulli,
  Categorical,
  UniformInt,
  Binomial,
  Geometric,
  Poisson,
  Delta,
} from './discrete.js';
export {
  NormalDist,
  UniformDist,
  BetaDist,
  GammaDist,
  ExponentialDist,
  Normal,
  Uniform,
  Beta,
  Gamma,
  Exponential,
} from './continuous.js';
export { DirichletDist, MvNormalDist, Dirichlet, MvNormal, cholesky } from './multivariate.js';
export { numeric } from './check.js';
