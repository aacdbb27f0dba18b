// Golden tests of the proof-rule desugarings: the core IVL each loop rule produces, printed in HeyVL syntax
// (so a reader can check it against the rule's definition in docs/verification.md).
import { describe, it, expect } from 'vitest';
import { loadHeyVL, desugarProc, printStmts } from '../../verifier/index.js';

function desugared(src: string): string {
  const { program, diagnostics } = loadHeyVL(src, 'g.heyvl');
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const procs = new Map(program.procs.map((p) => [p.name, p]));
  const d = desugarProc(program.procs[program.procs.length - 1]!, procs);
  return printStmts(d.body).replace(/\$\d+/g, '$N');
}

const geo = (ann: string, kind = 'coproc') => `${kind} geo(init_c: UInt) -> (c: UInt)
    pre init_c + 1
    post c
{
    c = init_c
    var b: Bool = true
    ${ann}
    while b {
        b = flip(0.5)
        if b { c = c + 1 } else {}
    }
}`;

describe('loop rule desugarings (golden)', () => {
  it('@invariant in a coproc: Park induction with co-statements', () => {
    expect(desugared(geo('@invariant(c + [b])'))).toBe(`c = init_c
var b: Bool
b = true
{
    coassert c + [b]
    cohavoc b, c
    covalidate
    coassume c + [b]
    if b {
        b = flip(1/2)
        if b {
            c = c + 1
        } else {}
        coassert c + [b]
        coassume ∞
    } else {}
}
`);
  });

  it('@invariant in a proc: Park induction with the plain statements', () => {
    expect(desugared(geo('@invariant(c + [b])', 'proc'))).toContain(`{
    assert c + [b]
    havoc b, c
    validate
    assume c + [b]
    if b {
        b = flip(1/2)
        if b {
            c = c + 1
        } else {}
        assert c + [b]
        assume 0
    } else {}
}`);
  });

  it('@k_induction(2, I): two copies of the body, the inner invariant check in the dual direction', () => {
    expect(desugared(geo('@k_induction(2, c + 1)'))).toContain(`    coassume c + 1
    if b {
        b = flip(1/2)
        if b {
            c = c + 1
        } else {}
        assert c + 1
        if b {
            b = flip(1/2)
            if b {
                c = c + 1
            } else {}
            coassert c + 1
            coassume ∞
        } else {}
    } else {}`);
  });

  it('@unroll(2, 0): two nested iterations with the constant 0 innermost', () => {
    expect(desugared(geo('@unroll(2, 0)'))).toContain(`{
    if b {
        b = flip(1/2)
        if b {
            c = c + 1
        } else {}
        if b {
            b = flip(1/2)
            if b {
                c = c + 1
            } else {}
            coassert 0
            coassume ∞
        } else {}
    } else {}
}`);
  });

  it('@omega_invariant(n, I): cohavoc n, both conditions under a demonic choice, loop variables havocked', () => {
    const src = `proc omega(init_x: UInt) -> (x: UInt)
    pre init_x
    post 0
{
    x = init_x
    @omega_invariant(n, [x <= n] * x)
    while 0 < x {
        tick 1
        x = x - 1
    }
}`;
    expect(desugared(src)).toBe(`x = init_x
{
    cohavoc n$N
    assert [x <= n$N] * x
    if ⊓ {
        havoc x
        validate
        assume [x <= 0] * x
        if 0 < x {
            tick 1
            x = x - 1
            assert 0
            assume 0
        } else {}
    } else {
        havoc n$N, x
        validate
        assume [x <= n$N + 1] * x
        if 0 < x {
            tick 1
            x = x - 1
            assert [x <= n$N] * x
            assume 0
        } else {}
    }
}
`);
  });

  it('a call goes through the callee specification: assert pre, havoc outputs, validate, assume post', () => {
    const src = `coproc half(x: UInt) -> (y: UInt) pre x post y
coproc caller(a: UInt) -> (r: UInt) pre a + 1 post r { r = half(a + 1) }`;
    expect(desugared(src)).toBe(`var x_arg$N: UInt = a + 1
coassert x_arg$N
cohavoc r
covalidate
coassume r
`);
  });
});
