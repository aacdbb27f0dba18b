// The structural core of .ppl runtime values (values.md): the Tuple class, structural keys and equality,
// and number formatting. It lives in stdlib/ because distributions (Delta, Categorical over values) and
// arrays (zip) need it; runtime/values.ts re-exports it with the JSON and human printers.

/** A .ppl tuple `(T1, T2, …)`. Distinct from arrays so tuples print as `(1, "a")` and key apart. */
export class Tuple {
  readonly items: readonly unknown[];
  constructor(items: readonly unknown[]) {
    this.items = items;
  }
  get length(): number {
    return this.items.length;
  }
}

/**
 * A structural key: equal values (valueEquals) get equal keys under Map's SameValueZero, different
 * values different keys. Scalars are their own key (no allocation): numbers (0 and -0 merge, NaN merges
 * with NaN), booleans, Unit (null), strings. Structured values get a string starting with U+0001; a
 * string value that itself starts with U+0001 is escaped with one more U+0001, so the map is injective.
 * Record keys sort field names (record types with the same fields in another order are equal).
 * Functions, distributions and tensors compare by identity.
 */
export type ValueKey = number | boolean | string | null;

export function valueKey(v: unknown): ValueKey {
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return v;
    case 'string':
      return v.charCodeAt(0) === 1 ? '\u0001' + v : v;
    case 'undefined':
      return null;
    default:
      return v === null ? null : '\u0001' + structKey(v);
  }
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

function identityKey(o: object): string {
  let id = identities.get(o);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(o, id);
  }
  return '#' + id;
}

function structKey(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return v === 0 ? '0' : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'undefined':
      return '()';
    case 'function':
      return identityKey(v);
  }
  if (v === null) return '()';
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + structKey(v[i]);
    return s + ']';
  }
  if (v instanceof Tuple) {
    let s = '(';
    for (let i = 0; i < v.items.length; i++) s += (i === 0 ? '' : ',') + structKey(v.items[i]);
    return s + ')';
  }
  if (isRecord(v)) {
    const names = Object.keys(v).sort();
    let s = '{';
    for (let i = 0; i < names.length; i++) {
      s += (i === 0 ? '' : ',') + names[i] + ':' + structKey((v as Record<string, unknown>)[names[i]!]);
    }
    return s + '}';
  }
  return identityKey(v as object);
}

/** A .ppl record: a plain object (not an array, Tuple, distribution, tensor…). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Structural equality, consistent with valueKey (NaN equals NaN, 0 equals -0). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== typeof b) return false;
  if (ta === 'number') return a !== a && b !== b;
  if (ta !== 'object' || a === null || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Tuple) {
    if (!(b instanceof Tuple) || a.items.length !== b.items.length) return false;
    for (let i = 0; i < a.items.length; i++) if (!valueEquals(a.items[i], b.items[i])) return false;
    return true;
  }
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !valueEquals(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}

/**
 * A number for people: integers exactly, others with up to 15 significant digits and no trailing zeros
 * (509/719 → 0.707927677329624), ±infinity and NaN by name (`infinity` is the .ppl literal).
 */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? String(x === 0 ? 0 : x) : String(x);
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'infinity';
  if (x === -Infinity) return '-infinity';
  return String(Number(x.toPrecision(15)));
}
