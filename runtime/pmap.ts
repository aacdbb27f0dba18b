// PMap: a persistent (immutable, structurally shared) hash map — a hash array mapped trie (Bagwell 2001) — keyed
// by structural value keys (stdlib's valueKey: numbers, booleans, strings, null). `mem` tables and nested-infer
// counters live in it: forking an execution shares the map, an update copies one root-to-leaf path (≤ 7 nodes).

import type { ValueKey } from '../stdlib/index.js';

const BITS = 5;
const MASK = 31;

/** A key-value pair at the bottom of the trie. */
class Leaf<V> {
  constructor(readonly hash: number, readonly key: ValueKey, readonly value: V) {}
}

/** Leaves whose keys have the same 32-bit hash (only below the last level of the trie). */
class Collision<V> {
  constructor(readonly hash: number, readonly leaves: readonly Leaf<V>[]) {}
}

/** An inner node: `bitmap` says which of the 32 slots are present; `items` holds them in slot order. */
class Node<V> {
  constructor(readonly bitmap: number, readonly items: readonly Entry<V>[]) {}
}

type Entry<V> = Leaf<V> | Collision<V> | Node<V>;

/** SameValueZero on keys, as valueKey promises equal keys for equal values (0 and −0, NaN and NaN). */
function sameKey(a: ValueKey, b: ValueKey): boolean {
  return a === b || (a !== a && b !== b);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** murmur3's 32-bit finaliser: spreads the bits of small integers over all 32. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash consistent with sameKey: 0 and −0 hash alike, every NaN alike. */
export function hashKey(k: ValueKey): number {
  switch (typeof k) {
    case 'number':
      if ((k | 0) === k) return mix(k | 0); // small integers (−0 included) without touching the float bits
      if (k !== k) return 0x7ff80000;
      f64[0] = k;
      return mix(u32[0]! ^ Math.imul(u32[1]!, 0x9e3779b1));
    case 'string': {
      let h = 0x811c9dc5; // FNV-1a over UTF-16 code units
      for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
      return mix(h);
    }
    case 'boolean':
      return k ? 0x4f1bbcdd : 0x2b7e1516;
    default:
      return 0x6a09e667;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** A node holding two entries with different hashes that agree on every slot above `shift`. */
function pair<V>(shift: number, h1: number, e1: Entry<V>, h2: number, e2: Entry<V>): Node<V> {
  const f1 = (h1 >>> shift) & MASK;
  const f2 = (h2 >>> shift) & MASK;
  if (f1 === f2) return new Node(1 << f1, [pair(shift + BITS, h1, e1, h2, e2)]);
  return new Node((1 << f1) | (1 << f2), f1 < f2 ? [e1, e2] : [e2, e1]);
}

function entryHash<V>(e: Leaf<V> | Collision<V>): number {
  return e.hash;
}

/** `node` with key → value; `grew.n` is set to 1 when the key was new. */
function assoc<V>(node: Node<V>, shift: number, hash: number, key: ValueKey, value: V, grew: { n: number }): Node<V> {
  const bit = 1 << ((hash >>> shift) & MASK);
  const idx = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    const items = node.items.slice();
    items.splice(idx, 0, new Leaf(hash, key, value));
    grew.n = 1;
    return new Node(node.bitmap | bit, items);
  }
  const child = node.items[idx]!;
  let next: Entry<V>;
  if (child instanceof Node) {
    next = assoc(child, shift + BITS, hash, key, value, grew);
  } else if (child instanceof Leaf) {
    if (sameKey(child.key, key)) {
      if (child.value === value) return node;
      next = new Leaf(hash, key, value);
    } else if (child.hash === hash) {
      grew.n = 1;
      next = new Collision(hash, [child, new Leaf(hash, key, value)]);
    } else {
      grew.n = 1;
      next = pair(shift + BITS, child.hash, child, hash, new Leaf(hash, key, value));
    }
  } else if (child.hash === hash) {
    const i = child.leaves.findIndex((l) => sameKey(l.key, key));
    const leaves = child.leaves.slice();
    if (i < 0) {
      grew.n = 1;
      leaves.push(new Leaf(hash, key, value));
    } else {
      leaves[i] = new Leaf(hash, key, value);
    }
    next = new Collision(hash, leaves);
  } else {
    grew.n = 1;
    next = pair(shift + BITS, entryHash(child), child, hash, new Leaf(hash, key, value));
  }
  if (next === child) return node;
  const items = node.items.slice();
  items[idx] = next;
  return new Node(node.bitmap, items);
}

const EMPTY_NODE = new Node<never>(0, []);
const MISSING: unique symbol = Symbol('missing');

/** An immutable map from ValueKeys to V. `set` returns a new map sharing all but one path with this one. */
export class PMap<V> {
  private static readonly none = new PMap<never>(EMPTY_NODE, 0);
  private constructor(private readonly root: Node<V>, readonly size: number) {}

  static empty<V>(): PMap<V> {
    return PMap.none as PMap<V>;
  }

  /** The value at `key`, or `missing` when absent (so stored undefined/null values stay distinguishable). */
  lookup<M>(key: ValueKey, missing: M): V | M {
    const hash = hashKey(key);
    let node: Node<V> = this.root;
    for (let shift = 0; ; shift += BITS) {
      const bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return missing;
      const child = node.items[popcount(node.bitmap & (bit - 1))]!;
      if (child instanceof Node) {
        node = child;
        continue;
      }
      if (child instanceof Leaf) return sameKey(child.key, key) ? child.value : missing;
      if (child.hash !== hash) return missing;
      for (const l of child.leaves) if (sameKey(l.key, key)) return l.value;
      return missing;
    }
  }

  get(key: ValueKey): V | undefined {
    return this.lookup(key, undefined);
  }

  has(key: ValueKey): boolean {
    return this.lookup(key, MISSING) !== MISSING;
  }

  set(key: ValueKey, value: V): PMap<V> {
    const grew = { n: 0 };
    const root = assoc(this.root, 0, hashKey(key), key, value, grew);
    return root === this.root ? this : new PMap(root, this.size + grew.n);
  }

  /** Every entry (in hash order, not insertion order). */
  *entries(): IterableIterator<[ValueKey, V]> {
    const stack: Entry<V>[] = [this.root];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (e instanceof Leaf) yield [e.key, e.value];
      else if (e instanceof Collision) for (const l of e.leaves) yield [l.key, l.value];
      else for (let i = e.items.length - 1; i >= 0; i--) stack.push(e.items[i]!);
    }
  }
}

