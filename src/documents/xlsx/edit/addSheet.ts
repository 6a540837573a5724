// Adding an empty worksheet: a new part, its relationship and content type, and its
// <sheet> entry in workbook.xml (at the end, or at a 1-based position).

import { el, type XmlElement } from '../../ooxml';
import { checkSheetName } from '../sheetName';
import { XLSX_CT, XLSX_REL, type XlsxWorkbook } from '../workbook';
import { childLocal, childrenLocal, prefixOf } from './sheetDom';

const EMPTY_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>' +
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

export function addSheet(wb: XlsxWorkbook, name: string, names: string[], position?: number): { entry: string } {
  checkSheetName(name, names);
  const pkg = wb.pkg;
  let n = 1;
  while (pkg.has(`xl/worksheets/sheet${n}.xml`)) n++;
  const entry = `xl/worksheets/sheet${n}.xml`;
  pkg.setBytes(entry, Buffer.from(EMPTY_SHEET, 'utf8'), XLSX_CT.worksheet);
  const relId = pkg.addRelationship(wb.workbookEntry, XLSX_REL.worksheet, entry);
  const root = pkg.editXml(wb.workbookEntry).root;
  const pfx = prefixOf(root);
  const sheets = childLocal(root, 'sheets')!;
  const list = childrenLocal(sheets, 'sheet');
  const sheetId = Math.max(0, ...list.map((s) => Number(s.attrs.sheetId) || 0)) + 1;
  const rAttr = Object.keys(list[0]?.attrs ?? {}).find((k) => k.endsWith(':id')) ?? 'r:id';
  const node: XmlElement = el(pfx + 'sheet', { name, sheetId: String(sheetId), [rAttr]: relId });
  if (position !== undefined && position <= list.length) {
    const before = list[position - 1];
    sheets.children.splice(sheets.children.indexOf(before), 0, node);
    // localSheetId of defined names counts sheets by position: move those at or after it.
    const names = childLocal(root, 'definedNames');
    if (names) for (const d of childrenLocal(names, 'definedName')) {
      const l = Number(d.attrs.localSheetId);
      if (d.attrs.localSheetId !== undefined && l >= position - 1) d.attrs.localSheetId = String(l + 1);
    }
  } else sheets.children.push(node);
  return { entry };
}
