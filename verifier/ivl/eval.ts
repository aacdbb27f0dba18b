// The exact meaning of IVL expressions on concrete states: exact rationals for numbers, [0, ∞] for EUReal.
// This is the reference model: transformer tests evaluate VCs with it, and the SMT encoding is tested against it.

import type { Expr, Ty } from './ast.js';
import {
  type Rational, type EUReal, INF, ZERO, ONE, add, sub, mul, div, cmp, intMod, intDiv, rat,
  euAdd, euMul, euSub, euLe, euEq, euMin, euMax,
} from './rational.js';

export type Value = boolean | Rational | 'inf';
export type Env = ReadonlyMap<string, Value>;
export type FuncImpl = (args: Value[]) => Value;

const isEU = (t: Ty | undefined) => t === 'EUReal';
const isUnsigned = (t: Ty | undefined) => t === 'UInt' || t === 'UReal';

export class EvalError extends Error {}

export function evalExpr(e: Expr, env: Env, funcs: ReadonlyMap<string, FuncImpl> = new Map()): Value {
  const ev = (x: Expr): Value => evalExpr(x, env, funcs);
  const num = (x: Expr): Rational => {
    const v = ev(x);
    if (typeof v === 'boolean' || v === INF) throw new EvalError(`expected a finite number`);
    return v;
  };
  const eu = (x: Expr): EUReal => {
    const v = ev(x);
    if (typeof v === 'boolean') throw new EvalError('expected a number');
    return v;
  };
  switch (e.k) {
    case 'var': {
      const v = env.get(e.name);
      if (v === undefined) throw new EvalError(`unbound variable ${e.name}`);
      return v;
    }
    case 'num': return e.value;
    case 'bool': return e.value;
    case 'infty': return INF;
    case 'cast': return ev(e.a);
    case 'lazy': {
      const inner = new Map(env);
      for (const [k, v] of e.map) inner.set(k, ev(v));
      return evalExpr(e.body, inner, funcs);
    }
    case 'ite': return ev(e.c) ? ev(e.a) : ev(e.b);
    case 'call': {
      const f = funcs.get(e.fn);
      if (!f) throw new EvalError(`no implementation of ${e.fn}`);
      return f(e.args.map(ev));
    }
    case 'un':
      switch (e.op) {
        case 'iverson': return ev(e.a) ? ONE : ZERO;
        case 'embed': return ev(e.a) ? INF : ZERO;
        case 'not': {
          const v = ev(e.a);
          if (typeof v === 'boolean') return !v;
          return v !== INF && v.num === 0n ? INF : ZERO;
        }
        case 'non': {
          const v = ev(e.a);
          if (typeof v === 'boolean') return !v;
          return v === INF ? ZERO : INF;
        }
      }
      break;
    case 'quant': {
      if (e.vars.some((v) => v.ty !== 'Bool')) throw new EvalError('cannot evaluate a quantifier over an infinite type');
      let acc: Value | undefined;
      const assignments = 1 << e.vars.length;
      for (let m = 0; m < assignments; m++) {
        const inner = new Map(env);
        e.vars.forEach((v, i) => inner.set(v.name, Boolean(m & (1 << i))));
        const v = evalExpr(e.body, inner, funcs);
        if (acc === undefined) acc = v;
        else if (e.q === 'forall') acc = (acc as boolean) && (v as boolean);
        else if (e.q === 'exists') acc = (acc as boolean) || (v as boolean);
        else if (e.q === 'inf') acc = euMin(acc as EUReal, v as EUReal);
        else acc = euMax(acc as EUReal, v as EUReal);
      }
      return acc!;
    }
    case 'bin': {
      const t = e.a.ty;
      switch (e.op) {
        case '&&': return (ev(e.a) as boolean) && (ev(e.b) as boolean);
        case '||': return (ev(e.a) as boolean) || (ev(e.b) as boolean);
        case '+': return isEU(t) ? euAdd(eu(e.a), eu(e.b)) : add(num(e.a), num(e.b));
        case '*': return isEU(t) ? euMul(eu(e.a), eu(e.b)) : mul(num(e.a), num(e.b));
        case '-': {
          if (isEU(t)) return euSub(eu(e.a), eu(e.b));
          const d = sub(num(e.a), num(e.b));
          return isUnsigned(t) && d.num < 0n ? ZERO : d;
        }
        case '/': {
          const b = num(e.b);
          if (b.num === 0n) return ZERO; // unspecified in SMT; any fixed choice is fine for tests
          const q = div(num(e.a), b);
          return t === 'UInt' || t === 'Int' ? rat(intDiv(q.num, q.den)) : q;
        }
        case '%': {
          const b = num(e.b);
          if (b.num === 0n) return ZERO;
          return rat(intMod(num(e.a).num, b.num));
        }
        case '==': case '!=': {
          const a = ev(e.a), b = ev(e.b);
          const eq = typeof a === 'boolean' ? a === b : euEq(a as EUReal, b as EUReal);
          return e.op === '==' ? eq : !eq;
        }
        case '<=': return le(eu(e.a), eu(e.b));
        case '<': return !le(eu(e.b), eu(e.a));
        case '>=': return le(eu(e.b), eu(e.a));
        case '>': return !le(eu(e.a), eu(e.b));
        case 'inf': case 'sup': {
          if (t === 'Bool') return e.op === 'inf' ? (ev(e.a) as boolean) && (ev(e.b) as boolean) : (ev(e.a) as boolean) || (ev(e.b) as boolean);
          const a = eu(e.a), b = eu(e.b);
          return e.op === 'inf' ? minV(a, b) : maxV(a, b);
        }
        case 'impl': case 'coimpl': case 'compare': case 'cocompare': {
          if (t === 'Bool') {
            const a = ev(e.a) as boolean, b = ev(e.b) as boolean;
            if (e.op === 'impl') return !a || b;
            if (e.op === 'coimpl') return !a && b;
            if (e.op === 'compare') return !a || b;
            return !(!b || a); // cocompare: ⊥ if a ≥ b else ⊤
          }
          const a = eu(e.a), b = eu(e.b);
          if (e.op === 'impl') return euLe(a, b) ? INF : b;
          if (e.op === 'coimpl') return euLe(b, a) ? ZERO : b;
          if (e.op === 'compare') return euLe(a, b) ? INF : ZERO;
          return euLe(b, a) ? ZERO : INF;
        }
      }
    }
  }
  throw new EvalError('cannot evaluate this expression');
}

/** ≤ on rationals extended with ∞ (works for signed numbers too). */
function le(a: EUReal, b: EUReal): boolean { return euLe(a, b); }
function minV(a: EUReal, b: EUReal): EUReal { return le(a, b) ? a : b; }
function maxV(a: EUReal, b: EUReal): EUReal { return le(a, b) ? b : a; }

export { euEq };
