// Semantic types of .ppl (language.md §3) and their algebra: subtyping (Nat <: Int <: Real, covariant
// containers and results, contravariant parameters), least upper and greatest lower bounds, effects,
// substitution of type and effect variables, and printing. The checker writes these into `$type` fields.

import type { Effect } from './ast.js';

/** Types without structure. `Tensor` is a tensorflow.js tensor; `Method` an inference method value. */
export type PrimKind = 'Bool' | 'Nat' | 'Int' | 'Real' | 'String' | 'Unit' | 'Tensor' | 'Method';

export interface PrimType { readonly kind: PrimKind }
/** `[T]` */
export interface ArrayType { readonly kind: 'Array'; readonly elem: Type }
/** `(T1, T2, …)`, two or more elements. */
export interface TupleType { readonly kind: 'Tuple'; readonly elems: readonly Type[] }
/** `{a: T, b: U}` — fields in source order; two record types with the same fields in another order are equal. */
export interface RecordType { readonly kind: 'Record'; readonly fields: readonly { readonly name: string; readonly type: Type }[] }
/** `Dist<T>` */
export interface DistType { readonly kind: 'Dist'; readonly elem: Type }

/**
 * The latent effect of calling a function: the largest of `base` and the effects of the effect
 * variables in `vars`. Effect variables stand for the effects of function-typed parameters
 * (`map(xs, f)` has the effect of `f`): a call binds them to the effects of its arguments.
 */
export interface LatentEffect { readonly base: Effect; readonly vars: readonly number[] }

/**
 * `(T1, T2) -> R`, with the effect of calling it. A generic function's type lists its type
 * parameters in `typeParams` (a type scheme; the checker instantiates it at every call).
 */
export interface FnType {
  readonly kind: 'Fn';
  readonly params: readonly Type[];
  readonly result: Type;
  readonly effect: LatentEffect;
  readonly typeParams?: readonly TypeVar[];
}

/** A type parameter `T` of a generic function (or a built-in's signature). `id` is unique. */
export interface TypeVar { readonly kind: 'TypeVar'; readonly name: string; readonly id: number }

/** The type of an expression that never produces a value, and the element type of `[]`: a subtype of every type. */
export interface NeverType { readonly kind: 'Never' }
/** The type of an erroneous expression: compatible with everything, so one mistake is reported once. */
export interface ErrorType { readonly kind: 'Error' }

export type Type = PrimType | ArrayType | TupleType | RecordType | DistType | FnType | TypeVar | NeverType | ErrorType;

// ---------------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------------

export const Bool: PrimType = { kind: 'Bool' };
export const Nat: PrimType = { kind: 'Nat' };
export const Int: PrimType = { kind: 'Int' };
export const Real: PrimType = { kind: 'Real' };
export const Str: PrimType = { kind: 'String' };
export const Unit: PrimType = { kind: 'Unit' };
export const Tensor: PrimType = { kind: 'Tensor' };
export const Method: PrimType = { kind: 'Method' };
export const Never: NeverType = { kind: 'Never' };
export const ErrorT: ErrorType = { kind: 'Error' };

const prims: Record<PrimKind, PrimType> = { Bool, Nat, Int, Real, String: Str, Unit, Tensor, Method };
/** The primitive type named `name`, if it is one. */
export function primNamed(name: string): PrimType | undefined {
  return Object.prototype.hasOwnProperty.call(prims, name) ? prims[name as PrimKind] : undefined;
}

export const arrayOf = (elem: Type): ArrayType => ({ kind: 'Array', elem });
export const tupleOf = (elems: readonly Type[]): TupleType => ({ kind: 'Tuple', elems });
export const recordOf = (fields: readonly { name: string; type: Type }[]): RecordType => ({ kind: 'Record', fields });
export const distOf = (elem: Type): DistType => ({ kind: 'Dist', elem });
export const PURE: LatentEffect = { base: 'pure', vars: [] };
export function fnOf(params: readonly Type[], result: Type, effect: LatentEffect | Effect = PURE, typeParams?: readonly TypeVar[]): FnType {
  const eff = typeof effect === 'string' ? { base: effect, vars: [] } : effect;
  return typeParams && typeParams.length > 0
    ? { kind: 'Fn', params, result, effect: eff, typeParams }
    : { kind: 'Fn', params, result, effect: eff };
}

