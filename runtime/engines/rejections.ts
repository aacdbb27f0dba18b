// Bookkeeping for "evidence zero" errors: which conditioning sites rejected executions, so the error can say
// which `infer` failed and why ("every execution was rejected by `condition` at FILE:L:C").

import { PplError } from '../../stdlib/index.js';
import type { InferCall } from '../contract.js';

export class Rejections {
  readonly bySite = new Map<number, number>();
  add(site: number): void {
    this.bySite.set(site, (this.bySite.get(site) ?? 0) + 1);
  }
}

function where(call: InferCall, site: number): string {
  const s = call.sites.sites[site];
  if (s === undefined) return 'a conditioning statement';
  return `\`${s.label}\` at ${s.span.file}:${s.span.line}:${s.span.col}`;
}

/** The error for an `infer` whose executions all have weight zero, located at the `infer` call. */
export function zeroEvidence(engine: string, call: InferCall, rej: Rejections, attempts?: number): PplError {
  const sites = [...rej.bySite.keys()];
  let why: string;
  const evidence = attempts === undefined ? 'the evidence is zero' : `no execution was accepted in ${attempts} attempts (the evidence is zero or too small for rejection sampling)`;
  if (sites.length === 0) why = 'every execution has probability zero';
  else if (sites.length === 1) why = `every execution was rejected by ${where(call, sites[0]!)}`;
  else why = `every execution was rejected, by ${sites.map((s) => `${where(call, s)} (${rej.bySite.get(s)} times)`).join(', ')}`;
  return new PplError(`${engine}: ${evidence}: ${why}`, call.span);
}
