// The text of a deck as the agent reads it: one block per slide in presentation order,
// each line led by the id of the shape it comes from (the ids `cowork doc replace`
// takes), titles as `#`, bullets as `-` indented two spaces per level, tables as rows,
// images as Markdown image references, notes at the end of the slide.

import { slideJsonHead } from './inventory';
import type { PptxDeck, PptxShape, PptxSlide } from './model';
import { isEmptyBody, lineText } from './textBody';

function isTitle(s: PptxShape): boolean {
  return s.placeholder?.type === 'title' || s.placeholder?.type === 'ctrTitle';
}

function shapeLines(s: PptxShape, slide: PptxSlide): string[] {
  const out: string[] = [];
  if (s.kind === 'table') {
    const t = slide.tables.find((x) => x.shape === s.id);
    for (const row of t?.rows ?? []) out.push(`[${s.id}] | ${row.map((c) => c.text.replace(/\n|\v/g, ' ')).join(' | ')} |`);
    return out;
  }
  for (const img of slide.images.filter((i) => i.shape === s.id)) out.push(`[${s.id}] ![${img.description ?? s.name}](${img.target})`);
  if (s.kind === 'chart') out.push(`[${s.id}] (chart: ${s.name})`);
  if (s.kind === 'diagram') out.push(`[${s.id}] (diagram: ${s.name})`);
  if (s.placeholder && isEmptyBody(s.paragraphs) && (s.kind === 'text' || (s.kind === 'picture' && !out.length))) {
    out.push(`[${s.id}] (empty ${s.placeholder.type} placeholder)`);
    return out;
  }
  for (const p of s.paragraphs) {
    if (p.text === '') continue;
    const t = lineText(p.text);
    if (isTitle(s)) out.push(`[${s.id}] # ${t}`);
    else if (p.bullet) out.push(`[${s.id}] ${'  '.repeat(p.level)}- ${t}`);
    else out.push(`[${s.id}] ${'  '.repeat(p.level)}${t}`);
  }
  return out;
}

export function slideHeading(slide: PptxSlide): string {
  const bits = [slide.part];
  if (slide.layout) bits.push(`layout "${slide.layout.name || slide.layout.part}"`);
  return `=== Slide ${slide.number}${slide.title ? `: ${slide.title}` : ''} (${bits.join(', ')})${slide.hidden ? ' [hidden]' : ''} ===`;
}

export function slideText(slide: PptxSlide): string {
  const lines = [slideHeading(slide)];
  // Titles first, then the rest in drawing order (what a reader sees first).
  const ordered = [...slide.shapes.filter(isTitle), ...slide.shapes.filter((s) => !isTitle(s))];
  for (const s of ordered) lines.push(...shapeLines(s, slide));
  if (slide.notes) lines.push(`Notes: ${slide.notes.replace(/\n/g, '\n       ')}`);
  return lines.join('\n');
}

export function deckText(deck: PptxDeck): string {
  if (!deck.slides.length) return `(the presentation has no slides; it offers ${deck.layouts.length} layout${deck.layouts.length === 1 ? '' : 's'})\n`;
  return deck.slides.map(slideText).join('\n\n') + '\n';
}

/** The `text --json` shape: per slide, its text shapes with paragraphs, tables, images, notes. */
export function deckTextJson(deck: PptxDeck) {
  return {
    slideSize: deck.slideSize,
    slides: deck.slides.map((s) => ({
      ...slideJsonHead(s),
      shapes: s.shapes
        .filter((sh) => !isEmptyBody(sh.paragraphs))
        .map((sh) => ({ id: sh.id, name: sh.name, ...(sh.placeholder ? { placeholder: sh.placeholder } : {}), paragraphs: sh.paragraphs })),
      tables: s.tables.map((t) => ({ shape: t.shape, rows: t.rows.map((r) => r.map((c) => c.text)) })),
      images: s.images,
      ...(s.notes !== undefined ? { notes: s.notes } : {}),
    })),
  };
}
