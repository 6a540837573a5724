// Reading order for one page. Line segments are stacked into blocks (segments close
// below one another that overlap horizontally), then blocks are ordered by recursive
// XY-cut: a region is first cut at a vertical gutter that no block crosses (columns,
// read left then right), else at a horizontal gap (read top to bottom). A title spanning
// both columns blocks the vertical cut, so it is read first and the columns after it.
// Narrow blocks whose lines share baselines with their neighbour (labels beside values,
// a price column) are read row by row instead, so "Total" stays next to its amount.

import { groupRows, rowSegments, type Segment } from './textLines';
import type { TextFragment } from './textItems';

export interface Block {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  lines: Segment[];
}

function top(s: Segment): number {
  return s.y - s.size;
}

function makeBlocks(segments: Segment[]): Block[] {
  const blocks: Block[] = [];
  for (const s of segments) {
    let best: Block | undefined;
    for (const b of blocks) {
      const last = b.lines[b.lines.length - 1];
      const gap = top(s) - last.y;
      if (gap < -last.size * 0.3 || gap > Math.max(s.size, last.size) * 1.1) continue;
      if (s.x0 >= b.x1 || s.x1 <= b.x0) continue;
      if (Math.max(s.size, last.size) / Math.min(s.size, last.size) > 1.35) continue;
      if (!best || b.y1 > best.y1) best = b;
    }
    if (best) {
      best.lines.push(s);
      best.x0 = Math.min(best.x0, s.x0);
      best.x1 = Math.max(best.x1, s.x1);
      best.y1 = s.y;
    } else blocks.push({ x0: s.x0, x1: s.x1, y0: top(s), y1: s.y, lines: [s] });
  }
  return blocks;
}

/** Joins side-by-side narrow blocks whose lines sit on the same baselines into one block read row by row. */
function joinRowAligned(blocks: Block[], pageWidth: number): Block[] {
  const narrow = (b: Block) => b.x1 - b.x0 < pageWidth * 0.3;
  const sameRows = (a: Block, b: Block) => {
    if (a.lines.length < 2 || b.lines.length < 2) return false;
    let hits = 0;
    for (const l of a.lines) if (b.lines.some((m) => Math.abs(m.y - l.y) <= Math.min(l.size, m.size) * 0.35)) hits++;
    return hits >= Math.min(a.lines.length, b.lines.length) * 0.8;
  };
  const out = [...blocks];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < out.length && !changed; i++)
      for (let j = 0; j < out.length && !changed; j++) {
        const a = out[i];
        const b = out[j];
        if (i === j || a.x0 > b.x0 || !(narrow(a) || narrow(b))) continue;
        if (b.y0 > a.y1 || a.y0 > b.y1 || !sameRows(a, b)) continue;
        const lines = [...a.lines, ...b.lines].sort((p, q) => p.y - q.y || p.x0 - q.x0);
        out[i] = { x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1), lines };
        out.splice(j, 1);
        changed = true;
      }
  }
  return out;
}

function gaps(spans: [number, number][], minGap: number): number[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const cuts: number[] = [];
  let reach = sorted.length ? sorted[0][1] : 0;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i][0] - reach >= minGap) cuts.push((sorted[i][0] + reach) / 2);
    reach = Math.max(reach, sorted[i][1]);
  }
  return cuts;
}

function xyCut(blocks: Block[], depth: number): Block[] {
  if (blocks.length <= 1 || depth > 64) return [...blocks].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const em = Math.min(...blocks.map((b) => b.lines[0].size));
  const vertical = gaps(blocks.map((b) => [b.x0, b.x1]), em * 0.8);
  if (vertical.length) return splitAt(blocks, vertical, (b) => b.x0, depth);
  const horizontal = gaps(blocks.map((b) => [b.y0, b.y1]), 0.01);
  if (horizontal.length) return splitAt(blocks, horizontal, (b) => b.y0, depth);
  return [...blocks].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

function splitAt(blocks: Block[], cuts: number[], key: (b: Block) => number, depth: number): Block[] {
  const parts: Block[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const b of blocks) {
    let i = 0;
    while (i < cuts.length && key(b) > cuts[i]) i++;
    parts[i].push(b);
  }
  return parts.flatMap((p) => xyCut(p, depth + 1));
}

/** The page's blocks in reading order. */
export function orderBlocks(fragments: TextFragment[], pageWidth: number): Block[] {
  const segments = groupRows(fragments).flatMap((r) => rowSegments(r));
  return xyCut(joinRowAligned(makeBlocks(segments), pageWidth), 0);
}

/** Reading-order text: one line per segment; joined rows keep their cells on one line, tab-separated. */
export function readingOrderText(fragments: TextFragment[], pageWidth: number): string {
  const out: string[] = [];
  for (const b of orderBlocks(fragments, pageWidth)) {
    let row: Segment[] = [];
    const flush = () => {
      if (row.length) out.push(row.map((s) => s.text).join('\t'));
      row = [];
    };
    for (const l of b.lines) {
      if (row.length && Math.abs(row[0].y - l.y) > Math.min(row[0].size, l.size) * 0.35) flush();
      row.push(l);
    }
    flush();
    out.push('');
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
