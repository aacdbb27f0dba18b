// The compiler's pipeline for one checked program: lower to the IR, then generate the JavaScript module the
// runtime loads. The domain twins for `Exact` (and HMC/NUTS), and the inline variants for SMC and MH, are
// generated only when the program mentions those methods.

import { builtin, type Program } from '../lang/index.js';
import { generate } from './codegen.js';
import type { IrProgram } from './ir.js';
import { lower } from './lower.js';

export interface Compiled {
  ir: IrProgram;
  /** The module source for the runtime's loader (`new Function('$rt', source)`). */
  source: string;
  /** Spans referred to by runtime errors of the module (`$rt.spans`). */
  spans: import('../lang/index.js').Span[];
  sites: { file: string; sites: IrProgram['sites'] };
  /** Whether the program refers to a tensor built-in: the run path then loads tensorflow.js before running. */
  usesTensors: boolean;
}

/** `domain` forces (or suppresses) the number-domain twins; by default they exist when the program names `Exact`. */
export function compileProgram(prog: Program, opts: { domain?: boolean } = {}): Compiled {
  const ir = lower(prog);
  const named = methodsNamed(ir);
  const domain = opts.domain ?? (named.has('Exact') || named.has('HMC') || named.has('NUTS'));
  // the inline variants for the engines that use them (codegen.ts, Mode)
  const g = generate(ir, { domain, prior: named.has('SMC'), absorb: named.has('MH'), batch: named.has('SMC') });
  return { ir, source: g.source, spans: g.spans, sites: { file: ir.file, sites: ir.sites }, usesTensors: usesTensors(ir) };
}

/** Whether any IR node refers to a built-in of the `tensor` category (called or used as a value). */
export function usesTensors(ir: IrProgram): boolean {
  const seen = new Set<object>();
  const walk = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) return v.some(walk);
    const o = v as Record<string, unknown>;
    if (o.kind === 'builtin' && typeof o.name === 'string' && builtin(o.name)?.category === 'tensor') return true;
    for (const k in o) if (k !== 'span' && walk(o[k])) return true;
    return false;
  };
  return walk(ir.functions) || walk(ir.main);
}

/**
 * Which of the methods whose engines use generated variants the program refers to: `Exact` and the gradient
 * methods `HMC`/`NUTS` run the twins (HMC/NUTS bind `$D` to an AD tape), SMC and MH the inline variants — a
 * text search over the IR is exact enough.
 */
function methodsNamed(ir: IrProgram): Set<string> {
  const text = JSON.stringify(ir, (k, v) => (k === 'span' || k === 'invariants' || k === 'specs' || k === 'attributes' ? undefined : v));
  return new Set(['Exact', 'HMC', 'NUTS', 'SMC', 'MH'].filter((m) => text.includes(`"name":"${m}"`)));
}
