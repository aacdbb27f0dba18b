// `ppl repl` driven as a user drives it: a spawned process on the bundled CLI, lines written to its standard
// input, the screen (standard output and error) compared exactly. A second group runs it in a real terminal
// (tmux) to see prompts, continuation prompts and history recall across sessions.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ppl-repl-'));
let n = 0;

/** Runs a session on `lines` (piped, so no prompts); history goes to a fresh file unless one is given. */
function repl(lines: string, opts: { args?: string[]; history?: string } = {}) {
  const history = opts.history ?? join(dir, `history-${n++}`);
  const r = spawnSync('node', ['bin/ppl.mjs', 'repl', ...(opts.args ?? [])], {
    input: lines, encoding: 'utf8', env: { ...process.env, PPL_HISTORY: history },
  });
  return { status: r.status, out: r.stdout, err: r.stderr, history };
}

function run(file: string, ...args: string[]) {
  return spawnSync('node', ['bin/ppl.mjs', 'run', file, ...args], { encoding: 'utf8' });
}

const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
const bar = (k: number, eighth = ''): string => '█'.repeat(k) + eighth;

beforeAll(() => {
  execFileSync('node', ['build.mjs']);
});

describe('ppl repl: values', () => {
  it('shows the value of an expression input; print prints as in ppl run; Unit shows nothing', () => {
    const r = repl('1 + 2\n2.5 * 2.0\n"s"\n(1, "a", [2.5], {x: true})\nprint("hi")\nprint((1, "a"))\n()\nif 1 < 2 { "yes" } else { "no" }\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('3\n5\n"s"\n(1, "a", [2.5], {x: true})\nhi\n(1, "a")\n"yes"\n');
    expect(r.status).toBe(0);
  });

  it('shows a finite distribution as a table with proportional bars', () => {
    const r = repl('infer(fn() { flip(0.3) }, Enumerate)\n');
    expect(r.err).toBe('');
    // 0.3 / 0.7 of 40 characters is 17 1/7: 17 full blocks and one eighth.
    expect(r.out).toBe(`false  0.7  ${bar(40)}\ntrue   0.3  ${bar(17, '▏')}\n`);
  });

  it('the dice model: five equally likely values, most probable first, then in order', () => {
    const r = repl('infer(fn() { let a ~ UniformInt(1, 6); let b ~ UniformInt(1, 6); condition(a + b == 8); a }, Enumerate)\n');
    expect(r.err).toBe('');
    expect(r.out).toBe([2, 3, 4, 5, 6].map((v) => `${v}  0.2  ${bar(40)}\n`).join(''));
  });

  it('a Gaussian result shows its mean and sd; a primitive continuous distribution its constructor', () => {
    const r = repl('infer(fn() { let x ~ Normal(1.0, 2.0); x }, Exact)\nNormal(0.0, 1.0)\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('mean  1\nsd    2\nNormal(0, 1)\n');
  });
});

describe('ppl repl: one growing program', () => {
  it('keeps fns, top-level lets, tuples and vars from one input to the next', () => {
    const r = repl([
      'let x = 10', 'fn f(n: Nat) -> Nat { n + x }', 'f(5)', 'let (a, b) = (3, "b")', 'a + f(a)', 'b',
      'var c = 1', 'c += 2', 'c * 10', 'let g = fn(y: Real) => y * 2.0', 'g(1.5)',
    ].join('\n') + '\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('15\n16\n"b"\n30\n3\n');
  });

  it('runs each input once: earlier prints and random choices are not repeated', () => {
    const r = repl('print("once")\nlet z ~ Normal(0.0, 1.0)\nprint(z)\nz\nz\nlet d = infer(fn() { flip(0.5) }, Importance(samples: 20))\nprob(d, true) == prob(d, true)\n');
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines.filter((l) => l === 'once')).toHaveLength(1);
    expect(lines).toHaveLength(5);
    expect(Number(lines[1])).not.toBeNaN();
    expect(lines[2]).toBe(lines[1]);
    expect(lines[3]).toBe(lines[1]);
    expect(lines[4]).toBe('true');
  });

  it('a later `fn` of the same name replaces the earlier one, in earlier callers too', () => {
    const r = repl('fn g() -> Nat { 1 }\nfn h() -> Nat { g() + 1 }\nh()\nfn g() -> Nat { 10 }\nh()\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('2\n11\n');
  });

  it('a redefinition that breaks earlier code is rejected, located in the earlier input', () => {
    const r = repl('fn g() -> Nat { 1 }\nfn h() -> Nat { g() + 1 }\nfn g() -> Bool { true }\nh()\n');
    expect(r.err).toBe(
      '<repl:2>:1:17: error: `+` needs numbers, found Bool\n' +
      '1 | fn h() -> Nat { g() + 1 }\n' +
      '                    ^^^\n',
    );
    expect(r.out).toBe('2\n');
  });

  it('models defined in one input are inferred in another, by every kind of engine', () => {
    const r = repl([
      'let m = fn() { let x ~ Normal(0.0, 1.0); observe(Normal(x, 1.0), 2.0); x }',
      'fn coin() -> Bool { let b = flip(0.5); condition(b || flip(0.5)); b }',
      'let r = mem(fn(i: Nat) => flip(0.5))',
      'mean(infer(m, Exact))', 'prob(infer(coin, Enumerate), true)', 'prob(infer(fn() { r(1) == r(1) }, Enumerate), true)',
      'abs(mean(infer(m, NUTS(samples: 400))) - 1.0) < 0.3',
    ].join('\n') + '\n');
    expect(r.err).toBe('');
    const [exact, coin, memo, nuts] = r.out.trim().split('\n');
    expect(Number(exact)).toBeCloseTo(1, 12);
    expect(Number(coin)).toBeCloseTo(2 / 3, 12);
    expect(memo).toBe('1');
    expect(nuts).toBe('true');
  });
});

describe('ppl repl: errors', () => {
  it('a type error is shown FILE:LINE:COL with a caret, and leaves the session unchanged', () => {
    const r = repl('let x = 1\nlet y = x + true\ny\nx\n');
    expect(r.err).toBe(
      '<repl:2>:1:13: error: `+` needs numbers, found Bool\n' +
      '1 | let y = x + true\n' +
      '                ^^^^\n' +
      '<repl:3>:1:1: error: unknown name `y`; did you mean `x`?\n' +
      '1 | y\n' +
      '    ^\n',
    );
    expect(r.out).toBe('1\n');
    expect(r.status).toBe(0);
  });

  it('a syntax error in a multi-line input points at its line', () => {
    const r = repl('fn g() -> Nat {\n  let a = 1;\n  a +\n}\nlet = 3\n');
    expect(r.err).toBe(
      '<repl:1>:4:1: error: expected an expression, found `}`\n' +
      '4 | }\n' +
      '    ^\n' +
      '<repl:2>:1:5: error: expected a name or `(`, found `=`\n' +
      '1 | let = 3\n' +
      '        ^\n',
    );
    expect(r.out).toBe('');
  });

  it('a runtime error is located, shows no stack trace, and discards the input', () => {
    const r = repl('let picked = [1, 2][5]\npicked\nprint("still here")\n');
    expect(r.err).toBe(
      '<repl:1>:1:14: error: index 5 is out of range for an array of length 2\n' +
      '1 | let picked = [1, 2][5]\n' +
      '                 ^^^^^^^^^\n' +
      '<repl:2>:1:1: error: unknown name `picked`\n' +
      '1 | picked\n' +
      '    ^^^^^^\n',
    );
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('still here\n');
  });

  it('zero evidence names the `condition` of an earlier input', () => {
    const r = repl('let c = fn() { let b = flip(0.5); condition(false); b }\ninfer(c, Enumerate)\n');
    expect(r.err).toBe(
      '<repl:2>:1:1: error: Enumerate: the evidence is zero: every execution was rejected by `condition` at <repl:1>:1:35\n' +
      '1 | infer(c, Enumerate)\n' +
      '    ^^^^^^^^^^^^^^^^^^^\n',
    );
  });
});

describe('ppl repl: input', () => {
  it('reads lines until brackets balance, strings and block comments close', () => {
    const r = repl('fn f(n: Nat) -> Nat {\n  n * 2\n}\nf(21)\nlet arr = [\n  1,\n  2\n]\narr\n"{(["\n/* {\n */ 7 // {\nlen(\n[1, 2, 3])\n');
    expect(r.err).toBe('');
    expect(r.out).toBe('42\n[1, 2]\n"{(["\n7\n3\n');
  });

  it('an input cut short by the end of input is still checked, and its error says what is missing', () => {
    const r = repl('1 + 1\nfn f() -> Nat {\n  1\n');
    expect(r.out).toBe('2\n');
    expect(r.err).toBe('<repl:2>:2:4: error: expected a statement or `}`, found end of file\n2 |   1\n       ^\n');
    expect(r.status).toBe(0);
  });
});

describe('ppl repl: commands', () => {
  it(':type prints the type (and a non-pure effect) without running anything', () => {
    const r = repl([
      ':type infer(fn() { flip(0.5) }, Enumerate)', ':type 1 + 2', ':type [1, 2.5]', 'fn f(n: Nat) -> Nat { n }', ':type f',
      ':type print("not run")', ':t (1, "a")', ':type flip(0.5)', ':type observe(Normal(0.0, 1.0), 1.0)',
      'fn coin() -> Bool { let b = flip(0.5); condition(b); b }', ':type coin', ':type fn(x: Real) => flip(0.5)',
    ].join('\n') + '\n');
    expect(r.err).toBe('');
    expect(r.out).toBe([
      'Dist<Bool>', 'Nat', '[Real]', '(Nat) -> Nat', 'Unit', '(Nat, String)', 'Bool ! sampling', 'Unit ! conditioning',
      '() -> Bool ! conditioning', '(Real) -> Bool ! sampling',
    ].join('\n') + '\n');
  });

  it(':type of an ill-typed expression shows the error with a caret', () => {
    const r = repl(':type nope + 1\n:type\n');
    expect(r.err).toBe(
      '<repl:1>:1:1: error: unknown name `nope`\n1 | nope + 1\n    ^^^^\n' +
      ':type needs an expression, as in `:type flip(0.5)`\n',
    );
    expect(r.out).toBe('');
  });

  it(':load runs an example as ppl run does, and its definitions stay', () => {
    const expected = run('examples/burglary.ppl');
    expect(expected.status).toBe(0);
    const r = repl(':load examples/burglary.ppl\nprob(posterior, false)\n:type alarm\n');
    expect(r.err).toBe('');
    expect(r.out).toBe(`${expected.stdout}0.715828164635607\n() -> Bool ! conditioning\n`);
  });

  it(':load of a file with an error shows it at FILE:LINE:COL; of a missing file says so', () => {
    const file = join(dir, 'bad.ppl');
    writeFileSync(file, 'fn broken() -> Nat {\n  true\n}\n');
    const r = repl(`:load ${file}\n:load ${join(dir, 'missing.ppl')}\nbroken()\n`);
    expect(r.err).toBe(
      `${file}:2:3: error: expected Nat, found Bool\n2 |   true\n      ^^^^\n` +
      `:load: cannot read \`${join(dir, 'missing.ppl')}\`\n` +
      '<repl:2>:1:1: error: unknown name `broken`\n1 | broken()\n    ^^^^^^\n',
    );
  });

  it(':load follows imports relative to the file; loading again re-runs the file', () => {
    writeFileSync(join(dir, 'lib.ppl'), 'fn twice(x: Nat) -> Nat { 2 * x }\n');
    writeFileSync(join(dir, 'main.ppl'), 'import "lib.ppl";\nlet k = twice(21);\nprint(k);\n');
    const r = repl(`:load ${join(dir, 'main.ppl')}\n:load ${join(dir, 'main.ppl')}\ntwice(k)\n`);
    expect(r.err).toBe('');
    expect(r.out).toBe('42\n42\n84\n');
  });

  it(':help lists the commands; an unknown command says so; :quit stops reading', () => {
    const r = repl(':help\n:nope\n:quit\nprint("never")\n');
    expect(r.out).toBe(
      'commands:\n' +
      '  :type EXPR    show the type of EXPR (nothing runs)\n' +
      '  :load FILE    add FILE\'s definitions to the session and run its statements\n' +
      '  :help         show this help\n' +
      '  :quit         leave (so does Ctrl-D)\n' +
      'an input ends when its brackets balance; a final `;` may be left out\n',
    );
    expect(r.err).toBe('unknown command `:nope` (:help lists the commands)\n');
    expect(r.status).toBe(0);
  });

  it('bad options: exit 2 with a message; --help shows the usage', () => {
    const bad = repl('', { args: ['--seed', 'x'] });
    expect(bad.status).toBe(2);
    expect(bad.err).toBe('ppl repl: --seed needs an integer, found `x`\n');
    const help = repl('', { args: ['--help'] });
    expect(help.status).toBe(0);
    expect(help.out).toMatch(/^usage: ppl repl \[--seed N\]/);
  });
});

describe('ppl repl: seeds and history', () => {
  const session = 'let x ~ Normal(0.0, 1.0)\nx\ninfer(fn() { flip(0.5) }, Importance(samples: 100))\n';

  it('the same seed gives the same session; another seed another', () => {
    const a = repl(session, { args: ['--seed', '5'] });
    const b = repl(session, { args: ['--seed', '5'] });
    const c = repl(session, { args: ['--seed', '6'] });
    expect(a.err).toBe('');
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
  });

  it('a file loaded first prints what ppl run --seed N prints', () => {
    const file = join(dir, 'sampling.ppl');
    writeFileSync(file, 'let x ~ Normal(0.0, 1.0);\nprint(x);\nprint(infer(fn() { flip(0.5) }, Importance(samples: 100)));\n');
    for (const seed of ['3', '8']) {
      const expected = run(file, '--seed', seed);
      expect(expected.status).toBe(0);
      expect(repl(`:load ${file}\n`, { args: ['--seed', seed] }).out).toBe(expected.stdout);
    }
  });

  it('writes every line typed to the history file, across sessions', () => {
    const history = join(dir, 'shared-history');
    repl('1 + 1\nfn f() -> Nat {\n  3\n}\n', { history });
    repl(':type f\n:quit\n', { history });
    expect(readFileSync(history, 'utf8')).toBe('1 + 1\nfn f() -> Nat {\n  3\n}\n:type f\n:quit\n');
  });

  it('PPL_HISTORY= turns history off', () => {
    const r = repl('1\n', { history: '' });
    expect(r.out).toBe('1\n');
  });
});

// In a terminal: prompts, the continuation prompt, and recall of the previous session's lines with the up arrow.
const tmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!tmux)('ppl repl in a terminal (tmux)', () => {
  // A server of its own per session: a new server on a socket whose server was just killed may fail to start.
  let sessions = 0;

  async function session(history: string, keys: string[][], until: string, after = ''): Promise<string> {
    const socket = `ppl-repl-test-${process.pid}-${sessions++}`;
    const t = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    // tmux drops trailing spaces and blank lines: the prompt `ppl> ` shows as `ppl>`.
    const screen = (): string => t('capture-pane', '-p', '-t', 'repl').stdout.replace(/\n+$/, '\n');
    const waitFor = async (text: string): Promise<string> => {
      for (let i = 0; i < 150; i++) {
        const s = screen();
        if (s.includes(text)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      return screen();
    };
    const cmd = `cd ${JSON.stringify(process.cwd())} && PPL_HISTORY=${JSON.stringify(history)} node bin/ppl.mjs repl${after}`;
    t('new-session', '-d', '-s', 'repl', '-x', '80', '-y', '30', cmd);
    try {
      await waitFor('ppl>');
      for (const k of keys) t('send-keys', '-t', 'repl', ...k);
      return await waitFor(until);
    } finally {
      t('kill-server');
    }
  }

  it('shows prompts, continuation prompts, values and errors; the up arrow recalls the last session', async () => {
    const history = join(dir, 'tty-history');
    const first = await session(history, [
      ['fn f(n: Nat) -> Nat {', 'Enter'], ['  n * 2', 'Enter'], ['}', 'Enter'], ['f(21)', 'Enter'],
      ['infer(fn() { flip(0.25) }, Enumerate)', 'Enter'], ['f(true)', 'Enter'], ['6 * 7', 'Enter'],
    ], 'ppl> 6 * 7\n42\nppl>');
    expect(first).toBe(
      `ppl ${version} — :help for help, Ctrl-D or :quit to leave\n` +
      'ppl> fn f(n: Nat) -> Nat {\n' +
      '...    n * 2\n' +
      '...  }\n' +
      'ppl> f(21)\n' +
      '42\n' +
      'ppl> infer(fn() { flip(0.25) }, Enumerate)\n' +
      `false  0.75  ${bar(40)}\n` +
      `true   0.25  ${bar(13, '▍')}\n` +
      'ppl> f(true)\n' +
      '<repl:4>:1:3: error: expected Nat, found Bool\n' +
      '1 | f(true)\n' +
      '      ^^^^\n' +
      'ppl> 6 * 7\n' +
      '42\n' +
      'ppl>\n',
    );
    expect(existsSync(history)).toBe(true);
    const second = await session(history, [['Up'], ['Enter']], '42\nppl>');
    expect(second).toBe(`ppl ${version} — :help for help, Ctrl-D or :quit to leave\nppl> 6 * 7\n42\nppl>\n`);
  });

  it('Ctrl-C drops the input being typed, on an empty line says how to leave; Ctrl-D leaves with status 0', async () => {
    const screen = await session('', [
      ['fn f() {', 'Enter'], ['1 +'], ['C-c'], ['5', 'Enter'], ['C-c'], ['C-d'],
    ], 'left with 0', '; echo left with $?; sleep 10');
    expect(screen).toBe(
      `ppl ${version} — :help for help, Ctrl-D or :quit to leave\n` +
      'ppl> fn f() {\n' +
      '...\n' +
      'ppl> 5\n' +
      '5\n' +
      'ppl>\n' +
      '(to leave, press Ctrl-D or type :quit)\n' +
      'ppl>\n' +
      'left with 0\n',
    );
  });
});
