// Desugars a procedure body into the core: every annotated loop through its proof rule, every call through the
// callee's specification. Records the approximations made, which decide the verdicts a unit may report.

import type { Stmt, Proc, Ty, Annotation, Calculus } from '../ivl/index.js';
import type { Span } from '../../lang/index.js';
import { desugarCall } from './calls.js';
import type { LoopRule, RuleContext, WhileStmt } from './rules/rule.js';
import { RULES } from './rules/index.js';
import { type ApproxRecord, semanticsOf, OVER, UNDER, UNKNOWN } from './soundness.js';

export class DesugarError extends Error {
  constructor(message: string, readonly span?: Span) { super(message); }
}

export interface Desugared {
  readonly body: Stmt[];
  readonly types: Map<string, Ty>;
  readonly approx: ApproxRecord[];
  readonly generated: Proc[];
}

export function procTypes(p: Proc): Map<string, Ty> {
  const types = new Map<string, Ty>();
  for (const x of [...p.params, ...p.returns]) types.set(x.name, x.ty);
  const walk = (ss: readonly Stmt[]) => {
    for (const s of ss) {
      if (s.k === 'var') types.set(s.name, s.ty);
      else if (s.k === 'block') walk(s.body);
      else if (s.k === 'if' || s.k === 'choice') { walk(s.a); walk(s.b); }
      else if (s.k === 'while') {
        walk(s.body);
        for (const a of s.rule?.args ?? []) if (a.k === 'var' && a.name.includes('$') && a.ty) types.set(a.name, a.ty);
      }
    }
  };
  walk(p.body ?? []);
  return types;
}

export function desugarProc(p: Proc, procs: ReadonlyMap<string, Proc>): Desugared {
  const types = procTypes(p);
  const approx: ApproxRecord[] = [];
  const generated: Proc[] = [];
  const negations: (Span | undefined)[] = [];
  const go = (ss: readonly Stmt[]): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of ss) {
      switch (s.k) {
        case 'block': out.push({ ...s, body: go(s.body) }); break;
        case 'if': case 'choice': out.push({ ...s, a: go(s.a), b: go(s.b) }); break;
        case 'negate':
          // a negation flips over- into under-approximation: exact only if everything else is exact (checked below)
          negations.push(s.span);
          out.push(s);
          break;
        case 'call': {
          const callee = procs.get(s.proc);
          if (!callee) throw new DesugarError(`unknown procedure \`${s.proc}\``, s.span);
          if (callee.dir !== p.dir) {
            throw new DesugarError(`a ${p.dir === 'down' ? 'proc' : 'coproc'} cannot call the ${callee.dir === 'down' ? 'proc' : 'coproc'} \`${callee.name}\` (directions must match)`, s.span);
          }
          if (p.calculus && callee.calculus && p.calculus !== callee.calculus) {
            throw new DesugarError(`\`@${p.calculus}\` procedure calls \`${callee.name}\`, which is \`@${callee.calculus}\``, s.span);
          }
          approx.push({ what: `the specification of \`${callee.name.replace(/#\d+\$spec$/, '')}\` for a call`, approx: p.dir === 'down' ? UNDER : OVER, span: s.span });
          out.push(...desugarCall(s, callee, p.dir, types));
          break;
        }
        case 'while': {
          if (!s.rule) throw new DesugarError('a `while` loop needs a proof-rule annotation, e.g. `@invariant(I)`', s.span);
          const rule: LoopRule | undefined = RULES.get(s.rule.name);
          if (!rule) throw new DesugarError(`unknown proof rule \`@${s.rule.name}\``, s.rule.span);
          const body = go(s.body);
          const ctx: RuleContext = { dir: p.dir, calculus: p.calculus, proc: p, types, body, addProc: (g) => generated.push(g) };
          const msg = rule.check?.(s as WhileStmt, s.rule, ctx);
          if (msg) throw new DesugarError(`\`@${s.rule.name}\`: ${msg}`, s.rule.span);
          const sem = semanticsOf(p.calculus as Calculus | undefined) ?? rule.defaultSemantics(p.dir, s.rule as Annotation);
          approx.push({ what: `the loop's \`@${s.rule.name}\` rule (${sem === 'lfp' ? 'least' : 'greatest'} fixed point)`, approx: rule.approximation(sem, p.dir, s.rule), span: s.rule.span });
          out.push({ k: 'block', body: rule.desugar(s as WhileStmt, s.rule, ctx), span: s.span });
          break;
        }
        default: out.push(s);
      }
    }
    return out;
  };
  const body = go(p.body ?? []);
  if (negations.length && approx.some((r) => !r.approx.under || !r.approx.over)) {
    approx.push({ what: '`negate` combined with an approximating rule or call', approx: UNKNOWN, span: negations[0] });
  }
  return { body, types, approx, generated };
}
