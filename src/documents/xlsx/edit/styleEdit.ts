// Giving a cell a number format: a copy of the cell's style (cellXfs entry) with the
// format swapped in, reused when an identical one exists. Custom formats get ids from 164.

import { DocumentError, el, type OoxmlPackage, type XmlElement } from '../../ooxml';
import { BUILTIN_FORMATS } from '../builtinFormats';
import { XLSX_REL } from '../workbook';
import { childLocal, childrenLocal, prefixOf } from './sheetDom';

export class StyleEditor {
  private root?: XmlElement;
  private entry?: string;
  constructor(
    private readonly pkg: OoxmlPackage,
    private readonly workbookEntry: string,
  ) {}

  private styles(): XmlElement {
    if (this.root) return this.root;
    this.entry = this.pkg.relationships(this.workbookEntry).find((r) => r.type === XLSX_REL.styles)?.targetEntry;
    if (!this.entry || !this.pkg.has(this.entry)) throw new DocumentError('MISSING_PART', 'the workbook has no styles part, so number formats cannot be set');
    this.root = this.pkg.editXml(this.entry).root;
    return this.root;
  }

  get touchedEntry(): string | undefined {
    return this.root ? this.entry : undefined;
  }

  /** The style index to use for a cell now styled `current` with format `code`. */
  withFormat(current: number, code: string): number {
    const root = this.styles();
    const pfx = prefixOf(root);
    const fmtId = this.formatId(code, root, pfx);
    const xfs = childLocal(root, 'cellXfs');
    if (!xfs) throw new DocumentError('CORRUPT', 'styles.xml has no cellXfs');
    const list = childrenLocal(xfs, 'xf');
    const base = list[current] ?? list[0];
    const want = { ...(base?.attrs ?? {}), numFmtId: String(fmtId), applyNumberFormat: '1' };
    const same = list.findIndex((x) => sameAttrs(x.attrs, want) && x.children.length === (base?.children.length ?? 0));
    if (same >= 0) return same;
    const xf = el(pfx + 'xf', want, base ? structuredClone(base.children) : []);
    xfs.children.push(xf);
    xfs.attrs.count = String(list.length + 1);
    return list.length;
  }

  private formatId(code: string, root: XmlElement, pfx: string): number {
    for (const [id, c] of Object.entries(BUILTIN_FORMATS)) if (c === code) return Number(id);
    let numFmts = childLocal(root, 'numFmts');
    if (!numFmts) {
      numFmts = el(pfx + 'numFmts', { count: '0' });
      root.children.splice(0, 0, numFmts);
    }
    const fmts = childrenLocal(numFmts, 'numFmt');
    const hit = fmts.find((f) => f.attrs.formatCode === code);
    if (hit) return Number(hit.attrs.numFmtId);
    const id = Math.max(163, ...fmts.map((f) => Number(f.attrs.numFmtId) || 0)) + 1;
    numFmts.children.push(el(pfx + 'numFmt', { numFmtId: String(id), formatCode: code }));
    numFmts.attrs.count = String(fmts.length + 1);
    return id;
  }
}

function sameAttrs(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
