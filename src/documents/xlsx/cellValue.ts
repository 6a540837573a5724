// What a scanned cell holds and how it looks: the typed value (number, text, boolean,
// error, date) and the text a person sees with the cell's number format applied.

import { formatNumber, formatText, isDateFormat } from './numberFormat';
import { isoToSerial } from './serialDate';
import type { ScannedCell } from './sheetScanner';
import type { XlsxWorkbook } from './workbook';

export type CellValue =
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: number } // serial number under a date format
  | { kind: 'text'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; value: string }
  | { kind: 'empty' };

export const ERROR_VALUES = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!'] as const;

export function cellValue(cell: ScannedCell, wb: XlsxWorkbook, shared: string[]): CellValue {
  const raw = cell.raw;
  if (raw === undefined) return { kind: 'empty' };
  switch (cell.type) {
    case 's': {
      const s = shared[Number(raw)];
      return s === undefined ? { kind: 'error', value: '#REF!' } : { kind: 'text', value: s };
    }
    case 'str':
    case 'inlineStr':
      return { kind: 'text', value: raw };
    case 'b':
      return { kind: 'bool', value: raw === '1' || raw.toLowerCase() === 'true' };
    case 'e':
      return { kind: 'error', value: raw };
    case 'd': {
      const serial = isoToSerial(raw.replace(/\.\d+$/, ''), wb.date1904);
      return serial === undefined ? { kind: 'text', value: raw } : { kind: 'date', value: serial };
    }
    default: {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { kind: 'text', value: raw };
      return isDateFormat(wb.styles.formatOf(cell.style)) ? { kind: 'date', value: n } : { kind: 'number', value: n };
    }
  }
}

/** The cell as shown in a spreadsheet window. */
export function cellText(cell: ScannedCell, value: CellValue, wb: XlsxWorkbook): string {
  const fmt = wb.styles.formatOf(cell.style);
  switch (value.kind) {
    case 'empty': return '';
    case 'number':
    case 'date': return formatNumber(value.value, fmt, wb.date1904);
    case 'text': return fmt.includes('@') || fmt.split(';').length >= 4 ? formatText(value.value, fmt) : value.value;
    case 'bool': return value.value ? 'TRUE' : 'FALSE';
    case 'error': return value.value;
  }
}

/** What the cell shows: its formatted value, or for a formula never calculated (no cached result) the formula itself. */
export function shownText(cell: ScannedCell, value: CellValue, wb: XlsxWorkbook): string {
  return value.kind === 'empty' && cell.formula ? '=' + cell.formula : cellText(cell, value, wb);
}
