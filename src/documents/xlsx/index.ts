// The XLSX engine: read (overview, sheet views, cells), and the helpers other layers use.
export { XlsxWorkbook, XLSX_REL, XLSX_CT, type SheetInfo, type DefinedName, type TableInfo } from './workbook';
export { workbookOverview, type WorkbookOverview } from './overview';
export { sheetView, type SheetView, type ViewCell, type ViewRow, type ColumnStats, type ViewOptions } from './sheetView';
export { renderOverview, renderSheetView } from './renderView';
export { scanSheet, type ScannedCell, type ScannedRow, type SheetLayout } from './sheetScanner';
export { cellValue, cellText, ERROR_VALUES, type CellValue } from './cellValue';
export { formatNumber, formatGeneral, isDateFormat } from './numberFormat';
export { cellName, columnName, columnNumber, parseCell, parseRange, requireRange, rangeName, MAX_ROWS, MAX_COLS, type CellRange } from './cellRef';
export { serialToParts, dateToSerial, isoToSerial } from './serialDate';
export { rewriteRefs, translateFormula, shiftRowsInFormula, functionNames } from './formulaRefs';
export { editXlsx, type XlsxEditResult } from './edit/applyXlsxEdits';
export { parseXlsxOps, type XlsxEditOp, type CellSpec } from './edit/editOps';
export { checkSheetName } from './sheetName';
