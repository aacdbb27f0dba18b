// Special functions against reference values computed with mpmath at 30 digits, and the Int checks.
import { describe, expect, it } from 'vitest';
import {
  betaI,
  digamma,
  erf,
  erfc,
  gammaP,
  intDiv,
  intMod,
  lgamma,
  logSumExp,
  normalCdf,
  normalQuantile,
  checkInt,
  toInt,
  round,
  floor,
  PplError,
  min,
  max,
} from '../../stdlib/index.js';

function close(actual: number, expected: number, rel = 1e-13, abs = 1e-15): void {
  const tol = Math.max(abs, rel * Math.abs(expected));
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe('lgamma', () => {
  const ref: [number, number][] = [
    [0.001, 6.907178885383853], [0.1, 2.252712651734206], [0.5, 0.5723649429247001],
    [1.5, -0.12078223763524522], [3.7, 1.428072326665388], [10, 12.801827480081469],
    [14.9, 24.924132002217277], [15, 25.19122118273868], [100.5, 361.4355404677776],
    [1e5, 1051287.7089736569], [-0.5, 1.2655121234846454], [-2.3, 0.36956666345500805],
  ];
  it.each(ref)('lgamma(%d)', (x, y) => close(lgamma(x), y, 1e-14, 1e-14));
  it('is exactly log n! at integers and 0 at 1 and 2', () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    let f = 0;
    for (let n = 1; n < 170; n++) {
      f += Math.log(n);
      close(lgamma(n + 1), f, 1e-14, 1e-14);
    }
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
  });
});

describe('digamma', () => {
  const ref: [number, number][] = [
    [0.1, -10.423754940411076], [1, -0.5772156649015329], [2.5, 0.7031566406452432],
    [10, 2.251752589066721], [100, 4.600161852738087], [-0.5, 0.03648997397857652],
  ];
  it.each(ref)('digamma(%d)', (x, y) => close(digamma(x), y, 1e-13, 2e-14));
});

describe('erf, erfc, normal CDF and quantile', () => {
  it.each([
    [-3, -0.9999779095030014], [-1, -0.8427007929497149], [0.3, 0.3286267594591274],
    [1, 0.8427007929497149], [2.4, 0.999311486103355], [2.6, 0.9997639655834707], [4, 0.9999999845827421],
  ])('erf(%d)', (x, y) => close(erf(x), y, 1e-15));
  it.each([
    [0.3, 0.6713732405408726], [1, 0.15729920705028513], [2.4, 0.0006885138966450789],
    [2.6, 0.00023603441652934908], [4, 1.541725790028002e-8], [6, 2.1519736712498913e-17],
    [10, 2.088487583762545e-45], [-1, 1.8427007929497148], [0.5, 0.4795001221869535], [0.7, 0.32219880616258156],
    [1.2, 0.08968602177036464], [1.8, 0.010909498364269283],
  ])('erfc(%d)', (x, y) => close(erfc(x), y, 1e-14, 0));
  it.each([
    [-10, 7.619853024160525e-24], [-5, 2.866515718791939e-7], [-1, 0.15865525393145705],
    [0, 0.5], [1.5, 0.9331927987311419], [8, 0.9999999999999993],
  ])('normalCdf(%d)', (x, y) => close(normalCdf(x), y, 1e-13, 0));
  it.each([
    [1e-300, -37.0470962993612], [1e-10, -6.361340902404057], [0.001, -3.0902323061678136],
    [0.02, -2.053748910631823], [0.3, -0.5244005127080408], [0.5, 0], [0.9, 1.2815515655446006],
    [0.99999, 4.264890793923841],
  ])('normalQuantile(%d)', (p, x) => close(normalQuantile(p), x, 1e-12, 1e-15));
  it('quantile inverts the CDF', () => {
    for (let p = 0.001; p < 1; p += 0.0137) close(normalCdf(normalQuantile(p)), p, 1e-13);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});

describe('incomplete gamma and beta', () => {
  it.each([
    [2.5, 1.3, 0.2386347321549861], [0.3, 0.01, 0.27924099635901484], [10, 12, 0.7576078383294876],
    [100, 90, 0.15822098918643016],
  ])('gammaP(%d, %d)', (a, x, y) => close(gammaP(a, x), y, 1e-12));
  it.each([
    [2, 3, 0.4, 0.5248], [0.5, 0.5, 0.1, 0.20483276469913345], [10, 20, 0.35, 0.592386663663905],
  ])('betaI(%d, %d, %d)', (a, b, x, y) => close(betaI(a, b, x), y, 1e-12));
});

describe('logSumExp', () => {
  it('is stable and never NaN', () => {
    close(logSumExp([1000, 1000]), 1000 + Math.log(2));
    close(logSumExp([-1000, -1000 + Math.log(3)]), -1000 + Math.log(4));
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([Infinity, 0])).toBe(Infinity);
    close(logSumExp([Math.log(0.25), Math.log(0.75), -Infinity]), 0);
  });
});

describe('Int checks', () => {
  it('divides truncating toward zero, exactly', () => {
    expect(intDiv(7, 2)).toBe(3);
    expect(intDiv(-7, 2)).toBe(-3);
    expect(intDiv(7, -2)).toBe(-3);
    expect(Object.is(intDiv(0, -5), 0)).toBe(true);
    expect(intDiv(9007199254740991, 3)).toBe(3002399751580330);
    expect(intMod(-7, 2)).toBe(-1);
  });
  it('reports division by zero and overflow', () => {
    expect(() => intDiv(1, 0)).toThrow(PplError);
    expect(() => intDiv(1, 0)).toThrow('integer division by zero');
    expect(() => intMod(1, 0)).toThrow('integer remainder by zero');
    expect(() => checkInt(2 ** 53)).toThrow('past 2^53');
    expect(checkInt(2 ** 53 - 1)).toBe(2 ** 53 - 1);
    expect(() => toInt(1e300)).toThrow('toInt: 1e+300 is past 2^53');
    expect(() => toInt(NaN)).toThrow('toInt: cannot convert NaN');
    expect(toInt(-2.7)).toBe(-2);
    expect(round(-2.5)).toBe(-3);
    expect(round(2.5)).toBe(3);
    expect(floor(-0.5)).toBe(-1);
  });
  it('min and max propagate NaN', () => {
    expect(min(1, 2)).toBe(1);
    expect(max(1, 2)).toBe(2);
    expect(min(NaN, 2)).toBeNaN();
    expect(max(2, NaN)).toBeNaN();
  });
});
