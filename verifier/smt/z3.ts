// Lazy loading of z3-solver (WebAssembly, ~0.2–0.6 s to start): only `ppl verify` pays for it.
// One context per process; `shutdownZ3` lets a CLI exit promptly (the wasm runtime keeps worker threads).

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Z3Ctx = any;

let loading: Promise<{ ctx: Z3Ctx; em: any }> | undefined;

export function loadZ3(): Promise<{ ctx: Z3Ctx; em: any }> {
  loading ??= (async () => {
    const mod: any = await import('z3-solver');
    const { Context, em } = await mod.init();
    return { ctx: Context('ppl'), em };
  })();
  return loading;
}

export async function shutdownZ3(): Promise<void> {
  if (!loading) return;
  const { em } = await loading;
  try { em.PThread?.terminateAllThreads?.(); } catch { /* already stopped */ }
}
