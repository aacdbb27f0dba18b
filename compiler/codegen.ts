// IR → JavaScript source. Pure functions become plain direct-style JS; code that may reach a random choice
// becomes continuation-passing JS that RETURNS requests (runtime/contract.ts). When the program uses `Exact`,
// every function also gets a number-domain twin whose real arithmetic calls `$D` (generated, not dispatched);
// for SMC and MH, CPS functions get inline variants that handle samples / conditioning without a request.

import { builtin, type Span } from '../lang/index.js';
import { LOG_SQRT_2PI } from '../stdlib/index.js';
import { batchPlan, type BatchPlan, type Seg } from './batch.js';
import {
  assignedVars, stmtMaySuspend,
  type Atom, type IrFunction, type IrProgram, type PrimOp, type Rhs, type Stmt,
} from './ir.js';

/** Built-ins whose function argument may be probabilistic: a CPS variant exists in runtime/exec/hof.ts. */
export const HIGHER_ORDER = new Set(['map', 'mapIndexed', 'filter', 'fold', 'any', 'all', 'repeat', 'expect']);

export interface CodegenOptions {
  /** Generate number-domain twins (`$D` arithmetic) of every function, for `Exact`. */
  domain: boolean;
  /** Generate the prior-sampling variant (`f$c$P`) of every CPS function, for SMC. */
  prior?: boolean;
  /** Generate the absorbing variant (`f$c$O`) of every CPS function, for MH. */
  absorb?: boolean;
  /** Generate the batched variant (`f$c$V`) of every CPS function of no parameters that qualifies, for SMC. */
  batch?: boolean;
}

/**
 * The generated module: the body of `new Function('$rt', source)`. It returns
 * `{ main, fns, setDomain }` where `main($a, $k)` runs the top-level statements in CPS and `setDomain(d)`
 * binds the twins' `$D` to d, returning the previous one (also installed as `$rt.setDomain`).
 */
export function generate(prog: IrProgram, opts: CodegenOptions): GeneratedModule {
  const g = new Gen(prog, opts);
  const source = g.module();
  return { source, spans: g.spanTable() };
}

/** JavaScript source of the module and the spans its runtime errors refer to (`$rt.spans` at run time). */
export interface GeneratedModule {
  source: string;
  spans: Span[];
}

/**
 * Which variant of a function is being generated. `inl` selects the inline variants (only of CPS functions,
 * only in plain numbers), which engines ask for with `InferCall.priorModel` / `absorbModel`:
 * - `prior` (SMC): `sample` draws from the distribution inline with the engine's generator (`$I.rng`) and no
 *   addresses are built (`$a` is null: no engine that asks for this variant reads them). Only conditioning
 *   statements suspend — a particle step is one resumption and one request.
 * - `absorb` (MH): `observe`/`factor`/`condition` add their log weight to `$I.lp` inline and only `sample`
 *   suspends; a weight of −∞ (or NaN/+∞) throws `$Stop`, which the engine turns into a rejection (or the error
 *   the request would have caused). A loop of observations becomes a plain JavaScript loop.
 * In both, `Normal(m, s)` bound once and consumed by the next sample/observe is fused: no distribution object.
 * Function VALUES (lambdas, `fn` used as a value) are always the standard convention, so they may flow
 * anywhere (nested `infer`s, `mem`, higher-order built-ins); only direct calls use the inline variants.
 */
type Mode = { dom: boolean; inl: 'prior' | 'absorb' | 'batch' | null };
const PLAIN: Mode = { dom: false, inl: null };
const DOM: Mode = { dom: true, inl: null };
const PRIOR: Mode = { dom: false, inl: 'prior' };
const ABSORB: Mode = { dom: false, inl: 'absorb' };
/** The batched variant (compiler/batch.ts): statements run in loops over the particles; `sample` as in `prior`. */
const BATCH: Mode = { dom: false, inl: 'batch' };

/**
 * What runs when a CPS statement list falls off its end (a join call, the next loop iteration, a loop body
 * after its condition). `assigns` lists the vars that code assigns in the current scope, so that continuations
 * created before it copy them too.
 */
type Tail = ((ctx: Ctx) => string) & { assigns?: ReadonlySet<string> };

/** Where the code being generated is: its address variable, its continuation variable, its var names. */
interface Ctx {
  mode: Mode;
  /** CPS code: the JS name of the current frame's address; null in direct code. */
  addr: string | null;
  /** CPS code: the JS name of the function's continuation. */
  k: string | null;
  /** IR var name → current JS name (vars are renamed when a continuation copies them). */
  vars: Map<string, string>;
  /** Inline variants: `let`s of `Normal(m, s)` fused into their one consumer (IR name → JS args `m, s, span`). */
  fused?: Map<string, string>;
  /** Batched loops: vars whose current value a local holds (read that, not the per-particle array). */
  readAs?: Map<string, string>;
}

const PRIM_JS: Partial<Record<PrimOp, string>> = {
  add: '+', sub: '-', mul: '*', div: '/', lt: '<', le: '<=', gt: '>', ge: '>=',
};

class Gen {
  private counter = 0;
  private spans: Span[] = [];
  private spanIds = new Map<Span, number>();
  private fnByName = new Map<string, IrFunction>();
  private globals: Set<string>;
  /** Module-level slots of distributions with literal parameters (`$K1`…), built once on first use. */
  private constants = 0;
  /**
   * The fused `Normal(m, s)`s with a literal sd, by their `fused` entry: the parameters as JS atoms, for the
   * prior variant's draws and densities written out inline (`normalDrawInline`, `normalLogPdfInline`).
   */
  private fusedLiteralSd = new Map<string, { m: string; s: string; negLogSd: number }>();
  /** The batched plans of top-level functions (compiler/batch.ts), when generating for SMC. */
  private batchPlans = new Map<string, BatchPlan>();
  /** Scalar `let`s of the batched variant being generated that are assigned inside loops (declared at its top). */
  private hoisted = new Set<string>();

  constructor(private prog: IrProgram, private opts: CodegenOptions) {
    for (const f of prog.functions) this.fnByName.set(f.name, f);
    this.globals = new Set(prog.globals);
  }

  private fresh(base: string): string {
    return `${base}$${++this.counter}`;
  }

  /** An index into the module's span table `$S` (for runtime errors located at the construct). */
  private span(s: Span): number {
    let id = this.spanIds.get(s);
    if (id === undefined) {
      id = this.spans.length;
      this.spans.push(s);
      this.spanIds.set(s, id);
    }
    return id;
  }

