// Inference methods as .ppl values (values.md: `{ kind: 'Method', name, options }`). `Enumerate` used as a
// value is the method with default options; `Enumerate(maxExecutions: 10)` calls the constructor.

import { PplError } from '../stdlib/index.js';

export interface Method {
  readonly kind: 'Method';
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export const METHOD_NAMES = ['Enumerate', 'Exact', 'Rejection', 'Importance', 'SMC', 'MH', 'HMC', 'NUTS'] as const;

export function method(name: string, options: Record<string, unknown> = {}): Method {
  return { kind: 'Method', name, options };
}

export function isMethod(v: unknown): v is Method {
  return typeof v === 'object' && v !== null && (v as Method).kind === 'Method';
}

/** A positive integer option (`samples`, `maxExecutions`), or its default. */
export function countOption(m: { name: string; options: Readonly<Record<string, unknown>> }, name: string, dflt: number): number {
  const v = m.options[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new PplError(`${m.name}: ${name} must be a positive integer, got ${String(v)}`);
  }
  return v;
}
