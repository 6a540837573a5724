// Writes one sheet of a spec: header row, typed data rows (dates as serial numbers,
// formulas live, column formulas filled down), totals, free cells, and the sheet's
// views, column widths, filter, merges, conditional formats and validations.

import { DocumentError } from '../../ooxml';
import { escapeAttr, escapeText } from '../../ooxml/xml';
import { cellName, columnName, parseCell, rangeName, type CellRange } from '../cellRef';
import { formatNumber } from '../numberFormat';
import { isoToSerial } from '../serialDate';
import type { CellLiteral, CellObject, ColumnSpec, SheetSpec } from './createSpec';
import { currencyFormat, type StyleRegistry } from './styleRegistry';

export interface SharedStrings {
  index(s: string): number;
}

interface Cell {
  xml: string;
}

export interface WrittenSheet {
  xml: (extra: { legacyDrawingRel?: string; drawingRel?: string; tableRels: string[] }) => string;
  /** Rightmost column holding data (charts go to its right by default). */
  right: number;
  /** Header row range and data extent, for the table and the filter. */
  tableRange?: CellRange;
  headers: string[];
}

export function columnFormat(c: ColumnSpec): string | undefined {
  if (c.numFmt) return c.numFmt;
  const d = c.decimals;
  switch (c.type) {
    case 'number': return d === 0 ? '#,##0' : `#,##0.${'0'.repeat(d ?? 2)}`;
    case 'integer': return '0';
    case 'currency': return currencyFormat(c.currency, d);
    case 'percent': return d === 0 ? '0%' : `0.${'0'.repeat(d ?? 1)}%`;
    case 'date': return 'yyyy-mm-dd';
    case 'datetime': return 'yyyy-mm-dd hh:mm';
    default: return undefined;
  }
}