  module(): string {
    const parts: string[] = [];
    const modes = this.opts.domain ? [PLAIN, DOM] : [PLAIN];
    const inline = [...(this.opts.prior ? [PRIOR] : []), ...(this.opts.absorb ? [ABSORB] : [])];
    // (planned first: lambdas that only call a batched function are batched too, see `lambda`)
    if (this.opts.batch) {
      for (const f of this.prog.functions) {
        const plan = needsCps(f) ? batchPlan(f, this.fnByName) : null;
        if (plan !== null) this.batchPlans.set(f.name, plan);
      }
    }
    for (const f of this.prog.functions) {
      for (const mode of modes) {
        if (needsDirect(f)) parts.push(this.directFn(f, this.fnName(f, 'direct', mode), mode));
        if (needsCps(f)) parts.push(this.cpsFn(f, this.fnName(f, 'cps', mode), mode));
      }
      if (needsCps(f)) for (const mode of inline) parts.push(this.cpsFn(f, this.fnName(f, 'cps', mode), mode));
    }
    const batched: string[] = [];
    for (const f of this.prog.functions) {
      const plan = this.batchPlans.get(f.name);
      if (plan === undefined) continue;
      parts.push(this.batchFn(f, plan));
      // (infer runs functions of no parameters; one with parameters is reached through a lambda)
      if (f.params.length === 0) batched.push(`${this.fnValue(f, PLAIN)}.$V = f_${f.name}$c$V;`);
    }
    // Top-level functions used as values: tag the CPS ones and link the domain twins.
    const tags: string[] = [];
    for (const f of this.prog.functions) {
      const v = this.fnValue(f, PLAIN);
      if (this.opts.domain) tags.push(`$rt.twin(${v}, ${this.fnValue(f, DOM)}, ${needsCps(f)});`);
      else if (needsCps(f)) tags.push(`$rt.twin(${v}, null, true);`);
      // the inline variants, for `infer` to hand to the engines that ask for them
      if (needsCps(f)) for (const mode of inline) tags.push(`${v}.$${mode.inl === 'prior' ? 'P' : 'O'} = ${this.fnName(f, 'cps', mode)};`);
    }
    tags.push(...batched);
    const main = this.cpsFn(this.prog.main, '$main', PLAIN);
    const globals = this.prog.globals.length ? `let ${this.prog.globals.map(local).join(', ')};\n` : '';
    const constants = this.constants > 0 ? `let ${Array.from({ length: this.constants }, (_, i) => `$K${i + 1}`).join(', ')};\n` : '';
    const header =
      `"use strict";\n` +
      `const { Request: $Req, Addr: $Addr, fuel: $F, bounce: $bounce, B: $B, V: $V, C: $C, h: $h, I: $I, Stop: $Stop, observed: $observed } = $rt;\n` +
      // The twins' number domain is chosen per run (Exact's by default; HMC/NUTS bind a gradient tape's).
      `let $D = $rt.D;\n` +
      `const $setDomain = (d) => { const old = $D; $D = d; return old; };\n` +
      `$rt.setDomain = $setDomain;\n` +
      `const $S = $rt.spans;\n`;
    const fnsObj = this.prog.functions.map((f) => `${JSON.stringify(f.display)}: ${this.fnValue(f, PLAIN)}`).join(', ');
    return (
      header + globals + constants + parts.join('\n') + '\n' + main + '\n' + tags.join('\n') + '\n' +
      `return { main: $main, fns: { ${fnsObj} }, setDomain: $setDomain };\n`
    );
  }

  /** Spans referenced by generated code, in `$S` order (filled in while generating). */
  spanTable(): Span[] {
    return this.spans;
  }

  private fnName(f: IrFunction, conv: 'direct' | 'cps', mode: Mode): string {
    // only CPS functions have inline variants; pure ones are the same in every plain-number variant
    const suffix = mode.dom ? '$D' : conv === 'cps' && mode.inl === 'prior' ? '$P' : conv === 'cps' && mode.inl === 'absorb' ? '$O' : '';
    return `f_${f.name}${conv === 'cps' ? '$c' : ''}${suffix}`;
  }
  /** The JS value that stands for top-level `f` as a first-class function (always the standard convention). */
  private fnValue(f: IrFunction, mode: Mode): string {
    return this.fnName(f, needsDirect(f) ? 'direct' : 'cps', mode.inl ? PLAIN : mode);
  }

  // -------------------------------------------------------------------------------------------
  // Functions
  // -------------------------------------------------------------------------------------------

  private directFn(f: IrFunction, name: string, mode: Mode): string {
    const ctx: Ctx = { mode, addr: null, k: null, vars: new Map() };
    return `function ${name}(${f.params.map(local).join(', ')}) {\n${this.directStmts(f.body, ctx)}}\n`;
  }

  private cpsFn(f: IrFunction, name: string, mode: Mode): string {
    // the prior variant builds no addresses: `null` stands for every frame
    const ctx: Ctx = { mode, addr: mode.inl === 'prior' ? 'null' : '$a', k: '$k', vars: new Map() };
    if (mode.inl) ctx.fused = fusable(f.body, mode);
    const params = ['$a', '$k', ...f.params.map(local)].join(', ');
    return (
      `function ${name}(${params}) {\n` +
      `if (--$F.n < 0) return $bounce(() => ${name}(${params}));\n` +
      this.cpsStmts(f.body, 0, ctx, () => 'return $k(null);\n') +
      `}\n`
    );
  }

  /** A lambda expression (an arrow function), direct or CPS by its effect, capturing current var values. */
  private lambda(f: IrFunction, ctx: Ctx): string {
    // function values are always the standard convention (see Mode)
    if (ctx.mode.inl) ctx = { ...ctx, mode: PLAIN };
    const cps = needsCps(f);
    const body = (mode: Mode): string => {
      const inner: Ctx = { mode, addr: cps ? '$a' : null, k: cps ? '$k' : null, vars: new Map() };
      const params = cps ? ['$a', '$k', ...f.params.map(local)] : f.params.map(local);
      const code = cps ? this.cpsStmts(f.body, 0, inner, () => 'return $k(null);\n') : this.directStmts(f.body, inner);
      return `(${params.join(', ')}) => {\n${code}}`;
    };
    // Captured vars are snapshotted (closures capture values, never variables).
    const snap = f.captures.filter((c) => ctx.vars.has(c));
    const wrap = (code: string): string =>
      snap.length === 0 ? code : `((${snap.map(local).join(', ')}) => ${code})(${snap.map((c) => ctx.vars.get(c)!).join(', ')})`;
    if (ctx.mode.dom) return cps ? `$rt.twin(${wrap(body(DOM))}, null, true)` : wrap(body(DOM));
    if (this.opts.domain) return this.batchedLambda(f, ctx, `$rt.twin(${wrap(body(PLAIN))}, ${wrap(body(DOM))}, ${cps})`);
    return this.batchedLambda(f, ctx, cps ? `$rt.twin(${wrap(body(PLAIN))}, null, true)` : wrap(body(PLAIN)));
  }

