// What the reader remembers about the XML behind the model: which elements each
// revision and each anchored paragraph came from. Accept/reject and the edit operations
// work on these element references, so they always agree with the ids and anchors the
// reader reported. Not part of the JSON model (element trees are large and live).

import type { XmlElement } from '../ooxml';

export type Occurrence = (
  /** w:ins / w:del / w:moveFrom / w:moveTo wrapping content; `parent` holds `el`. */
  | { role: 'content'; el: XmlElement; parent: XmlElement }
  /** A marker (w:ins/w:del in a paragraph mark's rPr, in w:trPr, w:cellIns/w:cellDel in w:tcPr). */
  | { role: 'mark'; el: XmlElement; parent: XmlElement; target: XmlElement; container: XmlElement }
  /** w:rPrChange, w:pPrChange, w:tblPrChange, …: `parent` is the properties element holding it. */
  | { role: 'propChange'; el: XmlElement; parent: XmlElement }
) & {
  /** Order of the element in the reader's pre-order walk (outer before inner). */
  seq?: number;
};

export interface ElementRef {
  el: XmlElement;
  /** The element whose children include `el`. */
  parent: XmlElement;
  /** Zip entry of the part. */
  part: string;
  story: string;
}

export interface ReadTrace {
  /** Paragraph anchor -> the w:p element. */
  paragraphs: Map<string, ElementRef>;
  /** Table anchor -> the w:tbl element. */
  tables: Map<string, ElementRef>;
  /** Revision id -> the elements that make it up. */
  revisions: Map<string, { part: string; occurrences: Occurrence[] }>;
  /** Move range name -> its moveFrom/moveTo range start and end markers. */
  moveRanges: Map<string, { part: string; el: XmlElement; parent: XmlElement }[]>;
}
