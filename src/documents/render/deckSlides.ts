// Which slides a deck has, in show order, and which of them are hidden: what the renderer
// needs to number the pages LibreOffice exports and mark the hidden ones. The PowerPoint
// reader decides both; a deck it rejects fails here with its DocumentError, before
// LibreOffice starts.

import { readPptx } from '../pptx';

export interface DeckSlide {
  /** 1-based position in the show. */
  number: number;
  /** The slide part, e.g. `ppt/slides/slide3.xml`. */
  entry: string;
  hidden: boolean;
}

export function deckSlides(data: Uint8Array): DeckSlide[] {
  return deckOutline(data).slides;
}

/** The slides and the slide's height over its width (0.5625 for 16:9), from one read. */
export function deckOutline(data: Uint8Array): { slides: DeckSlide[]; aspect: number } {
  const deck = readPptx(data);
  const { cx, cy } = deck.slideSize;
  return { slides: deck.slides.map((s) => ({ number: s.number, entry: s.part, hidden: s.hidden })), aspect: cx > 0 && cy > 0 ? cy / cx : 0.5625 };
}
