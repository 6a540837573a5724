// Finds the A1 references in a formula's text (skipping string literals, structured
// references and function names) and rewrites them: moving a shared formula to another
// cell, and shifting references when rows are inserted. Also lists the function names a
// formula calls, for the `_xlfn.` check.

import { columnName, columnNumber, MAX_ROWS } from './cellRef';

export interface RefEnd {
  row?: number; // undefined for whole-column references (A:C)
  col?: number; // undefined for whole-row references (3:9)
  rowAbs: boolean;
  colAbs: boolean;
}

export interface FormulaRef {
  /** The sheet as written, unquoted ("My Sheet"), when the reference names one. */
  sheet?: string;
  start: RefEnd;
  end?: RefEnd;
}

const REF_RE =
  /(?:((?:[A-Za-z_\u00a0-\uffff][\w.\u00a0-\uffff]*)|'(?:[^']|'')+')!)?(\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d{1,7}:\$?\d{1,7})(?![\w.(!\u00a0-\uffff])/y;

function parseEnd(s: string): RefEnd | undefined {
  const m = /^(\$?)([A-Za-z]{0,3})(\$?)(\d{0,7})$/.exec(s);
  if (!m || (!m[2] && !m[4])) return undefined;
  const col = m[2] ? columnNumber(m[2]) : undefined;
  const row = m[4] ? Number(m[4]) : undefined;
  if (col !== undefined && !(col >= 1 && col <= 16384)) return undefined;
  if (row !== undefined && !(row >= 1 && row <= MAX_ROWS)) return undefined;
  if (m[2] && !m[4]) return { col, rowAbs: false, colAbs: !!m[1] };
  if (!m[2] && m[4]) return { row, rowAbs: !!m[1], colAbs: false };
  return { row, col, colAbs: !!m[1], rowAbs: !!m[3] };
}

export function formatEnd(e: RefEnd): string {
  return (e.col !== undefined ? (e.colAbs ? '$' : '') + columnName(e.col) : '') + (e.row !== undefined ? (e.rowAbs ? '$' : '') + e.row : '');
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][\w.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export type RefRewrite = (ref: FormulaRef) => FormulaRef | '#REF!' | undefined;

/**
 * Rewrites every reference of `formula` with `fn` (undefined keeps it as written).
 * Returns the new text.
 */
export function rewriteRefs(formula: string, fn: RefRewrite): string {
  let out = '';
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const c = formula[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && !(formula[j] === '"' && formula[j + 1] !== '"')) j += formula[j] === '"' ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '[') {
      // Structured reference or external workbook index: copy the balanced brackets.
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === '[') depth++;
        else if (formula[j] === ']' && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const prev = formula[i - 1];
    if (prev === undefined || !/[\w.$\u00a0-\uffff\]]/.test(prev)) {
      REF_RE.lastIndex = i;
      const m = REF_RE.exec(formula);
      if (m) {
        const [a, b] = m[2].split(':');
        const start = parseEnd(a);
        const end = b !== undefined ? parseEnd(b) : undefined;
        if (start && (b === undefined || end)) {
          const sheet = m[1] === undefined ? undefined : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
          const ref: FormulaRef = { sheet, start, ...(end ? { end } : {}) };
          const r = fn(ref);
          if (r === undefined) out += m[0];
          else if (r === '#REF!') out += (m[1] !== undefined ? m[1] + '!' : '') + '#REF!';
          else out += (r.sheet !== undefined ? quoteSheet(r.sheet) + '!' : '') + formatEnd(r.start) + (r.end ? ':' + formatEnd(r.end) : '');
          i += m[0].length;
          continue;
        }
      }
    }
    // Copy an identifier whole, so "LOG10" or "Sheet1" never match mid-word.
    if (/[A-Za-z_\u00a0-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.\u00a0-\uffff]/.test(formula[j])) j++;
      if (formula[j] === '!' || formula[j] === '(' ) {
        out += formula.slice(i, j);
        i = j;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** The formula of a shared-formula master moved by (dRow, dCol): relative references move, absolute ones stay. */
export function translateFormula(formula: string, dRow: number, dCol: number): string {
  if (!dRow && !dCol) return formula;
  const move = (e: RefEnd): RefEnd | undefined => {
    const row = e.row === undefined || e.rowAbs ? e.row : e.row + dRow;
    const col = e.col === undefined || e.colAbs ? e.col : e.col + dCol;
    if ((row !== undefined && (row < 1 || row > MAX_ROWS)) || (col !== undefined && (col < 1 || col > 16384))) return undefined;
    return { ...e, row, col };
  };
  return rewriteRefs(formula, (r) => {
    const s = move(r.start);
    const e = r.end ? move(r.end) : undefined;
    if (!s || (r.end && !e)) return '#REF!';
    return { ...r, start: s, ...(e ? { end: e } : {}) };
  });
}

/**
 * Shifts references to rows >= `at` on sheet `target` down by `count` (absolute or not:
 * the cells moved). `formulaSheet` is the sheet the formula lives on (for unqualified refs).
 */
export function shiftRowsInFormula(formula: string, formulaSheet: string, target: string, at: number, count: number): string {
  const same = (s: string | undefined) => (s ?? formulaSheet).toLowerCase() === target.toLowerCase();
  return rewriteRefs(formula, (r) => {
    if (!same(r.sheet)) return undefined;
    const shift = (e: RefEnd): RefEnd => (e.row !== undefined && e.row >= at ? { ...e, row: Math.min(e.row + count, MAX_ROWS) } : e);
    if (r.start.row === undefined) return undefined; // whole columns
    const s = shift(r.start);
    const e = r.end ? shift(r.end) : undefined;
    if (s === r.start && e === r.end) return undefined;
    return { ...r, start: s, ...(e ? { end: e } : {}) };
  });
}

/** Upper-cased names of the functions a formula calls (with any _xlfn./_xlws. prefix kept). */
export function functionNames(formula: string): string[] {
  const out = new Set<string>();
  const stripped = formula.replace(/"(?:[^"]|"")*"/g, '""').replace(/'(?:[^']|'')*'!/g, 'S!');
  const re = /(?<![\w.])((?:_xlfn\.|_xlws\.|_xludf\.)?[A-Za-z][\w.]*)\s*\(/g;
  for (let m = re.exec(stripped); m; m = re.exec(stripped)) out.add(m[1].toUpperCase());
  return [...out];
}
