// The type-and-effect checker's driver: `check(program)` resolves names, infers types and effects and
// writes them into the AST (`$type`, `$binding`, `$effect`, `$typeArgs`, `$captures`).
// Inference that depends on later code (a `var`'s later assignments, a recursive function's result,
// a global read by a fn checked before its `let`) is a fixpoint: passes repeat, widening assumptions,
// until nothing changes; the diagnostics of the last pass are the answer.
//
// What later passes read (on a program that checked without errors):
// - every expression's `$type` (a types.ts `Type`); Nat/Int/Real tell integer from real arithmetic;
// - every `Var`'s `$binding`: one Binding object per declaration, shared with the declaring node
//   (`Let/LetSample/VarDecl/For.$binding`, `LetTuple.$bindings`, `Param.$binding`, `FnDecl.$binding`);
//   kinds: `builtin` (look it up in builtins.ts), `fn` (`decl`), `global` (a top-level let, visible in
//   fns), `let`, `var`, `param`, `for`, `result`/`cost` (specifications only);
// - `Call.$effect` (concrete; effect variables count as `conditioning`), `$typeArgs` (solved type
//   parameters of a generic callee), `$overload` (which signature of an overloaded built-in);
// - `FnDecl.$type`/`Lambda.$type` (a FnType whose `effect` is exact: `base` plus the effect variables
//   of function-typed parameters), `FnDecl.$effect`/`Lambda.$effect` (concrete upper bound);
// - `Lambda.$captures` (outer locals read, globals excluded); `Expect.$asIndex` (when `E[i]` is indexing).

import type { Binding, FnDecl, Program, TopItem } from './ast.js';
import type { Diagnostic, Span } from './span.js';
import { builtins } from './builtins.js';
import { ERROR_NAME, Persistent, Run, newCtx, spanKey, type Env } from './check-context.js';
import { checkFnDecl, resolveSignatures } from './check-fn.js';
import { checkStmt } from './check-stmt.js';
import { Scope } from './scope.js';
import { Never } from './types.js';

export interface CheckResult {
  /** Every error found, sorted by file and position. Empty when the program is well typed. */
  diagnostics: Diagnostic[];
  /** How many passes the fixpoint took (1 unless an assumption about later code had to be revised). */
  passes: number;
}

/** Enough for chains of recursive functions and `var`s widened several times (Nat → Int → Real, arrays of them). */
const MAX_PASSES = 12;

export interface CheckOptions {
  /** Called with an internal error (a bug) before it becomes a diagnostic; `ppl … --debug` prints its stack. */
  onInternalError?: (error: unknown) => void;
}

/** Checks a parsed program (with its imports already spliced in; see checkSource). Never throws. */
export function check(program: Program, options: CheckOptions = {}): CheckResult {
  try {
    return checkProgram(program);
  } catch (e) {
    options.onInternalError?.(e);
    const message = e instanceof RangeError && /call stack/i.test(e.message)
      ? 'this program nests too deeply to be checked (an expression or block nested thousands of levels deep)'
      : `internal error in the checker: ${(e as Error)?.message ?? String(e)}`;
    return { diagnostics: [{ severity: 'error', message, span: { ...program.span, end: program.span.start }, phase: 'check' }], passes: 0 };
  }
}

function checkProgram(program: Program): CheckResult {
  const fns = program.items.filter((i): i is FnDecl => i.kind === 'FnDecl');
  const state = new Persistent();
  resolveSignatures(fns, state);
  let run: Run;
  let passes = 0;
  do {
    state.changed = false;
    run = pass(program, fns, state);
    passes++;
  } while (state.changed && passes < MAX_PASSES);
  const diagnostics = [...state.sigDiagnostics, ...run.diagnostics];
  if (state.changed) {
    const culprits = fns.filter((f) => run.recursive.has(f) && !f.result);
    for (const f of culprits) {
      diagnostics.push({
        severity: 'error', phase: 'check', span: f.nameSpan,
        message: `cannot infer the result type of the recursive function \`${f.name}\`; declare it, as in \`fn ${f.name}(…) -> Real\``,
      });
    }
    if (culprits.length === 0) {
      diagnostics.push({
        severity: 'error', phase: 'check', span: { ...program.span, end: program.span.start },
        message: 'type inference did not settle (a type that keeps growing); add type annotations to `var`s and recursive functions',
      });
    }
  }
  return { diagnostics: sortDiagnostics(dedupe(diagnostics), program.items), passes };
}