  /**
   * `fn() { g(a, b) }` with g batched (compiler/batch.ts) — how a model with data parameters is passed to `infer`
   * — gets the batched variant `$V = (pop) => g$c$V(pop, a, b)`, its arguments evaluated when the lambda is
   * created (as the lambda's captures are). Any other lambda value is `value` unchanged.
   */
  private batchedLambda(f: IrFunction, ctx: Ctx, value: string): string {
    const [call, ret] = f.body;
    if (f.params.length > 0 || f.body.length !== 2 || call?.kind !== 'let' || call.rhs.kind !== 'call' || call.rhs.callee.kind !== 'fn' ||
      call.rhs.effect === 'pure' || ret?.kind !== 'return' || ret.value.kind !== 'ref' || ret.value.name !== call.name) return value;
    const g = call.rhs.callee.name;
    if (!this.batchPlans.has(g)) return value;
    const args = call.rhs.args.map((a) => this.atom(a, ctx));
    const ps = args.map((_, i) => `$b${i}`);
    return `((${ps.join(', ')}) => $h.batched(${value}, ($pop) => f_${g}$c$V(${['$pop', ...ps].join(', ')})))(${args.join(', ')})`;
  }

  // -------------------------------------------------------------------------------------------
  // The batched variant (compiler/batch.ts)
  // -------------------------------------------------------------------------------------------

  /**
   * `function* f$c$V($pop)`: runs the model for all particles at once. `$pop` (runtime/contract.ts `Batch`) holds
   * `n`, the log weights `lw` (a particle at −∞ is dead and skipped), `w` (each conditioning statement's log
   * weight per particle, written by its loop) and, after the engine resampled, `idx` (the new population's
   * ancestors) with `take(a)`, which reorders a per-particle array by it. The generator yields the site of each
   * conditioning statement after its loop; it returns the per-particle values.
   */
  private batchFn(f: IrFunction, plan: BatchPlan): string {
    this.hoisted = new Set(plan.hoisted);
    const arrays = new Map(plan.arrays.map((n) => [n, `$p_${local(n)}`]));
    const ctx: Ctx = { mode: BATCH, addr: null, k: null, vars: new Map(), fused: fusable(f.body, BATCH) };
    const decl =
      `const $n = $pop.n, $lw = $pop.lw, $w = $pop.w;\n` +
      (arrays.size ? `let ${[...arrays.values()].map((a) => `${a} = new Array($n)`).join(', ')};\n` : '') +
      (plan.hoisted.length ? `let ${plan.hoisted.map(local).join(', ')};\n` : '');
    const code = this.batchSegs(plan.body, ctx, arrays);
    this.hoisted = new Set();
    return `function* f_${f.name}$c$V(${['$pop', ...f.params.map(local)].join(', ')}) {\n${decl}${code}}\n`;
  }

  private batchSegs(segs: readonly Seg[], ctx: Ctx, arrays: ReadonlyMap<string, string>): string {
    let out = '';
    for (const s of segs) {
      switch (s.kind) {
        case 'scalar':
          out += this.directStmt(s.stmt, ctx);
          break;
        case 'loop':
          out += this.batchLoop(s, ctx, arrays);
          break;
        case 'if':
          out += `if (${this.atom(s.cond, ctx)}) {\n${this.batchSegs(s.then, { ...ctx, vars: new Map(ctx.vars) }, arrays)}}` +
            ` else {\n${this.batchSegs(s.else, { ...ctx, vars: new Map(ctx.vars) }, arrays)}}\n`;
          break;
        case 'for': {
          const to = this.fresh('$to');
          const i = local(s.index);
          out += `const ${to} = ${this.atom(s.to, ctx)};\nfor (let ${i} = ${this.atom(s.from, ctx)}; ${i} < ${to}; ${i}++) {\n` +
            `${this.batchSegs(s.body, { ...ctx, vars: new Map(ctx.vars) }, arrays)}}\n`;
          break;
        }
        case 'while': {
          const inner = { ...ctx, vars: new Map(ctx.vars) };
          const cond = this.batchSegs(s.cond, inner, arrays);
          out += `while (true) {\n${cond}if (!(${this.atom(s.value, inner)})) break;\n${this.batchSegs(s.body, { ...inner, vars: new Map(inner.vars) }, arrays)}}\n`;
          break;
        }
        case 'return': {
          const v = s.value;
          out += v.kind === 'ref' && arrays.has(v.name) ? `return ${arrays.get(v.name)!};\n` : `return new Array($n).fill(${this.atom(v, ctx)});\n`;
          break;
        }
      }
    }
    return out;
  }

