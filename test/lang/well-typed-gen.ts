// A generator of well-typed .ppl programs, for property tests: each program is built type-directed
// (every expression is generated at a type, from the names in scope at that type), so the checker
// must accept it. Choices come from a small seeded generator so that a seed names a program.

type Ty = 'Nat' | 'Int' | 'Real' | 'Bool' | 'String' | '[Nat]' | '[Real]' | '(Nat, Bool)' | 'Dist<Real>' | 'Dist<Bool>' | 'Dist<Nat>';
const valueTypes: Ty[] = ['Nat', 'Int', 'Real', 'Bool', 'String', '[Nat]', '[Real]', '(Nat, Bool)'];
const distTypes: Ty[] = ['Dist<Real>', 'Dist<Bool>', 'Dist<Nat>'];

/** Nat <: Int <: Real, so a name of a smaller type may stand for a larger one. */
const subtypes: Partial<Record<Ty, Ty[]>> = { Int: ['Nat', 'Int'], Real: ['Nat', 'Int', 'Real'] };

interface Var { name: string; type: Ty; mutable: boolean }
interface Fn { name: string; params: Ty[]; result: Ty; effectful: boolean }

class Gen {
  private state: number;
  private counter = 0;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32 */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** An expression of type `t` (or a subtype) over `env`. `sampling`: random choices allowed here. */
  expr(t: Ty, env: Var[], fns: Fn[], depth: number, sampling: boolean): string {
    const names = env.filter((v) => v.type === t || (subtypes[t] ?? []).includes(v.type));
    if (names.length > 0 && this.chance(depth <= 0 ? 0.7 : 0.3)) return this.pick(names).name;
    const calls = fns.filter((f) => f.result === t && (sampling || !f.effectful));
    if (calls.length > 0 && depth > 0 && this.chance(0.2)) {
      const f = this.pick(calls);
      return `${f.name}(${f.params.map((p) => this.expr(p, env, fns, depth - 1, sampling)).join(', ')})`;
    }
    const d = depth - 1;
    const e = (ty: Ty): string => this.expr(ty, env, fns, d, sampling);
    if (depth <= 0) return this.leaf(t);
    switch (t) {
      case 'Nat':
        return this.pick([
          () => this.leaf('Nat'), () => `(${e('Nat')} + ${e('Nat')})`, () => `(${e('Nat')} * ${e('Nat')})`,
          () => `(${e('Nat')} / ${this.int(5) + 1})`, () => `len(${e('[Real]')})`, () => `abs(${e('Int')})`,
          () => `max(${e('Nat')}, ${e('Nat')})`, () => `if ${e('Bool')} { ${e('Nat')} } else { ${e('Nat')} }`,
          () => `sum(${e('[Nat]')})`, () => `${e('(Nat, Bool)')}.0`, () => { const x = this.fresh('b'); return `({ let ${x} = ${e('Nat')}; ${x} + 1 })`; },
          () => `fold(${e('[Nat]')}, 0, fn(acc, x) => acc + x)`, () => `floor(${this.leaf('Nat')})`,
          ...(sampling ? [() => `sample(${e('Dist<Nat>')})`] : []),
        ])();
      case 'Int':
        return this.pick([
          () => e('Nat'), () => `(${e('Int')} - ${e('Int')})`, () => `-${e('Nat')}`, () => `floor(${e('Real')})`,
          () => `min(${e('Int')}, ${e('Int')})`, () => `indexOf(${e('[Nat]')}, ${e('Nat')})`, () => `round(${e('Real')})`,
        ])();
      case 'Real':
        return this.pick([
          () => e('Int'), () => this.leaf('Real'), () => `(${e('Real')} / 2.0)`, () => `sqrt(${e('Real')})`,
          () => `exp(${e('Real')} * 0.0)`, () => `average(${e('[Real]')})`, () => `(${e('Real')} * ${e('Int')})`,
          () => `fold(${e('[Real]')}, 0, fn(a, x) => a + x)`, () => `mean(${e('Dist<Real>')})`, () => `prob(${e('Dist<Bool>')}, true)`,
          () => `toReal(${e('Int')})`, () => `expect(${e('Dist<Nat>')}, fn(k) => k * 0.5)`, () => 'pi',
          ...(sampling ? [() => `sample(${e('Dist<Real>')})`] : []),
        ])();
      case 'Bool':
        return this.pick([
          () => this.leaf('Bool'), () => `(${e('Real')} < ${e('Int')})`, () => `(${e('Nat')} == ${e('Real')})`,
          () => `!${e('Bool')}`, () => `(${e('Bool')} && ${e('Bool')})`, () => `(${e('Bool')} || ${e('Bool')})`,
          () => `contains(${e('[Nat]')}, ${e('Nat')})`, () => `any(${e('[Real]')}, fn(x) => x > 1.0)`,
          () => `${e('(Nat, Bool)')}.1`, () => `(${e('String')} == "s")`,
          ...(sampling ? [() => 'flip()', () => `flip(${this.prob()})`] : []),
        ])();
      case 'String':
        return this.pick([() => this.leaf('String'), () => `(${e('String')} + ${e('String')})`])();
      case '[Nat]':
        return this.pick([
          () => `[${e('Nat')}, ${e('Nat')}]`, () => `range(${this.int(4)})`, () => `map(${e('[Nat]')}, fn(x) => x + 1)`,
          () => `filter(${e('[Nat]')}, fn(x) => x > ${this.int(3)})`, () => `append(${e('[Nat]')}, ${e('Nat')})`,
          () => `concat(${e('[Nat]')}, [])`, () => `reverse(${e('[Nat]')})`,
          ...(sampling ? [() => `repeat(${this.int(3)}, fn() => sample(Poisson(1.0)))`, () => `map(${e('[Real]')}, fn(p) => if flip(0.5) { 1 } else { 0 })`] : []),
        ])();
      case '[Real]':
        return this.pick([
          () => `[${e('Real')}, ${e('Nat')}]`, () => `map(${e('[Nat]')}, fn(x) => toReal(x) * 0.5)`, () => e('[Nat]'),
          () => `mapIndexed(${e('[Real]')}, fn(i, x) => x + i)`, () => `slice(${e('[Real]')}, 0, 1)`,
        ])();
      case '(Nat, Bool)':
        return `(${e('Nat')}, ${e('Bool')})`;
      case 'Dist<Real>':
        return this.pick([
          () => `Normal(${e('Real')}, 1.0)`, () => 'Uniform(0.0, 1.0)', () => `Gamma(2.0, ${this.leaf('Real')} + 1.0)`,
          () => `infer(fn() { let x ~ Normal(0.0, 1.0); observe(Normal(x, 1.0), ${e('Real')}); x }, Importance(samples: 10))`,
          () => 'Exponential(1.5)', () => 'Beta(1.0, 2.0)',
        ])();
      case 'Dist<Bool>':
        return this.pick([
          () => `Bernoulli(${this.prob()})`,
          () => `infer(fn() { let a = flip(0.5); condition(a || ${e('Bool')}); a }, Enumerate)`,
          () => `Delta(${e('Bool')})`,
        ])();
      case 'Dist<Nat>':
        return this.pick([
          () => 'Poisson(2.0)', () => `Categorical([0.2, 0.3, 0.5])`, () => `Binomial(${this.int(5)}, 0.5)`,
          () => 'Geometric(0.5)', () => `UniformInt(1, ${this.int(5) + 1})`,
        ])();
    }
  }

