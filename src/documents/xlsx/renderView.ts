// Plain-text rendering of workbook overviews and sheet views for the agent and the
// terminal: one line per row, led by the row number, columns headed by their letters.
// Cells are cut at a width so a long text cannot flood the output.

import type { ColumnStats, SheetView, ViewRow } from './sheetView';
import type { WorkbookOverview } from './overview';
import { formatGeneral } from './numberFormat';
import { translateFormula } from './formulaRefs';
import { parseCell, cellName } from './cellRef';

const CELL_WIDTH = 32;

function cut(s: string): string {
  const one = s.replace(/\r?\n/g, '⏎');
  return one.length > CELL_WIDTH ? one.slice(0, CELL_WIDTH - 1) + '…' : one;
}

export function renderOverview(o: WorkbookOverview): string {
  const lines = [`Workbook: ${o.sheets.length} sheet${o.sheets.length === 1 ? '' : 's'}${o.date1904 ? ' (1904 date system)' : ''}`];
  for (const s of o.sheets) {
    const bits = [s.kind === 'worksheet' ? s.dimension ?? 'empty' : s.kind];
    if (s.state !== 'visible') bits.push(s.state);
    lines.push(`  ${s.index}. ${s.name}  ${bits.join(', ')}`);
  }
  if (o.tables.length) {
    lines.push('Tables:');
    for (const t of o.tables) lines.push(`  ${t.displayName}  ${t.sheet}!${t.ref}  columns: ${t.columns.join(', ')}`);
  }
  const names = o.definedNames.filter((d) => d.name !== '_xlnm._FilterDatabase');
  if (names.length) {
    lines.push('Defined names:');
    for (const d of names.slice(0, 50)) lines.push(`  ${d.name}${d.scope ? ` (${d.scope} only)` : ''} = ${d.refersTo}${d.hidden ? '  (hidden)' : ''}`);
    if (names.length > 50) lines.push(`  … ${names.length - 50} more`);
  }
  return lines.join('\n');
}

function table(view: SheetView, rows: ViewRow[], formulas: boolean): string[] {
  const cols = view.columns;
  const grid = rows.map((r) => {
    const byRef = new Map(r.cells.map((c) => [c.ref.replace(/\d+$/, ''), c]));
    return { row: r.row, cells: cols.map((col) => {
      const c = byRef.get(col);
      if (!c) return '';
      return formulas && c.formula && c.kind !== 'empty' ? cut(`${c.text}ƒ`) : cut(c.text);
    }) };
  });
  const rowW = Math.max(1, ...rows.map((r) => String(r.row).length));
  const widths = cols.map((col, i) => Math.max(col.length, ...grid.map((g) => g.cells[i].length)));
  const line = (label: string, cells: string[]) => `${label.padStart(rowW)} | ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')}`.trimEnd();
  return [line('', cols), ...grid.map((g) => line(String(g.row), g.cells))];
}

export function renderSheetView(view: SheetView, formulas = false): string {
  const lines: string[] = [];
  const where = view.mode === 'range' ? `range ${view.range}` : `used range ${view.usedRange ?? 'empty'}`;
  lines.push(`Sheet "${view.sheet}": ${where}, ${view.rowCount} row${view.rowCount === 1 ? '' : 's'} with data`);
  const f = view.layout.frozen;
  if (f && (f.rows || f.cols)) lines.push(`Frozen: ${f.rows} row${f.rows === 1 ? '' : 's'}, ${f.cols} column${f.cols === 1 ? '' : 's'}`);
  if (view.layout.merges.length) lines.push(`Merged: ${view.layout.merges.length} range(s)`);
  if (!view.rows.length) {
    lines.push(view.mode === 'range' ? '(no values in this range)' : '(the sheet is empty)');
    return lines.join('\n');
  }
  if (view.mode === 'summary') {
    lines.push(`Large sheet: first ${view.rows.length} and last ${view.tail!.length} rows shown, ${view.omittedRows} omitted (use --range to see others).`);
    lines.push(...table(view, view.rows, formulas));
    lines.push(`${'…'.padStart(Math.max(1, String(view.rows[view.rows.length - 1]?.row ?? 1).length))} | (${view.omittedRows} rows)`);
    lines.push(...table(view, view.tail!, formulas).slice(1));
  } else lines.push(...table(view, view.rows, formulas));
  if (formulas) lines.push(...formulaLines([...view.rows, ...(view.tail ?? [])]));
  if (view.truncatedColumns) lines.push(`(${view.truncatedColumns} more column(s) to the right not shown; use --range)`);
  if (view.truncatedRows) lines.push('(more rows in the range not shown: at most 1000 rows per range)');
  if (view.stats && view.mode === 'summary') {
    lines.push('Columns:');
    for (const s of view.stats) lines.push('  ' + statLine(s));
  }
  return lines.join('\n');
}

function statLine(s: ColumnStats): string {
  const parts = [`${s.column}${s.header !== undefined ? ` "${cut(s.header)}"` : ''}: ${s.type}, ${s.count} value${s.count === 1 ? '' : 's'}`];
  if (s.numbers && s.min !== undefined) parts.push(`min ${formatGeneral(s.min)}, max ${formatGeneral(s.max!)}, sum ${formatGeneral(s.sum ?? 0)}, mean ${formatGeneral((s.sum ?? 0) / s.numbers)}`);
  if (s.texts && s.distinct !== undefined) parts.push(`${s.distinctCapped ? `${s.distinct}+` : s.distinct} distinct text${s.distinct === 1 ? '' : 's'}`);
  if (s.errors) parts.push(`${s.errors} error value${s.errors === 1 ? '' : 's'}`);
  if (s.formulas) parts.push(`${s.formulas} formula${s.formulas === 1 ? '' : 's'}`);
  return parts.join('; ');
}

/**
 * The formulas of the rows shown, one line each, a formula filled down a column (each
 * cell's formula the first one moved down) collapsed to one line: `C2:C17 =$A2 (filled down)`.
 */
function formulaLines(rows: ViewRow[]): string[] {
  const byCol = new Map<number, { row: number; formula: string }[]>();
  for (const r of rows) for (const c of r.cells) if (c.formula) {
    const a = parseCell(c.ref)!;
    const list = byCol.get(a.col) ?? [];
    list.push({ row: a.row, formula: c.formula });
    byCol.set(a.col, list);
  }
  if (!byCol.size) return [];
  const out: string[] = ['Formulas (cells marked ƒ):'];
  for (const [col, list] of [...byCol.entries()].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < list.length; ) {
      let j = i + 1;
      while (j < list.length && list[j].row === list[j - 1].row + 1 && list[j].formula === translateFormula(list[i].formula, list[j].row - list[i].row, 0)) j++;
      const first = cellName(list[i].row, col);
      out.push(j - i > 1 ? `  ${first}:${cellName(list[j - 1].row, col)}  ${list[i].formula}  (filled down)` : `  ${first}  ${list[i].formula}`);
      i = j;
      if (out.length > 400) {
        out.push('  … (more formulas; use --range)');
        return out;
      }
    }
  }
  return out;
}