let nextVarId = 1;
/** A fresh type variable (ids are unique in this process; the checker only compares them). */
export function freshTypeVar(name: string): TypeVar {
  return { kind: 'TypeVar', name, id: nextVarId++ };
}
/** A fresh effect variable id. */
export function freshEffectVar(): number {
  return nextVarId++;
}

// ---------------------------------------------------------------------------------------------
// Effects
// ---------------------------------------------------------------------------------------------

const effectRank: Record<Effect, number> = { pure: 0, sampling: 1, conditioning: 2 };
export function effectLeq(a: Effect, b: Effect): boolean {
  return effectRank[a] <= effectRank[b];
}
export function maxEffect(a: Effect, b: Effect): Effect {
  return effectRank[a] >= effectRank[b] ? a : b;
}
export function joinLatent(a: LatentEffect, b: LatentEffect): LatentEffect {
  const base = maxEffect(a.base, b.base);
  if (base === 'conditioning') return { base, vars: [] };
  const vars = a.vars.length === 0 ? b.vars : b.vars.length === 0 ? a.vars : [...new Set([...a.vars, ...b.vars])].sort((x, y) => x - y);
  return { base, vars };
}
export function latentLeq(a: LatentEffect, b: LatentEffect): boolean {
  if (b.base === 'conditioning') return true;
  return effectLeq(a.base, b.base) && a.vars.every((v) => b.vars.includes(v));
}
/**
 * The concrete effect a latent effect may have at most: effect variables (unknown function
 * arguments) count as `conditioning`. Code generators that must pick one compiled form use this.
 */
export function upperEffect(e: LatentEffect): Effect {
  return e.vars.length > 0 ? 'conditioning' : e.base;
}

// ---------------------------------------------------------------------------------------------
// Subtyping, least upper bound, greatest lower bound
// ---------------------------------------------------------------------------------------------

const numRank: Partial<Record<string, number>> = { Nat: 0, Int: 1, Real: 2 };
export function isNumeric(t: Type): boolean {
  return numRank[t.kind] !== undefined;
}
/** Nat or Int (the types of indexes, integer division and `%`). */
export function isInteger(t: Type): boolean {
  return t.kind === 'Nat' || t.kind === 'Int';
}

/**
 * `a <: b`. `Error` is compatible both ways; `Never` is below everything. Effects are not part of
 * subtyping: no written type can demand a pure function (function types in annotations are
 * effect-polymorphic or take the effect of their value), so the checker tracks effects apart.
 */
export function isSubtype(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind === 'Error' || b.kind === 'Error' || a.kind === 'Never') return true;
  const ra = numRank[a.kind];
  const rb = numRank[b.kind];
  if (ra !== undefined && rb !== undefined) return ra <= rb;
  switch (a.kind) {
    case 'Array':
      return b.kind === 'Array' && isSubtype(a.elem, b.elem);
    case 'Dist':
      return b.kind === 'Dist' && isSubtype(a.elem, b.elem);
    case 'Tuple':
      return b.kind === 'Tuple' && a.elems.length === b.elems.length && a.elems.every((t, i) => isSubtype(t, b.elems[i]!));
    case 'Record':
      return b.kind === 'Record' && sameFieldNames(a, b) && b.fields.every((f) => isSubtype(fieldType(a, f.name)!, f.type));
    case 'Fn':
      return (
        b.kind === 'Fn' && a.params.length === b.params.length &&
        b.params.every((p, i) => isSubtype(p, a.params[i]!)) &&
        isSubtype(a.result, b.result)
      );
    case 'TypeVar':
      return b.kind === 'TypeVar' && a.id === b.id;
    default:
      return a.kind === b.kind;
  }
}

export function typeEquals(a: Type, b: Type): boolean {
  return isSubtype(a, b) && isSubtype(b, a);
}

function sameFieldNames(a: RecordType, b: RecordType): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f) => b.fields.some((g) => g.name === f.name));
}
/** The type of field `name` of a record type, if it has one. */
export function fieldType(r: RecordType, name: string): Type | undefined {
  return r.fields.find((f) => f.name === name)?.type;
}

