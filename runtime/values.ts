// Runtime values of .ppl (values.md): the structural core re-exported from stdlib (Tuple, valueKey,
// valueEquals), the JSON form of a value exactly as language.md §8 says, the human-readable printer used by
// `print` and the REPL, and the REPL's table of a finite distribution with proportional bars.

import {
  formatNumber,
  isDistribution,
  isRecord,
  PplError,
  Tuple,
  type Distribution,
} from '../stdlib/index.js';
import { FiniteDist, isInferResult, SampleDist, sdOfVariance } from './results/index.js';

export { Tuple, valueKey, valueEquals, formatNumber } from '../stdlib/index.js';
export type { ValueKey } from '../stdlib/index.js';

/** A JSON value as JSON.stringify writes it. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [k: string]: JSONValue };

interface MethodValue {
  kind: 'Method';
  name: string;
  options: Record<string, unknown>;
}

function isMethod(v: unknown): v is MethodValue {
  return isRecord(v) && v.kind === 'Method' && typeof v.name === 'string';
}

interface TensorLike {
  shape: number[];
  arraySync(): unknown;
}

function isTensor(v: unknown): v is TensorLike {
  return typeof v === 'object' && v !== null && typeof (v as TensorLike).arraySync === 'function' &&
    Array.isArray((v as TensorLike).shape);
}

function numberToJSON(x: number): number | string {
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x !== x) return 'NaN';
  return x === 0 ? 0 : x;
}

/**
 * The JSON form of a value (language.md §8): numbers, booleans, strings, arrays, records as objects,
 * tuples as arrays, Unit as null, ±infinity and NaN as the strings "Infinity", "-Infinity", "NaN";
 * a distribution as {"dist": …} (see distToJSON); a function as "<fn>"; a Method as its printed form.
 */
export function toJSONValue(v: unknown): JSONValue {
  switch (typeof v) {
    case 'number':
      return numberToJSON(v);
    case 'boolean':
    case 'string':
      return v;
    case 'undefined':
      return null;
    case 'function':
      return '<fn>';
  }
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(toJSONValue);
  if (v instanceof Tuple) return v.items.map(toJSONValue);
  if (isMethod(v)) return formatValue(v);
  if (isRecord(v)) {
    const out: { [k: string]: JSONValue } = {};
    for (const k of Object.keys(v)) out[k] = toJSONValue(v[k]);
    return out;
  }
  if (isDistribution(v)) return { dist: distToJSON(v) };
  if (isTensor(v)) return toJSONValue(v.arraySync());
  return String(v);
}

/**
 * `JSON.stringify(toJSONValue(v))`, written directly: numbers, booleans, strings and arrays or tuples of them
 * (a printed chain of 90,000 pairs, say) become text without building the intermediate JSON value first.
 * Anything else goes through `toJSONValue`.
 */
export function toJSONText(v: unknown): string {
  // Made of finite numbers, booleans, strings, Unit, arrays and tuples: JSON.stringify itself (its serialiser
  // turns a chain of 90,000 pairs into text in about half the time of building the string here).
  const plain = plainJSON(v);
  if (plain !== NOT_PLAIN) return JSON.stringify(plain);
  switch (typeof v) {
    case 'number':
      // For finite numbers JSON.stringify and String agree (−0 prints as 0 in both).
      return v - v === 0 ? String(v) : JSON.stringify(numberToJSON(v));
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'undefined':
      return 'null';
  }
  if (v === null) return 'null';
  const items = Array.isArray(v) ? v : v instanceof Tuple ? v.items : undefined;
  if (items === undefined) return JSON.stringify(toJSONValue(v));
  let text = '[';
  for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : ',') + toJSONText(items[i]);
  return text + ']';
}

const NOT_PLAIN: unique symbol = Symbol('not plain');

/**
 * `v` as a value JSON.stringify writes exactly as toJSONValue's form would be written (tuples as their items
 * arrays, shared — not copied — when they hold only finite numbers), or NOT_PLAIN when `v` holds anything else
 * (non-finite numbers, records, distributions, …).
 */
