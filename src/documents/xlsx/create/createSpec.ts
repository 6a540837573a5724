// The JSON spec of `cowork doc new` for workbooks, and its checking: every mistake is
// reported with its path (sheets[0].columns[2].type) before anything is written.

import { DocumentError } from '../../ooxml';
import { parseCell, parseRange } from '../cellRef';
import { checkSheetName } from '../sheetName';
import type { ChartSpec } from './chartParts';

export type ColumnType = 'text' | 'number' | 'integer' | 'currency' | 'percent' | 'date' | 'datetime' | 'bool';

export interface ColumnSpec {
  header: string;
  type?: ColumnType;
  /** Overrides the type's number format. */
  numFmt?: string;
  decimals?: number;
  /** ISO code or symbol for currency columns (USD, EUR, GBP, JPY, CHF, ... or "$"). */
  currency?: string;
  width?: number;
  /** A formula filled down the data rows; {row} is the row number ("=B{row}*C{row}"). */
  formula?: string;
}

export type CellLiteral = string | number | boolean | null;
export interface CellObject {
  value?: CellLiteral;
  formula?: string;
  numFmt?: string;
  bold?: boolean;
}

export interface ConditionalSpec {
  range: string;
  type: 'colorScale' | 'dataBar' | 'cellIs' | 'expression';
  colors?: string[];
  color?: string;
  operator?: 'greaterThan' | 'lessThan' | 'between' | 'equal' | 'notEqual' | 'greaterThanOrEqual' | 'lessThanOrEqual';
  formula?: string;
  formula2?: string;
  fill?: string;
  font?: string;
}

export interface ValidationSpec {
  range: string;
  type: 'list' | 'whole' | 'decimal' | 'date' | 'textLength' | 'custom';
  values?: string[];
  source?: string;
  operator?: 'between' | 'notBetween' | 'equal' | 'notEqual' | 'greaterThan' | 'lessThan' | 'greaterThanOrEqual' | 'lessThanOrEqual';
  min?: number | string;
  max?: number | string;
  formula?: string;
  error?: string;
  prompt?: string;
}

export interface SheetSpec {
  name: string;
  columns?: ColumnSpec[];
  rows?: (CellLiteral | CellObject)[][];
  /** Where the header row goes (default A1). */
  start?: string;
  /** Free cells, after the table: labels, totals, notes. */
  cells?: ({ cell: string } & CellObject)[];
  /** A totals row under the data: label in the first column, SUM of these columns. */
  totals?: { label?: string; sum: string[] };
  table?: boolean | { name?: string; style?: string };
  /** "A2" (rows above and columns left of it stay), or {rows, cols}. */
  freeze?: string | { rows?: number; cols?: number };
  autoFilter?: boolean;
  conditionalFormats?: ConditionalSpec[];
  validations?: ValidationSpec[];
  comments?: { cell: string; text: string; author?: string }[];
  merge?: string[];
  charts?: ChartSpec[];
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  names?: { name: string; ref: string; sheet?: string }[];
  /** Document properties. */
  title?: string;
  author?: string;
}

const TYPES: ColumnType[] = ['text', 'number', 'integer', 'currency', 'percent', 'date', 'datetime', 'bool'];

