// Affine forms c + Σ aᵢ zᵢ over independent standard-normal latents zᵢ: how the Exact engine represents a
// Gaussian random variable symbolically. Immutable; latent ids sorted so sums are linear-time merges.
// `Sym` (number | Affine) is the number domain of the Exact variant of compiled code, with its arithmetic.

import { PplError, formatNumber } from '../../stdlib/index.js';

const NO_IDS = new Int32Array(0);
const NO_COEFS = new Float64Array(0);

export class Affine {
  /** The constant term. */
  readonly c: number;
  /** Latent ids, strictly increasing. */
  readonly ids: Int32Array;
  /** Their coefficients (never 0). */
  readonly coefs: Float64Array;
  constructor(c: number, ids: Int32Array, coefs: Float64Array) {
    this.c = c;
    this.ids = ids;
    this.coefs = coefs;
  }

  static constant(c: number): Affine {
    return new Affine(c, NO_IDS, NO_COEFS);
  }

  /** c + a·z_id. */
  static latent(id: number, a: number, c = 0): Affine {
    return a === 0 ? Affine.constant(c) : new Affine(c, Int32Array.of(id), Float64Array.of(a));
  }

  /** True when no latent appears (the form is a plain number). */
  get isConstant(): boolean {
    return this.ids.length === 0;
  }

  /** The coefficient of latent `id` (0 if absent). */
  coefOf(id: number): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] === id) return this.coefs[mid]!;
      if (ids[mid]! < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  toString(): string {
    let s = formatNumber(this.c);
    for (let i = 0; i < this.ids.length; i++) {
      const a = this.coefs[i]!;
      s += (a < 0 ? ' - ' : ' + ') + formatNumber(Math.abs(a)) + '·z' + this.ids[i];
    }
    return s;
  }
}

/** α·a + β·b (+ γ), merging the sorted latent lists; coefficients that cancel exactly are dropped. */
export function affineCombine(alpha: number, a: Affine, beta: number, b: Affine, gamma = 0): Affine {
  const na = a.ids.length;
  const nb = b.ids.length;
  const c = alpha * a.c + beta * b.c + gamma;
  if (nb === 0 || beta === 0) return affineScaleShift(a, alpha, c - alpha * a.c);
  if (na === 0 || alpha === 0) return affineScaleShift(b, beta, c - beta * b.c);
  const ids = new Int32Array(na + nb);
  const coefs = new Float64Array(na + nb);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < na || j < nb) {
    let id: number;
    let v: number;
    if (j >= nb || (i < na && a.ids[i]! < b.ids[j]!)) {
      id = a.ids[i]!;
      v = alpha * a.coefs[i++]!;
    } else if (i >= na || b.ids[j]! < a.ids[i]!) {
      id = b.ids[j]!;
      v = beta * b.coefs[j++]!;
    } else {
      id = a.ids[i]!;
      v = alpha * a.coefs[i++]! + beta * b.coefs[j++]!;
    }
    if (v !== 0) {
      ids[k] = id;
      coefs[k++] = v;
    }
  }
  return new Affine(c, ids.subarray(0, k), coefs.subarray(0, k));
}

/** k·a with constant term replaced by k·a.c + shift. */
function affineScaleShift(a: Affine, k: number, shift: number): Affine {
  const c = k * a.c + shift;
  if (k === 0 || a.ids.length === 0) return Affine.constant(c);
  if (k === 1) return c === a.c ? a : new Affine(c, a.ids, a.coefs);
  const coefs = new Float64Array(a.coefs.length);
  for (let i = 0; i < coefs.length; i++) coefs[i] = k * a.coefs[i]!;
  return new Affine(c, a.ids, coefs);
}

export function affineAdd(a: Affine, b: Affine): Affine {
  return affineCombine(1, a, 1, b);
}
export function affineSub(a: Affine, b: Affine): Affine {
  return affineCombine(1, a, -1, b);
}
export function affineScale(a: Affine, k: number): Affine {
  return affineScaleShift(a, k, 0);
}
export function affineAddConst(a: Affine, k: number): Affine {
  return k === 0 ? a : new Affine(a.c + k, a.ids, a.coefs);
}

// ---- The Exact engine's number domain: a value is a plain number or an Affine ------------------------

/** A real number of the Exact variant: a plain number, or a Gaussian affine form. */
export type Sym = number | Affine;

export function isSymbolic(x: unknown): x is Affine {
  return x instanceof Affine;
}

export function toAffine(x: Sym): Affine {
  return typeof x === 'number' ? Affine.constant(x) : x;
}

/** A form without latents becomes a plain number again. */
export function simplify(x: Sym): Sym {
  return typeof x === 'number' || !x.isConstant ? x : x.c;
}

export function symAdd(x: Sym, y: Sym): Sym {
  if (typeof x === 'number') return typeof y === 'number' ? x + y : affineAddConst(y, x);
  if (typeof y === 'number') return affineAddConst(x, y);
  return simplify(affineAdd(x, y));
}

export function symSub(x: Sym, y: Sym): Sym {
  if (typeof x === 'number') return typeof y === 'number' ? x - y : simplify(affineCombine(-1, y, 0, y, x));
  if (typeof y === 'number') return affineAddConst(x, -y);
  return simplify(affineSub(x, y));
}

export function symNeg(x: Sym): Sym {
  return typeof x === 'number' ? -x : affineScale(x, -1);
}

/** x·y, affine only when one side is a number; otherwise a PplError ("not affine"). */
export function symMul(x: Sym, y: Sym): Sym {
  if (typeof x === 'number') return typeof y === 'number' ? x * y : simplify(affineScale(y, x));
  if (typeof y === 'number') return simplify(affineScale(x, y));
  throw new PplError('Exact: the product of two Gaussian terms is not affine (a product of Gaussians is not Gaussian); use a sampling method such as SMC or MH');
}

/** x / y, affine only when y is a number. */
export function symDiv(x: Sym, y: Sym): Sym {
  if (typeof y !== 'number') {
    throw new PplError('Exact: dividing by a Gaussian term is not affine; use a sampling method such as SMC or MH');
  }
  return typeof x === 'number' ? x / y : simplify(affineScale(x, 1 / y));
}

/** The plain number of x, or a PplError naming `construct` (e.g. "exp", "a comparison") when x is Gaussian. */
export function symConcrete(x: Sym, construct: string): number {
  if (typeof x === 'number') return x;
  if (x.isConstant) return x.c;
  throw new PplError(`Exact: ${construct} of a Gaussian term is not affine, so Exact cannot keep it symbolic; use a sampling method such as SMC or MH`);
}
