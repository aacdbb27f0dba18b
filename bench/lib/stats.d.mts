// Types of stats.mjs, for the TypeScript tests in test/bench/.
import type { Ssm } from './exact.mjs';
type Num = ArrayLike<number> & Iterable<number>;
export function median(xs: number[]): number;
export function mean(xs: Num): number;
export function sd(xs: Num): number;
export function autocovariance(xs: Num): Float64Array;
export function ess(xs: Num): number;
export function bootstrapFilter(ssm: Ssm, particles: number, rng: () => number): { logZ: number; mean: number };
export interface Spread { mean: number; se: number }
export function smcReferenceSpread(ssm: Ssm, particles: number, runs: number, seed?: string): { particles: number; runs: number; logZ: Spread; mean: Spread };