/** The least upper bound of two types (`[1, 2.5]` is `[Real]`), or undefined when they have none. */
export function lub(a: Type, b: Type): Type | undefined {
  if (a.kind === 'Error' || b.kind === 'Error') return ErrorT;
  if (a.kind === 'Never') return b;
  if (b.kind === 'Never') return a;
  const ra = numRank[a.kind];
  const rb = numRank[b.kind];
  if (ra !== undefined && rb !== undefined) return ra >= rb ? a : b;
  switch (a.kind) {
    case 'Array': {
      if (b.kind !== 'Array') return undefined;
      const e = lub(a.elem, b.elem);
      return e && arrayOf(e);
    }
    case 'Dist': {
      if (b.kind !== 'Dist') return undefined;
      const e = lub(a.elem, b.elem);
      return e && distOf(e);
    }
    case 'Tuple': {
      if (b.kind !== 'Tuple' || a.elems.length !== b.elems.length) return undefined;
      const elems: Type[] = [];
      for (let i = 0; i < a.elems.length; i++) {
        const e = lub(a.elems[i]!, b.elems[i]!);
        if (!e) return undefined;
        elems.push(e);
      }
      return tupleOf(elems);
    }
    case 'Record': {
      if (b.kind !== 'Record' || !sameFieldNames(a, b)) return undefined;
      const fields: { name: string; type: Type }[] = [];
      for (const f of a.fields) {
        const t = lub(f.type, fieldType(b, f.name)!);
        if (!t) return undefined;
        fields.push({ name: f.name, type: t });
      }
      return recordOf(fields);
    }
    case 'Fn': {
      if (b.kind !== 'Fn' || a.params.length !== b.params.length) return undefined;
      const params: Type[] = [];
      for (let i = 0; i < a.params.length; i++) {
        const p = glb(a.params[i]!, b.params[i]!);
        if (!p) return undefined;
        params.push(p);
      }
      const result = lub(a.result, b.result);
      return result && fnOf(params, result, joinLatent(a.effect, b.effect));
    }
    case 'TypeVar':
      return b.kind === 'TypeVar' && a.id === b.id ? a : undefined;
    default:
      return a.kind === b.kind ? a : undefined;
  }
}

