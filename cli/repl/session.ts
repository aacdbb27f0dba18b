// The REPL's session: one growing program. Every input is parsed and type-checked together with the inputs
// accepted before it; only its own statements then run, with the values that earlier inputs computed passed in,
// so earlier side effects and random choices never happen twice. Results are values; cli/repl.ts shows them.

import { check, effectToString, parse, typeToString, type Binding, type Diagnostic, type Expr, type FnType, type Program, type Span, type TopItem, type Type } from '../../lang/index.js';
import { generate, lower, type IrProgram, type SiteInfo, type Stmt as IrStmt } from '../../compiler/index.js';
import { formatDistTable, formatValue, instantiate, runMain, type Instance, type RunOptions } from '../../runtime/index.js';
import { isPplError } from '../../stdlib/index.js';
import { linkableSource, shiftSites, type Linkable } from './link.js';
import { loadItems, normalise, Sources } from './load.js';

/** One accepted input: typed text (`<repl:N>`) or a file given to `:load`. */
interface Unit {
  kind: 'input' | 'load';
  /** The name its spans carry. */
  file: string;
  /** Its number N (the seed of its run derives from it). */
  n: number;
}

/** What became of one input. */
export interface Outcome {
  /** The name of the input in spans (`<repl:N>`, or the loaded file). */
  file?: string;
  /** Parse and type errors (then nothing ran and the session is unchanged), or warnings. */
  diagnostics: Diagnostic[];
  /** A runtime error: output printed before it stays, the session is unchanged. */
  error?: RuntimeFailure;
  /** The value of an input that ends with an expression, ready to show (a finite Dist is a table). */
  echo?: string;
  /** The type asked for by `:type`. */
  type?: string;
}

export interface RuntimeFailure {
  message: string;
  span?: Span;
  /** Not a .ppl error but a bug in ppl: shown with a stack trace under --debug. */
  internal: boolean;
  stack?: string;
}

export interface SessionOptions {
  /** `--seed N`: input 1 runs with the seed itself (as `ppl run` does), input k with `N/k`. */
  seed: number;
  /** Receives the text of every `print(v)` (one line, without its newline) as it happens. */
  print: (line: string) => void;
}

const ECHO_NAME = '$it';
const ENV_NAME = '$env';
const OUT_NAME = '$out';
const WHOLE: (file: string) => Span = (file) => ({ file, start: 0, end: 0, line: 1, col: 1 });

export class Session {
  /** The text of every input and file, as the user wrote it (for carets). */
  readonly sources = new Sources();
  /** What is parsed for each typed input: its text, with the `;` it may lack (see withSemicolon). */
  private parsed = new Map<string, string>();
  private units: Unit[] = [];
  /** Values of the top-level `let`s and `var`s of accepted inputs, by declaration (see `keyOf`). */
  private env = new Map<string, unknown>();
  private count = 0;
  /** Every module's static sites, ids shifted to be unique in the session (see link.ts). */
  private sites: SiteInfo[] = [];
  /** The `setDomain` of every module whose values the session keeps (see link.ts). */
  private domains: ((d: object) => object)[] = [];

  constructor(private opts: SessionOptions) {}

  /** How many inputs have been numbered so far (`<repl:N>`). */
  get inputs(): number {
    return this.count;
  }

  /** Runs typed text. Its last expression statement, unless Unit, is shown. */
  input(text: string): Outcome {
    const n = ++this.count;
    const file = `<repl:${n}>`;
    this.sources.set(file, text);
    this.parsed.set(file, withSemicolon(text, file));
    return { ...this.submit({ kind: 'input', file, n }), file };
  }

  /** `:load FILE`: the file's definitions join the session and its statements run (prints show; nothing is echoed). */
  load(path: string, text: string): Outcome {
    const n = ++this.count;
    // A file loaded again (edited, say) is a new input; its spans need a name of their own.
    let file = path;
    for (let k = 2; this.sources.get(file) !== undefined; k++) file = `${path}#${k}`;
    this.sources.set(file, text);
    return { ...this.submit({ kind: 'load', file, n }), file };
  }

  /** `:type EXPR`: the type of EXPR in the session, without running it. */
  typeOf(text: string): Outcome {
    const n = ++this.count;
    const file = `<repl:${n}>`;
    return { ...this.typeIn(text, n, file), file };
  }

