// Array built-ins (direct style, pure callbacks): results, argument order (array first, function last),
// inputs never mutated, bounds errors that name the index and the length; and PplError's span.
import { describe, expect, it } from 'vitest';
import {
  all,
  any,
  append,
  concat,
  filter,
  fold,
  index,
  len,
  map,
  product,
  range,
  repeat,
  reverse,
  setIndex,
  slice,
  sum,
  sumInt,
  Tuple,
  zip,
  PplError,
  isPplError,
} from '../../stdlib/index.js';

describe('array built-ins', () => {
  const xs = Object.freeze([3, 1, 4, 1, 5]) as readonly number[];
  it('compute', () => {
    expect(len(xs)).toBe(5);
    expect(range(2, 5)).toEqual([2, 3, 4]);
    expect(range(3)).toEqual([0, 1, 2]);
    expect(range(5, 2)).toEqual([]);
    expect(map(xs, (x) => x * 2)).toEqual([6, 2, 8, 2, 10]);
    expect(filter(xs, (x) => x > 1)).toEqual([3, 4, 5]);
    expect(fold(xs, '', (acc, x) => acc + x)).toBe('31415');
    expect(sum(xs)).toBe(14);
    expect(sum([])).toBe(0);
    expect(product(xs)).toBe(60);
    expect(product([])).toBe(1);
    expect(zip(xs, ['a', 'b'])).toEqual([new Tuple([3, 'a']), new Tuple([1, 'b'])]);
    let k = 0;
    expect(repeat(3, () => k++)).toEqual([0, 1, 2]);
    expect(append(xs, 9)).toEqual([3, 1, 4, 1, 5, 9]);
    expect(concat(xs, [7])).toEqual([3, 1, 4, 1, 5, 7]);
    expect(any(xs, (x) => x === 4)).toBe(true);
    expect(all(xs, (x) => x > 0)).toBe(true);
    expect(all([], () => false)).toBe(true);
    expect(reverse(xs)).toEqual([5, 1, 4, 1, 3]);
    expect(slice(xs, 1, 3)).toEqual([1, 4]);
    expect(slice(xs, 2)).toEqual([4, 1, 5]);
    expect(index(xs, 4)).toBe(5);
    expect(setIndex(xs, 0, 7)).toEqual([7, 1, 4, 1, 5]);
    expect(xs).toEqual([3, 1, 4, 1, 5]); // frozen input untouched (a mutation would have thrown)
  });
  it('report errors with the index and the length', () => {
    expect(() => index(xs, 5)).toThrow('index 5 is out of range for an array of length 5');
    expect(() => index(xs, -1)).toThrow('index -1 is out of range for an array of length 5');
    expect(() => setIndex(xs, 7, 0)).toThrow('index 7 is out of range for an array of length 5');
    expect(() => slice(xs, 3, 9)).toThrow('slice: the range 3..9 is not within an array of length 5');
    expect(() => repeat(-1, () => 0)).toThrow('repeat: the count must be a non-negative integer, got -1');
    expect(() => sumInt([2 ** 53, 2 ** 53])).toThrow('past 2^53');
  });
});

describe('PplError', () => {
  it('carries the innermost span and is recognisable', () => {
    const span = { file: 'a.ppl', start: 3, end: 5, line: 1, col: 4 };
    const outer = { file: 'a.ppl', start: 0, end: 9, line: 1, col: 1 };
    const e = new PplError('Normal: sd must be positive, got -1');
    expect(e.span).toBeUndefined();
    expect(e.located(span).located(outer).span).toBe(span);
    expect(isPplError(e)).toBe(true);
    expect(isPplError(new Error('x'))).toBe(false);
    expect(e.name).toBe('PplError');
  });
});
