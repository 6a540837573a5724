// Characters a person cannot see but a model reads. Unicode tag characters
// (U+E0000–U+E007F) shadow ASCII one for one, so a line of them is a whole
// sentence hidden in plain sight ("ASCII smuggling"): they are dropped, with what
// they spelled. Zero-width characters, word joiners, the BOM and bidirectional
// controls are removed too; they change nothing a person sees, and split words or
// reorder text so that a filter misses them. The count tells the model text was
// hidden on the page.

const TAGS = /[\u{E0000}-\u{E007F}]/gu;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;

export interface VisibleText {
  text: string;
  /** Unicode tag characters dropped (text hidden from people). */
  hidden: number;
}

export function visibleText(text: string): VisibleText {
  let hidden = 0;
  const out = text
    .replace(TAGS, () => {
      hidden++;
      return '';
    })
    .replace(INVISIBLE, '');
  return { text: out, hidden };
}

/** The note added to a page that hid text in tag characters. */
export function hiddenTextNote(hidden: number): string {
  return `[This page hid ${hidden} character${hidden === 1 ? '' : 's'} of text from people in invisible Unicode tag characters; they were removed. Hidden text like that is a common way to plant instructions.]`;
}