  private typeIn(text: string, n: number, file: string): Outcome {
    this.sources.set(file, text);
    this.parsed.set(file, withSemicolon(text, file));
    const built = this.build({ kind: 'input', file, n });
    const own = built.items.filter((x) => x.unit === this.units.length);
    const bad = built.diagnostics.filter((d) => d.severity === 'error');
    if (bad.length > 0) return { diagnostics: bad };
    if (own.length !== 1 || own[0]!.item.kind !== 'ExprStmt') {
      const span = own[0]?.item.span ?? WHOLE(file);
      return { diagnostics: [{ severity: 'error', phase: 'check', span, message: '`:type` takes one expression' }] };
    }
    // Checked as the body of a lambda, so that the rules for top-level code (no conditioning, say) do not
    // get in the way of asking for the type of `observe(d, v)`.
    const stmt = own[0]!.item;
    const body = stmt.expr;
    const lambda: Expr = { kind: 'Lambda', params: [], body, span: body.span };
    const program = this.program(built.items.map((x) => (x.item === stmt ? { ...stmt, expr: lambda } : x.item)));
    const errors = relevant(check(program).diagnostics, built.items, this.units.length).filter((d) => d.severity === 'error');
    if (errors.length > 0) return { diagnostics: errors };
    // The type, then the effect of evaluating the expression when it is not pure: `Bool ! sampling`.
    const t = lambda.$type as FnType | undefined;
    if (t === undefined) return { diagnostics: [], type: typeToString(body.$type as Type, { effects: true }) };
    const effect = t.effect.base !== 'pure' || t.effect.vars.length > 0 ? ` ! ${effectToString(t.effect)}` : '';
    return { diagnostics: [], type: typeToString(t.result, { effects: true }) + effect };
  }

  private submit(unit: Unit): Outcome {
    const built = this.build(unit);
    const parseErrors = built.diagnostics.filter((d) => d.severity === 'error');
    if (parseErrors.length > 0) return { diagnostics: parseErrors };
    const program = this.program(built.items.map((x) => x.item));
    const diagnostics = relevant(check(program).diagnostics, built.items, this.units.length);
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
    const warnings = diagnostics.filter((d) => d.span.file === unit.file);
    let plan: Plan;
    try {
      plan = this.plan(built.items, unit);
    } catch (e) {
      return { diagnostics: warnings, error: failure(e) };
    }
    const ran = this.run(plan, unit);
    if (ran.error) return { diagnostics: warnings, error: ran.error };
    plan.exports.forEach((key, i) => this.env.set(key, ran.values[i]));
    this.units.push(unit);
    const out: Outcome = { diagnostics: warnings };
    if (plan.echo !== undefined) out.echo = show(ran.values[plan.exports.length], plan.echo);
    return out;
  }

  /**
   * The session's program with `unit` at its end: every accepted input's items (imports spliced in), less the
   * `fn`s that a later input declares again — a new `fn f` replaces the old one, in earlier code too.
   * `diagnostics` are the new unit's parse and import errors.
   */
  private build(unit: Unit): { items: Placed[]; diagnostics: Diagnostic[] } {
    const imported = new Set<string>();
    const perUnit: TopItem[][] = [];
    let diagnostics: Diagnostic[] = [];
    for (const u of [...this.units, unit]) {
      if (u.kind === 'load') imported.add(normalise(u.file));
      const loaded = loadItems(this.parsed.get(u.file) ?? this.sources.get(u.file)!, u.file, imported, this.sources);
      perUnit.push(loaded.items);
      diagnostics = loaded.diagnostics;
    }
    const items: Placed[] = [];
    const later = new Set<string>();
    for (let u = perUnit.length - 1; u >= 0; u--) {
      const mine: Placed[] = [];
      perUnit[u]!.forEach((item, index) => {
        if (item.kind === 'FnDecl' && later.has(item.name)) return;
        mine.push({ item, unit: u, index });
      });
      for (const p of mine) if (p.item.kind === 'FnDecl') later.add(p.item.name);
      items.unshift(...mine);
    }
    return { items, diagnostics };
  }

  private program(items: TopItem[]): Program {
    return { kind: 'Program', file: '<repl>', items, span: WHOLE('<repl>') };
  }

