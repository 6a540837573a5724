// Paragraph anchors exactly as the reader (and so the text view) numbers them:
// `p<N>` in the body, `header1.p2`, `fn3.p1`, ... elsewhere. The reader's trace maps
// each anchor to its w:p element in the package's own part trees, which are the
// trees the editor then changes.

import { DocumentError } from '../../ooxml/documentError';
import type { OoxmlPackage } from '../../ooxml/ooxmlPackage';
import type { XmlElement } from '../../ooxml/xml';
import { readDocxPackage } from '../readDocx';

export interface AnchoredParagraph {
  anchor: string;
  part: string;
  element: XmlElement;
}

/** Resolves anchors against the package as it was opened; create once before editing. */
export class AnchorIndex {
  private readonly byAnchor = new Map<string, AnchoredParagraph>();
  readonly mainPart: string;
  private readonly storyParts: string[];

  constructor(pkg: OoxmlPackage) {
    const { doc, trace } = readDocxPackage(pkg);
    this.mainPart = doc.mainPart;
    for (const [anchor, ref] of trace.paragraphs) this.byAnchor.set(anchor, { anchor, part: ref.part, element: ref.el });
    this.storyParts = [...new Set([doc.mainPart, ...doc.stories.map((s) => s.part)])];
  }

  /** The story parts (body, headers, footers, notes, comments), main part first. */
  parts(): string[] {
    return this.storyParts;
  }

  get(anchor: string, where: string): AnchoredParagraph {
    const found = this.byAnchor.get(anchor);
    if (!found) {
      const count = [...this.byAnchor.keys()].filter((a) => !a.includes('.')).length;
      throw new DocumentError('INVALID_ARGUMENT', `${where}: there is no paragraph "${anchor}" (the body has p1 to p${count}; headers, footers and notes use anchors like header1.p1, as the text view shows them)`);
    }
    return found;
  }

  /** Paragraphs from `from` to `to` inclusive, which must be in one story, in order. */
  range(from: string, to: string, where: string): AnchoredParagraph[] {
    const a = this.get(from, where);
    const b = this.get(to, where);
    const prefix = (s: string) => s.slice(0, s.lastIndexOf('p'));
    const n = (s: string) => Number(s.slice(s.lastIndexOf('p') + 1));
    if (prefix(a.anchor) !== prefix(b.anchor) || n(b.anchor) < n(a.anchor)) throw new DocumentError('INVALID_ARGUMENT', `${where}: "${to}" must come after "${from}" in the same story`);
    const out: AnchoredParagraph[] = [];
    for (let i = n(a.anchor); i <= n(b.anchor); i++) out.push(this.get(`${prefix(a.anchor)}p${i}`, where));
    return out;
  }
}
