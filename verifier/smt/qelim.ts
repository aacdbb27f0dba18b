// Quantitative quantifier elimination (research report §3.3). The final check is validity, i.e. implicitly
// universal over free variables, so an `inf` in a position where the VC commutes with infima (under + ⊓ ⊔ ite,
// finite ·, the right of → and ↘, …) can have its bound variables replaced by fresh free variables; dually `sup`
// in an upper-bound check. Boolean `forall`/`exists` inside ?(·) and [·] are the same. Distinct quantifier nodes
// get distinct fresh names, so f[x:=true] + f[x:=false] never shares one (that would be unsound under +).
// Quantifiers elsewhere stay and are encoded exactly (Skolem + axioms) by the encoder.

import type { Expr } from '../ivl/index.js';
import { freshName, subst } from '../ivl/index.js';

export type Mode = 'inf' | 'sup' | 'none';

/** Whether e is certainly finite (memoised: VCs are DAGs, and a tree walk would be exponential). */
const finiteMemo = new WeakMap<Expr, boolean>();
function finite(e: Expr): boolean {
  const hit = finiteMemo.get(e);
  if (hit !== undefined) return hit;
  let r: boolean;
  switch (e.k) {
    case 'num': case 'bool': r = true; break;
    case 'cast': r = e.a.ty !== 'EUReal'; break;
    case 'var': case 'call': r = e.ty !== 'EUReal'; break;
    case 'un': r = e.op === 'iverson'; break;
    case 'ite': r = finite(e.a) && finite(e.b); break;
    case 'bin':
      r = e.ty !== 'EUReal'
        || ((e.op === '+' || e.op === '*' || e.op === 'inf' || e.op === 'sup' || e.op === '-') && finite(e.a) && finite(e.b))
        || (e.op === 'inf' && (finite(e.a) || finite(e.b)));
      break;
    default: r = false;
  }
  finiteMemo.set(e, r);
  return r;
}

export function qelim(e: Expr, mode: Mode): Expr {
  const memo = new Map<string, Map<Expr, Expr>>([['inf', new Map()], ['sup', new Map()], ['none', new Map()]]);
  const go = (x: Expr, m: Mode): Expr => {
    if (x.k === 'num' || x.k === 'bool' || x.k === 'infty' || x.k === 'var') return x;
    const table = memo.get(m)!;
    const hit = table.get(x);
    if (hit) return hit;
    let r: Expr;
    switch (x.k) {
      case 'quant': {
        const elim = (m === 'inf' && (x.q === 'inf' || x.q === 'forall')) || (m === 'sup' && (x.q === 'sup' || x.q === 'exists'));
        if (elim) {
          const map = new Map<string, Expr>();
          for (const v of x.vars) map.set(v.name, { k: 'var', name: freshName(v.name), ty: v.ty });
          r = go(subst(x.body, map), m);
        } else r = { ...x, body: go(x.body, 'none') };
        break;
      }
      case 'cast': r = { ...x, a: go(x.a, m) }; break;
      case 'lazy': throw new Error('internal: a pending substitution reached quantifier elimination');
      case 'call': r = x.args.length ? { ...x, args: x.args.map((a) => go(a, 'none')) } : x; break;
      case 'un':
        if (x.op === 'embed' || x.op === 'iverson') r = { ...x, a: go(x.a, m) };
        else if (x.op === 'not' && x.ty === 'Bool') r = { ...x, a: go(x.a, m === 'inf' ? 'sup' : m === 'sup' ? 'inf' : 'none') };
        else if (x.op === 'not') r = { ...x, a: go(x.a, m === 'inf' ? 'sup' : 'none') };
        else r = { ...x, a: go(x.a, 'none') };
        break;
      case 'ite': r = { ...x, c: go(x.c, 'none'), a: go(x.a, m), b: go(x.b, m) }; break;
      case 'bin': {
        switch (x.op) {
          case '+': case 'inf': case 'sup': case '&&': case '||':
            r = { ...x, a: go(x.a, m), b: go(x.b, m) }; break;
          case '*':
            r = { ...x, a: go(x.a, finite(x.b) ? m : 'none'), b: go(x.b, finite(x.a) ? m : 'none') }; break;
          case 'impl': case 'compare':
            r = x.ty === 'Bool'
              ? { ...x, a: go(x.a, m === 'inf' ? 'sup' : m === 'sup' ? 'inf' : 'none'), b: go(x.b, m) }
              : { ...x, a: go(x.a, 'none'), b: go(x.b, m === 'inf' ? 'inf' : 'none') };
            break;
          case 'coimpl': case 'cocompare':
            r = { ...x, a: go(x.a, 'none'), b: go(x.b, m === 'sup' ? 'sup' : 'none') }; break;
          default:
            r = { ...x, a: go(x.a, 'none'), b: go(x.b, 'none') };
        }
        break;
      }
    }
    table.set(x, r);
    return r;
  };
  return go(e, mode);
}
