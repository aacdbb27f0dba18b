// Runs the checker over the program corpus: every file in valid/ (and examples/) must check clean, with
// every expression typed and every name bound;
// every file in invalid/ must give exactly the errors its `// ERROR LINE:COL message` header lines list.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { checkSource } from '../../lang/index.js';
import { unannotated } from './check-helpers.js';

const dir = (d: string): string[] => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.ppl')).sort().map((f) => `${d}/${f}`) : []);
const show = (d: { span: { line: number; col: number }; message: string }): string => `${d.span.line}:${d.span.col} ${d.message}`;

describe('valid programs check clean', () => {
  const files = [...dir('test/lang/valid'), ...dir('examples')];
  it('has at least 40 of them', () => expect(files.length).toBeGreaterThanOrEqual(40));
  it.each(files)('%s', (file) => {
    const { diagnostics, program } = checkSource(readFileSync(file, 'utf8'), file);
    expect(diagnostics.map((d) => `${d.span.file}:${show(d)}`)).toEqual([]);
    expect(unannotated(program)).toBeUndefined();
  });
});

describe('invalid programs give their expected errors', () => {
  const files = dir('test/lang/invalid');
  it('has at least 40 of them', () => expect(files.length).toBeGreaterThanOrEqual(40));
  it.each(files)('%s', (file) => {
    const text = readFileSync(file, 'utf8');
    const expected = [...text.matchAll(/^\/\/ ERROR (\d+:\d+ .*)$/gm)].map((m) => m[1]!);
    expect(expected.length).toBeGreaterThan(0);
    const { diagnostics } = checkSource(text, file);
    expect(diagnostics.every((d) => d.severity === 'error' && d.span.file === file)).toBe(true);
    expect(diagnostics.map(show)).toEqual(expected);
  });
});
