// Exercises the front end and the compiler on a program that touches most of the grammar, so that the
// start-up snapshot (cli/snapshot.ts) holds a parser whose lookahead functions are built and code that V8
// has already compiled. Pure: it reads and writes nothing.

import { checkSource } from '../lang/index.js';
import { compileProgram } from '../compiler/index.js';

const sample = `
fn coin(p: Real) -> Bool { flip(p) }
fn first<T>(xs: [T]) -> T { xs[0] }
fn model() -> (Nat, Real) {
  var n = 0;
  let xs = [1.0, 2.5];
  let r = {a: 1, b: true};
  let t = (1, "s");
  for i in 0..3 { n += 1; }
  while n < 5 { n = n + 1; }
  let x ~ Normal(0.0, 1.0);
  observe(Normal(x, 1.0), 0.5);
  condition(coin(0.5) || r.b);
  factor(-0.1);
  let ys = map(xs, fn(v) => v * 2.0);
  let z = if x > 0.0 { 1.0 } else { 0.0 - 1.0 };
  (n + t.0 + len(ys), x + first(xs) + z)
}
fn geo() -> Nat
  ensures E[result] <= 1
{
  var n = 0;
  var stop = flip(0.5);
  while !stop
    invariant n + [!stop] * 2
  {
    n += 1;
    stop = flip(0.5);
  }
  n
}
let d = infer(model, SMC(particles: 10));
let e = infer(fn() => coin(0.3), Enumerate);
print(prob(e, true));
`;

export function warmUp(): void {
  const checked = checkSource(sample, '<warm-up>');
  if (checked.diagnostics.length === 0) compileProgram(checked.program);
}