  leaf(t: Ty): string {
    switch (t) {
      case 'Nat': return String(this.int(10));
      case 'Int': return this.chance(0.5) ? String(this.int(10)) : `-${this.int(10)}`;
      case 'Real': return `${this.int(10)}.${this.int(10)}`;
      case 'Bool': return this.chance(0.5) ? 'true' : 'false';
      case 'String': return this.pick(['"s"', '"a\\tb"', '""']);
      default: return this.expr(t, [], [], 1, false);
    }
  }

  prob(): string {
    return `0.${this.int(9) + 1}`;
  }

  /** Statements of a function body (or top level), then its result expression of type `result`. */
  body(env: Var[], fns: Fn[], result: Ty, sampling: boolean, conditioning: boolean, top: boolean): string[] {
    const lines: string[] = [];
    const scope = [...env];
    const n = this.int(5);
    for (let i = 0; i < n; i++) {
      const k = this.int(top ? 4 : 8);
      const t = this.pick(valueTypes);
      if (k === 0 || k === 1) {
        const x = this.fresh('v');
        lines.push(this.chance(0.3) ? `let ${x}: ${t} = ${this.expr(t, scope, fns, 2, sampling)};` : `let ${x} = ${this.expr(t, scope, fns, 2, sampling)};`);
        scope.push({ name: x, type: t, mutable: false });
      } else if (k === 2 && this.chance(0.3)) {
        // An unannotated var widened by a later assignment: Nat → Int.
        const x = this.fresh('w');
        lines.push(`var ${x} = ${this.expr('Nat', scope, fns, 1, sampling)};`, `${x} = ${x} - 1;`);
        scope.push({ name: x, type: 'Int', mutable: true });
      } else if (k === 2) {
        const x = this.fresh('m');
        const vt = this.pick(['Nat', 'Int', 'Real'] as Ty[]);
        lines.push(`var ${x}: ${vt} = ${this.expr(vt, scope, fns, 1, sampling)};`);
        scope.push({ name: x, type: vt, mutable: true });
      } else if (k === 3) {
        const muts = scope.filter((v) => v.mutable);
        if (muts.length > 0) {
          const v = this.pick(muts);
          lines.push(this.chance(0.5) ? `${v.name} = ${this.expr(v.type, scope, fns, 1, sampling)};` : `${v.name} += ${this.expr(v.type === 'Real' ? 'Real' : 'Nat', scope, fns, 1, sampling)};`);
        } else if (top) {
          lines.push(`print(${this.expr(t, scope, fns, 2, sampling)});`);
        }
      } else if (k === 4) {
        const x = this.fresh('s');
        lines.push(`let ${x} ~ ${this.expr(this.pick(distTypes), scope, fns, 1, false)};`);
        scope.push({ name: x, type: 'Real', mutable: false });
        scope.pop();
      } else if (k === 5 && conditioning) {
        lines.push(this.pick([
          () => `observe(Normal(${this.expr('Real', scope, fns, 1, sampling)}, 1.0), ${this.expr('Real', scope, fns, 1, sampling)});`,
          () => `condition(${this.expr('Bool', scope, fns, 1, sampling)} || true);`,
          () => `factor(-${this.expr('Nat', scope, fns, 1, sampling)});`,
          () => `observe(${this.expr('Dist<Nat>', scope, fns, 1, false)}, ${this.expr('Nat', scope, fns, 1, sampling)});`,
        ])());
      } else if (k === 6) {
        const i = this.fresh('i');
        const muts = scope.filter((v) => v.mutable && v.type !== 'Nat');
        const inner = muts.length > 0 ? `${this.pick(muts).name} += ${i};` : `let ${this.fresh('u')} = ${i} * 2;`;
        lines.push(`for ${i} in 0..${this.expr('Nat', scope, fns, 1, sampling)} { ${inner} }`);
      } else if (k === 7 && !top) {
        lines.push(`if ${this.expr('Bool', scope, fns, 1, sampling)} { return ${this.expr(result, scope, fns, 1, sampling)}; }`);
      }
    }
    lines.push(this.expr(result, scope, fns, 3, sampling));
    return lines;
  }

