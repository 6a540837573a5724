// [Content_Types].xml: default content types by extension and overrides by part name.

import { DocumentError } from './documentError';
import type { XmlDocument } from './xml';
import { el, elements } from './xmlTree';

export const CONTENT_TYPES_ENTRY = '[Content_Types].xml';

export class ContentTypes {
  readonly defaults = new Map<string, string>();
  readonly overrides = new Map<string, string>();

  static fromXml(doc: XmlDocument): ContentTypes {
    const ct = new ContentTypes();
    if (doc.root.name !== 'Types') throw new DocumentError('CORRUPT', `[Content_Types].xml has root <${doc.root.name}>, not <Types>`, CONTENT_TYPES_ENTRY);
    for (const e of elements(doc.root)) {
      if (e.name === 'Default' && e.attrs.Extension) ct.defaults.set(e.attrs.Extension.toLowerCase(), e.attrs.ContentType ?? '');
      else if (e.name === 'Override' && e.attrs.PartName) ct.overrides.set(e.attrs.PartName.toLowerCase(), e.attrs.ContentType ?? '');
    }
    return ct;
  }

  /** The content type of a part (by entry name), or undefined when none applies. */
  get(entryName: string): string | undefined {
    const o = this.overrides.get(('/' + entryName).toLowerCase());
    if (o !== undefined) return o;
    const dot = entryName.lastIndexOf('.');
    return dot < 0 ? undefined : this.defaults.get(entryName.slice(dot + 1).toLowerCase());
  }

  /** Adds (or replaces) an override for a part; returns the changed XML to write back. */
  static setOverride(doc: XmlDocument, entryName: string, contentType: string): void {
    const partName = '/' + entryName;
    const existing = elements(doc.root).find((e) => e.name === 'Override' && e.attrs.PartName?.toLowerCase() === partName.toLowerCase());
    if (existing) existing.attrs.ContentType = contentType;
    else doc.root.children.push(el('Override', { PartName: partName, ContentType: contentType }));
  }

  /** Adds a default for an extension when there is none. */
  static ensureDefault(doc: XmlDocument, extension: string, contentType: string): void {
    const ext = extension.toLowerCase();
    if (elements(doc.root).some((e) => e.name === 'Default' && e.attrs.Extension?.toLowerCase() === ext)) return;
    const firstOverride = doc.root.children.findIndex((c) => c.type === 'element' && c.name === 'Override');
    const node = el('Default', { Extension: ext, ContentType: contentType });
    if (firstOverride < 0) doc.root.children.push(node);
    else doc.root.children.splice(firstOverride, 0, node);
  }
}
