// `cowork doc new` for workbooks: a JSON spec (createSpec.ts) becomes an .xlsx with
// live formulas (no cached results: the workbook asks to be recalculated on open, and
// `cowork doc recalc` fills them in), styles, tables, names, comments and checks.

import { DocumentError, OoxmlPackage } from '../../ooxml';
import { escapeAttr, escapeText } from '../../ooxml/xml';
import { rangeName } from '../cellRef';
import { XLSX_CT, XLSX_REL } from '../workbook';
import { checkWorkbookSpec, type WorkbookSpec } from './createSpec';
import { chartAnchor, chartXml, drawingXml } from './chartParts';
import { commentsXml, tableXml, vmlXml } from './sheetParts';
import { StyleRegistry } from './styleRegistry';
import { writeSheet } from './sheetWriter';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface CreateResult {
  bytes: Buffer;
  sheets: string[];
  tables: string[];
}

function tableName(base: string, taken: Set<string>): string {
  let n = base.replace(/[^\w.]/g, '_');
  if (!/^[A-Za-z_]/.test(n)) n = '_' + n;
  if (/^[A-Za-z]{1,3}\d+$/.test(n) || /^[rc]$/i.test(n)) n += '_';
  let name = n;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${n}${i}`;
  taken.add(name.toLowerCase());
  return name;
}

export function createXlsx(rawSpec: unknown): CreateResult {
  const spec: WorkbookSpec = checkWorkbookSpec(rawSpec);
  const pkg = OoxmlPackage.create();
  const styles = new StyleRegistry();
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = {
    index(s: string): number {
      let i = stringIndex.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        stringIndex.set(s, i);
      }
      return i;
    },
  };
  const taken = new Set((spec.names ?? []).map((n) => n.name.toLowerCase()));
  const tables: string[] = [];
  const filterNames: string[] = [];
  let tableId = 0;
  let vmlCount = 0;
  let chartCount = 0;
  let drawingCount = 0;

  spec.sheets.forEach((sheet, i) => {
    const entry = `xl/worksheets/sheet${i + 1}.xml`;
    const written = writeSheet(sheet, styles, shared, `sheets[${i}]`);
    const tableRels: string[] = [];
    // Relationships of the sheet are added before its XML is written, so it can name them.
    pkg.setBytes(entry, Buffer.alloc(0), XLSX_CT.worksheet);
    if (sheet.table && written.tableRange) {
      const opts = typeof sheet.table === 'object' ? sheet.table : {};
      const requested = opts.name;
      if (requested && (!/^[A-Za-z_\\][\w.]*$/.test(requested) || /^[A-Za-z]{1,3}\d+$/.test(requested))) {
        throw new DocumentError('INVALID_ARGUMENT', `sheets[${i}].table.name: "${requested}" is not a valid table name`);
      }
      if (requested && taken.has(requested.toLowerCase())) throw new DocumentError('INVALID_ARGUMENT', `sheets[${i}].table.name: "${requested}" is already used`);
      const name = requested ?? tableName(sheet.name, taken);
      taken.add(name.toLowerCase());
      const tEntry = `xl/tables/table${++tableId}.xml`;
      pkg.setBytes(tEntry, Buffer.from(tableXml(tableId, name, rangeName(written.tableRange), written.headers, opts.style ?? 'TableStyleMedium2'), 'utf8'), XLSX_CT.table);
      tableRels.push(pkg.addRelationship(entry, XLSX_REL.table, tEntry));
      tables.push(name);
    }
    let legacyDrawingRel: string | undefined;
    if (sheet.comments?.length) {
      const list = sheet.comments.map((c) => ({ cell: c.cell.toUpperCase(), text: c.text, author: c.author ?? spec.author ?? 'Cowork' }));
      const cEntry = `xl/comments${i + 1}.xml`;
      pkg.setBytes(cEntry, Buffer.from(commentsXml(list), 'utf8'), XLSX_CT.comments);
      pkg.addRelationship(entry, XLSX_REL.comments, cEntry);
      const vEntry = `xl/drawings/vmlDrawing${++vmlCount}.vml`;
      pkg.ensureDefaultContentType('vml', XLSX_CT.vml);
      pkg.setBytes(vEntry, Buffer.from(vmlXml(list), 'utf8'));
      legacyDrawingRel = pkg.addRelationship(entry, XLSX_REL.vmlDrawing, vEntry);
    }
    let drawingRel: string | undefined;
    if (sheet.charts?.length) {
      const dEntry = `xl/drawings/drawing${++drawingCount}.xml`;
      pkg.setBytes(dEntry, Buffer.alloc(0), 'application/vnd.openxmlformats-officedocument.drawing+xml');
      const placed = sheet.charts.map((c, j) => {
        const cEntry = `xl/charts/chart${++chartCount}.xml`;
        pkg.setBytes(cEntry, Buffer.from(chartXml(c, sheet.name, `sheets[${i}].charts[${j}]`), 'utf8'), 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
        const relId = pkg.addRelationship(dEntry, 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart', cEntry);
        return { relId, anchor: chartAnchor(c, written.right, j), width: c.width ?? 8, height: c.height ?? 15, name: c.title ?? `Chart ${chartCount}` };
      });
      pkg.setBytes(dEntry, Buffer.from(drawingXml(placed), 'utf8'));
      drawingRel = pkg.addRelationship(entry, XLSX_REL.drawing, dEntry);
    }
    if (sheet.autoFilter && !sheet.table && written.tableRange) {
      filterNames.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${quote(sheet.name)}!${abs(rangeName(written.tableRange))}</definedName>`);
    }
    pkg.setBytes(entry, Buffer.from(written.xml({ legacyDrawingRel, drawingRel, tableRels }), 'utf8'));
  });

  const wbEntry = 'xl/workbook.xml';
  pkg.setBytes(wbEntry, Buffer.alloc(0), XLSX_CT.workbook);
  const sheetRels = spec.sheets.map((_s, i) => pkg.addRelationship(wbEntry, XLSX_REL.worksheet, `xl/worksheets/sheet${i + 1}.xml`));
  pkg.setBytes('xl/styles.xml', Buffer.from(styles.xml(), 'utf8'), XLSX_CT.styles);
  pkg.addRelationship(wbEntry, XLSX_REL.styles, 'xl/styles.xml');
  pkg.setBytes(
    'xl/sharedStrings.xml',
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">` +
        strings.map((s) => `<si><t${/^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : ''}>${escapeText(s)}</t></si>`).join('') +
        '</sst>',
      'utf8',
    ),
    XLSX_CT.sharedStrings,
  );
  pkg.addRelationship(wbEntry, XLSX_REL.sharedStrings, 'xl/sharedStrings.xml');
  const names = (spec.names ?? []).map((n) => {
    const local = n.sheet !== undefined ? ` localSheetId="${spec.sheets.findIndex((s) => s.name === n.sheet)}"` : '';
    return `<definedName name="${escapeAttr(n.name)}"${local}>${escapeText(n.ref.replace(/^=/, ''))}</definedName>`;
  });
  const allNames = [...filterNames, ...names];
  pkg.setBytes(
    wbEntry,
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${RNS}">` +
        '<workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="15000"/></bookViews>' +
        `<sheets>${spec.sheets.map((s, i) => `<sheet name="${escapeAttr(s.name)}" sheetId="${i + 1}" r:id="${sheetRels[i]}"/>`).join('')}</sheets>` +
        (allNames.length ? `<definedNames>${allNames.join('')}</definedNames>` : '') +
        '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>',
      'utf8',
    ),
  );
  pkg.addRelationship('', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument', wbEntry);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  pkg.setBytes(
    'docProps/core.xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        (spec.title ? `<dc:title>${escapeText(spec.title)}</dc:title>` : '') +
        `<dc:creator>${escapeText(spec.author ?? 'Cowork')}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified></cp:coreProperties>`,
      'utf8',
    ),
    XLSX_CT.core,
  );
  pkg.addRelationship('', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml');
  pkg.setBytes(
    'docProps/app.xml',
    Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Cowork</Application></Properties>', 'utf8'),
    XLSX_CT.app,
  );
  pkg.addRelationship('', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties', 'docProps/app.xml');
  return { bytes: pkg.save(), sheets: spec.sheets.map((s) => s.name), tables };
}

function quote(name: string): string {
  return /^[A-Za-z_][\w.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function abs(range: string): string {
  return range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}
