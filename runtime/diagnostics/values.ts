// ESS and R̂ for chains of .ppl values rather than numbers: what an MCMC engine reports for `ess(d)` and in
// its summary. A value is flattened into its numeric leaves (numbers; booleans as 0/1; the items of arrays,
// tuples and records, in order); the ESS of a value is the smallest over its leaves, its R̂ the largest.
// Leaves that never vary (constants) are skipped; a value with no varying leaf has ESS = number of draws.

import { essBasic, type Chains } from './ess.js';
import { rankRhat } from './rhat.js';

function leaves(v: unknown, out: number[]): void {
  if (typeof v === 'number') out.push(v);
  else if (typeof v === 'boolean') out.push(v ? 1 : 0);
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (typeof v === 'object' && v !== null) {
    const items = (v as { items?: unknown }).items;
    if (Array.isArray(items)) leaves(items, out);
    else for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], out);
  }
}

/** Per numeric leaf, one Float64Array per chain; null when the draws do not all have the same shape. */
function leafChains(chains: readonly (readonly unknown[])[]): Chains[] | null {
  let width = -1;
  const perChain: number[][][] = [];
  for (const c of chains) {
    const rows: number[][] = [];
    for (const v of c) {
      const row: number[] = [];
      leaves(v, row);
      if (width < 0) width = row.length;
      else if (row.length !== width) return null;
      rows.push(row);
    }
    perChain.push(rows);
  }
  if (width < 0) return [];
  const out: Chains[] = [];
  for (let j = 0; j < width; j++) out.push(perChain.map((rows) => Float64Array.from(rows, (r) => r[j])));
  return out;
}

function varies(c: Chains): boolean {
  const first = c[0]?.[0];
  for (const x of c) for (let i = 0; i < x.length; i++) if (x[i] !== first) return true;
  return false;
}

/**
 * The ESS of chains of values: the minimum split-chain ESS over the values' varying numeric leaves (the
 * total number of draws when nothing varies). NaN when the draws differ in shape or are not numeric.
 */
export function essOfDraws(chains: readonly (readonly unknown[])[]): number {
  const total = chains.reduce((s, c) => s + c.length, 0);
  const ls = leafChains(chains);
  if (ls === null) return NaN;
  let best = Infinity;
  let any = false;
  for (const l of ls) {
    if (!varies(l)) continue;
    any = true;
    best = Math.min(best, essBasic(l));
  }
  return any ? best : total;
}

/** The largest rank-normalised split R̂ over the varying numeric leaves (1 when nothing varies; NaN on shape mismatch). */
export function rhatOfDraws(chains: readonly (readonly unknown[])[]): number {
  const ls = leafChains(chains);
  if (ls === null) return NaN;
  let worst = 1;
  for (const l of ls) if (varies(l)) worst = Math.max(worst, rankRhat(l));
  return worst;
}
