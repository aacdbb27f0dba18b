// The type algebra (lang/types.ts), the built-in table, and what the checker writes into the AST
// for later passes: $type on expressions, shared $binding objects, $typeArgs, $overload, $captures.
import { describe, expect, it } from 'vitest';
import {
  builtins, isSubtype, lub, glb, typeToString, type Binding, type Expect, type Lambda,
  type Let, type Type, type VarRef,
} from '../../lang/index.js';
import { types } from '../../lang/index.js';

const { arrayOf, Bool, distOf, fnOf, Int, Nat, Never, Real, recordOf, Str, tupleOf } = types;
import { callsOf, checkOk, errorsOf, fnNamed, nodes, typeOf } from './check-helpers.js';
import { check, parse } from '../../lang/index.js';

describe('subtyping and least upper bounds', () => {
  it('Nat <: Int <: Real, never the other way', () => {
    expect([isSubtype(Nat, Int), isSubtype(Int, Real), isSubtype(Nat, Real)]).toEqual([true, true, true]);
    expect([isSubtype(Real, Int), isSubtype(Int, Nat), isSubtype(Bool, Nat)]).toEqual([false, false, false]);
  });
  it('is covariant in arrays, tuples, records, Dist and results; contravariant in parameters', () => {
    expect(isSubtype(arrayOf(Nat), arrayOf(Real))).toBe(true);
    expect(isSubtype(tupleOf([Nat, Str]), tupleOf([Int, Str]))).toBe(true);
    expect(isSubtype(recordOf([{ name: 'a', type: Nat }]), recordOf([{ name: 'a', type: Real }]))).toBe(true);
    expect(isSubtype(distOf(Nat), distOf(Int))).toBe(true);
    expect(isSubtype(fnOf([Real], Nat), fnOf([Nat], Real))).toBe(true);
    expect(isSubtype(fnOf([Nat], Nat), fnOf([Real], Nat))).toBe(false);
  });
  it('takes least upper bounds and greatest lower bounds', () => {
    expect(typeToString(lub(arrayOf(Nat), arrayOf(Real))!)).toBe('[Real]');
    expect(typeToString(lub(Never, Int)!)).toBe('Int');
    expect(lub(Str, Nat)).toBeUndefined();
    expect(typeToString(lub(fnOf([Real], Nat), fnOf([Int], Int))!)).toBe('(Int) -> Int');
    expect(typeToString(glb(Real, Nat)!)).toBe('Nat');
  });
  it('prints types as they are written', () => {
    expect(typeToString(arrayOf(Real))).toBe('[Real]');
    expect(typeToString(tupleOf([Nat, Str]))).toBe('(Nat, String)');
    expect(typeToString(distOf(Bool))).toBe('Dist<Bool>');
    expect(typeToString(fnOf([Real], Bool))).toBe('(Real) -> Bool');
    expect(typeToString(fnOf([], fnOf([Real], Real)))).toBe('() -> ((Real) -> Real)');
    expect(typeToString(recordOf([{ name: 'x', type: Real }, { name: 'y', type: Bool }]))).toBe('{x: Real, y: Bool}');
    expect(typeToString(fnOf([], Bool, 'sampling'), { effects: true })).toBe('() -> Bool ! sampling');
  });
});

describe('the built-in table', () => {
  it('has every built-in of language.md §5–§6', () => {
    const names = `Bernoulli Categorical UniformInt Binomial Geometric Poisson Normal Uniform Beta Gamma Exponential
      Dirichlet MvNormal Delta sample observe condition factor flip mem infer tick print prob logProb mean variance sd
      support expect samples quantile logZ ess abs exp log log1p expm1 sqrt pow sin cos tan atan2 lgamma digamma min
      max logSumExp floor ceil round toInt toReal pi e len range map filter fold sum product zip repeat append concat
      any all Enumerate Exact Rejection Importance SMC MH HMC NUTS tensor vector matvec dot toArray`.split(/\s+/);
    expect(names.filter((n) => !builtins.has(n))).toEqual([]);
  });
  it('gives methods their named options', () => {
    const smc = builtins.get('SMC')!;
    expect(smc.overloads[0]!.named!.map((n) => n.name)).toEqual(['particles', 'rejuvenation', 'resampling', 'ess']);
    expect(builtins.get('MH')!.overloads[0]!.named!.map((n) => n.name)).toEqual(['samples', 'burn', 'thin', 'chains']);
  });
});