/** The greatest lower bound (used for the parameters of the least upper bound of two function types). */
export function glb(a: Type, b: Type): Type | undefined {
  if (a.kind === 'Error' || b.kind === 'Error') return ErrorT;
  const ra = numRank[a.kind];
  const rb = numRank[b.kind];
  if (ra !== undefined && rb !== undefined) return ra <= rb ? a : b;
  if (isSubtype(a, b)) return a;
  if (isSubtype(b, a)) return b;
  switch (a.kind) {
    case 'Array': {
      if (b.kind !== 'Array') return undefined;
      const e = glb(a.elem, b.elem);
      return e && arrayOf(e);
    }
    case 'Dist': {
      if (b.kind !== 'Dist') return undefined;
      const e = glb(a.elem, b.elem);
      return e && distOf(e);
    }
    case 'Tuple': {
      if (b.kind !== 'Tuple' || a.elems.length !== b.elems.length) return undefined;
      const elems: Type[] = [];
      for (let i = 0; i < a.elems.length; i++) {
        const e = glb(a.elems[i]!, b.elems[i]!);
        if (!e) return undefined;
        elems.push(e);
      }
      return tupleOf(elems);
    }
    case 'Record': {
      if (b.kind !== 'Record' || !sameFieldNames(a, b)) return undefined;
      const fields: { name: string; type: Type }[] = [];
      for (const f of a.fields) {
        const t = glb(f.type, fieldType(b, f.name)!);
        if (!t) return undefined;
        fields.push({ name: f.name, type: t });
      }
      return recordOf(fields);
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Type and effect variables
// ---------------------------------------------------------------------------------------------

/** A substitution of type variables (by id) and effect variables (by id). */
export interface Subst {
  readonly types: ReadonlyMap<number, Type>;
  readonly effects: ReadonlyMap<number, LatentEffect>;
}
export const emptySubst: Subst = { types: new Map(), effects: new Map() };

export function substEffect(e: LatentEffect, s: Subst): LatentEffect {
  if (e.vars.length === 0 || s.effects.size === 0) return e;
  let out: LatentEffect = { base: e.base, vars: [] };
  for (const v of e.vars) out = joinLatent(out, s.effects.get(v) ?? { base: 'pure', vars: [v] });
  return out;
}

export function substType(t: Type, s: Subst): Type {
  if (s.types.size === 0 && s.effects.size === 0) return t;
  switch (t.kind) {
    case 'TypeVar':
      return s.types.get(t.id) ?? t;
    case 'Array':
      return arrayOf(substType(t.elem, s));
    case 'Dist':
      return distOf(substType(t.elem, s));
    case 'Tuple':
      return tupleOf(t.elems.map((e) => substType(e, s)));
    case 'Record':
      return recordOf(t.fields.map((f) => ({ name: f.name, type: substType(f.type, s) })));
    case 'Fn':
      return fnOf(t.params.map((p) => substType(p, s)), substType(t.result, s), substEffect(t.effect, s), t.typeParams);
    default:
      return t;
  }
}

/** Whether `t` mentions a type variable (optionally: one of `ids`). */
export function hasTypeVars(t: Type, ids?: ReadonlySet<number>): boolean {
  switch (t.kind) {
    case 'TypeVar':
      return ids ? ids.has(t.id) : true;
    case 'Array':
    case 'Dist':
      return hasTypeVars(t.elem, ids);
    case 'Tuple':
      return t.elems.some((e) => hasTypeVars(e, ids));
    case 'Record':
      return t.fields.some((f) => hasTypeVars(f.type, ids));
    case 'Fn':
      return t.params.some((p) => hasTypeVars(p, ids)) || hasTypeVars(t.result, ids);
    default:
      return false;
  }
}

/** The effect variables mentioned anywhere in `t` (in the effects of function types inside it). */
export function effectVarsOf(t: Type, out: Set<number> = new Set()): Set<number> {
  switch (t.kind) {
    case 'Array':
    case 'Dist':
      effectVarsOf(t.elem, out);
      break;
    case 'Tuple':
      t.elems.forEach((e) => effectVarsOf(e, out));
      break;
    case 'Record':
      t.fields.forEach((f) => effectVarsOf(f.type, out));
      break;
    case 'Fn':
      t.effect.vars.forEach((v) => out.add(v));
      t.params.forEach((p) => effectVarsOf(p, out));
      effectVarsOf(t.result, out);
      break;
    default:
      break;
  }
  return out;
}

/** Whether `t` contains the error type (so a message about it would be a cascade). */
export function hasError(t: Type): boolean {
  switch (t.kind) {
    case 'Error':
      return true;
    case 'Array':
    case 'Dist':
      return hasError(t.elem);
    case 'Tuple':
      return t.elems.some(hasError);
    case 'Record':
      return t.fields.some((f) => hasError(f.type));
    case 'Fn':
      return t.params.some(hasError) || hasError(t.result);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

/**
 * The type as a user writes it: `[Real]`, `(Nat, String)`, `Dist<Bool>`, `(Real) -> Bool`,
 * `{x: Real, y: Bool}`; the type of `[]` is `[_]`. With `effects`, function types show a non-pure effect:
 * `() -> Bool ! sampling`.
 */
export function typeToString(t: Type, opts: { effects?: boolean } = {}): string {
  switch (t.kind) {
    case 'Array':
      return `[${typeToString(t.elem, opts)}]`;
    case 'Dist':
      return `Dist<${typeToString(t.elem, opts)}>`;
    case 'Tuple':
      return `(${t.elems.map((e) => typeToString(e, opts)).join(', ')})`;
    case 'Record':
      return `{${t.fields.map((f) => `${f.name}: ${typeToString(f.type, opts)}`).join(', ')}}`;
    case 'Fn': {
      const tps = t.typeParams && t.typeParams.length > 0 ? `<${t.typeParams.map((v) => v.name).join(', ')}>` : '';
      const res = t.result.kind === 'Fn' ? `(${typeToString(t.result, opts)})` : typeToString(t.result, opts);
      let s = `${tps}(${t.params.map((p) => typeToString(p, opts)).join(', ')}) -> ${res}`;
      if (opts.effects && (t.effect.base !== 'pure' || t.effect.vars.length > 0)) s += ` ! ${effectToString(t.effect)}`;
      return s;
    }
    case 'TypeVar':
      return t.name;
    case 'Never':
      // The element type of `[]` (and of code that never produces a value): shown as a hole.
      return '_';
    case 'Error':
      return '<error>';
    default:
      return t.kind;
  }
}

export function effectToString(e: LatentEffect): string {
  if (e.vars.length === 0) return e.base;
  const vars = e.vars.map((v) => `ε${v}`);
  return e.base === 'pure' ? vars.join(' ∨ ') : [e.base, ...vars].join(' ∨ ');
}
