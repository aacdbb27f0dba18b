// Types for seedrandom's Alea module, imported on its own by runtime/rng.ts (the package's types cover only
// its main module).
declare module 'seedrandom/lib/alea.js' {
  interface AleaState { s0: number; s1: number; s2: number; c: number }
  function alea(seed: string, options: { state: true }): { (): number; state(): AleaState };
  export default alea;
}