describe('inferred types', () => {
  const letTypes = (src: string): Record<string, string> => {
    const p = checkOk(src);
    return Object.fromEntries(p.items.filter((i): i is Let => i.kind === 'Let').map((l) => [l.name, typeToString(l.$binding!.type as Type)]));
  };
  it('types literals, operators and array literals', () => {
    expect(letTypes('let a = 1; let b = 1.5; let c = 1 - 2; let d = -1; let e2 = 7 / 2; let f = 7.0 / 2; let g = [1, 2.5]; let h = "s";'))
      .toEqual({ a: 'Nat', b: 'Real', c: 'Int', d: 'Int', e2: 'Nat', f: 'Real', g: '[Real]', h: 'String' });
  });
  it('keeps Nat/Int results of math built-ins where natural', () => {
    expect(letTypes('let a = abs(-2); let b = max(1, 2); let c = min(-1, 2); let d = max(1, 2.0); let f = floor(2.5); let g = UniformInt(0, 3); let h = UniformInt(-1, 3);'))
      .toEqual({ a: 'Nat', b: 'Nat', c: 'Int', d: 'Real', f: 'Int', g: 'Dist<Nat>', h: 'Dist<Int>' });
  });
  it('infers type arguments by least upper bound and lambda parameters from context', () => {
    expect(letTypes('fn first<T>(xs: [T]) -> T { xs[0] }\nlet a = first([1, 2]); let b = first([1, 2.5]); let c = map([1, 2], fn(x) => x > 1); let d = fold([1.5], 0, fn(acc, x) => acc + x); let z = zip([1], ["a"]);'))
      .toEqual({ a: 'Nat', b: 'Real', c: '[Bool]', d: 'Real', z: '[(Nat, String)]' });
  });
  it('infers result types of fns, including recursive ones', () => {
    const p = checkOk('fn f(n: Nat) { if n == 0 { 1 } else { n * f(n / 2) } }\nfn g(n: Int) { if n <= 0 { 0 } else { g(n - 1) - 1 } }\nfn h(x: Real) { if x > 0.0 { return 1; } 2.5 }');
    expect(['f', 'g', 'h'].map((n) => typeOf(fnNamed(p, n)))).toEqual(['(Nat) -> Nat', '(Int) -> Int', '(Real) -> Real']);
  });
  it('gives a var the least type of its initialiser and every assignment', () => {
    const p = checkOk('fn f() -> Int { var s = 0; s = s - 1; s }\nfn g() -> [Real] { var xs = []; xs = append(xs, 1); xs[0] = 2.5; xs }');
    const vars = nodes(p).filter((n) => n.kind === 'VarDecl') as unknown as { $binding: Binding }[];
    expect(vars.map((v) => typeToString(v.$binding.type as Type))).toEqual(['Int', '[Real]']);
  });
});

describe('annotations for later passes', () => {
  it('shares one Binding per declaration between the declaration and its uses', () => {
    const p = checkOk('let g = 2.0;\nfn f(x: Real) -> Real { let y = x * g; y }\nlet v = f(1.0);');
    const f = fnNamed(p, 'f');
    const refs = nodes(p).filter((n) => n.kind === 'Var') as unknown as VarRef[];
    const byName = (n: string): Binding[] => refs.filter((r) => r.name === n).map((r) => r.$binding!);
    expect(byName('x')[0]).toBe(f.params[0]!.$binding);
    expect(byName('f')[0]).toBe(f.$binding);
    expect(byName('g')[0]).toBe((p.items[0] as Let).$binding);
    expect(byName('g')[0]!.kind).toBe('global');
    expect(byName('x')[0]!.kind).toBe('param');
    expect(byName('y')[0]!.kind).toBe('let');
    expect(refs.every((r) => r.$binding && typeof r.$binding.id === 'number')).toBe(true);
  });
  it('writes $typeArgs on generic calls and $overload on overloaded built-ins', () => {
    const p = checkOk('let a = map([1, 2], fn(x) => x > 1);\nlet b = abs(-2.5);\nlet c = Categorical([0.5, 0.5], ["a", "b"]);');
    expect((callsOf(p, 'map')[0]!.$typeArgs as Type[]).map((t) => typeToString(t))).toEqual(['Nat', 'Bool']);
    expect(callsOf(p, 'abs')[0]!.$overload).toBe(2);
    expect(callsOf(p, 'Categorical')[0]!.$overload).toBe(1);
  });
  it('lists the outer locals a lambda reads in $captures', () => {
    const p = checkOk('fn f(n: Nat) -> Nat { var k = n; let g = fn(x: Nat) => x + k + n; g(1) }');
    const lam = nodes(p).find((n) => n.kind === 'Lambda') as unknown as Lambda;
    expect(lam.$captures!.map((b) => b.name).sort()).toEqual(['k', 'n']);
  });
  it('writes $type on every expression', () => {
    const p = checkOk('fn f(x: Real) -> Real { let t = (x, [1, 2]); t.1[0] + x }');
    const exprs = nodes(fnNamed(p, 'f').body).filter((n) => !['Let', 'Block'].includes(n.kind as string) && n.kind !== 'ExprStmt');
    expect(exprs.length).toBeGreaterThan(5);
    expect(exprs.filter((e) => e.$type === undefined).map((e) => e.kind)).toEqual([]);
  });
  it('turns E[i] outside specifications into indexing when E is a variable', () => {
    const p = checkOk('let E = [1.5];\nlet v = E[0];');
    const ex = nodes(p).find((n) => n.kind === 'Expect') as unknown as Expect;
    expect(ex.$asIndex?.kind).toBe('Index');
    expect(typeOf(ex)).toBe('Real');
  });
  it('binds result and cost in ensures clauses', () => {
    const p = checkOk('fn f() -> Nat ensures E[result + cost] <= 3 { tick(1); 1 }');
    const refs = nodes(fnNamed(p, 'f').specs).filter((n) => n.kind === 'Var') as unknown as VarRef[];
    expect(refs.map((r) => `${r.name}:${r.$binding!.kind}:${typeOf(r)}`)).toEqual(['result:result:Nat', 'cost:cost:Real']);
  });
});

