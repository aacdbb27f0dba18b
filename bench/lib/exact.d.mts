// Types of exact.mjs, for the TypeScript tests in test/bench/.
export interface NoisyOrSpec { n: number; p: (i: number) => number; w: (i: number) => number; leak: number }
export const NOISY_OR: NoisyOrSpec;
export function noisyOrExact(spec?: NoisyOrSpec): { probs: number[]; evidence: number; mean: number };
export function binomial(n: number, k: number): bigint;
export function coinsExact(n?: number, atLeast?: number): { numerator: bigint; denominator: bigint; pTrue: number };
export interface Ssm { ys: number[]; a: number; q: number; r: number }
export function kalman(ssm: Ssm): { mean: number; sd: number; variance: number; logZ: number };
export interface Regression { xs: number[]; ys: number[]; priorSd: number; noiseSd: number }
export function regressionPosterior(data: Regression): { mean: number[]; sd: number[]; correlation: number; logZ: number };