function plainJSON(v: unknown): unknown {
  switch (typeof v) {
    case 'number': return v - v === 0 ? v : NOT_PLAIN;
    case 'boolean': case 'string': return v;
    case 'undefined': return null;
  }
  if (v === null) return null;
  const items = Array.isArray(v) ? v : v instanceof Tuple ? v.items : undefined;
  if (items === undefined) return NOT_PLAIN;
  let numbers = true;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x !== 'number' || x - x !== 0) { numbers = false; break; }
  }
  if (numbers) return items;
  const out = new Array<unknown>(items.length);
  let prev: unknown = NOT_PLAIN;
  let prevOut: unknown = NOT_PLAIN;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    // a chain repeats the very same value object after every rejected proposal
    const y = x === prev ? prevOut : plainJSON(x);
    if (y === NOT_PLAIN) return NOT_PLAIN;
    out[i] = y;
    prev = x;
    prevOut = y;
  }
  return out;
}

/** (value, probability) rows of a finite distribution, most probable first; undefined when not finite. */
export function distRows(d: Distribution): { values: readonly unknown[]; probs: readonly number[] } | undefined {
  if (d instanceof FiniteDist) return { values: d.values, probs: Array.from(d.probs) };
  if (d instanceof SampleDist) return d.isContinuous ? undefined : d.entries();
  const sup = d.support();
  if (sup === undefined) return undefined;
  const rows = sup.map((v, i) => ({ v, p: Math.exp(d.logProb(v)), i }));
  rows.sort((a, b) => b.p - a.p || a.i - b.i);
  return { values: rows.map((r) => r.v), probs: rows.map((r) => r.p) };
}

function tryMoment(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof PplError) return undefined;
    throw e;
  }
}

/**
 * The body of a distribution's JSON form (language.md §8): finite → {"support": [{"value", "prob"}…]}
 * in descending probability, plus "n" and "ess" when sample-based; otherwise {"mean", "sd", "n", "ess"}
 * with "n": "Infinity" for analytic results and primitive distributions (mean/sd omitted when the values
 * are not numbers).
 */
export function distToJSON(d: Distribution): { [k: string]: JSONValue } {
  const n = isInferResult(d) ? d.n : Infinity;
  const ess = isInferResult(d) ? d.ess() : Infinity;
  const rows = distRows(d);
  if (rows !== undefined) {
    const out: { [k: string]: JSONValue } = {
      support: rows.values.map((v, i) => ({ value: toJSONValue(v), prob: numberToJSON(rows.probs[i]!) })),
    };
    if (d instanceof SampleDist) {
      out.n = numberToJSON(n);
      out.ess = numberToJSON(ess);
    }
    return out;
  }
  const out: { [k: string]: JSONValue } = {};
  const m = tryMoment(() => d.mean());
  const v = tryMoment(() => d.variance());
  if (m !== undefined && v !== undefined) {
    out.mean = toJSONValue(m);
    out.sd = toJSONValue(sdOfVariance(v));
  }
  out.n = numberToJSON(n);
  out.ess = numberToJSON(ess);
  return out;
}

/**
 * A value for people. Strings are bare at the top level (`print("hi")` prints hi) and quoted inside
 * structures; numbers have up to 15 significant digits; `(1, "a")`, `[1, 2.5]`, `{x: 1, y: true}`, Unit
 * `()`, functions `<fn>`; primitive distributions as their constructor call (`Normal(0, 1)`); results as
 * `Dist{true: 0.28…, false: 0.71…}` or `Dist{mean: …, sd: …}`.
 */