describe('diagnostics', () => {
  it('reports a mismatch at the expression whose type is wrong', () => {
    expect(errorsOf('fn f() -> Bool { 1 }')).toEqual(['1:18 expected Bool, found Nat']);
    expect(errorsOf('fn f(c: Bool) -> Bool { if c { true } else { 2.5 } }')).toEqual(['1:46 expected Bool, found Real']);
  });
  it('suggests near names', () => {
    expect(errorsOf('let y = 1;\nprint(z);')).toEqual(['2:7 unknown name `z`; did you mean `y`?']);
    expect(errorsOf('let d = Bernouli(0.5);')).toEqual(['1:9 unknown name `Bernouli`; did you mean `Bernoulli`?']);
    expect(errorsOf('let v = qqqqqq;')).toEqual(['1:9 unknown name `qqqqqq`']);
  });
  it('does not cascade from an erroneous expression', () => {
    expect(errorsOf('let a = nope + 1;\nlet b: Bool = a;\nlet c = a[0].x;\nlet d = f(a);\nfn f(x: Real) -> Real { x }')).toEqual(['1:9 unknown name `nope`']);
  });
  it('does not type-check a file with syntax errors (its type errors would echo them)', () => {
    const errs = errorsOf('let x = ;\nlet y: Bool = 1;');
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.some((e) => e.includes('expected Bool'))).toBe(false);
  });
});


describe('docs/language.md', () => {
  it('documents every built-in', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync('docs/language.md', 'utf8');
    expect([...builtins.keys()].filter((n) => !doc.includes(`\`${n}\``) && !doc.includes(`\`${n}(`) && !doc.includes(`\`${n}<`))).toEqual([]);
  });
});

describe('long programs', () => {
  it('checks a 5,000-term operator chain without recursing once per term', () => {
    const p = checkOk(`let x = ${Array.from({ length: 5000 }, (_, i) => (i % 2 ? '1' : '2.5')).join(' + ')};`);
    expect(typeOf((p.items[0] as Let).init)).toBe('Real');
  });
});

describe('the fixpoint', () => {
  const passes = (src: string): number => check(parse(src, 't.ppl').program).passes;
  it('takes one pass unless later code revises an assumption', () => {
    expect(passes('fn f(x: Real) -> Real { g(x) }\nfn g(x: Real) -> Real { x * 2.0 }\nlet a = f(1.0);\nvar n = 0;\nn += 1;')).toBe(1);
    expect(passes('fn f() -> Int { var s = 0; s = s - 1; s }')).toBe(2);
    expect(passes('fn fact(n: Nat) { if n == 0 { 1 } else { n * fact(n / 2) } }')).toBe(2);
  });
});

describe('long chains inside lambdas checked twice', () => {
  it('types every link of a long chain with the final parameter types', () => {
    // fold's accumulator is first tried as a Nat (from 0), then as a Real (from the result).
    const terms = Array.from({ length: 100 }, () => 'acc').join(' + ');
    const p = checkOk(`let r = fold([1.5, 2.5], 0, fn(acc, x) => ${terms} + x);`);
    const links = nodes(p).filter((n) => n.kind === 'Binary');
    expect(links.length).toBe(100);
    expect([...new Set(links.map((b) => typeOf(b)))]).toEqual(['Real']);
  });
});