  /**
   * The program that runs the new unit, for the lowering: earlier inputs' statements are replaced by
   * `let x = <value passed in>` for each top-level name they bound (and `var x = …` for `var`s), so that
   * functions and the new statements see those values; the new unit's statements stay. Also says which values
   * come back (every top-level name, to be passed to the next input) and where the echoed value is.
   */
  private plan(placed: Placed[], unit: Unit): Plan {
    const newUnit = this.units.length;
    const items: TopItem[] = [];
    const params: string[] = [];
    const args: unknown[] = [];
    const exports: string[] = [];
    const exportBindings: { binding: Binding; isVar: boolean }[] = [];
    let echo: Type | undefined;
    const passIn = (b: Binding, key: string, isVar: boolean, span: Span): void => {
      if (!this.env.has(key)) return;
      const param: Binding = { kind: 'param', name: ENV_NAME, id: params.length };
      params.push(irName(param));
      args.push(this.env.get(key));
      const init: Expr = { kind: 'Var', name: ENV_NAME, span, $binding: param, $type: b.type };
      items.push(isVar
        ? { kind: 'VarDecl', name: b.name, nameSpan: b.span ?? span, init, span, $binding: b }
        : { kind: 'Let', name: b.name, nameSpan: b.span ?? span, init, span, $binding: b });
      exports.push(key);
      exportBindings.push({ binding: b, isVar });
    };
    const last = placed.filter((p) => p.unit === newUnit).at(-1);
    for (const p of placed) {
      const { item } = p;
      if (item.kind === 'FnDecl') {
        items.push(item);
        continue;
      }
      if (item.kind === 'Import') continue;
      const bound = topBindings(item);
      if (p.unit !== newUnit) {
        bound.forEach(([b, k]) => passIn(b, keyOf(p, k), item.kind === 'VarDecl', item.span));
        continue;
      }
      if (unit.kind === 'input' && p === last && p.item.kind === 'ExprStmt') {
        const t = p.item.expr.$type as Type | undefined;
        if (t && t.kind !== 'Unit' && t.kind !== 'Never' && t.kind !== 'Error') {
          const it: Binding = { kind: 'global', name: ECHO_NAME, id: 0, type: t };
          items.push({ kind: 'Let', name: ECHO_NAME, nameSpan: p.item.span, init: p.item.expr, span: p.item.span, $binding: it });
          echo = t;
          continue;
        }
      }
      items.push(item);
      bound.forEach(([b, k]) => {
        exports.push(keyOf(p, k));
        exportBindings.push({ binding: b, isVar: item.kind === 'VarDecl' });
      });
    }
    const ir = lower(this.program(items));
    // The values to hand back: every top-level name (by the lowering's naming: source name and binding id),
    // then the echoed value. A name the IR does not have means this file and lower.ts disagree: say so.
    const names = exportBindings.map(({ binding }) => irName(binding));
    if (echo !== undefined) names.push(`${ECHO_NAME}_0`);
    const declared = new Set([...ir.globals, ...ir.main.body.filter((s) => s.kind === 'var').map((s) => (s as { name: string }).name)]);
    for (const name of names) {
      if (!declared.has(name)) throw new Error(`repl: the lowered program has no top-level \`${name}\``);
    }
    const body = ir.main.body.slice();
    const ret = body.pop();
    if (ret?.kind !== 'return') throw new Error('repl: the lowered top level does not end with `return`');
    const tail: IrStmt[] = [
      { kind: 'let', name: OUT_NAME, rhs: { kind: 'array', elems: names.map((name) => ({ kind: 'ref', name })) } },
      { kind: 'return', value: { kind: 'ref', name: OUT_NAME } },
    ];
    const program: IrProgram = { ...ir, main: { ...ir.main, params, body: [...body, ...tail] } };
    const keepsCode = exportBindings.some(({ binding }) => mentionsFn(binding.type as Type | undefined));
    return { ir: program, args, exports, echo, keepsCode };
  }

  private run(plan: Plan, unit: Unit): { values: unknown[]; error?: RuntimeFailure } {
    let values: unknown[] = [];
    try {
      this.sites.push(...shiftSites(plan.ir, this.sites.length));
      const g = generate(plan.ir, { domain: true });
      const opts: RunOptions = {
        seed: unit.n === 1 ? this.opts.seed : `${this.opts.seed}/${unit.n}`,
        print: (v) => this.opts.print(formatValue(v)),
      };
      const mod = { source: linkableSource(g.source), spans: g.spans, sites: { file: plan.ir.file, sites: this.sites } };
      const inst = instantiate(mod, opts) as Linkable;
      inst.link(this.domains);
      const main = inst.main as unknown as (...a: unknown[]) => ReturnType<Instance['main']>;
      const wrapped: Instance = {
        ...inst,
        main: (a, k) => main(a, (v: unknown) => ((values = v as unknown[]), k(v)), ...plan.args),
      };
      runMain(wrapped, opts);
      // Only a module whose functions may run again needs its domain bound later (and is kept alive for it).
      if (inst.setDomain && plan.keepsCode) this.domains.push(inst.setDomain);
    } catch (e) {
      return { values, error: failure(e) };
    }
    return { values };
  }
}

