// In-process CPU time of ppl's compute for the bench/ppl programs, each measured in a fresh node process (cold
// JIT, as `ppl run` is) several times; prints minimum and median of "run" (instantiating the compiled module
// and running the top level: almost all of it inference) and of "all" (check + compile + run + JSON of the
// printed values; "front" is the wall time of check + compile, "print" that of the JSON, counted as CPU time
// in "all" only). CPU time counts V8's compiler and GC threads too. On a loaded machine whole-
// process wall times mostly measure the wait for a core; CPU time of the work itself does not.
//
//   node bench/cpu.mjs                          # ssm_smc_1k, ssm_smc_10k, linreg_mh; 5 processes each
//   node bench/cpu.mjs --reps 9 ssm_smc_10k     # one program, 9 processes
//   node bench/cpu.mjs --prof ssm_smc_10k       # one process under --cpu-prof (profile written to /tmp)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');

if (process.argv[2] === '--child') {
  // Child: the bundle path and the program; one run, timed around compile + instantiate + runMain.
  const [bundle, file] = process.argv.slice(3);
  const m = await import(bundle);
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { printed, frontMs, frontCpuMs, printMs } = m.run(text, file);
  const c1 = process.cpuUsage(c0);
  const t1 = performance.now();
  process.stdout.write(JSON.stringify({ cpuMs: (c1.user + c1.system) / 1000, wallMs: t1 - t0, frontMs, runCpuMs: (c1.user + c1.system) / 1000 - frontCpuMs - printMs, runMs: t1 - t0 - frontMs - printMs, printMs, printed }) + '\n');
  process.exit(0);
}

const args = process.argv.slice(2);
let reps = 5;
let prof = false;
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reps') reps = Number(args[++i]);
  else if (args[i] === '--prof') prof = true;
  else names.push(args[i]);
}
if (names.length === 0) names.push('ssm_smc_1k', 'ssm_smc_10k', 'linreg_mh');

// A bundle of the front end, compiler and runtime with one entry point `run(text, file)`.
const dir = mkdtempSync(join(tmpdir(), 'ppl-cpu-'));
const bundle = join(dir, 'run.mjs');
await build({
  stdin: {
    contents: `
      import { checkSource } from './lang/index.js';
      import { compileProgram } from './compiler/index.js';
      import { instantiate, runMain, toJSONText } from './runtime/index.js';
      export function run(text, file) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const checked = checkSource(text, file);
        const errs = checked.diagnostics.filter((d) => d.severity === 'error');
        if (errs.length) throw new Error(errs.map((d) => d.message).join('\\n'));
        const compiled = compileProgram(checked.program);
        const frontMs = performance.now() - t0;
        const cf = process.cpuUsage(c0);
        const frontCpuMs = (cf.user + cf.system) / 1000;
        const printed = [];
        const opts = { seed: 1, print: (v) => void printed.push(v) };
        runMain(instantiate(compiled, opts), opts);
        // what \`ppl run --json\` does with each printed value (the MH chain is 90,000 pairs: a few MB of JSON)
        const p0 = performance.now();
        const json = printed.map((v) => '{"value":' + toJSONText(v) + '}');
        Buffer.byteLength(json.join('\\n')); // (flattened, as writing it does)
        const printMs = performance.now() - p0;
        return { frontMs, frontCpuMs, printMs, printed: printed.map((v, i) => (Array.isArray(v) ? '[' + v.length + ' values]' : json[i])) };
      }`,
    resolveDir: root,
    sourcefile: 'cpu-entry.ts',
    loader: 'ts',
  },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['z3-solver', '@tensorflow/*'],
  define: { PPL_VERSION: '"bench"' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});

for (const name of names) {
  const file = join(root, 'bench/ppl', `${name}.ppl`);
  const cpu = [];
  const wall = [];
  const front = [];
  const runCpu = [];
  const runWall = [];
  const print = [];
  let printed;
  for (let r = 0; r < (prof ? 1 : reps); r++) {
    const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
    const p = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', bundle, file], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`${name}: ${p.stderr}`);
    const o = JSON.parse(p.stdout.trim().split('\n').pop());
    cpu.push(o.cpuMs);
    wall.push(o.wallMs);
    front.push(o.frontMs);
    runCpu.push(o.runCpuMs);
    runWall.push(o.runMs);
    print.push(o.printMs);
    printed = o.printed;
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const f = (x) => x.toFixed(1).padStart(7);
  console.log(`${name.padEnd(12)} run: cpu min ${f(Math.min(...runCpu))} median ${f(med(runCpu))}, wall min ${f(Math.min(...runWall))} | ` +
    `all: cpu min ${f(Math.min(...cpu))} median ${f(med(cpu))}, wall min ${f(Math.min(...wall))} (front ${f(Math.min(...front))}, print ${f(Math.min(...print))}) ms`);
  console.log(`  ${JSON.stringify(printed).slice(0, 150)}`);
  if (prof) console.log(`  profile in ${dir}`);
}
// the bundle is rebuilt by every invocation; a profile is kept
if (!prof) rmSync(dir, { recursive: true, force: true });
