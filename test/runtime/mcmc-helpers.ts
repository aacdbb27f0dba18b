// Shared helpers for the runtime/{ad,mcmc,diagnostics,transforms} tests: a seeded generator with the
// interface the samplers need (uniform, normal, derive), built on seedrandom's Alea.
import seedrandom from 'seedrandom';

export class TestRng {
  private readonly next: () => number;
  private spare: number | null = null;
  constructor(readonly seed: string) {
    this.next = seedrandom.alea(seed).double;
  }
  uniform(): number {
    for (;;) {
      const u = this.next();
      if (u !== 0) return u;
    }
  }
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }
  derive(address: string): TestRng {
    return new TestRng(this.seed + '\u0000' + address);
  }
}