export function writeSheet(spec: SheetSpec, styles: StyleRegistry, strings: SharedStrings, where: string): WrittenSheet {
  const cells = new Map<number, Map<number, Cell>>();
  let used: CellRange | undefined;
  const widths = new Map<number, number>();
  const put = (row: number, col: number, xml: string, shown: string) => {
    let r = cells.get(row);
    if (!r) cells.set(row, (r = new Map()));
    r.set(col, { xml });
    used = used ? { top: Math.min(used.top, row), left: Math.min(used.left, col), bottom: Math.max(used.bottom, row), right: Math.max(used.right, col) } : { top: row, left: col, bottom: row, right: col };
    widths.set(col, Math.max(widths.get(col) ?? 0, Math.min(60, shown.length + 2)));
  };
  const writeCell = (row: number, col: number, v: CellLiteral | CellObject, fmt: string | undefined, type: ColumnSpec['type'], bold = false) => {
    const o: CellObject = v !== null && typeof v === 'object' ? v : { value: v };
    const numFmt = o.numFmt ?? fmt;
    const s = styles.style({ numFmt, bold: bold || o.bold });
    const sAttr = s ? ` s="${s}"` : '';
    const ref = cellName(row, col);
    let formula = o.formula;
    let value = o.value;
    if (formula === undefined && typeof value === 'string' && value.startsWith('=') && value.length > 1 && !(v !== null && typeof v === 'object')) formula = value;
    if (formula !== undefined) {
      put(row, col, `<c r="${ref}"${sAttr}><f>${escapeText(formula.replace(/^=/, ''))}</f></c>`, numFmt && /[$€£¥]/.test(numFmt) ? '$000,000.00' : '0000000000');
      return;
    }
    if (value === null || value === undefined) {
      if (s) put(row, col, `<c r="${ref}"${sAttr}/>`, '');
      return;
    }
    if (typeof value === 'string' && (type === 'date' || type === 'datetime')) {
      const serial = isoToSerial(value);
      if (serial !== undefined) value = serial;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new DocumentError('INVALID_ARGUMENT', `${where}: ${ref} is ${value}, not a number a spreadsheet can hold`);
      put(row, col, `<c r="${ref}"${sAttr}><v>${value}</v></c>`, formatNumber(value, numFmt ?? 'General'));
    } else if (typeof value === 'boolean') {
      put(row, col, `<c r="${ref}"${sAttr} t="b"><v>${value ? 1 : 0}</v></c>`, value ? 'TRUE' : 'FALSE');
    } else {
      put(row, col, `<c r="${ref}"${sAttr} t="s"><v>${strings.index(value)}</v></c>`, value.split('\n').reduce((a, l) => (l.length > a.length ? l : a), ''));
    }
  };

  const start = parseCell(spec.start ?? 'A1')!;
  const columns = spec.columns ?? [];
  const rows = spec.rows ?? [];
  const headerStyle = styles.style({ header: true });
  let tableRange: CellRange | undefined;
  let dataRow = start.row;
  if (columns.length) {
    columns.forEach((c, i) => put(start.row, start.col + i, `<c r="${cellName(start.row, start.col + i)}" s="${headerStyle}" t="s"><v>${strings.index(c.header)}</v></c>`, c.header));
    dataRow = start.row + 1;
  }
  const formats = columns.map(columnFormat);
  rows.forEach((r, i) => {
    const row = dataRow + i;
    const width = Math.max(r.length, columns.length);
    for (let j = 0; j < width; j++) {
      const col = columns[j];
      let v: CellLiteral | CellObject | undefined = r[j];
      if ((v === undefined || v === null) && col?.formula) v = { formula: col.formula.replace(/\{row\}/g, String(row)) };
      if (v === undefined) continue;
      writeCell(row, start.col + j, v, formats[j], col?.type);
    }
  });
  const lastData = dataRow + Math.max(rows.length, 1) - 1;
  if (columns.length) tableRange = { top: start.row, left: start.col, bottom: lastData, right: start.col + columns.length - 1 };
  if (spec.totals) {
    const row = lastData + 1;
    writeCell(row, start.col, spec.totals.label ?? 'Total', undefined, 'text', true);
    for (const h of spec.totals.sum) {
      const j = columns.findIndex((c) => c.header === h);
      const col = columnName(start.col + j);
      writeCell(row, start.col + j, { formula: `SUM(${col}${dataRow}:${col}${lastData})` }, formats[j], columns[j].type, true);
    }
  }
  for (const c of spec.cells ?? []) {
    const a = parseCell(c.cell)!;
    const { cell: _c, ...rest } = c;
    void _c;
    writeCell(a.row, a.col, rest, undefined, undefined);
  }

  // Sheet-level XML around the cells.
  const views = freezeXml(spec.freeze);
  const colWidths = new Map<number, number>();
  for (const [col, w] of widths) colWidths.set(col, Math.max(8.43, w));
  columns.forEach((c, i) => {
    if (c.width) colWidths.set(start.col + i, c.width);
  });
  const colsXml = colWidths.size
    ? `<cols>${[...colWidths.entries()].sort((a, b) => a[0] - b[0]).map(([c, w]) => `<col min="${c}" max="${c}" width="${Math.round(w * 100) / 100}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const data = [...cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([r, row]) => `<row r="${r}">${[...row.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c.xml).join('')}</row>`)
    .join('');
  const filter = spec.autoFilter && !spec.table && tableRange ? `<autoFilter ref="${rangeName(tableRange)}"/>` : '';
  const merges = spec.merge?.length ? `<mergeCells count="${spec.merge.length}">${spec.merge.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  let priority = 1;
  const cf = (spec.conditionalFormats ?? [])
    .map((c) => {
      const hex = (x: string) => `FF${x.replace('#', '').toUpperCase()}`;
      let rule: string;
      if (c.type === 'colorScale') {
        const colors = c.colors ?? ['F8696B', 'FFEB84', '63BE7B'];
        const cfvo = colors.length === 3 ? '<cfvo type="min"/><cfvo type="percentile" val="50"/><cfvo type="max"/>' : '<cfvo type="min"/><cfvo type="max"/>';
        rule = `<cfRule type="colorScale" priority="${priority++}"><colorScale>${cfvo}${colors.map((x) => `<color rgb="${hex(x)}"/>`).join('')}</colorScale></cfRule>`;
      } else if (c.type === 'dataBar') {
        rule = `<cfRule type="dataBar" priority="${priority++}"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="${hex(c.color ?? '638EC6')}"/></dataBar></cfRule>`;
      } else {
        const dxf = styles.dxf(c.fill ?? 'FFC7CE', c.font ?? '9C0006');
        const f = `<formula>${escapeText(c.formula!.replace(/^=/, ''))}</formula>${c.formula2 ? `<formula>${escapeText(c.formula2.replace(/^=/, ''))}</formula>` : ''}`;
        rule = c.type === 'cellIs' ? `<cfRule type="cellIs" dxfId="${dxf}" priority="${priority++}" operator="${c.operator}">${f}</cfRule>` : `<cfRule type="expression" dxfId="${dxf}" priority="${priority++}">${f}</cfRule>`;
      }
      return `<conditionalFormatting sqref="${c.range}">${rule}</conditionalFormatting>`;
    })
    .join('');
  const dv = spec.validations?.length
    ? `<dataValidations count="${spec.validations.length}">${spec.validations
        .map((v) => {
          const attrs = [`type="${v.type}"`, v.operator && v.type !== 'list' && v.type !== 'custom' ? `operator="${v.operator}"` : '', 'allowBlank="1"', v.type === 'list' ? '' : '', 'showInputMessage="1"', 'showErrorMessage="1"', v.error ? `errorTitle="Invalid value" error="${escapeAttr(v.error)}"` : '', v.prompt ? `prompt="${escapeAttr(v.prompt)}"` : '', `sqref="${v.range}"`].filter(Boolean).join(' ');
          let f = '';
          if (v.type === 'list') f = `<formula1>${escapeText(v.values ? `"${v.values.join(',')}"` : v.source!.replace(/^=/, ''))}</formula1>`;
          else if (v.type === 'custom') f = `<formula1>${escapeText(v.formula!.replace(/^=/, ''))}</formula1>`;
          else {
            const one = (x: number | string | undefined) => (x === undefined ? '' : escapeText(String(typeof x === 'string' && v.type === 'date' ? isoToSerial(x) ?? x : x).replace(/^=/, '')));
            const op = v.operator ?? 'between';
            f = op === 'between' || op === 'notBetween' ? `<formula1>${one(v.min)}</formula1><formula2>${one(v.max)}</formula2>` : `<formula1>${one(v.min ?? v.max)}</formula1>`;
          }
          return `<dataValidation ${attrs}>${f}</dataValidation>`;
        })
        .join('')}</dataValidations>`
    : '';
  return {
    tableRange,
    headers: columns.map((c) => c.header),
    right: used?.right ?? 1,
    xml: ({ legacyDrawingRel, drawingRel, tableRels }) =>
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<dimension ref="${used ? rangeName(used) : 'A1'}"/>${views}<sheetFormatPr defaultRowHeight="15"/>${colsXml}` +
      `<sheetData>${data}</sheetData>${filter}${merges}${cf}${dv}` +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
      (drawingRel ? `<drawing r:id="${drawingRel}"/>` : '') +
      (legacyDrawingRel ? `<legacyDrawing r:id="${legacyDrawingRel}"/>` : '') +
      (tableRels.length ? `<tableParts count="${tableRels.length}">${tableRels.map((r) => `<tablePart r:id="${r}"/>`).join('')}</tableParts>` : '') +
      '</worksheet>',
  };
}

function freezeXml(freeze: SheetSpec['freeze']): string {
  if (!freeze) return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const at = typeof freeze === 'string' ? parseCell(freeze)! : { row: (freeze.rows ?? 0) + 1, col: (freeze.cols ?? 0) + 1 };
  const ySplit = at.row - 1;
  const xSplit = at.col - 1;
  if (!xSplit && !ySplit) return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const pane = xSplit && ySplit ? 'bottomRight' : ySplit ? 'bottomLeft' : 'topRight';
  const tl = cellName(at.row, at.col);
  return (
    `<sheetViews><sheetView workbookViewId="0"><pane${xSplit ? ` xSplit="${xSplit}"` : ''}${ySplit ? ` ySplit="${ySplit}"` : ''} topLeftCell="${tl}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}" activeCell="${tl}" sqref="${tl}"/></sheetView></sheetViews>`
  );
}
