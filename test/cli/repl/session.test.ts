// The REPL's session in process (cli/repl/): input completeness, and the growing program — values passed from
// one input to the next, shadowing, tuples, vars, rejected inputs leaving the session as it was.
import { describe, expect, it } from 'vitest';
import { isComplete, scanOpenness, Session, type Outcome } from '../../../cli/repl/index.js';

describe('isComplete', () => {
  it.each([
    ['1 + 2', true], ['fn f() {', false], ['fn f() {\n  1\n}', true], ['[1,\n2', false], ['f(g(1)', false],
    ['"{"', true], ['"a\\"{"', true], ['// {', true], ['/* {', false], ['/* {\n */ 1', true], ['1 /* ( */ + (2', false],
    ['"unterminated {', true], ['}', true], ['(]', true], ['', true],
  ])('%j → %s', (text, complete) => {
    expect(isComplete(text)).toBe(complete);
  });

  it('reports the open brackets, innermost last', () => {
    expect(scanOpenness('f([{').open).toEqual(['(', '[', '{']);
    expect(scanOpenness('print("abc').inString).toBe(true);
  });
});

function session(seed = 0) {
  const printed: string[] = [];
  const s = new Session({ seed, print: (l) => printed.push(l) });
  const say = (o: Outcome): string => {
    if (o.diagnostics.some((d) => d.severity === 'error')) return `error: ${o.diagnostics[0]!.message}`;
    if (o.error) return `runtime error: ${o.error.message}`;
    return o.echo ?? o.type ?? '';
  };
  return { s, printed, in: (t: string) => say(s.input(t)), type: (t: string) => say(s.typeOf(t)), load: (f: string, t: string) => say(s.load(f, t)) };
}

describe('Session', () => {
  it('passes values on: lets, tuples (with _), sampled lets, vars assigned in later inputs', () => {
    const r = session();
    expect(r.in('let (a, _, c) = (1, 2, "c")')).toBe('');
    expect(r.in('var n = 0')).toBe('');
    expect(r.in('n += a; n *= 10')).toBe('');
    expect(r.in('n')).toBe('10');
    expect(r.in('c')).toBe('"c"');
    expect(r.in('let u ~ Uniform(0.0, 1.0)')).toBe('');
    const u = r.in('u');
    expect(Number(u)).toBeGreaterThan(0);
    expect(r.in('u')).toBe(u);
  });

  it('a later let shadows an earlier one; a fn sees the last one (one program)', () => {
    const r = session();
    r.in('let x = 1');
    r.in('fn getX() -> Nat { x }');
    expect(r.in('getX()')).toBe('1');
    // As a file this would be an error (the earlier `getX()` reads `x` before this `let`); that call ran long ago.
    expect(r.in('let x = 2')).toBe('');
    expect(r.in('getX()')).toBe('2');
    expect(r.in('let x = "s"')).toMatch(/^error: /); // getX() -> Nat no longer checks
    expect(r.in('x + getX()')).toBe('4');
  });

  it('a rejected or failed input changes nothing', () => {
    const r = session();
    r.in('var k = 1');
    expect(r.in('k = 5; let boom = [1][3]')).toBe('runtime error: index 3 is out of range for an array of length 1');
    expect(r.in('k')).toBe('1');
    expect(r.in('fn f() -> Nat { true }')).toMatch(/^error: expected Nat, found Bool/);
    expect(r.in('f()')).toMatch(/^error: unknown name `f`/);
  });

  it('an input with several statements echoes only a final expression; prints come as they run', () => {
    const r = session();
    expect(r.in('print(1); let y = 2; print(y); y * 21')).toBe('42');
    expect(r.printed).toEqual(['1', '2']);
    expect(r.in('print(3);')).toBe('');
    expect(r.in('let z = 4;')).toBe('');
  });

  it('loading a file twice runs it twice; its fns are replaced, not duplicated', () => {
    const r = session();
    const src = 'fn k() -> Nat { 7 }\nlet v = k();\nprint(v);\n';
    expect(r.load('m.ppl', src)).toBe('');
    expect(r.load('m.ppl', src.replace('7', '8'))).toBe('');
    expect(r.printed).toEqual(['7', '8']);
    expect(r.in('k() + v')).toBe('16');
    expect(r.s.sources.get('m.ppl#2')).toContain('8');
  });

  it(':type sees the session and runs nothing', () => {
    const r = session();
    r.in('let d = infer(fn() { let a ~ UniformInt(1, 3); a }, Enumerate)');
    expect(r.type('d')).toBe('Dist<Nat>');
    expect(r.type('print(1)')).toBe('Unit');
    expect(r.printed).toEqual([]);
    expect(r.type('1; 2')).toBe('error: `:type` takes one expression');
  });

  it('the same inputs and seed give the same values; input k has a seed of its own', () => {
    const a = session(7);
    const b = session(7);
    const inputs = ['flip()', 'flip()', 'flip()', 'flip()', 'flip()', 'flip()', 'flip()', 'flip()', 'flip()', 'flip()'];
    const ra = inputs.map((t) => a.in(t));
    expect(inputs.map((t) => b.in(t))).toEqual(ra);
    expect(new Set(ra).size).toBe(2); // not the same draw every time
  });
});
