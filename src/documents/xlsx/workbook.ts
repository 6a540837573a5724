// Opens a workbook: the sheet list (name, part, state), defined names, tables, the
// date system, styles and (lazily) shared strings. Cell data stays in the package until
// a sheet is scanned (sheetScanner.ts).

import { attr, child, childrenNamed, DocumentError, OoxmlPackage, textContent, type OpenOptions } from '../ooxml';
import { readSharedStrings } from './sharedStrings';
import { readCellStyles, type CellStyles } from './styles';

export const XLSX_REL = {
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  chartsheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  table: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table',
  calcChain: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain',
  comments: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments',
  vmlDrawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing',
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  theme: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme',
} as const;

export const XLSX_CT = {
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  workbookMacro: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  sharedStrings: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  table: 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml',
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
  core: 'application/vnd.openxmlformats-package.core-properties+xml',
  app: 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
} as const;

export interface SheetInfo {
  name: string;
  /** 1-based position in the workbook. */
  index: number;
  sheetId: string;
  relId: string;
  /** Zip entry of the worksheet part (undefined for chart sheets). */
  entry?: string;
  kind: 'worksheet' | 'chartsheet' | 'other';
  state: 'visible' | 'hidden' | 'veryHidden';
}

export interface DefinedName {
  name: string;
  /** What it refers to, as written ("Sheet1!$A$1:$B$9"). */
  refersTo: string;
  /** The sheet it is local to, when it is not workbook-wide. */
  scope?: string;
  hidden: boolean;
}

export interface TableInfo {
  name: string;
  displayName: string;
  sheet: string;
  ref: string;
  entry: string;
  columns: string[];
  headerRow: boolean;
  totalsRow: boolean;
  style?: string;
}

export class XlsxWorkbook {
  readonly sheets: SheetInfo[];
  readonly definedNames: DefinedName[];
  readonly date1904: boolean;
  readonly styles: CellStyles;
  private shared?: Promise<string[]>;
  private tablesCache?: TableInfo[];

  private constructor(
    readonly pkg: OoxmlPackage,
    readonly workbookEntry: string,
  ) {
    const root = pkg.xml(workbookEntry).root;
    if (root.name.replace(/^\w+:/, '') !== 'workbook') {
      throw new DocumentError('NOT_A_PACKAGE', `this is not an Excel workbook: the main part is <${root.name}>`, workbookEntry);
    }
    const rels = pkg.relationships(workbookEntry);
    const sheetsEl = child(root, 'sheets');
    this.sheets = (sheetsEl ? childrenNamed(sheetsEl, 'sheet') : []).map((s, i) => {
      const relId = attr(s, 'r:id') ?? '';
      const rel = rels.find((r) => r.id === relId);
      const kind = rel?.type === XLSX_REL.worksheet ? 'worksheet' : rel?.type === XLSX_REL.chartsheet ? 'chartsheet' : 'other';
      const state = attr(s, 'state');
      return {
        name: attr(s, 'name') ?? `Sheet${i + 1}`,
        index: i + 1,
        sheetId: attr(s, 'sheetId') ?? String(i + 1),
        relId,
        entry: kind === 'worksheet' && rel?.targetEntry && pkg.has(rel.targetEntry) ? rel.targetEntry : undefined,
        kind,
        state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
      };
    });
    const names = child(root, 'definedNames');
    this.definedNames = (names ? childrenNamed(names, 'definedName') : []).map((d) => {
      const local = attr(d, 'localSheetId');
      return {
        name: attr(d, 'name') ?? '',
        refersTo: textContent(d),
        ...(local !== undefined ? { scope: this.sheets[Number(local)]?.name ?? `#${local}` } : {}),
        hidden: attr(d, 'hidden') === '1' || attr(d, 'hidden') === 'true',
      };
    });
    const pr = child(root, 'workbookPr');
    this.date1904 = attr(pr, 'date1904') === '1' || attr(pr, 'date1904') === 'true';
    this.styles = readCellStyles(pkg, rels.find((r) => r.type === XLSX_REL.styles)?.targetEntry);
  }

