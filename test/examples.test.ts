// Every example in examples/ runs and prints what its `// expect:` header lines say: numbers to 1e-9
// relative (the exact values, computed independently — closed forms, the forward algorithm, Fractions),
// other lines exactly.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { checkSource } from '../lang/index.js';
import { compileProgram } from '../compiler/index.js';
import { instantiate, runMain, formatValue } from '../runtime/index.js';

const dir = 'examples';
const files = readdirSync(dir).filter((f) => f.endsWith('.ppl')).sort();

function run(file: string, seed = 0): string[] {
  const text = readFileSync(`${dir}/${file}`, 'utf8');
  const checked = checkSource(text, `${dir}/${file}`);
  expect(checked.diagnostics).toEqual([]);
  const lines: string[] = [];
  const opts = { seed, print: (v: unknown) => void lines.push(formatValue(v)) };
  runMain(instantiate(compileProgram(checked.program), opts), opts);
  return lines;
}

describe('examples', () => {
  it('there are at least the ten examples of issue 3', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const expected = [...text.matchAll(/^\/\/ expect: (.*)$/gm)].map((m) => m[1]!.trim());
      expect(expected.length).toBeGreaterThan(0);
      const got = run(file);
      expect(got.length).toBe(expected.length);
      got.forEach((line, i) => {
        const want = expected[i]!;
        const w = Number(want);
        if (want !== '' && Number.isFinite(w)) {
          const g = Number(line);
          expect(Math.abs(g - w), `${file} line ${i + 1}: ${line} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
        } else {
          expect(line).toBe(want);
        }
      });
    });
  }
});
