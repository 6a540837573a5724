// What the slide preview lists beside each image: the title, the other text in reading
// order with its outline level (table cells as one line per row), and the speaker notes.
// Pure: the reader's deck in, protocol slides out.

import type { PptxDeck } from '../../documents/pptx';
import type { PreviewSlide } from '../../shared/pptxPreviewProtocol';

const TITLE_TYPES = new Set(['title', 'ctrTitle']);
/** Date, footer and slide number placeholders repeat on every slide and say nothing. */
const CHROME_TYPES = new Set(['dt', 'ftr', 'sldNum']);

export function previewSlides(deck: PptxDeck): PreviewSlide[] {
  return deck.slides.map((s) => {
    const paragraphs: PreviewSlide['paragraphs'] = [];
    for (const shape of s.shapes) {
      const type = shape.placeholder?.type;
      if (type && (TITLE_TYPES.has(type) || CHROME_TYPES.has(type))) continue;
      for (const p of shape.paragraphs) if (p.text.trim()) paragraphs.push({ text: p.text, level: p.level });
    }
    for (const t of s.tables) for (const row of t.rows) paragraphs.push({ text: row.map((c) => c.text).join(' | '), level: 0 });
    return {
      number: s.number,
      hidden: s.hidden,
      ...(s.title?.trim() ? { title: s.title.trim() } : {}),
      paragraphs,
      ...(s.notes?.trim() ? { notes: s.notes.trim() } : {}),
    };
  });
}
