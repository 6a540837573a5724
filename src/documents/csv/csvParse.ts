// RFC 4180 parsing (quoted fields with "" escapes and line breaks, CRLF or LF), the
// delimiter guessed from the first lines (comma, semicolon, tab, pipe) unless given,
// ragged rows reported by row number, and a cap on rows and field size so a hostile
// file cannot exhaust memory.

import { DocumentError } from '../ooxml';

export interface ParsedCsv {
  rows: string[][];
  delimiter: string;
  /** Rows (1-based) whose field count differs from the most common one (at most 20 listed). */
  raggedRows: number[];
  raggedCount: number;
  /** The most common number of fields per row. */
  width: number;
  truncated: boolean;
}

export interface CsvLimits {
  maxRows?: number;
  maxField?: number;
}

const CANDIDATES = [',', ';', '\t', '|'];

export function guessDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 50).filter((l) => l.trim());
  let best = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    if (!counts.length || counts[0] === 0) continue;
    const mode = modeOf(counts);
    const consistent = counts.filter((c) => c === mode).length / counts.length;
    const score = consistent * 100 + Math.min(mode, 50);
    if (mode > 0 && score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (ch === d && !q) n++;
  }
  return n;
}

function modeOf(xs: number[]): number {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  let best = 0;
  let bestN = -1;
  for (const [x, n] of m) if (n > bestN) [best, bestN] = [x, n];
  return best;
}

export function parseCsv(text: string, delimiter?: string, limits: CsvLimits = {}): ParsedCsv {
  const d = delimiter ?? guessDelimiter(text);
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') throw new DocumentError('INVALID_ARGUMENT', `the delimiter must be one character other than a quote or line break, not ${JSON.stringify(d)}`);
  const maxRows = limits.maxRows ?? 2_000_000;
  const maxField = limits.maxField ?? 1 << 20;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let truncated = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      // Quoted field.
      let j = i + 1;
      let buf = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new DocumentError('CORRUPT', `row ${rows.length + 1}: a quoted field is never closed`);
        buf += text.slice(j, q);
        if (text[q + 1] === '"') {
          buf += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
        if (buf.length > maxField) throw new DocumentError('LIMIT_EXCEEDED', `row ${rows.length + 1}: a field is longer than ${maxField} characters`);
      }
      if (buf.length > maxField) throw new DocumentError('LIMIT_EXCEEDED', `row ${rows.length + 1}: a field is longer than ${maxField} characters`);
      field = buf;
      i = j;
      // Text after the closing quote up to the delimiter is kept (lenient, as spreadsheets are).
      while (i < n && text[i] !== d && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      continue;
    }
    if (ch === d) {
      endField();
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      if (rows.length >= maxRows) {
        truncated = i < n;
        break;
      }
    } else {
      let j = i;
      while (j < n && text[j] !== d && text[j] !== '\n' && text[j] !== '\r') j++;
      field += text.slice(i, j);
      if (field.length > maxField) throw new DocumentError('LIMIT_EXCEEDED', `row ${rows.length + 1}: a field is longer than ${maxField} characters`);
      i = j;
    }
  }
  if (field !== '' || row.length) endRow();
  const width = modeOf(rows.map((r) => r.length));
  const ragged: number[] = [];
  let raggedCount = 0;
  rows.forEach((r, k) => {
    if (r.length !== width && !(r.length === 1 && r[0] === '')) {
      raggedCount++;
      if (ragged.length < 20) ragged.push(k + 1);
    }
  });
  return { rows: rows.filter((r) => !(r.length === 1 && r[0] === '')), delimiter: d, raggedRows: ragged, raggedCount, width, truncated };
}

/** CSV text for rows: fields quoted when they hold the delimiter, a quote or a line break. */
export function writeCsv(rows: (string | number | boolean | null | undefined)[][], delimiter = ','): string {
  const q = (v: string | number | boolean | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(q).join(delimiter)).join('\r\n') + '\r\n';
}
