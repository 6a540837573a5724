// Builds small workbooks from raw sheet XML for tests of the XLSX engine: the minimum
// parts Excel needs (content types, rels, workbook, styles), plus any extra parts.

import { writeZip } from '../../src/documents/ooxml/zipWriter';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface BuildSheet {
  name: string;
  /** The worksheet part's full XML, or just the <sheetData> content. */
  xml?: string;
  rows?: string;
  /** Raw buffer for the sheet part (for huge generated sheets). */
  data?: Buffer;
}

export interface BuildOptions {
  sheets: BuildSheet[];
  sharedStrings?: string[];
  /** Raw sharedStrings.xml (overrides sharedStrings). */
  sharedStringsXml?: string;
  numFmts?: { id: number; code: string }[];
  /** numFmtId of each cellXfs entry after the default (style 1, 2, ...). */
  cellXfs?: number[];
  definedNames?: string;
  workbookPr?: string;
  extra?: [string, string | Buffer][];
  /** More workbook relationships: [id, type, target] (ids must not clash with rId1..rId<sheets+2>). */
  workbookRels?: [string, string, string][];
  /** Raw workbook.xml content placed before / after <definedNames>. */
  workbookBeforeNames?: string;
  workbookAfterNames?: string;
  /** A macro-enabled workbook (.xlsm). */
  macro?: boolean;
  /** Extra content-type overrides: [part name, content type]. */
  contentTypes?: [string, string][];
  /** Extra Default extensions: [extension, content type]. */
  defaults?: [string, string][];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function sheetXml(rows: string, before = '', after = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${R}">${before}<sheetData>${rows}</sheetData>${after}</worksheet>`;
}

export function buildXlsx(o: BuildOptions): Buffer {
  const files: [string, string | Buffer][] = [];
  const overrides =
    o.sheets.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    (o.contentTypes ?? []).map(([p, ct]) => `<Override PartName="${p}" ContentType="${ct}"/>`).join('') +
    (o.defaults ?? []).map(([e, ct]) => `<Default Extension="${e}" ContentType="${ct}"/>`).join('');
  files.push([
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${o.macro ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'}"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>${overrides}</Types>`,
  ]);
  files.push(['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`]);
  const sheetRels = o.sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const n = o.sheets.length;
  files.push([
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${n + 1}" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rId${n + 2}" Type="${R}/sharedStrings" Target="sharedStrings.xml"/>${(o.workbookRels ?? []).map(([id, t, target]) => `<Relationship Id="${id}" Type="${t}" Target="${target}"/>`).join('')}</Relationships>`,
  ]);
  files.push([
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${R}">${o.workbookPr ?? ''}<sheets>${o.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>${o.workbookBeforeNames ?? ''}${o.definedNames ? `<definedNames>${o.definedNames}</definedNames>` : ''}${o.workbookAfterNames ?? ''}</workbook>`,
  ]);
  const fmts = o.numFmts ?? [];
  const xfs = [0, ...(o.cellXfs ?? [])];
  files.push([
    'xl/styles.xml',
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">${fmts.length ? `<numFmts count="${fmts.length}">${fmts.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${esc(f.code).replace(/"/g, '&quot;')}"/>`).join('')}</numFmts>` : ''}<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('')}</cellXfs></styleSheet>`,
  ]);
  const ss = o.sharedStrings ?? [];
  files.push(['xl/sharedStrings.xml', o.sharedStringsXml ?? `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${ss.length}" uniqueCount="${ss.length}">${ss.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`]);
  o.sheets.forEach((s, i) => files.push([`xl/worksheets/sheet${i + 1}.xml`, s.data ?? s.xml ?? sheetXml(s.rows ?? '')]));
  files.push(...(o.extra ?? []));
  return writeZip(files.map(([name, data]) => ({ kind: 'new' as const, name, data: Buffer.isBuffer(data) ? data : Buffer.from(data) })));
}
