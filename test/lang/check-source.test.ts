// checkSource: imports relative to the importing file, each file included once (in import order,
// before the import), cycles and missing files reported at the import, and every file's text returned.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../lang/index.js';

function files(map: Record<string, string>): (p: string) => string {
  return (p) => {
    if (p in map) return map[p]!;
    throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
  };
}
const show = (d: { span: { file: string; line: number; col: number }; message: string }): string =>
  `${d.span.file}:${d.span.line}:${d.span.col} ${d.message}`;

describe('checkSource and imports', () => {
  it('splices imported files in before their import, each once, and checks the whole', () => {
    const read = files({
      'm/lib/a.ppl': 'import "b.ppl";\nfn twice(x: Real) -> Real { double(x) }',
      'm/lib/b.ppl': 'fn double(x: Real) -> Real { x * 2.0 }\nlet scale = 3.0;',
    });
    const r = checkSource('import "lib/a.ppl";\nimport "lib/b.ppl";\nprint(twice(scale));', 'm/main.ppl', read);
    expect(r.diagnostics.map(show)).toEqual([]);
    expect(r.program.items.map((i) => `${i.kind}@${i.span.file}`)).toEqual([
      'FnDecl@m/lib/b.ppl', 'Let@m/lib/b.ppl', 'Import@m/lib/a.ppl', 'FnDecl@m/lib/a.ppl', 'Import@m/main.ppl',
      'Import@m/main.ppl', 'ExprStmt@m/main.ppl',
    ]);
    expect([...r.sources.keys()].sort()).toEqual(['m/lib/a.ppl', 'm/lib/b.ppl', 'm/main.ppl']);
  });

  it('reports errors in imported files at their own locations', () => {
    const r = checkSource('import "lib.ppl";\nlet y = f(1.0);', 'main.ppl', files({ 'lib.ppl': 'fn f(x: Real) -> Bool { x }' }));
    expect(r.diagnostics.map(show)).toEqual(['lib.ppl:1:25 expected Bool, found Real']);
  });

  it('reports a missing file and an import cycle at the import', () => {
    const missing = checkSource('import "nope.ppl";', 'dir/main.ppl', files({}));
    expect(missing.diagnostics.map(show)).toEqual(['dir/main.ppl:1:8 cannot import `nope.ppl`: no such file (dir/nope.ppl)']);
    const cycle = checkSource('import "a.ppl";', 'main.ppl', files({ 'a.ppl': 'import "b.ppl";', 'b.ppl': 'import "a.ppl";' }));
    expect(cycle.diagnostics.map(show)).toEqual(['b.ppl:1:8 import cycle: a.ppl → b.ppl → a.ppl']);
  });

  it('reports syntax errors of every file and then does not type-check', () => {
    const r = checkSource('import "lib.ppl";\nlet x: Bool = 1;', 'main.ppl', files({ 'lib.ppl': 'let = 3;' }));
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.phase === 'parse' && d.span.file === 'lib.ppl')).toBe(true);
  });

  it('never throws, even when reading a file throws something odd', () => {
    const r = checkSource('import "x.ppl";', 'main.ppl', () => {
      throw 42;
    });
    expect(r.diagnostics.map(show)).toEqual(['main.ppl:1:8 cannot import `x.ppl`: 42']);
  });
});

describe('internal errors', () => {
  it('become a diagnostic, and are handed to onInternalError (for --debug)', async () => {
    const { check } = await import('../../lang/index.js');
    const span = { file: 'x.ppl', start: 0, end: 1, line: 1, col: 1 };
    // A malformed tree (no initialiser) stands in for a checker bug.
    const program = { kind: 'Program', file: 'x.ppl', span, items: [{ kind: 'Let', name: 'x', nameSpan: span, init: null, span }] };
    const seen: unknown[] = [];
    const r = check(program as never, { onInternalError: (e) => seen.push(e) });
    expect(seen.length).toBe(1);
    expect(r.diagnostics.map((d) => d.message)).toEqual([`internal error in the checker: ${(seen[0] as Error).message}`]);
  });
});