  /**
   * One particle loop: a local function (V8 optimises its loop on its own, with on-stack replacement) that runs
   * the statements for each live particle, reading and writing per-particle arrays through local copies; a
   * closing conditioning statement writes the particle's log weight to `$w` and the generator yields its site,
   * then reorders every per-particle array if the engine resampled.
   */
  private batchLoop(s: Extract<Seg, { kind: 'loop' }>, outer: Ctx, arrays: ReadonlyMap<string, string>): string {
    const ctx: Ctx = { ...outer, vars: new Map(outer.vars) };
    const used = new Set<string>(s.arrays);
    let loads = '';
    for (const n of s.arrays) {
      const a = `$a_${local(n)}`;
      loads += `const ${a} = ${arrays.get(n)!};\n`;
      ctx.vars.set(n, `${a}[$i]`);
    }
    // A scalar `let` in the loop is a local of the loop body (a double stored to a variable the generator's other
    // code reads would allocate a number per particle); its value is copied out once, after the loop.
    const hoisted = s.stmts.filter((st) => st.kind === 'let' && this.hoisted.has(st.name)).map((st) => (st as { name: string }).name);
    for (const h of hoisted) this.hoisted.delete(h);
    let body = '';
    const reads = new Map<string, string>();
    ctx.readAs = reads;
    for (const st of s.stmts) {
      // whatever this statement assigns is read from its array again (unless the branch below says otherwise)
      for (const v of assignedVars([st])) reads.delete(v);
      if (st.kind === 'var') reads.delete(st.name);
      if (st.kind === 'let' && hoisted.includes(st.name)) {
        body += this.letDirect(st.name, st.rhs, ctx);
        if (ctx.fused?.has(st.name) !== true) body += `$h_${local(st.name)} = ${local(st.name)};\n`;
      } else if (st.kind === 'let' && used.has(st.name)) {
        body += this.letDirect(st.name, st.rhs, ctx);
        body += `${ctx.vars.get(st.name)!} = ${local(st.name)};\n`;
        ctx.vars.set(st.name, local(st.name));
      } else if (st.kind === 'var' && used.has(st.name)) {
        body += `${ctx.vars.get(st.name)!} = ${this.atom(st.init, ctx)};\n`;
      } else if (st.kind === 'set' && used.has(st.name) && st.value.kind === 'ref' && !arrays.has(st.value.name) && !this.hoisted.has(st.value.name)) {
        // the array element now holds that local's value: later reads in this loop read the local
        const v = this.atom(st.value, ctx);
        body += `$a_${local(st.name)}[$i] = ${v};\n`;
        reads.set(st.name, v);
      } else {
        body += this.directStmt(st, ctx);
      }
    }
    const e = s.end;
    if (e !== null) {
      const w = e.kind === 'observe' ? this.logDensity(e.dist, e.value, ctx)
        : e.kind === 'factor' ? this.atom(e.logWeight, ctx)
        : `(${this.atom(e.cond, ctx)} === true ? 0 : -Infinity)`;
      body += `$w[$i] = ${w};\n`;
    }
    for (const h of hoisted) this.hoisted.add(h);
    const live = hoisted.filter((h) => ctx.fused?.has(h) !== true);
    const hdecl = live.length ? `let ${live.map((h) => `$h_${local(h)}`).join(', ')};\n` : '';
    const hout = live.map((h) => `${local(h)} = $h_${local(h)};\n`).join('');
    const fn = this.fresh('$L');
    if (body.includes('$I.rng')) { body = body.split('$I.rng').join('$rng'); loads += 'const $rng = $I.rng;\n'; }
    let out = `const ${fn} = () => {\n${loads}${hdecl}for (let $i = 0; $i < $n; $i++) {\nif ($lw[$i] === -Infinity) continue;\n${body}}\n${hout}};\n${fn}();\n`;
    if (e !== null) {
      out += `yield ${e.site};\n`;
      if (arrays.size) out += `if ($pop.idx !== null) {\n${[...arrays.values()].map((a) => `${a} = $pop.take(${a});\n`).join('')}}\n`;
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Direct-style statements (also used inside CPS code for statements that cannot suspend)
  // -------------------------------------------------------------------------------------------

  private directStmts(stmts: readonly Stmt[], ctx: Ctx): string {
    let out = '';
    for (const s of stmts) out += this.directStmt(s, ctx);
    return out;
  }

  private directStmt(s: Stmt, ctx: Ctx): string {
    switch (s.kind) {
      case 'let':
        return this.letDirect(s.name, s.rhs, ctx);
      case 'var': {
        const js = this.fresh(local(s.name));
        ctx.vars.set(s.name, js);
        return `let ${js} = ${this.atom(s.init, ctx)};\n`;
      }
      case 'set':
        return `${this.varName(s.name, ctx)} = ${this.atom(s.value, ctx)};\n`;
      case 'tick':
        return '';
      case 'if': {
        const t = this.directStmts(s.then, { ...ctx, vars: new Map(ctx.vars) });
        const e = this.directStmts(s.else, { ...ctx, vars: new Map(ctx.vars) });
        return `if (${this.atom(s.cond, ctx)}) {\n${t}}${e ? ` else {\n${e}}` : ''}\n`;
      }
      case 'while': {
        const inner = { ...ctx, vars: new Map(ctx.vars) };
        const cond = this.directStmts(s.cond.stmts, inner);
        const body = this.directStmts(s.body, { ...inner, vars: new Map(inner.vars) });
        return `while (true) {\n${cond}if (!(${this.atom(s.cond.value, inner)})) break;\n${body}}\n`;
      }
      case 'for': {
        const to = this.fresh('$to');
        const i = local(s.index);
        const body = this.directStmts(s.body, { ...ctx, vars: new Map(ctx.vars) });
        return `const ${to} = ${this.atom(s.to, ctx)};\nfor (let ${i} = ${this.atom(s.from, ctx)}; ${i} < ${to}; ${i}++) {\n${body}}\n`;
      }
      case 'return': {
        if (!ctx.k) return `return ${this.atom(s.value, ctx)};\n`;
        // Returning calls the continuation; deep non-tail recursion would nest those calls, so they use fuel too.
        const v = this.atom(s.value, ctx);
        return `return --$F.n < 0 ? $bounce(() => ${ctx.k}(${v})) : ${ctx.k}(${v});\n`;
      }
      case 'observe': case 'factor': case 'condition':
        if (ctx.mode.inl === 'absorb') return this.absorbed(s, ctx);
        throw new Error(`codegen: \`${s.kind}\` in code compiled as pure`);
      case 'equate':
        throw new Error(`codegen: \`${s.kind}\` in code compiled as pure`);
    }
  }

  /**
   * A conditioning statement in the absorbing variant: its log weight is added to `$I.lp`; when it is not
   * finite the execution stops with `$Stop(kind, site, weight)` (a rejection at −∞, else the kind's error).
   */
  private absorbed(s: Extract<Stmt, { kind: 'observe' | 'factor' | 'condition' }>, ctx: Ctx): string {
    if (s.kind === 'condition') return `if (!${this.atom(s.cond, ctx)}) throw new $Stop("condition", ${s.site}, -Infinity);\n`;
    const w = this.fresh('$w');
    const lp = s.kind === 'factor' ? this.atom(s.logWeight, ctx) : this.logDensity(s.dist, s.value, ctx);
    return `const ${w} = ${lp};\n` +
      `if (${w} > -Infinity && ${w} < Infinity) $I.lp += ${w}; else throw new $Stop(${JSON.stringify(s.kind)}, ${s.site}, ${w});\n`;
  }

  /** The log density of `value` under the distribution atom `dist` (fused when `dist` is a fused Normal). */
  /**
   * The prior variant's draw from a fused `Normal(m, s)` (`f`: its `fused` entry). With a literal sd the common
   * case is written out — exactly what `normalDraw`'s fast path computes, `m + s·z`, consuming the generator the
   * same way — so that a particle step makes no helper call for it (unoptimised code pays for every call, and a
   * cold run of 1,000 particles is mostly unoptimised); any other mean takes `$h.normalDraw`.
   */
  private normalDrawInline(f: string): string {
    const p = this.fusedLiteralSd.get(f);
    if (p === undefined) return `$h.normalDraw($I.rng, ${f})`;
    return `(typeof ${p.m} === "number" && ${p.m} - ${p.m} === 0 ? ${p.m} + ${p.s} * $I.rng.normal() : $h.normalDraw($I.rng, ${f}))`;
  }

  /**
   * The log density of `v` under a fused `Normal(m, s)` in the prior variant: as `normalLogPdf` computes it
   * (the same operations in the same order, −log s − log √2π folded into one literal, the same double), written
   * out when the sd is a literal and v and m are ordinary numbers; otherwise the helper.
   */
  private normalLogPdfInline(f: string, v: string): string {
    const p = this.fusedLiteralSd.get(f);
    if (p === undefined) return `$h.normalLogPdf(${v}, ${f})`;
    const z = `((${v} - ${p.m}) / ${p.s})`;
    const c = p.negLogSd - LOG_SQRT_2PI;
    return `(typeof ${p.m} === "number" && ${p.m} - ${p.m} === 0 && typeof ${v} === "number" && ${v} === ${v} ? -0.5 * ${z} * ${z} + ${c < 0 ? `(${String(c)})` : String(c)} : $h.normalLogPdf(${v}, ${f}))`;
  }

  private logDensity(dist: Atom, value: Atom, ctx: Ctx): string {
    const f = dist.kind === 'ref' ? ctx.fused?.get(dist.name) : undefined;
    // (a fused Normal with a literal sd written out as in the prior variant: MH's absorbing variant)
    if (f !== undefined) return this.normalLogPdfInline(f, this.atom(value, ctx));
    return `${this.atom(dist, ctx)}.logProb(${this.atom(value, ctx)})`;
  }

  /**
   * A binding in direct code. In the direct variant of a function that takes functions, calls through those
   * parameters are direct whatever their latent effect (callers pick this variant only for pure arguments).
   */
  private letDirect(name: string, rhs: Rhs, ctx: Ctx): string {
    const x = local(name);
    const isGlobal = this.globals.has(name) || this.hoisted.has(name);
    if (rhs.kind === 'sample') {
      if (ctx.mode.inl !== 'prior' && ctx.mode.inl !== 'batch') throw new Error('codegen: sample in code compiled as pure');
      // the prior variant draws inline from the engine's generator
      const f = rhs.dist.kind === 'ref' ? ctx.fused?.get(rhs.dist.name) : undefined;
      const draw = f !== undefined ? this.normalDrawInline(f) : `${this.atom(rhs.dist, ctx)}.sample($I.rng)`;
      return `${isGlobal ? '' : 'const '}${x} = ${draw};\n`;
    }
    if (rhs.kind === 'builtin' && ctx.fused?.has(name)) {
      // a fused `Normal(m, s)`: its one consumer validates and uses the parameters; no object is built. With a
      // literal sd, −log s is a literal too (the same double NormalDist computes).
      const sd = rhs.args[1]!;
      const c = sd.kind === 'lit' && typeof sd.value === 'number' && sd.value > 0 && sd.value < Infinity ? -Math.log(sd.value) : NaN;
      const args = rhs.args.map((v) => this.atom(v, ctx));
      const f = `${args.join(', ')}, $S[${this.span(rhs.span)}]${Number.isNaN(c) ? '' : `, ${String(c)}`}`;
      ctx.fused.set(name, f);
      if (!Number.isNaN(c)) this.fusedLiteralSd.set(f, { m: args[0]!, s: args[1]!, negLogSd: c });
      return '';
    }
    if (rhs.kind === 'builtin' && !ctx.mode.dom && !isGlobal && rhs.named.length === 0 && rhs.args.every((v) => v.kind === 'lit') &&
      builtin(rhs.name)?.category === 'distribution') {
      // A distribution with literal parameters (`Normal(0.0, 10.0)`) is built once per program run, on first use
      // (so a constructor error still happens, located, where and when it would have); distributions are
      // immutable. The domain twins rebuild it: under Exact or a gradient tape `$D.call` gives another object.
      const slot = `$K${++this.constants}`;
      return `let ${x};\ntry { ${x} = ${slot} ??= ${this.rhsDirect(rhs, ctx)}; } catch (e) { throw $h.locate(e, $S[${this.span(rhs.span)}]); }\n`;
    }
    if (rhs.kind === 'builtin' && mayThrow(rhs.name)) {
      return `${isGlobal ? '' : `let ${x};\n`}try { ${x} = ${this.rhsDirect(rhs, ctx)}; } catch (e) { throw $h.locate(e, $S[${this.span(rhs.span)}]); }\n`;
    }
    return `${isGlobal ? '' : 'const '}${x} = ${this.rhsDirect(rhs, ctx)};\n`;
  }

  /** A JS expression computing a non-suspending right-hand side. */
  private rhsDirect(r: Rhs, ctx: Ctx): string {
    const a = (x: Atom): string => this.atom(x, ctx);
    switch (r.kind) {
      case 'atom':
        return a(r.atom);
      case 'prim':
        return this.prim(r.op, r.args.map(a), r.num, r.span, ctx);
      case 'call': {
        if (r.callee.kind === 'fn' && ctx.mode.inl === 'batch' && r.effect !== 'pure') {
          // a batched model's call of a function that only samples (compiler/batch.ts): its prior variant, run here
          const f = this.fnByName.get(r.callee.name)!;
          return `$h.runPrior(${this.fnName(f, 'cps', PRIOR)}, [${r.args.map(a).join(', ')}])`;
        }
        if (r.callee.kind === 'fn') {
          const f = this.fnByName.get(r.callee.name)!;
          if (needsDirect(f)) return `${this.fnName(f, 'direct', ctx.mode)}(${r.args.map(a).join(', ')})`;
          return `$h.callPure(${this.fnName(f, 'cps', ctx.mode.inl ? PLAIN : ctx.mode)}, [${r.args.map(a).join(', ')}])`;
        }
        // A function value called in direct code may still have been compiled in CPS: a lambda whose latent
        // effect is that of function arguments (effect-polymorphic) is CPS even when those are pure here.
        const f = a(r.callee);
        const args = r.args.map(a).join(', ');
        return `(${f}.$cps === true ? $h.callPure(${f}, [${args}]) : ${f}(${args}))`;
      }
      case 'builtin':
        return this.builtinDirect(r, ctx);
      case 'array':
        return `[${r.elems.map(a).join(', ')}]`;
      case 'tuple':
        return `new $h.Tuple([${r.elems.map(a).join(', ')}])`;
      case 'record':
        return `{ ${r.fields.map((f) => `${JSON.stringify(f.name)}: ${a(f.value)}`).join(', ')} }`;
      case 'index': {
        // The bounds test inline (indexes are Ints, so a range test suffices; atoms are side-effect free):
        // model loops index their data on every step, and a call costs most before V8 optimises the code.
        const t = a(r.target);
        const i = a(r.index);
        return `(${i} >= 0 && ${i} < ${t}.length ? ${t}[${i}] : $h.index(${t}, ${i}, $S[${this.span(r.span)}]))`;
      }
      case 'field':
        return `${a(r.target)}[${JSON.stringify(r.name)}]`;
      case 'tupleField':
        return `${a(r.target)}.items[${r.index}]`;
      case 'update':
        return `$h.update(${a(r.target)}, [${r.path.map(a).join(', ')}], ${a(r.value)}, $S[${this.span(r.span)}])`;
      case 'lambda':
        return this.lambda(r.fn, ctx);
      case 'sample':
        throw new Error('codegen: sample in direct code');
    }
  }

  private builtinDirect(r: Extract<Rhs, { kind: 'builtin' }>, ctx: Ctx): string {
    // A higher-order built-in called in direct style: a function argument compiled in CPS (see `call`) is adapted.
    const adapt = HIGHER_ORDER.has(r.name);
    const args = r.args.map((x) => (adapt ? `$h.direct(${this.atom(x, ctx)})` : this.atom(x, ctx)));
    if (r.named.length > 0) args.push(`{ ${r.named.map((n) => `${JSON.stringify(n.name)}: ${this.atom(n.value, ctx)}`).join(', ')} }`);
    const sp = `$S[${this.span(r.span)}]`;
    switch (r.name) {
      case 'infer':
        return `$rt.infer(${args[0]}, ${args[1]}, ${r.site}, ${sp})`;
      case 'mem':
        return `$rt.mem(${args[0]}, ${r.site})`;
    }
    if (ctx.mode.dom && r.realArgs !== false) return `$D.call(${JSON.stringify(r.name)}, ${sp}, $B.${r.name}, ${args.join(', ')})`;
    return `$B.${r.name}(${args.join(', ')})`;
  }

  private prim(op: PrimOp, args: string[], num: 'int' | 'real' | 'other', span: Span, ctx: Ctx): string {
    const [x, y] = args as [string, string];
    if (ctx.mode.dom && num === 'real') {
      switch (op) {
        case 'neg': return `$D.neg(${x})`;
        case 'not': return `!${x}`;
        case 'add': case 'sub': case 'mul': case 'div': case 'mod':
          return `$D.${op}(${x}, ${y}, $S[${this.span(span)}])`;
        default:
          return `$D.cmp(${JSON.stringify(op)}, ${x}, ${y}, $S[${this.span(span)}])`;
      }
    }
    switch (op) {
      case 'neg': return num === 'int' ? `(0 - ${x})` : `(-${x})`;
      case 'not': return `(!${x})`;
      case 'eq': return num === 'other' ? `$h.equals(${x}, ${y})` : `(${x} === ${y})`;
      case 'ne': return num === 'other' ? `!$h.equals(${x}, ${y})` : `(${x} !== ${y})`;
      case 'idiv': return `$h.idiv(${x}, ${y}, $S[${this.span(span)}])`;
      case 'mod': return num === 'int' ? `$h.imod(${x}, ${y}, $S[${this.span(span)}])` : `(${x} % ${y})`;
      case 'add': case 'sub': case 'mul':
        return num === 'int' ? `$h.int(${x} ${PRIM_JS[op]} ${y}, $S[${this.span(span)}])` : `(${x} ${PRIM_JS[op]} ${y})`;
      default:
        return `(${x} ${PRIM_JS[op]} ${y})`;
    }
  }

  private atom(x: Atom, ctx: Ctx): string {
    switch (x.kind) {
      case 'lit': {
        const v = x.value;
        if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : Object.is(v, -0) ? '-0' : String(v);
        return JSON.stringify(v);
      }
      case 'ref':
        return ctx.readAs?.get(x.name) ?? ctx.vars.get(x.name) ?? local(x.name);
      case 'fn':
        return this.fnValue(this.fnByName.get(x.name)!, ctx.mode);
      case 'builtin':
        return ctx.mode.dom ? `$D.value(${JSON.stringify(x.name)}, $V.${x.name})` : `$V.${x.name}`;
    }
  }

  private varName(name: string, ctx: Ctx): string {
    return ctx.vars.get(name) ?? local(name);
  }

  // -------------------------------------------------------------------------------------------
  // CPS statements
  // -------------------------------------------------------------------------------------------

  /**
   * Code for `stmts[i..]` in CPS: statements that cannot suspend are emitted in direct style; the first one
   * that may suspend returns a request (or calls a CPS function) whose continuation holds the rest. `tail`
   * produces the code that runs when the list falls off its end (a join, the next loop iteration).
   */
  private cpsStmts(stmts: readonly Stmt[], i: number, ctx: Ctx, tail: Tail): string {
    let out = '';
    for (let j = i; j < stmts.length; j++) {
      const s = stmts[j]!;
      if (!suspends(s, ctx.mode)) {
        out += this.directStmt(s, ctx);
        if (s.kind === 'return') return out;
        continue;
      }
      const rest = (param: string | null): string => {
        // `let x = <suspending>; return x` resumes the function's own continuation directly (no extra closure).
        const next = stmts[j + 1];
        if (param !== null && s.kind === 'let' && !this.globals.has(s.name) && ctx.k !== null && j + 2 === stmts.length &&
          next?.kind === 'return' && next.value.kind === 'ref' && next.value.name === s.name) {
          return ctx.k;
        }
        // A suspending top-level `let` of a global receives the value under a fresh name and stores it.
        if (param !== null && s.kind === 'let' && this.globals.has(s.name)) {
          const p = this.fresh('$g');
          return this.continuation(stmts, j + 1, ctx, tail, p, `${param} = ${p};\n`);
        }
        return this.continuation(stmts, j + 1, ctx, tail, param);
      };
      const A = ctx.addr!;
      switch (s.kind) {
        case 'let':
          return out + this.letCps(s.name, s.rhs, ctx, rest);
        case 'observe': {
          // a fused observe (prior variant) carries its log density as the value and no distribution, in the
          // one shared request `observed` (contract.ts)
          const f = s.dist.kind === 'ref' ? ctx.fused?.get(s.dist.name) : undefined;
          if (f !== undefined) return out + `return $observed(${s.site}, ${this.normalLogPdfInline(f, this.atom(s.value, ctx))}, ${rest(null)});\n`;
          return out + `return new $Req("observe", ${A}, ${s.site}, ${this.atom(s.dist, ctx)}, ${this.atom(s.value, ctx)}, ${rest(null)});\n`;
        }
        case 'factor':
          return out + `return new $Req("factor", ${A}, ${s.site}, null, ${this.atom(s.logWeight, ctx)}, ${rest(null)});\n`;
        case 'condition':
          return out + `return new $Req("condition", ${A}, ${s.site}, null, ${this.atom(s.cond, ctx)}, ${rest(null)});\n`;
        case 'equate':
          return out + `return new $Req("equate", ${A}, ${s.site}, null, [${this.atom(s.left, ctx)}, ${this.atom(s.right, ctx)}], ${rest(null)});\n`;
        case 'if':
          return out + this.ifCps(s, stmts, j, ctx, tail);
        case 'while': case 'for':
          return out + this.loopCps(s, stmts, j, ctx, tail);
        default:
          throw new Error(`codegen: unexpected suspending ${s.kind}`);
      }
    }
    return out + tail(ctx);
  }

  /**
   * `(param) => { …stmts[i..]… }`. Vars the continuation assigns are first copied into fresh locals, so that
   * resuming it twice never lets one resumption see the other's assignments.
   */
  private continuation(stmts: readonly Stmt[], i: number, ctx: Ctx, tail: Tail, param: string | null, prefix = ''): string {
    const inner: Ctx = { ...ctx, vars: new Map(ctx.vars) };
    const copies = this.copyAssigned(stmts.slice(i), inner, tail.assigns);
    return `(${param ?? ''}) => {\n${prefix}${copies}${this.cpsStmts(stmts, i, inner, tail)}}`;
  }

  private copyAssigned(stmts: readonly Stmt[], ctx: Ctx, alsoAssigned?: ReadonlySet<string>): string {
    let out = '';
    const assigned = assignedVars(stmts);
    for (const v of alsoAssigned ?? []) assigned.add(v);
    for (const v of assigned) {
      const cur = ctx.vars.get(v);
      if (cur === undefined) continue; // declared inside `stmts`
      const js = this.fresh(local(v));
      out += `let ${js} = ${cur};\n`;
      ctx.vars.set(v, js);
    }
    return out;
  }

  private letCps(name: string, rhs: Rhs, ctx: Ctx, rest: (param: string | null) => string): string {
    const x = local(name);
    const A = ctx.addr!;
    const a = (v: Atom): string => this.atom(v, ctx);
    switch (rhs.kind) {
      case 'sample':
        return `return new $Req("sample", ${A}, ${rhs.site}, ${a(rhs.dist)}, null, ${rest(x)});\n`;
      case 'call': {
        const addr = ctx.mode.inl === 'prior' ? 'null' : `new $Addr(${A}, ${rhs.site}, -1)`;
        const args = rhs.args.map(a);
        if (rhs.callee.kind === 'fn') {
          const f = this.fnByName.get(rhs.callee.name)!;
          return `return ${this.fnName(f, 'cps', ctx.mode)}(${[addr, rest(x), ...args].join(', ')});\n`;
        }
        return `return $h.callDyn(${a(rhs.callee)}, ${addr}, ${rest(x)}, [${args.join(', ')}]);\n`;
      }
      case 'builtin': {
        const addr = `new $Addr(${A}, ${rhs.site}, -1)`;
        const args = rhs.args.map(a);
        if (!HIGHER_ORDER.has(rhs.name)) throw new Error(`codegen: built-in ${rhs.name} cannot be probabilistic`);
        return `return $C.${rhs.name}(${[addr, rest(x), ...args].join(', ')});\n`;
      }
      default:
        throw new Error(`codegen: ${rhs.kind} cannot suspend`);
    }
  }

  /** `if` whose branches may suspend: both branches end by calling a join continuation with the vars they assign. */
  private ifCps(s: Extract<Stmt, { kind: 'if' }>, stmts: readonly Stmt[], j: number, ctx: Ctx, tail: Tail): string {
    const carried = [...assignedVars([s])].filter((v) => ctx.vars.has(v));
    const join = this.fresh('$join');
    const jctx: Ctx = { ...ctx, vars: new Map(ctx.vars) };
    const params = carried.map((v) => {
      const p = this.fresh(local(v));
      jctx.vars.set(v, p);
      return p;
    });
    const copies = this.copyAssigned(stmts.slice(j + 1), jctx, tail.assigns);
    const joinCode = `const ${join} = (${params.join(', ')}) => {\n${copies}${this.cpsStmts(stmts, j + 1, jctx, tail)}};\n`;
    const toJoin = (c: Ctx): string => `return ${join}(${carried.map((v) => c.vars.get(v)!).join(', ')});\n`;
    const t = this.cpsStmts(s.then, 0, { ...ctx, vars: new Map(ctx.vars) }, toJoin);
    const e = this.cpsStmts(s.else, 0, { ...ctx, vars: new Map(ctx.vars) }, toJoin);
    return `${joinCode}if (${this.atom(s.cond, ctx)}) {\n${t}} else {\n${e}}\n`;
  }

  /**
   * A loop that may suspend becomes a local function of the loop-carried vars (and the iteration number), which
   * checks the trampoline fuel, opens a frame `Addr(frame, site, iteration)` for the body's choices, and calls
   * itself for the next iteration; `after` holds the statements that follow the loop.
   */
  private loopCps(s: Extract<Stmt, { kind: 'while' | 'for' }>, stmts: readonly Stmt[], j: number, ctx: Ctx, tail: Tail): string {
    const carried = [...assignedVars([s])].filter((v) => ctx.vars.has(v));
    const after = this.fresh('$after');
    const loop = this.fresh('$loop');
    const it = this.fresh('$it');
    const actx: Ctx = { ...ctx, vars: new Map(ctx.vars) };
    const aparams = carried.map((v) => {
      const p = this.fresh(local(v));
      actx.vars.set(v, p);
      return p;
    });
    const acopies = this.copyAssigned(stmts.slice(j + 1), actx, tail.assigns);
    let code = `const ${after} = (${aparams.join(', ')}) => {\n${acopies}${this.cpsStmts(stmts, j + 1, actx, tail)}};\n`;

    const lctx: Ctx = { ...ctx, addr: ctx.mode.inl === 'prior' ? 'null' : this.fresh('$a'), vars: new Map(ctx.vars) };
    const lparams = carried.map((v) => {
      const p = this.fresh(local(v));
      lctx.vars.set(v, p);
      return p;
    });
    const next = (c: Ctx, itExpr: string): string => `return ${loop}(${[itExpr, ...carried.map((v) => c.vars.get(v)!)].join(', ')});\n`;
    const exit = (c: Ctx): string => `return ${after}(${carried.map((v) => c.vars.get(v)!).join(', ')});\n`;
    const allParams = [it, ...lparams].join(', ');
    let body: string;
    let start: string;
    if (s.kind === 'while') {
      // The condition's continuations also run the body: they copy the vars the body assigns.
      const condTail: Tail = Object.assign(
        (c: Ctx) => `if (!(${this.atom(s.cond.value, c)})) ${exit(c)}` + this.cpsStmts(s.body, 0, { ...c, vars: new Map(c.vars) }, (c2) => next(c2, `${it} + 1`)),
        { assigns: assignedVars(s.body) },
      );
      body = this.cpsStmts(s.cond.stmts, 0, lctx, condTail);
      start = '0';
    } else {
      const to = this.fresh('$to');
      code += `const ${to} = ${this.atom(s.to, ctx)};\n`;
      const bctx: Ctx = { ...lctx, vars: new Map(lctx.vars) };
      body = `if (${it} >= ${to}) ${exit(lctx)}const ${local(s.index)} = ${it};\n` +
        this.cpsStmts(s.body, 0, bctx, (c) => next(c, `${it} + 1`));
      start = this.atom(s.from, ctx);
    }
    code +=
      `const ${loop} = (${allParams}) => {\n` +
      `if (--$F.n < 0) return $bounce(() => ${loop}(${allParams}));\n` +
      (ctx.mode.inl === 'prior' ? '' : `const ${lctx.addr} = new $Addr(${ctx.addr}, ${s.site}, ${it});\n`) +
      body + `};\n`;
    return code + `return ${loop}(${[start, ...carried.map((v) => ctx.vars.get(v)!)].join(', ')});\n`;
  }
}

/** A function needs a direct-style variant when it is pure (and a CPS one when it is not, or takes functions). */
export function needsDirect(f: IrFunction): boolean {
  return f.effect === 'pure';
}
export function needsCps(f: IrFunction): boolean {
  return f.effect !== 'pure' || f.fnParams.length > 0;
}

/** Whether `s` may suspend (return a request) in a variant: the inline variants handle some statements inline. */
function suspends(s: Stmt, mode: Mode): boolean {
  if (mode.inl === null) return stmtMaySuspend(s);
  const any = (ss: readonly Stmt[]): boolean => ss.some((x) => suspends(x, mode));
  switch (s.kind) {
    case 'let':
      return s.rhs.kind === 'sample' ? mode.inl !== 'prior' && mode.inl !== 'batch' : stmtMaySuspend(s);
    case 'observe': case 'factor': case 'condition':
      return mode.inl !== 'absorb';
    case 'if':
      return any(s.then) || any(s.else);
    case 'while':
      return any(s.cond.stmts) || any(s.body);
    case 'for':
      return any(s.body);
    default:
      return stmtMaySuspend(s);
  }
}

/**
 * The `let x = Normal(m, s)` of a function body (lambdas excluded: they are their own functions) that the inline
 * variant `mode` can fuse into their consumer: x is used exactly once, as the distribution of a `sample` (prior
 * variant) or of an `observe`, later in the same statement list with only non-suspending `let`s between (so
 * the parameters are checked at the consumer, as soon as the constructor would have checked them but for
 * those lets). The map's values are filled in by codegen when it reaches the `let`.
 */
function fusable(body: readonly Stmt[], mode: Mode): Map<string, string> {
  const uses = new Map<string, number>();
  const count = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) count(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.kind === 'ref' && typeof o.name === 'string') uses.set(o.name, (uses.get(o.name) ?? 0) + 1);
    for (const k in o) if (k !== 'span' && k !== 'invariants' && k !== 'attributes' && k !== 'specs') count(o[k]);
  };
  count(body);
  const out = new Map<string, string>();
  const scan = (stmts: readonly Stmt[]): void => {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      if (s.kind === 'if') { scan(s.then); scan(s.else); continue; }
      if (s.kind === 'while') { scan(s.cond.stmts); scan(s.body); continue; }
      if (s.kind === 'for') { scan(s.body); continue; }
      if (s.kind !== 'let' || s.rhs.kind !== 'builtin' || s.rhs.name !== 'Normal' || s.rhs.args.length !== 2 ||
        s.rhs.named.length > 0 || uses.get(s.name) !== 1) continue;
      const name = s.name;
      for (let j = i + 1; j < stmts.length; j++) {
        const t = stmts[j]!;
        const consumes = (d: Atom): boolean => d.kind === 'ref' && d.name === name;
        if (t.kind === 'let' && t.rhs.kind === 'sample' && consumes(t.rhs.dist)) {
          if (mode.inl === 'prior' || mode.inl === 'batch') out.set(name, '');
          break;
        }
        if (t.kind === 'observe' && consumes(t.dist)) {
          out.set(name, '');
          break;
        }
        if (t.kind !== 'let' || rhsMaySuspendIn(t.rhs, mode)) break;
      }
    }
  };
  scan(body);
  return out;
}

function rhsMaySuspendIn(r: Rhs, mode: Mode): boolean {
  return suspends({ kind: 'let', name: '', rhs: r }, mode);
}

/** JS name of an IR local (IR names are unique; the prefix keeps them clear of JS keywords). */
function local(name: string): string {
  return `l_${name}`;
}

/** Built-ins that never throw need no try/catch for locating errors. */
function mayThrow(name: string): boolean {
  return !['len', 'append', 'concat', 'reverse', 'zip', 'print', 'toReal', 'contains', 'indexOf'].includes(name);
}

