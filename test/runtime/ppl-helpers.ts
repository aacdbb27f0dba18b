// Test helpers: compile .ppl source through the real front end and compiler, run its top level, and run one of
// its functions under any engine with an explicit seed.
import { expect } from 'vitest';
import { checkSource, syntheticSpan } from '../../lang/index.js';
import { compileProgram, type Compiled } from '../../compiler/index.js';
import { instantiate, runMain, toModel, formatValue, type Engine, type Instance, type InferCall } from '../../runtime/index.js';
import { PplError } from '../../stdlib/index.js';

export interface Loaded { inst: Instance; compiled: Compiled; printed: unknown[] }

export function load(text: string, seed = 0): Loaded {
  const checked = checkSource(text, 't.ppl');
  expect(checked.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.message}`)).toEqual([]);
  const compiled = compileProgram(checked.program, { domain: true });
  const printed: unknown[] = [];
  const opts = { seed, print: (v: unknown) => void printed.push(v) };
  const inst = instantiate(compiled, opts);
  runMain(inst, opts);
  return { inst, compiled, printed };
}

/** The lines `print` wrote when running `text`. */
export function output(text: string, seed = 0): string[] {
  return load(text, seed).printed.map((v) => formatValue(v));
}

export function runEngine(l: Loaded, fn: string, engine: Engine, options: Record<string, unknown> = {}, seed = 0): any {
  const f = l.inst.fns[fn] as Function & { $D?: Function };
  if (!f) throw new Error(`no function ${fn}`);
  const call: InferCall = {
    model: toModel(f),
    domainModel: f.$D ? () => toModel(f.$D!) : undefined,
    options,
    exec: { mem: null, seedPath: String(seed), inferCounts: null },
    seed: String(seed),
    span: syntheticSpan('t.ppl'),
    sites: l.compiled.sites,
  };
  return engine.run(call);
}

/** An engine error's message and location (`message @line:col`); fails the test when `f` does not throw a PplError. */
export function errorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PplError);
    const p = e as PplError;
    return `${p.message} @${p.span?.line}:${p.span?.col}`;
  }
  throw new Error('expected an error');
}
