// The ops file of `cowork doc edit` for workbooks: what each op means, checked before
// anything is applied so a typo fails with the op's index instead of half an edit.
//
// {"ops": [
//   {"op": "set", "sheet": "Data", "cell": "B2", "value": 12.5, "numFmt": "\"$\"#,##0.00"},
//   {"op": "set", "sheet": "Data", "cell": "D2", "formula": "=B2*C2"},
//   {"op": "setRange", "sheet": "Data", "start": "A10", "rows": [["Total", {"formula": "=SUM(B2:B9)"}]]},
//   {"op": "insertRows", "sheet": "Data", "at": 5, "count": 2},
//   {"op": "addSheet", "name": "Summary", "rows": [["Category", "Amount"]]}
// ]}

import { DocumentError } from '../../ooxml';
import { parseCell } from '../cellRef';
import type { CellInput } from './sheetDom';

export interface CellSpec {
  value?: CellInput;
  formula?: string;
  numFmt?: string;
}

export type XlsxEditOp =
  | { op: 'set'; sheet?: string; cell: string; value?: CellInput; formula?: string; numFmt?: string }
  | { op: 'setRange'; sheet?: string; start: string; rows: (CellInput | CellSpec)[][] }
  | { op: 'insertRows'; sheet?: string; at: number; count?: number }
  | { op: 'addSheet'; name: string; position?: number; rows?: (CellInput | CellSpec)[][] };

function bad(i: number, msg: string): never {
  throw new DocumentError('INVALID_ARGUMENT', `ops[${i}]: ${msg}`);
}

function isCellInput(v: unknown): v is CellInput {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

function checkRows(i: number, rows: unknown): void {
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) bad(i, '"rows" must be an array of rows (arrays of cells)');
  for (const r of rows as unknown[][])
    for (const c of r) {
      if (isCellInput(c)) continue;
      if (typeof c !== 'object' || c === null || Array.isArray(c)) bad(i, `a cell must be a value or {"value"|"formula", "numFmt"?}, not ${JSON.stringify(c)}`);
      const spec = c as Record<string, unknown>;
      for (const k of Object.keys(spec)) if (!['value', 'formula', 'numFmt'].includes(k)) bad(i, `unknown cell field "${k}"`);
      if (spec.value !== undefined && !isCellInput(spec.value)) bad(i, `bad cell value ${JSON.stringify(spec.value)}`);
      if (spec.formula !== undefined && typeof spec.formula !== 'string') bad(i, '"formula" must be a string');
    }
}

export function parseXlsxOps(json: unknown): XlsxEditOp[] {
  const ops = Array.isArray(json) ? json : (json as { ops?: unknown })?.ops;
  if (!Array.isArray(ops)) throw new DocumentError('INVALID_ARGUMENT', 'the ops file must be {"ops": [...]} or an array of ops');
  ops.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null) bad(i, 'an op must be an object');
    const op = raw as Record<string, unknown>;
    if (op.sheet !== undefined && typeof op.sheet !== 'string') bad(i, '"sheet" must be a sheet name');
    switch (op.op) {
      case 'set':
        if (typeof op.cell !== 'string' || !parseCell(op.cell)) bad(i, `"cell" must be a cell like B2, not ${JSON.stringify(op.cell)}`);
        if (op.value === undefined && op.formula === undefined && op.numFmt === undefined) bad(i, 'set needs "value", "formula" or "numFmt"');
        if (op.value !== undefined && op.formula !== undefined) bad(i, 'give "value" or "formula", not both');
        if (op.value !== undefined && !isCellInput(op.value)) bad(i, `bad value ${JSON.stringify(op.value)}`);
        if (op.formula !== undefined && typeof op.formula !== 'string') bad(i, '"formula" must be a string');
        if (op.numFmt !== undefined && typeof op.numFmt !== 'string') bad(i, '"numFmt" must be a format code');
        break;
      case 'setRange':
        if (typeof op.start !== 'string' || !parseCell(op.start)) bad(i, `"start" must be a cell like A2`);
        checkRows(i, op.rows);
        break;
      case 'insertRows':
        if (typeof op.at !== 'number' || !Number.isInteger(op.at) || op.at < 1) bad(i, '"at" must be a row number (1 or more)');
        if (op.count !== undefined && (typeof op.count !== 'number' || !Number.isInteger(op.count) || op.count < 1)) bad(i, '"count" must be 1 or more');
        break;
      case 'addSheet':
        if (typeof op.name !== 'string') bad(i, '"name" must be a string');
        if (op.rows !== undefined) checkRows(i, op.rows);
        if (op.position !== undefined && (typeof op.position !== 'number' || op.position < 1)) bad(i, '"position" must be 1 or more');
        break;
      default:
        bad(i, `unknown op ${JSON.stringify(op.op)} (set, setRange, insertRows, addSheet)`);
    }
  });
  return ops as XlsxEditOp[];
}
