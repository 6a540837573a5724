// The workbook at a glance: sheets (with the extent their dimension element declares),
// tables and defined names. Reads no cell data.

import { scanSheet } from './sheetScanner';
import { rangeName } from './cellRef';
import type { DefinedName, SheetInfo, TableInfo, XlsxWorkbook } from './workbook';

export interface WorkbookOverview {
  sheets: (Omit<SheetInfo, 'entry' | 'relId' | 'sheetId'> & { dimension?: string })[];
  tables: TableInfo[];
  definedNames: DefinedName[];
  date1904: boolean;
}

export async function workbookOverview(wb: XlsxWorkbook): Promise<WorkbookOverview> {
  const sheets: WorkbookOverview['sheets'] = [];
  for (const s of wb.sheets) {
    let dimension: string | undefined;
    if (s.entry) {
      // The dimension element sits before the rows: stop the scan at the first row.
      const scan = scanSheet(wb, s.entry);
      await scan.rows.next();
      await scan.rows.return(undefined);
      if (scan.layout.dimension) dimension = rangeName(scan.layout.dimension);
    }
    sheets.push({ name: s.name, index: s.index, kind: s.kind, state: s.state, ...(dimension ? { dimension } : {}) });
  }
  return { sheets, tables: wb.tables(), definedNames: wb.definedNames, date1904: wb.date1904 };
}
