// Every .ppl file of the repository (examples, benchmarks, the checker's test corpus) parses, and those
// that parse cleanly print and read back to the same tree: the printer's round trip on real programs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, printProgram } from '../../lang/index.js';
import { stripSpans } from './parser-helpers.js';

const root = new URL('../../', import.meta.url).pathname;

function pplFiles(dir: string): string[] {
  const full = join(root, dir);
  let names: string[];
  try {
    names = readdirSync(full);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(full, n);
    if (statSync(p).isDirectory()) return pplFiles(join(dir, n));
    return p.endsWith('.ppl') ? [join(dir, n)] : [];
  });
}

/** Semantic fields (`$type`, …) are the checker's; only the syntax is compared. */
function syntaxOnly(node: unknown): unknown {
  return JSON.parse(JSON.stringify(stripSpans(node), (k, v) => (k.startsWith('$') ? undefined : v)));
}

const mustParse = ['examples', 'bench/ppl', 'test/lang/valid'].flatMap(pplFiles);
const mayFail = pplFiles('test/lang/invalid');

describe('the repository\'s programs', () => {
  it('include a corpus to test', () => {
    expect(mustParse.length).toBeGreaterThanOrEqual(10);
  });

  it.each(mustParse)('%s parses cleanly and round-trips', (file) => {
    const src = readFileSync(join(root, file), 'utf8');
    const first = parse(src, file);
    expect(first.diagnostics.map((d) => `${d.span.line}:${d.span.col}: ${d.message}`)).toEqual([]);
    const second = parse(printProgram(first.program), 'printed.ppl');
    expect(second.diagnostics).toEqual([]);
    expect(syntaxOnly(second.program.items)).toEqual(syntaxOnly(first.program.items));
  });

  it('parse the invalid corpus without throwing, and round-trip what parses', () => {
    for (const file of mayFail) {
      const src = readFileSync(join(root, file), 'utf8');
      const first = parse(src, file);
      if (first.diagnostics.length) continue;
      const second = parse(printProgram(first.program), 'printed.ppl');
      expect(second.diagnostics, file).toEqual([]);
      expect(syntaxOnly(second.program.items), file).toEqual(syntaxOnly(first.program.items));
    }
  });
});