function fail(path: string, msg: string): never {
  throw new DocumentError('INVALID_ARGUMENT', `${path}: ${msg}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Record<string, unknown>;
}

function only(o: Record<string, unknown>, keys: string[], path: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(path, `unknown field "${k}" (known: ${keys.join(', ')})`);
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  return v as string;
}

function range(v: unknown, path: string): void {
  if (typeof v !== 'string' || !v.split(/\s+/).every((r) => parseRange(r))) fail(path, `must be a range like A2:A20, not ${JSON.stringify(v)}`);
}

function cellLike(v: unknown, path: string): void {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
  const o = obj(v, path);
  only(o, ['value', 'formula', 'numFmt', 'bold'], path);
  if (o.formula !== undefined) str(o.formula, `${path}.formula`);
  if (o.numFmt !== undefined) str(o.numFmt, `${path}.numFmt`);
}

export function checkWorkbookSpec(raw: unknown): WorkbookSpec {
  const spec = obj(raw, 'spec');
  only(spec, ['sheets', 'names', 'title', 'author'], 'spec');
  if (!Array.isArray(spec.sheets) || !spec.sheets.length) fail('sheets', 'must list at least one sheet');
  const names: string[] = [];
  (spec.sheets as unknown[]).forEach((s, i) => {
    const p = `sheets[${i}]`;
    const sh = obj(s, p);
    only(sh, ['name', 'columns', 'rows', 'start', 'cells', 'totals', 'table', 'freeze', 'autoFilter', 'conditionalFormats', 'validations', 'comments', 'merge', 'charts'], p);
    try {
      checkSheetName(str(sh.name, `${p}.name`), names);
    } catch (err) {
      fail(`${p}.name`, (err as Error).message);
    }
    names.push(sh.name as string);
    const headers: string[] = [];
    if (sh.columns !== undefined) {
      if (!Array.isArray(sh.columns)) fail(`${p}.columns`, 'must be an array');
      (sh.columns as unknown[]).forEach((c, j) => {
        const cp = `${p}.columns[${j}]`;
        const col = obj(c, cp);
        only(col, ['header', 'type', 'numFmt', 'decimals', 'currency', 'width', 'formula'], cp);
        headers.push(str(col.header, `${cp}.header`));
        if (col.type !== undefined && !TYPES.includes(col.type as ColumnType)) fail(`${cp}.type`, `unknown type ${JSON.stringify(col.type)} (${TYPES.join(', ')})`);
        if (col.decimals !== undefined && !(Number.isInteger(col.decimals) && (col.decimals as number) >= 0 && (col.decimals as number) <= 10)) fail(`${cp}.decimals`, 'must be 0 to 10');
        if (col.width !== undefined && !(typeof col.width === 'number' && col.width > 0 && col.width <= 255)) fail(`${cp}.width`, 'must be 1 to 255 characters');
        if (col.formula !== undefined) str(col.formula, `${cp}.formula`);
      });
      const dup = headers.find((h, k) => headers.findIndex((x) => x.toLowerCase() === h.toLowerCase()) !== k);
      if (dup !== undefined) fail(`${p}.columns`, `the header "${dup}" appears twice`);
    }
    if (sh.rows !== undefined) {
      if (!Array.isArray(sh.rows)) fail(`${p}.rows`, 'must be an array of rows');
      (sh.rows as unknown[]).forEach((r, j) => {
        if (!Array.isArray(r)) fail(`${p}.rows[${j}]`, 'must be an array of cells');
        (r as unknown[]).forEach((c, k) => cellLike(c, `${p}.rows[${j}][${k}]`));
      });
    }
    if (sh.start !== undefined && !parseCell(str(sh.start, `${p}.start`))) fail(`${p}.start`, 'must be a cell like A1');
    if (sh.cells !== undefined) {
      if (!Array.isArray(sh.cells)) fail(`${p}.cells`, 'must be an array');
      (sh.cells as unknown[]).forEach((c, j) => {
        const o = obj(c, `${p}.cells[${j}]`);
        if (!parseCell(str(o.cell, `${p}.cells[${j}].cell`))) fail(`${p}.cells[${j}].cell`, 'must be a cell like B7');
        const { cell: _cell, ...rest } = o;
        void _cell;
        cellLike(rest, `${p}.cells[${j}]`);
      });
    }
    if (sh.totals !== undefined) {
      const t = obj(sh.totals, `${p}.totals`);
      only(t, ['label', 'sum'], `${p}.totals`);
      if (!Array.isArray(t.sum)) fail(`${p}.totals.sum`, 'must list column headers');
      for (const h of t.sum as unknown[]) if (!headers.some((x) => x === h)) fail(`${p}.totals.sum`, `no column has the header ${JSON.stringify(h)}`);
    }
    if (sh.table !== undefined && typeof sh.table !== 'boolean') only(obj(sh.table, `${p}.table`), ['name', 'style'], `${p}.table`);
    if ((sh.table || sh.autoFilter || sh.totals) && !headers.length) fail(p, 'a table, autofilter or totals row needs "columns" with headers');
    if (typeof sh.freeze === 'string' && !parseCell(sh.freeze)) fail(`${p}.freeze`, 'must be a cell like A2 or {rows, cols}');
    if (sh.conditionalFormats !== undefined) {
      (sh.conditionalFormats as unknown[]).forEach((c, j) => {
        const cp = `${p}.conditionalFormats[${j}]`;
        const o = obj(c, cp);
        only(o, ['range', 'type', 'colors', 'color', 'operator', 'formula', 'formula2', 'fill', 'font'], cp);
        range(o.range, `${cp}.range`);
        if (!['colorScale', 'dataBar', 'cellIs', 'expression'].includes(o.type as string)) fail(`${cp}.type`, 'must be colorScale, dataBar, cellIs or expression');
        if ((o.type === 'cellIs' || o.type === 'expression') && typeof o.formula !== 'string') fail(`${cp}.formula`, `a ${o.type} rule needs a formula`);
        if (o.type === 'cellIs' && typeof o.operator !== 'string') fail(`${cp}.operator`, 'a cellIs rule needs an operator');
        for (const k of ['color', 'fill', 'font'] as const) if (o[k] !== undefined && !/^#?[0-9A-Fa-f]{6}$/.test(String(o[k]))) fail(`${cp}.${k}`, 'must be a colour like "F8696B"');
        if (o.colors !== undefined && (!Array.isArray(o.colors) || ![2, 3].includes(o.colors.length) || !o.colors.every((x) => /^#?[0-9A-Fa-f]{6}$/.test(String(x))))) fail(`${cp}.colors`, 'must be 2 or 3 colours like "F8696B"');
      });
    }
    if (sh.validations !== undefined) {
      (sh.validations as unknown[]).forEach((v, j) => {
        const vp = `${p}.validations[${j}]`;
        const o = obj(v, vp);
        only(o, ['range', 'type', 'values', 'source', 'operator', 'min', 'max', 'formula', 'error', 'prompt'], vp);
        range(o.range, `${vp}.range`);
        if (!['list', 'whole', 'decimal', 'date', 'textLength', 'custom'].includes(o.type as string)) fail(`${vp}.type`, 'must be list, whole, decimal, date, textLength or custom');
        if (o.type === 'list' && !Array.isArray(o.values) && typeof o.source !== 'string') fail(vp, 'a list needs "values" or "source"');
        if (o.type === 'list' && Array.isArray(o.values) && o.values.join(',').length > 255) fail(`${vp}.values`, 'more than 255 characters in all: put the list on a sheet and use "source"');
        if (o.type === 'custom' && typeof o.formula !== 'string') fail(`${vp}.formula`, 'a custom validation needs a formula');
      });
    }
    if (sh.comments !== undefined) {
      (sh.comments as unknown[]).forEach((c, j) => {
        const o = obj(c, `${p}.comments[${j}]`);
        if (!parseCell(str(o.cell, `${p}.comments[${j}].cell`))) fail(`${p}.comments[${j}].cell`, 'must be a cell like B7');
        str(o.text, `${p}.comments[${j}].text`);
      });
    }
    if (sh.merge !== undefined) (sh.merge as unknown[]).forEach((m, j) => range(m, `${p}.merge[${j}]`));
    if (sh.charts !== undefined) {
      if (!Array.isArray(sh.charts)) fail(`${p}.charts`, 'must be an array');
      (sh.charts as unknown[]).forEach((c, j) => {
        const cp = `${p}.charts[${j}]`;
        const o = obj(c, cp);
        only(o, ['type', 'title', 'categories', 'series', 'anchor', 'width', 'height'], cp);
        if (!['bar', 'column', 'line', 'pie'].includes(o.type as string)) fail(`${cp}.type`, 'must be bar, column, line or pie');
        str(o.categories, `${cp}.categories`);
        if (!Array.isArray(o.series) || !o.series.length) fail(`${cp}.series`, 'must list at least one series {"values": "B2:B9"}');
        (o.series as unknown[]).forEach((se, k) => str(obj(se, `${cp}.series[${k}]`).values, `${cp}.series[${k}].values`));
        if (o.anchor !== undefined && !parseCell(str(o.anchor, `${cp}.anchor`))) fail(`${cp}.anchor`, 'must be a cell like H2');
      });
    }
  });
  if (spec.names !== undefined) {
    (spec.names as unknown[]).forEach((n, i) => {
      const o = obj(n, `names[${i}]`);
      only(o, ['name', 'ref', 'sheet'], `names[${i}]`);
      const name = str(o.name, `names[${i}].name`);
      if (!/^[A-Za-z_\\][\w.]*$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[rc]$/i.test(name)) fail(`names[${i}].name`, `"${name}" is not a valid name (letters, digits, _ and .; not a cell reference)`);
      str(o.ref, `names[${i}].ref`);
      if (o.sheet !== undefined && !names.includes(o.sheet as string)) fail(`names[${i}].sheet`, `no sheet "${o.sheet}"`);
    });
  }
  return spec as unknown as WorkbookSpec;
}
