// Lazy loading of z3-solver (WebAssembly, ~0.2–0.6 s to start): only `ppl verify` pays for it.
// One context per process; `shutdownZ3` lets a CLI exit promptly (the wasm runtime keeps worker threads).

import { importExternal } from '../../stdlib/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Z3Ctx = any;

let loading: Promise<{ ctx: Z3Ctx; em: any; kill: (em: any) => Promise<void> }> | undefined;

export function loadZ3(): Promise<{ ctx: Z3Ctx; em: any }> {
  loading ??= (async () => {
    const mod: any = await importExternal('z3-solver');
    const { Context, em } = await mod.init();
    return { ctx: Context('ppl'), em, kill: mod.killThreads };
  })();
  return loading;
}

/** Terminates Z3's worker threads (they keep a Node process alive) and waits until they are gone. */
export async function shutdownZ3(): Promise<void> {
  if (!loading) return;
  const { em, kill } = await loading;
  loading = undefined;
  const trace = process.env.PPL_VERIFY_TRACE;
  if (trace) process.stderr.write('[verify] kill threads\n');
  try { await kill(em); } catch { /* threads did not report back in 5 s; the process exits anyway */ }
  if (trace) process.stderr.write(`[verify] killed: ${em.PThread.runningWorkers.length} running, ${em.PThread.unusedWorkers.length} unused\n`);
}