  static open(data: Uint8Array | OoxmlPackage, opts: OpenOptions = {}): XlsxWorkbook {
    const pkg = data instanceof OoxmlPackage ? data : OoxmlPackage.open(data, { expected: 'an Excel workbook (.xlsx)', ...opts });
    const main = pkg.mainEntry();
    const ct = pkg.contentType(main) ?? '';
    if (ct && !ct.includes('spreadsheetml') && !ct.includes('ms-excel')) {
      const what = ct.includes('wordprocessingml') ? 'a Word document' : ct.includes('presentationml') ? 'a PowerPoint presentation' : `a package of type ${ct}`;
      throw new DocumentError('NOT_A_PACKAGE', `this is ${what}, not an Excel workbook (.xlsx)`, main);
    }
    return new XlsxWorkbook(pkg, main);
  }

  /**
   * Opens the workbook in the file at `path` for reading: the zip is read by range and a
   * sheet is inflated as it is scanned, so only the parts in use are in memory. Call
   * close() when done (the file stays open until then).
   */
  static openFile(path: string, opts: OpenOptions = {}): XlsxWorkbook {
    const pkg = OoxmlPackage.openFile(path, { expected: 'an Excel workbook (.xlsx)', ...opts });
    try {
      return XlsxWorkbook.open(pkg);
    } catch (err) {
      pkg.close();
      throw err;
    }
  }

  /** Lets go of the file of openFile; a no-op for a workbook opened from bytes. */
  close(): void {
    this.pkg.close();
  }

  get sharedStringsEntry(): string | undefined {
    return this.pkg.relationships(this.workbookEntry).find((r) => r.type === XLSX_REL.sharedStrings)?.targetEntry;
  }

  sharedStrings(): Promise<string[]> {
    this.shared ??= readSharedStrings(this.pkg, this.sharedStringsEntry);
    return this.shared;
  }

  /** The worksheet called `name` (case-insensitive, as Excel compares), or the first one. */
  sheet(name?: string): SheetInfo & { entry: string } {
    const ws = this.sheets.filter((s): s is SheetInfo & { entry: string } => s.kind === 'worksheet' && !!s.entry);
    if (name === undefined) {
      if (!ws.length) throw new DocumentError('MISSING_PART', 'the workbook has no worksheets');
      return ws[0];
    }
    const s = ws.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!s) {
      throw new DocumentError('INVALID_ARGUMENT', `the workbook has no worksheet "${name}" (sheets: ${this.sheets.map((x) => x.name).join(', ')})`);
    }
    return s;
  }

  tables(): TableInfo[] {
    if (this.tablesCache) return this.tablesCache;
    const out: TableInfo[] = [];
    for (const s of this.sheets) {
      if (!s.entry) continue;
      for (const r of this.pkg.relationships(s.entry)) {
        if (r.type !== XLSX_REL.table || !r.targetEntry || !this.pkg.has(r.targetEntry)) continue;
        const t = this.pkg.xml(r.targetEntry).root;
        const cols = child(t, 'tableColumns');
        out.push({
          name: attr(t, 'name') ?? '',
          displayName: attr(t, 'displayName') ?? attr(t, 'name') ?? '',
          sheet: s.name,
          ref: attr(t, 'ref') ?? '',
          entry: r.targetEntry,
          columns: cols ? childrenNamed(cols, 'tableColumn').map((c) => attr(c, 'name') ?? '') : [],
          headerRow: attr(t, 'headerRowCount') !== '0',
          totalsRow: Number(attr(t, 'totalsRowCount') ?? 0) > 0 || attr(t, 'totalsRowShown') === '1' && Number(attr(t, 'totalsRowCount') ?? 0) > 0,
          style: attr(child(t, 'tableStyleInfo'), 'name'),
        });
      }
    }
    this.tablesCache = out;
    return out;
  }
}
