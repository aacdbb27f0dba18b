// Turns diagnostics (values) into the text users see:
//   FILE:LINE:COL: error: message
//     <the source line>
//     <a caret under the span>
// This is the only place that formats a Diagnostic.

import type { Diagnostic, Span } from '../lang/index.js';

/** Looks up the text of a source file by name (the CLI keeps every file it read). */
export type SourceLookup = (file: string) => string | undefined;

export function renderDiagnostic(d: Diagnostic, sources: SourceLookup): string {
  let text = `${d.span.file}:${d.span.line}:${d.span.col}: ${d.severity}: ${d.message}\n`;
  text += excerpt(d.span, sources);
  for (const note of d.notes ?? []) {
    if (note.span && note.span.file !== '<builtin>') {
      text += `${note.span.file}:${note.span.line}:${note.span.col}: note: ${note.message}\n`;
      text += excerpt(note.span, sources);
    } else {
      text += `  note: ${note.message}\n`;
    }
  }
  return text;
}

export function renderDiagnostics(ds: readonly Diagnostic[], sources: SourceLookup): string {
  return ds.map((d) => renderDiagnostic(d, sources)).join('');
}

/** The source line of `span` and a caret line under it (the caret covers the span's part on that line). */
function excerpt(span: Span, sources: SourceLookup): string {
  const src = sources(span.file);
  if (src === undefined) return '';
  const lines = src.split(/\r?\n/);
  const lineText = lines[span.line - 1];
  if (lineText === undefined) return '';
  const lineStart = offsetOfLine(src, span.line);
  const spanEndOnLine = Math.min(span.end - lineStart, lineText.length);
  const startCol = Math.max(span.col - 1, 0);
  const width = Math.max(1, spanEndOnLine - startCol);
  // Tabs in the prefix are kept so that the caret lines up in a terminal.
  const pad = lineText.slice(0, startCol).replace(/[^\t]/g, ' ');
  const gutter = `${span.line} | `;
  return `${gutter}${lineText}\n${' '.repeat(gutter.length)}${pad}${'^'.repeat(width)}\n`;
}

function offsetOfLine(src: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = src.indexOf('\n', offset);
    if (nl < 0) return src.length;
    offset = nl + 1;
  }
  return offset;
}
