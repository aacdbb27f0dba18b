// Types of benchmarks.mjs, for the TypeScript tests in test/bench/.
import type { regressionPosterior } from './exact.mjs';
export interface Check { ok: boolean; summary: string; metrics: Record<string, any> }
export interface Benchmark {
  name: string; title: string; issue: number; kind: 'startup' | 'exact' | 'smc' | 'chain'; exact: string;
  webppl: { file: string; args: string[] }; ppl: { file: string };
  data?: { file: string; arrays: string[] };
  target: { kind: 'speedup'; factor: number; essPerSecond?: boolean } | { kind: 'startup'; maxMs: number };
  fromWebppl(answer: any): any; fromPpl(values: any[]): any; check(answer: any): Check;
}
export const EXACT_TOL: number;
export const Z_TOL: number;
export function benchmarks(root: URL): Benchmark[];
export function checkTable(support: { value: unknown; prob: number }[], exact: Map<string, number>): Check;
export function checkChain(draws: { b0: ArrayLike<number> & Iterable<number>; b1: ArrayLike<number> & Iterable<number> }, reg: ReturnType<typeof regressionPosterior>): Check;
export function fmt(x: unknown, digits: number): string;
export function short(v: unknown): string;
export function literalArray(source: string, name: string): unknown[] | null;
