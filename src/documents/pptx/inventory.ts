// The inventory of a deck: what a template filler needs to know to replace text by id.
// Every shape on every slide (placeholders and free shapes, in drawing order) with its
// id, kind, placeholder, position and text; table cells with their own ids; the layouts
// with their placeholders (what a new slide on that layout would offer). Paragraphs carry
// ids too (`s2.sh3.p1`, `s4.sh5.r2c1.p1`), which `cowork doc replace` takes as keys.

import type { Box, PptxDeck, PptxParagraph, PptxShape, PptxSlide } from './model';
import { bodyText, lineText, oneLineText } from './textBody';

const EMU_PER_INCH = 914400;

function inches(b: Box): string {
  const f = (v: number) => (v / EMU_PER_INCH).toFixed(2);
  return `${f(b.x)},${f(b.y)} ${f(b.cx)}x${f(b.cy)} in`;
}

/** Paragraphs with their ids: `<shape or cell id>.p1`, `.p2`… */
const withIds = (owner: string, paragraphs: PptxParagraph[]) => paragraphs.map((p, i) => ({ id: `${owner}.p${i + 1}`, ...p }));

function shapeJson(s: PptxShape) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    ...(s.placeholder ? { placeholder: s.placeholder } : {}),
    ...(s.box ? { box: s.box, boxFrom: s.boxFrom } : {}),
    hasText: s.hasText,
    text: bodyText(s.paragraphs),
    paragraphs: withIds(s.id, s.paragraphs),
    ...(s.group ? { group: s.group } : {}),
    ...(s.description ? { description: s.description } : {}),
  };
}

/** What every JSON view says about a slide before its content (inventory and `text --json`). */
export function slideJsonHead(s: PptxSlide) {
  return {
    number: s.number,
    slideId: s.slideId,
    part: s.part,
    layout: s.layout,
    hidden: s.hidden,
    ...(s.title !== undefined ? { title: s.title } : {}),
  };
}

export function inventoryJson(deck: PptxDeck) {
  return {
    slideSize: deck.slideSize,
    slides: deck.slides.map((s) => ({
      ...slideJsonHead(s),
      shapes: s.shapes.map(shapeJson),
      tables: s.tables.map((t) => ({ shape: t.shape, rows: t.rows.map((r) => r.map((c) => ({ id: c.id, text: c.text, paragraphs: withIds(c.id, c.paragraphs) }))) })),
      ...(s.notes !== undefined ? { notes: s.notes } : {}),
    })),
    layouts: deck.layouts.map((l) => ({
      id: l.id,
      part: l.part,
      name: l.name,
      ...(l.type ? { type: l.type } : {}),
      master: l.master,
      placeholders: l.placeholders.map((p) => ({ id: p.id, name: p.name, placeholder: p.placeholder, ...(p.box ? { box: p.box } : {}) })),
    })),
  };
}

function describe(s: PptxShape): string {
  const what = s.placeholder ? `${s.placeholder.type} placeholder${s.placeholder.idx !== undefined ? ` idx ${s.placeholder.idx}` : ''}` : s.kind;
  const text = oneLineText(s.paragraphs);
  const shown = s.hasText ? (text ? ` "${text.length > 80 ? text.slice(0, 77) + '...' : text}"` : ' (empty)') : '';
  return `  ${s.id.padEnd(10)} ${what}${s.name ? ` "${s.name}"` : ''}${s.box ? ` @ ${inches(s.box)}` : ''}${shown}`;
}

export function inventoryText(deck: PptxDeck): string {
  const lines: string[] = [`slide size ${(deck.slideSize.cx / EMU_PER_INCH).toFixed(2)}x${(deck.slideSize.cy / EMU_PER_INCH).toFixed(2)} in, ${deck.slides.length} slide(s)`];
  for (const s of deck.slides) {
    lines.push(`slide ${s.number} (${s.part}, layout "${s.layout?.name ?? ''}")${s.hidden ? ' [hidden]' : ''}`);
    for (const sh of s.shapes) {
      lines.push(describe(sh));
      // Several paragraphs: each on its own line with the id a replacement map can name.
      if (sh.paragraphs.length > 1) sh.paragraphs.forEach((p, i) => lines.push(`    ${`${sh.id}.p${i + 1}`.padEnd(12)} ${p.level ? `level ${p.level} ` : ''}"${lineText(p.text)}"`));
    }
    for (const t of s.tables) for (const row of t.rows) lines.push(`    ${row.map((c) => `${c.id} "${c.text}"`).join('  ')}`);
    if (s.notes) lines.push(`  notes: ${s.notes.replace(/\n/g, ' ¶ ')}`);
  }
  lines.push('layouts:');
  for (const l of deck.layouts) {
    lines.push(`  ${l.id} "${l.name}"${l.type ? ` (${l.type})` : ''} ${l.part}: ${l.placeholders.map((p) => p.placeholder!.type).join(', ') || 'no placeholders'}`);
  }
  return lines.join('\n') + '\n';
}
