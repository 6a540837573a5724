// Paragraph and character styles: names, inheritance and heading levels.

import type { OoxmlPackage, XmlElement } from '../ooxml';
import { child, elements } from '../ooxml';
import type { StyleInfo } from './model';

export class Styles {
  readonly byId = new Map<string, StyleInfo>();
  private readonly levels = new Map<string, number | undefined>();
  /** w:numPr of a paragraph style (list styles such as "List Number"). */
  private readonly numPr = new Map<string, { numId?: string; level?: number }>();
  defaultParagraphStyle?: string;

  static read(pkg: OoxmlPackage, entry: string | undefined): Styles {
    const s = new Styles();
    if (!entry) return s;
    for (const e of elements(pkg.xml(entry).root)) {
      if (e.name !== 'w:style') continue;
      const id = e.attrs['w:styleId'];
      if (!id) continue;
      const outline = child(child(e, 'w:pPr') ?? EMPTY, 'w:outlineLvl')?.attrs['w:val'];
      const info: StyleInfo = {
        id,
        name: child(e, 'w:name')?.attrs['w:val'],
        type: e.attrs['w:type'],
        basedOn: child(e, 'w:basedOn')?.attrs['w:val'],
      };
      const own = headingFromName(info.name) ?? (outline !== undefined && Number(outline) < 9 ? Number(outline) + 1 : undefined);
      if (own !== undefined) info.headingLevel = own;
      s.byId.set(id, info);
      const numPr = child(child(e, 'w:pPr') ?? EMPTY, 'w:numPr');
      if (numPr) {
        const numId = child(numPr, 'w:numId')?.attrs['w:val'];
        const ilvl = child(numPr, 'w:ilvl')?.attrs['w:val'];
        s.numPr.set(id, { ...(numId !== undefined ? { numId } : {}), ...(ilvl !== undefined ? { level: Number(ilvl) } : {}) });
      }
      if (info.type === 'paragraph' && (e.attrs['w:default'] === '1' || e.attrs['w:default'] === 'true')) s.defaultParagraphStyle = id;
    }
    return s;
  }

  /** Heading level of a style, following basedOn (Title is 0, Heading N is N). */
  headingLevel(id: string | undefined): number | undefined {
    if (!id) return undefined;
    if (this.levels.has(id)) return this.levels.get(id);
    let level: number | undefined;
    const seen = new Set<string>();
    for (let cur = this.byId.get(id); cur && !seen.has(cur.id); cur = cur.basedOn ? this.byId.get(cur.basedOn) : undefined) {
      seen.add(cur.id);
      if (cur.headingLevel !== undefined) {
        level = cur.headingLevel;
        break;
      }
    }
    if (level === undefined && !this.byId.has(id)) level = headingFromName(id);
    this.levels.set(id, level);
    return level;
  }

  /** The list a paragraph style puts its paragraphs in, following basedOn. */
  numbering(id: string | undefined): { numId?: string; level?: number } | undefined {
    const seen = new Set<string>();
    for (let cur = id ? this.byId.get(id) : undefined; cur && !seen.has(cur.id); cur = cur.basedOn ? this.byId.get(cur.basedOn) : undefined) {
      seen.add(cur.id);
      const n = this.numPr.get(cur.id);
      if (n?.numId !== undefined) return n;
    }
    return undefined;
  }

  list(): StyleInfo[] {
    return [...this.byId.values()];
  }
}

const EMPTY: XmlElement = { type: 'element', name: '', attrs: Object.create(null), children: [] };

function headingFromName(name: string | undefined): number | undefined {
  if (!name) return undefined;
  const m = /^heading\s*([1-9])$/i.exec(name.trim());
  if (m) return Number(m[1]);
  if (/^title$/i.test(name.trim())) return 0;
  return undefined;
}
