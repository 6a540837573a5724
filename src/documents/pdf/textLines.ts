// Fragments into lines: fragments whose baselines agree (within a third of the font
// size) form a row; a row is cut into segments where the horizontal gap is wider than
// a column gutter could be inside running text. Words inside a segment are joined with
// a space where pdf.js left a visible gap and none was in the text.

import type { TextFragment } from './textItems';

export interface Segment {
  x0: number;
  x1: number;
  /** Baseline. */
  y: number;
  size: number;
  text: string;
  fragments: TextFragment[];
}

/** Points from the top-left of the page as shown; `y` is the baseline (what `placeText` takes). */
export interface PositionedLine {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface Row {
  y: number;
  size: number;
  fragments: TextFragment[];
}

/** Rows top to bottom, each with its fragments left to right. */
export function groupRows(fragments: TextFragment[]): Row[] {
  const sorted = fragments.filter((f) => !f.rotated).sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: Row[] = [];
  for (const f of sorted) {
    const last = rows[rows.length - 1];
    const sameLine = last && Math.abs(f.y - last.y) <= Math.max(1, Math.min(last.size, f.size) * 0.35);
    // A smaller fragment raised or lowered within the line's height: a superscript or subscript.
    const script = last && f.size < last.size * 0.8 && f.y > last.y - last.size * 0.6 && f.y < last.y + last.size * 0.25;
    if (last && (sameLine || script)) {
      last.fragments.push(f);
      last.size = Math.max(last.size, f.size);
    } else rows.push({ y: f.y, size: f.size, fragments: [f] });
  }
  for (const r of rows) r.fragments.sort((a, b) => a.x - b.x);
  // Rotated text (a vertical label in a margin) is read last, one fragment per row.
  for (const f of fragments.filter((x) => x.rotated)) rows.push({ y: Number.MAX_SAFE_INTEGER, size: f.size, fragments: [f] });
  return rows;
}

/** Joins fragments, adding a space where there is a gap wider than a fifth of the font size. */
export function joinFragments(fragments: TextFragment[]): string {
  let out = '';
  let end = -Infinity;
  for (const f of fragments) {
    const gap = f.x - end;
    if (out !== '' && gap > f.size * 0.2 && !/\s$/.test(out) && !/^\s/.test(f.text)) out += ' ';
    out += f.text;
    end = Math.max(end, f.x + f.width);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** A row cut where two fragments are further apart than `gutter` font sizes. */
export function rowSegments(row: Row, gutter = 1.6): Segment[] {
  const segs: Segment[] = [];
  let cur: TextFragment[] = [];
  let end = -Infinity;
  const flush = () => {
    if (!cur.length) return;
    const text = joinFragments(cur);
    if (text !== '') {
      const x0 = cur[0].x;
      const x1 = Math.max(...cur.filter((f) => f.text.trim() !== '').map((f) => f.x + f.width));
      segs.push({ x0, x1, y: row.y, size: Math.max(...cur.map((f) => f.size)), text, fragments: cur });
    }
    cur = [];
  };
  for (const f of row.fragments) {
    // White space alone never starts or cuts a segment; it only keeps words apart.
    if (f.text.trim() === '') {
      if (cur.length) cur.push(f);
      continue;
    }
    if (cur.length && f.x - end > f.size * gutter) flush();
    cur.push(f);
    end = Math.max(end, f.x + f.width);
  }
  flush();
  return segs;
}
