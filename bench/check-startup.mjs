// Times `ppl check` on a generated 300-line program as a whole process (node start-up, bundle load,
// parse, check), median of N runs, against `node -e 0` on the same machine. The program is written to
// the system's temporary folder. Also reports CPU time (user + system) per run when /usr/bin/time exists.
// Usage: node bench/check-startup.mjs [runs]   (run `node build.mjs` first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 15);

/** One 25-line unit of a realistic program: a model, a helper, a verified function, top-level use. */
function unit(i) {
  return `// unit ${i}
fn helper${i}(xs: [Real], k: Nat) -> Real {
  var acc = 0.0;
  for j in 0..len(xs) { acc += xs[j] * toReal(k + j); }
  acc / toReal(max(len(xs), 1))
}
fn model${i}() -> (Real, Bool) {
  let mu ~ Normal(0.0, 2.0);
  let b ~ Bernoulli(0.3);
  let ys = map([0.5, 1.5, 2.5], fn(y) => y + mu);
  observe(Normal(mu, 1.0), helper${i}(ys, ${i % 7}));
  condition(b || mu > -3.0);
  (mu, b)
}
fn geo${i}() -> Nat
  ensures E[result] <= 1
{
  var n = 0;
  var stop = flip(0.5);
  while !stop invariant n + [!stop] * 2 { n += 1; stop = flip(0.5); }
  n
}
let post${i} = infer(model${i}, SMC(particles: 100));
let stats${i} = fold(range(5), 0.0, fn(a, x) => a + expect(post${i}, fn(p) => p.0) * toReal(x));
print(stats${i});
`;
}

const program = Array.from({ length: 12 }, (_, i) => unit(i)).join('');
const file = join(mkdtempSync(join(tmpdir(), 'ppl-bench-')), 'check-300.ppl');
writeFileSync(file, program);
const lines = program.split('\n').length - 1;

const gnuTime = existsSync('/usr/bin/time');

/** Wall-clock ms of one run, and CPU ms (user + system, from /usr/bin/time when present). */
function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '@cpu %U %S', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return { ms, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Warm the file cache once, then alternate the two commands so that machine load affects both alike.
time('bin/ppl', ['check', file]);
const ppl = [];
const bare = [];
for (let i = 0; i < runs; i++) {
  bare.push(time('node', ['-e', '0']));
  ppl.push(time('bin/ppl', ['check', file]));
}
const result = {
  lines,
  runs,
  pplCheckMs: Math.round(median(ppl.map((r) => r.ms))),
  nodeMs: Math.round(median(bare.map((r) => r.ms))),
  pplMinMs: Math.round(Math.min(...ppl.map((r) => r.ms))),
  nodeMinMs: Math.round(Math.min(...bare.map((r) => r.ms))),
  // CPU time does not grow when other processes compete for the cores, unlike wall-clock time.
  pplCpuMs: Math.round(median(ppl.map((r) => r.cpu))),
  nodeCpuMs: Math.round(median(bare.map((r) => r.cpu))),
};
result.overNodeMs = result.pplCheckMs - result.nodeMs;
console.log(JSON.stringify(result));