/** One pass over the whole program. */
function pass(program: Program, fns: FnDecl[], state: Persistent): Run {
  const run = new Run(state, checkFnDecl);
  run.prelude = new Scope();
  for (const name of builtins.keys()) run.prelude.define(run.binding('builtin', name));
  run.decls = run.prelude.child();
  for (const fn of fns) {
    const b = run.binding('fn', fn.name, fn.nameSpan, undefined, fn);
    fn.$binding = b;
    if (!run.decls.hasOwn(fn.name)) run.decls.define(b);
  }
  // Every top-level `let` is visible in every fn (the last one of a name wins).
  run.globals = run.decls.child();
  program.items.forEach((item, i) => {
    for (const [name, span, k] of topNames(item)) {
      if (item.kind === 'VarDecl') {
        run.topVarNames.add(name);
        continue;
      }
      const b = run.binding('global', name, span, state.declTypes.get(spanKey(span)) ?? Never);
      const list = run.topBindings.get(item) ?? [];
      list[k] = b;
      run.topBindings.set(item, list);
      run.globalItem.set(b, i);
      if (name === '_' || name === ERROR_NAME) continue;
      run.globals.define(b);
      if (!run.laterGlobals.has(name)) run.laterGlobals.set(name, b);
    }
  });

  const env: Env = { run, ctx: newCtx({ kind: 'top', label: 'top-level code' }), scope: run.decls.child() };
  program.items.forEach((item, i) => {
    if (item.kind === 'FnDecl' || item.kind === 'Import') return;
    run.currentItem = i;
    checkStmt(env, item);
  });
  run.currentItem = -1;
  for (const fn of fns) checkFnDecl(run, fn);
  useBeforeLet(run);
  return run;
}

function topNames(item: TopItem): [string, Span, number][] {
  switch (item.kind) {
    case 'Let':
    case 'LetSample':
    case 'VarDecl':
      return [[item.name, item.nameSpan, 0]];
    case 'LetTuple':
      return item.names.map((n, k) => [n.name, n.span, k]);
    default:
      return [];
  }
}

/**
 * A top-level statement that calls (or passes on) a fn runs that fn's body then: every top-level
 * `let` the fn reads, directly or through other fns, must already have run.
 */
function useBeforeLet(run: Run): void {
  const memo = new Map<FnDecl, Map<Binding, FnDecl>>();
  const globalsOf = (fn: FnDecl): Map<Binding, FnDecl> => {
    const hit = memo.get(fn);
    if (hit) return hit;
    const out = new Map<Binding, FnDecl>();
    memo.set(fn, out);
    const stack: FnDecl[] = [fn];
    const seen = new Set<FnDecl>([fn]);
    while (stack.length > 0) {
      const f = stack.pop()!;
      const r = run.reads.get(f);
      if (!r) continue;
      for (const g of r.globals.keys()) if (!out.has(g)) out.set(g, f);
      for (const h of r.fns.keys()) {
        if (!seen.has(h)) {
          seen.add(h);
          stack.push(h);
        }
      }
    }
    return out;
  };
  const reported = new Set<string>();
  for (const ref of run.topRefs) {
    const key = spanKey(ref.span);
    if (reported.has(key)) continue;
    for (const [g, via] of globalsOf(ref.fn)) {
      const gi = run.globalItem.get(g);
      if (gi === undefined || gi < ref.item) continue;
      reported.add(key);
      const through = via === ref.fn ? '' : ` (through \`${via.name}\`)`;
      run.error(
        `\`${ref.fn.name}\` reads the top-level \`${g.name}\`${through} before its \`let\` (line ${g.span!.line}) has run`,
        ref.span,
        [{ message: `\`${g.name}\` is defined here`, span: g.span }],
      );
      break;
    }
  }
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.span.file}:${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** By file (in the order the program's items come from them), then by position. */
export function sortDiagnostics(ds: Diagnostic[], items: readonly TopItem[]): Diagnostic[] {
  const order = new Map<string, number>();
  for (const it of items) if (!order.has(it.span.file)) order.set(it.span.file, order.size);
  const rank = (f: string): number => order.get(f) ?? order.size;
  return [...ds].sort((a, b) => rank(a.span.file) - rank(b.span.file) || a.span.start - b.span.start);
}