  program(): string {
    const fns: Fn[] = [];
    const out: string[] = [];
    const nFns = this.int(4) + 1;
    for (let i = 0; i < nFns; i++) {
      const kind = this.int(3); // 0 pure helper, 1 sampling, 2 model (conditioning)
      const params: Ty[] = kind === 2 ? [] : Array.from({ length: this.int(3) }, () => this.pick(valueTypes));
      const result = this.pick(valueTypes);
      const name = this.fresh('f');
      const env: Var[] = params.map((t, k) => ({ name: `p${k}`, type: t, mutable: false }));
      const lines = this.body(env, fns, result, kind > 0, kind === 2, false);
      const declare = this.chance(0.6) || lines.some((l) => l.includes('return'));
      out.push(`fn ${name}(${params.map((t, k) => `p${k}: ${t}`).join(', ')})${declare ? ` -> ${result}` : ''} {\n  ${lines.join('\n  ')}\n}`);
      // Models (which condition) are only run through infer, never called.
      if (kind === 2) out.push(`let post${name} = infer(${name}, ${this.pick(['Enumerate(maxExecutions: 100)', 'Importance(samples: 10)', 'SMC(particles: 10)', 'MH(samples: 10)', 'Rejection(samples: 5)'])});`);
      else fns.push({ name, params, result, effectful: kind > 0 });
    }
    // Top level: forward simulation and printing.
    const top = this.body([], fns, this.pick(valueTypes), true, false, true);
    out.push(...top.slice(0, -1), `print(${top[top.length - 1]});`);
    return `${out.join('\n')}\n`;
  }
}

/** The well-typed program named by `seed`. */
export function wellTypedProgram(seed: number): string {
  return new Gen(seed).program();
}