export function formatValue(v: unknown, topLevel = true): string {
  switch (typeof v) {
    case 'number':
      return formatNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return topLevel ? v : JSON.stringify(v);
    case 'undefined':
      return '()';
    case 'function':
      return '<fn>';
  }
  if (v === null) return '()';
  if (Array.isArray(v)) return '[' + v.map((x) => formatValue(x, false)).join(', ') + ']';
  if (v instanceof Tuple) return '(' + v.items.map((x) => formatValue(x, false)).join(', ') + ')';
  if (isMethod(v)) {
    const opts = Object.entries(v.options ?? {}).filter(([, x]) => x !== undefined);
    return opts.length === 0 ? v.name : `${v.name}(${opts.map(([k, x]) => `${k}: ${formatValue(x, false)}`).join(', ')})`;
  }
  if (isRecord(v)) {
    const fields = Object.keys(v).map((k) => `${k}: ${formatValue(v[k], false)}`);
    return '{' + fields.join(', ') + '}';
  }
  if (isDistribution(v)) return formatDist(v);
  if (isTensor(v)) return 'tensor(' + formatValue(v.arraySync(), false) + ')';
  return String(v);
}

const MAX_INLINE_ROWS = 20;

function formatDist(d: Distribution): string {
  if (!isInferResult(d)) {
    return `${d.name}(${Object.values(d.params()).map((x) => formatValue(x, false)).join(', ')})`;
  }
  const rows = distRows(d);
  const extra = d instanceof SampleDist ? [`n: ${formatNumber(d.n)}`, `ess: ${formatNumber(d.ess())}`] : [];
  if (rows !== undefined) {
    const shown = rows.values.slice(0, MAX_INLINE_ROWS).map((x, i) => `${formatValue(x, false)}: ${formatNumber(rows.probs[i]!)}`);
    if (rows.values.length > MAX_INLINE_ROWS) shown.push(`… ${rows.values.length - MAX_INLINE_ROWS} more`);
    return 'Dist{' + shown.concat(extra).join(', ') + '}';
  }
  const body = distToJSON(d);
  const parts: string[] = [];
  if (body.mean !== undefined) {
    parts.push(`mean: ${formatValue(d.mean(), false)}`);
    const v = d.variance();
    parts.push(`sd: ${formatValue(sdOfVariance(v), false)}`);
  }
  return 'Dist{' + parts.concat(extra).join(', ') + '}';
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

function bar(fraction: number, width: number): string {
  const eighths = Math.round(fraction * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

export interface DistTableOptions {
  /** Width in characters of the longest bar (default 40). */
  readonly width?: number;
  /** Rows shown before "… k more values" (default 30). */
  readonly maxRows?: number;
}

/**
 * The REPL's picture of a distribution. Finite ones: one row per value in descending probability —
 * value, probability (6 significant digits) and a bar proportional to it (the most probable value gets
 * the full width). Others: mean and sd. Sample-based results add n and ess.
 */
export function formatDistTable(d: Distribution, options: DistTableOptions = {}): string {
  const width = options.width ?? 40;
  const maxRows = options.maxRows ?? 30;
  const footer = d instanceof SampleDist ? `n = ${formatNumber(d.n)}, ess = ${formatNumber(Number(d.ess().toPrecision(6)))}` : '';
  const rows = distRows(d);
  if (rows === undefined) {
    const lines: string[] = [];
    const m = tryMoment(() => d.mean());
    const v = tryMoment(() => d.variance());
    if (m !== undefined && v !== undefined) {
      lines.push(`mean  ${formatValue(m, false)}`);
      lines.push(`sd    ${formatValue(sdOfVariance(v), false)}`);
    } else {
      lines.push(`${d.name} distribution`);
    }
    if (footer) lines.push(footer);
    return lines.join('\n');
  }
  const n = Math.min(rows.values.length, maxRows);
  const labels = rows.values.slice(0, n).map((x) => formatValue(x, false));
  const probs = rows.probs.slice(0, n).map((p) => formatNumber(Number(p.toPrecision(6))));
  const lw = Math.max(...labels.map((s) => s.length));
  const pw = Math.max(...probs.map((s) => s.length));
  const pmax = rows.probs[0]! > 0 ? rows.probs[0]! : 1;
  const lines = labels.map((l, i) => `${l.padEnd(lw)}  ${probs[i]!.padEnd(pw)}  ${bar(rows.probs[i]! / pmax, width)}`.trimEnd());
  if (rows.values.length > n) lines.push(`… ${rows.values.length - n} more values`);
  if (footer) lines.push(footer);
  return lines.join('\n');
}
