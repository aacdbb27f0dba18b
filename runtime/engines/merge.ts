// Merging finished executions by value for the exact engines: a Map keyed by valueKey (scalars are their own
// key, so booleans and numbers cost no allocation) to a per-value sum kept in linear space relative to the
// largest log weight seen for that value — one exp per execution instead of a log-sum-exp.

import { valueKey, type ValueKey } from '../../stdlib/index.js';
import { FiniteDist } from '../results/index.js';

export class Merger {
  private readonly index = new Map<ValueKey, number>();
  private readonly values: unknown[] = [];
  /** Per value: the largest log weight seen (the scale of `sums`). */
  private readonly shifts: number[] = [];
  /** Per value: Σ exp(logWeight − shift). */
  private readonly sums: number[] = [];

  add(value: unknown, logWeight: number): void {
    if (logWeight === -Infinity) return;
    const key = valueKey(value);
    const i = this.index.get(key);
    if (i === undefined) {
      this.index.set(key, this.values.length);
      this.values.push(value);
      this.shifts.push(logWeight);
      this.sums.push(1);
      return;
    }
    const d = logWeight - this.shifts[i]!;
    if (d <= 0) this.sums[i] += Math.exp(d);
    else {
      this.sums[i] = this.sums[i]! * Math.exp(-d) + 1;
      this.shifts[i] = logWeight;
    }
  }

  get size(): number {
    return this.values.length;
  }

  /** The normalised table with its exact logZ; undefined when no execution had positive weight. */
  build(): FiniteDist | undefined {
    if (this.values.length === 0) return undefined;
    const lw = this.shifts.map((s, i) => s + Math.log(this.sums[i]!));
    return FiniteDist.fromLogWeights(this.values, lw);
  }
}