function failure(e: unknown): RuntimeFailure {
  if (isPplError(e)) return { message: e.message, span: e.span, internal: false };
  const err = e as Error;
  return { message: err?.message ?? String(e), internal: true, stack: err?.stack };
}

/** An item of the session's program and where it came from. */
interface Placed {
  item: TopItem;
  /** Index of its input among the accepted ones (the new input: their count). */
  unit: number;
  /** Its position among that input's items (imports spliced in), which is stable from one build to the next. */
  index: number;
}

interface Plan {
  ir: IrProgram;
  /** The values passed in, in the order of `ir.main.params`. */
  args: unknown[];
  /** Keys under which to keep the returned values, in order; the echoed value follows them. */
  exports: string[];
  /** The type of the echoed value, if the input ends with a non-Unit expression. */
  echo?: Type;
  /** Whether a value kept for later inputs may be a function (then its module may run again; see link.ts). */
  keepsCode: boolean;
}

/** Whether values of type `t` may be or hold functions. */
function mentionsFn(t: Type | undefined): boolean {
  if (t === undefined) return true;
  switch (t.kind) {
    case 'Fn': case 'TypeVar': case 'Error':
      return true;
    case 'Array': case 'Dist':
      return mentionsFn(t.elem);
    case 'Tuple':
      return t.elems.some(mentionsFn);
    case 'Record':
      return t.fields.some((f) => mentionsFn(f.type));
    default:
      return false;
  }
}

/**
 * The diagnostics that concern the session as it stands. Re-checking earlier inputs replays their statements
 * in a program that has grown since: a statement that called a `fn` reading a top-level `x` before a later
 * input's `let x` is, as a file, an error ("reads the top-level `x` before its `let` has run"), but here that
 * statement ran long ago, against the `x` of its time, and the `fn` now reads the new `x`, which is set before
 * any new statement runs. Those reports about earlier inputs are dropped; every other diagnostic stays (a
 * redefinition that breaks earlier code is still an error, located there).
 */
function relevant(ds: Diagnostic[], placed: Placed[], newUnit: number): Diagnostic[] {
  const fresh = new Set(placed.filter((p) => p.unit === newUnit).map((p) => p.item.span.file));
  return ds.filter((d) => fresh.has(d.span.file) || !/before its `let`/.test(d.message));
}

function keyOf(p: Placed, k: number): string {
  return `${p.unit}:${p.index}:${k}`;
}

/** The top-level names a statement binds, with their position in it. */
function topBindings(item: TopItem): [Binding, number][] {
  switch (item.kind) {
    case 'Let':
    case 'LetSample':
    case 'VarDecl':
      return item.$binding ? [[item.$binding, 0]] : [];
    case 'LetTuple':
      return (item.$bindings ?? []).flatMap((b, k) => (b && b.name !== '_' ? [[b, k] as [Binding, number]] : []));
    default:
      return [];
  }
}

/** The IR name of a binding: compiler/lower.ts names every local, parameter and global `<name>_<binding id>`. */
function irName(b: Binding): string {
  return `${b.name}_${b.id}`;
}

/**
 * Typed input may leave out the final `;` (`1 + 2`, `let x = 3`): the parser wants one. When the text does not
 * parse as it is but does with a `;` at its end (on a line of its own if it must be, after a line comment), that
 * is the text kept; otherwise the text is kept as typed and its own errors are shown.
 */
function withSemicolon(text: string, file: string): string {
  const trimmed = text.replace(/\s+$/, '');
  if (trimmed === '' || parse(trimmed, file).diagnostics.length === 0) return trimmed;
  for (const candidate of [`${trimmed};`, `${trimmed}\n;`]) {
    if (parse(candidate, file).diagnostics.length === 0) return candidate;
  }
  return trimmed;
}

/** The screen form of an echoed value: a distribution with finitely many values as a table with bars. */
function show(v: unknown, t: Type): string {
  if (t.kind === 'Dist') {
    const inline = formatValue(v);
    const d = v as { support?: () => unknown[] | undefined };
    // A primitive continuous distribution reads best as its constructor call (`Normal(0, 1)`).
    if (inline.startsWith('Dist{') || d.support?.() !== undefined) return formatDistTable(v as Parameters<typeof formatDistTable>[0]);
    return inline;
  }
  // Inside the echo a string is shown quoted, so that `"1"` and `1` look different.
  return formatValue(v, false);
}
