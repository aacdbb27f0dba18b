// Lowering golden tests: the checked AST of small programs, lowered and printed (compiler/print.ts), compared
// with the expected IR text. They pin A-normal form, `&&`/`if` as control flow with result temporaries,
// explicit probabilistic nodes with their sites, loop annotations kept for the verifier, and lambda captures.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../lang/index.js';
import { lower, printIr } from '../../compiler/index.js';

function ir(src: string): string {
  const c = checkSource(src, 't.ppl');
  expect(c.diagnostics.map((d) => d.message)).toEqual([]);
  // Binding ids depend on the prelude's size: show them as GID.
  return printIr(lower(c.program)).replace(/([A-Za-z])_\d+\b/g, '$1_GID');
}

describe('lowering', () => {
  it('let ~, flip, &&, if-expressions, observe', () => {
    expect(ir(`fn f() -> Bool {
  let a ~ Bernoulli(0.5);
  let b = flip(0.3) && a;
  observe(Bernoulli(if b { 0.9 } else { 0.1 }), true);
  a
}`)).toBe(`fn f() conditioning {
  let $t1 = Bernoulli(0.5)
  let a_GID = sample($t1) @1
  let $t3 = Bernoulli(0.3)
  let $t4 = sample($t3) @3
  var $t2 = $t4
  if $t2 {
    $t2 := a_GID
  }
  let b_GID = $t2
  var $t5 = ()
  if b_GID {
    $t5 := 0.9
  } else {
    $t5 := 0.1
  }
  let $t6 = Bernoulli($t5)
  observe($t6, true) @5
  return a_GID
}

fn $main() sampling {
  return ()
}
`);
  });

  it('vars, while with invariants and attributes, for, compound and index assignment, =:=, condition, factor', () => {
    expect(ir(`fn g(n: Nat) -> Real {
  var xs = [0.0, 0.0];
  var k = 0;
  @unroll(3)
  while k < n invariant k + 1 {
    k += 1;
  }
  for i in 0..2 {
    xs[i] = sample(Normal(0.0, 1.0));
  }
  xs[0] =:= xs[1];
  condition(k > 0);
  factor(-1.0);
  xs[0] * 2.0
}`)).toBe(`fn g(n_GID) conditioning {
  let $t1 = [0, 0]
  var xs_GID = $t1
  var k_GID = 0
  while {
      let $t2 = lt.int(k_GID, n_GID)
    } $t2 @0 @unroll(3) invariant k + 1 {
    let $t3 = add.int(k_GID, 1)
    k_GID := $t3
  }
  for i_GID in 0..2 @3 {
    let $t4 = Normal(0, 1)
    let $t5 = sample($t4) @2
    let $t6 = xs_GID with [i_GID] = $t5
    xs_GID := $t6
  }
  let $t7 = xs_GID[0]
  let $t8 = xs_GID[1]
  $t7 =:= $t8 @4
  let $t9 = gt.int(k_GID, 0)
  condition($t9) @5
  let $t10 = neg.real(1)
  factor($t10) @6
  let $t11 = xs_GID[0]
  let $t12 = mul.real($t11, 2)
  return $t12
}

fn $main() sampling {
  return ()
}
`);
  });

  it('lambdas capture values; effect-polymorphic calls; globals; infer and mem', () => {
    expect(ir(`let base = 1.0;
fn apply(f: (Real) -> Real, x: Real) -> Real { f(x) }
let m = mem(fn(i: Nat) -> Bool { flip(0.5) });
let d = infer(fn() {
  var s = base;
  let h = fn(y: Real) => y + s;
  apply(h, 2.0) + (if m(1) { 1.0 } else { 0.0 })
}, Enumerate);
`)).toBe(`globals base_GID, m_GID, d_GID
fn apply(f_GID: fn, x_GID) pure {
  let $t1 = call f_GID(x_GID) !conditioning @0
  return $t1
}

fn $main() sampling {
  let base_GID = 1
  let $t4 = fn lambda$1(i_GID) sampling {
    let $t2 = Bernoulli(0.5)
    let $t3 = sample($t2) @2
    return $t3
  }
  let m_GID = mem($t4)
  let $t10 = fn lambda$3() sampling {
    var s_GID = base_GID
    let h_GID = fn lambda$2(y_GID) pure captures(s_GID) {
      let $t5 = add.real(y_GID, s_GID)
      return $t5
    }
    let $t6 = call fn:apply(h_GID, 2) @4
    var $t7 = ()
    let $t8 = call m_GID(1) !sampling @5
    if $t8 {
      $t7 := 1
    } else {
      $t7 := 0
    }
    let $t9 = add.real($t6, $t7)
    return $t9
  }
  let d_GID = infer($t10, #Enumerate)
  return ()
}
`);
  });
});
