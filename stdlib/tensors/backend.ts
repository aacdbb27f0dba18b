// tensorflow.js behind a lazy door: `loadTensorBackend()` imports it (dynamically, so that programs without
// tensors never pay its start-up) and picks the backend — `@tensorflow/tfjs-node` (native) when it is
// installed and loads, else `@tensorflow/tfjs` with its WebAssembly backend, else none (float64 JS only).

import type * as TfCore from '@tensorflow/tfjs-core';
import { importExternal } from '../external.js';

export type Tf = typeof TfCore;

/** Which engine computes the large contractions: 'tensorflow' (tfjs-node), 'wasm', or 'none' (plain JS). */
export type TensorBackendName = 'tensorflow' | 'wasm' | 'none';

let tf: Tf | null = null;
let backendName: TensorBackendName = 'none';
let loading: Promise<TensorBackendName> | null = null;

/**
 * Contractions (matvec and its transpose) of at least this many multiply-adds run in tensorflow.js; smaller
 * ones, where a tfjs call's fixed cost (~50 µs on wasm) dominates, run in float64 JS. Measured here (wasm, one
 * thread), m·v plus mᵀ·g: 200 × 3, 0.12 ms in tfjs against 0.02 ms in JS; 20,000 × 5, 0.38 against 0.33 ms;
 * 100,000 × 20, 1.5 against 7.7 ms.
 */
export const DEFAULT_TFJS_MIN_WORK = 131072;
let minWork = DEFAULT_TFJS_MIN_WORK;

// Module names in variables: TypeScript does not resolve them (tfjs-node is optional and may be absent) and
// esbuild leaves them as run-time imports (build.mjs marks @tensorflow/* external anyway).
const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_CORE = '@tensorflow/tfjs-core';
const TFJS = '@tensorflow/tfjs';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';

async function load(): Promise<TensorBackendName> {
  // tfjs-node is an optionalDependency: absent, or present without its native binary (the import throws).
  try {
    const m = (await importExternal(TFJS_NODE)) as Tf & { default?: Tf };
    const t = (m.default ?? m) as Tf;
    await t.ready();
    if (t.getBackend() === 'tensorflow') {
      tf = t;
      return (backendName = 'tensorflow');
    }
  } catch {
    // fall through to the WebAssembly backend
  }
  try {
    // tfjs-core is the part of @tensorflow/tfjs that computes (0.1 s to import instead of 0.4 s for the whole
    // package with layers, converter and data); fall back to the package itself if it is not resolvable alone.
    let t: Tf;
    try {
      t = (await importExternal(TFJS_CORE)) as Tf;
    } catch {
      t = (await importExternal(TFJS)) as unknown as Tf;
    }
    await importExternal(TFJS_WASM);
    // One thread: results reproducible bit for bit, and no worker threads competing for the run's cores.
    t.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await t.setBackend('wasm'))) return (backendName = 'none');
    await t.ready();
    tf = t;
    return (backendName = 'wasm');
  } catch {
    return (backendName = 'none');
  }
}

/**
 * Loads tensorflow.js once (later calls return the same promise). The run path awaits it before running a
 * program that uses tensor built-ins (compiler's `usesTensors`); until it resolves, every tensor operation
 * runs in float64 JS.
 */
export function loadTensorBackend(): Promise<TensorBackendName> {
  loading ??= load();
  return loading;
}

/** The loaded tensorflow.js module, or null (not loaded, or unavailable). */
export function tfjs(): Tf | null {
  return tf;
}

/** The backend in use now. */
export function tensorBackend(): TensorBackendName {
  return backendName;
}

/** Whether a contraction of `work` multiply-adds goes to tensorflow.js. */
export function useTfjs(work: number): boolean {
  return tf !== null && work >= minWork;
}

/**
 * Sets the size from which contractions run in tensorflow.js (tests set 0 to exercise the tfjs path on small
 * data, or Infinity to keep everything in float64); returns the previous value.
 */
export function setTfjsMinWork(work: number): number {
  const old = minWork;
  minWork = work;
  return old;
}
