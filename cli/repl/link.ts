// What lets values made by one input's compiled module work inside a later one. Each input compiles to its own
// module, but a closure kept in a `let` still runs its own module's code: (1) static site ids must mean the same
// thing in every module of the session (error messages and addresses look them up), so each module's ids are
// shifted past the earlier ones and all share one site table; (2) `infer` with a gradient method binds the
// number domain of the running module only, so a later module rebinds it in the earlier ones too.

import type { IrFunction, IrProgram, Rhs, SiteInfo, Stmt } from '../../compiler/index.js';
import type { Instance } from '../../runtime/index.js';

/** Adds `offset` to every site id of `prog` (in place) and returns its sites, to be appended to the session's table. */
export function shiftSites(prog: IrProgram, offset: number): SiteInfo[] {
  if (offset !== 0) {
    for (const f of prog.functions) shiftFn(f, offset);
    shiftFn(prog.main, offset);
  }
  return prog.sites;
}

function shiftFn(f: IrFunction, offset: number): void {
  shiftStmts(f.body, offset);
}

function shiftStmts(stmts: Stmt[], offset: number): void {
  for (const s of stmts) {
    switch (s.kind) {
      case 'let':
        shiftRhs(s.rhs, offset);
        break;
      case 'observe': case 'factor': case 'condition': case 'equate':
        s.site += offset;
        break;
      case 'if':
        shiftStmts(s.then, offset);
        shiftStmts(s.else, offset);
        break;
      case 'while':
        s.site += offset;
        shiftStmts(s.cond.stmts, offset);
        shiftStmts(s.body, offset);
        break;
      case 'for':
        s.site += offset;
        shiftStmts(s.body, offset);
        break;
      case 'var': case 'set': case 'tick': case 'return':
        break;
    }
  }
}

function shiftRhs(r: Rhs, offset: number): void {
  switch (r.kind) {
    case 'call': case 'builtin': case 'sample':
      r.site += offset;
      break;
    case 'lambda':
      shiftFn(r.fn, offset);
      break;
    default:
      break;
  }
}

/**
 * The module source that runs `source` (a generated module: the body of `function ($rt)` returning an
 * Instance) and adds `link(earlier)`: afterwards binding the number domain binds it in the earlier modules too.
 */
export function linkableSource(source: string): string {
  return (
    `const $inst = (function ($rt) {\n${source}\n})($rt);\n` +
    `const $own = $inst.setDomain;\n` +
    `$inst.link = (earlier) => {\n` +
    `  if ($own === undefined || earlier.length === 0) return;\n` +
    `  $rt.setDomain = (d) => { for (const s of earlier) s(d); return $own(d); };\n` +
    `};\n` +
    `return $inst;\n`
  );
}

/** An instance made from linkableSource. */
export type Linkable = Instance & { link(earlier: ((d: object) => object)[]): void };
