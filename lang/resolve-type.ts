// Type expressions as written (`[Real]`, `Dist<Nat>`, `(Real) -> Bool`) to semantic types, with
// messages for unknown names. Function types in parameter position get fresh effect variables (so a
// function-typed parameter is effect-polymorphic); elsewhere their effect is refined from the value.

import type { TypeExpr } from './ast.js';
import type { Span } from './span.js';
import { didYouMean } from './suggest.js';
import { ERROR_NAME } from './check-context.js';
import {
  ErrorT, PURE, arrayOf, distOf, fnOf, freshEffectVar, primNamed, recordOf, tupleOf, type Type, type TypeVar,
} from './types.js';

const typeNames = ['Bool', 'Nat', 'Int', 'Real', 'String', 'Unit', 'Tensor', 'Method', 'Dist'];

export type Report = (message: string, span: Span) => void;

/**
 * Resolves `te`. `mode` is `poly` for the parameters of functions and lambdas (each arrow gets a
 * fresh effect variable) and `plain` elsewhere (arrows are pure until refined by `refineEffects`).
 */
export function resolveType(te: TypeExpr, typeParams: ReadonlyMap<string, TypeVar>, mode: 'poly' | 'plain', report: Report): Type {
  const go = (t: TypeExpr): Type => resolveType(t, typeParams, mode, report);
  switch (te.kind) {
    case 'TName': {
      if (te.name === ERROR_NAME) return ErrorT;
      const tv = typeParams.get(te.name);
      if (tv) return tv;
      const p = primNamed(te.name);
      if (p) return p;
      if (te.name === 'Dist') {
        report('`Dist` needs a type argument: `Dist<T>`', te.span);
        return ErrorT;
      }
      report(`unknown type \`${te.name}\`${didYouMean(te.name, [...typeParams.keys(), ...typeNames])}`, te.span);
      return ErrorT;
    }
    case 'TApp': {
      if (te.name !== 'Dist') {
        const known = primNamed(te.name) || typeParams.has(te.name);
        report(known
          ? `\`${te.name}\` takes no type arguments`
          : `unknown type \`${te.name}\`${didYouMean(te.name, ['Dist'])}`, te.span);
        te.args.forEach(go);
        return ErrorT;
      }
      if (te.args.length !== 1) {
        report(`\`Dist\` takes one type argument, found ${te.args.length}`, te.span);
        te.args.forEach(go);
        return ErrorT;
      }
      return distOf(go(te.args[0]!));
    }
    case 'TArray':
      return arrayOf(go(te.elem));
    case 'TTuple':
      return tupleOf(te.elems.map(go));
    case 'TRecord': {
      const seen = new Set<string>();
      const fields: { name: string; type: Type }[] = [];
      for (const f of te.fields) {
        if (seen.has(f.name)) report(`field \`${f.name}\` appears twice`, f.span);
        seen.add(f.name);
        fields.push({ name: f.name, type: go(f.type) });
      }
      return recordOf(fields);
    }
    case 'TFn': {
      const params = te.params.map(go);
      const result = go(te.result);
      return fnOf(params, result, mode === 'poly' ? { base: 'pure', vars: [freshEffectVar()] } : PURE);
    }
  }
}

/**
 * The declared type `declared` with the effects of its function types taken from the value's type
 * `actual` (where they line up): `let f: (Real) -> Real = fn(x) => flip(x) ? 1.0 : 0.0` is sampling.
 */
export function refineEffects(declared: Type, actual: Type): Type {
  switch (declared.kind) {
    case 'Fn':
      if (actual.kind !== 'Fn' || actual.params.length !== declared.params.length) return declared;
      return fnOf(declared.params, refineEffects(declared.result, actual.result), actual.effect, declared.typeParams);
    case 'Array':
      return actual.kind === 'Array' ? arrayOf(refineEffects(declared.elem, actual.elem)) : declared;
    case 'Dist':
      return actual.kind === 'Dist' ? distOf(refineEffects(declared.elem, actual.elem)) : declared;
    case 'Tuple':
      return actual.kind === 'Tuple' && actual.elems.length === declared.elems.length
        ? tupleOf(declared.elems.map((t, i) => refineEffects(t, actual.elems[i]!)))
        : declared;
    case 'Record':
      return actual.kind === 'Record'
        ? recordOf(declared.fields.map((f) => {
          const a = actual.fields.find((g) => g.name === f.name);
          return { name: f.name, type: a ? refineEffects(f.type, a.type) : f.type };
        }))
        : declared;
    default:
      return declared;
  }
}

/** Whether a type mentions a function type (so its effects need refining). */
export function mentionsFn(t: Type): boolean {
  switch (t.kind) {
    case 'Fn':
      return true;
    case 'Array':
    case 'Dist':
      return mentionsFn(t.elem);
    case 'Tuple':
      return t.elems.some(mentionsFn);
    case 'Record':
      return t.fields.some((f) => mentionsFn(f.type));
    default:
      return false;
  }
}
