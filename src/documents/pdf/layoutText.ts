// `--layout`: the page drawn in characters. Each row of text becomes one line and each
// fragment starts at the column its x position maps to (one column per average
// character width on the page), so columns, tables and indents stay where they are on
// paper and two columns of prose stay apart. Larger vertical gaps become blank lines.

import { groupRows, joinFragments } from './textLines';
import type { TextFragment } from './textItems';

/** The typical width of one character on the page, from the fragments themselves. */
function charWidth(fragments: TextFragment[]): number {
  const widths: number[] = [];
  for (const f of fragments) {
    const n = [...f.text].length;
    if (n >= 2 && f.width > 0) widths.push(f.width / n);
  }
  if (!widths.length) return 5;
  widths.sort((a, b) => a - b);
  return Math.max(1, widths[Math.floor(widths.length / 2)]);
}

export function layoutText(fragments: TextFragment[], maxColumns = 400): string {
  const cw = charWidth(fragments);
  const rows = groupRows(fragments);
  // The page's left margin is not drawn: the leftmost text starts in column 0.
  const left = Math.min(...fragments.filter((f) => !f.rotated && f.text.trim() !== '').map((f) => f.x), Infinity);
  const lines: string[] = [];
  let lastY: number | undefined;
  let lastSize = 0;
  for (const row of rows) {
    if (lastY !== undefined && row.y !== Number.MAX_SAFE_INTEGER) {
      const gaps = Math.round((row.y - lastY) / Math.max(lastSize, row.size) / 1.2) - 1;
      for (let i = 0; i < Math.min(gaps, 2); i++) lines.push('');
    }
    lastY = row.y;
    lastSize = row.size;
    let line = '';
    // Fragments close together are joined as words first, then placed at their column.
    let run: TextFragment[] = [];
    const place = () => {
      if (!run.length) return;
      const text = joinFragments(run);
      const col = Math.min(maxColumns, Math.max(0, Math.round((run[0].x - left) / cw)));
      if (line.length < col) line = line.padEnd(col, ' ');
      else if (line !== '' && !line.endsWith(' ')) line += ' ';
      line += text;
      run = [];
    };
    let end = -Infinity;
    for (const f of row.fragments) {
      if (f.text.trim() === '') continue;
      if (run.length && f.x - end > Math.max(cw * 1.5, f.size * 0.5)) place();
      run.push(f);
      end = Math.max(end, f.x + f.width);
    }
    place();
    lines.push(line.replace(/\s+$/, ''));
  }
  return lines.join('\n');
}
