// From parsed CSV rows to a typed table: whether the first row is a header, each
// column's type (number, integer, percent, currency, date, bool, text) with values
// converted, decimal commas understood when the delimiter is a semicolon; and the
// workbook spec that turns it into a formatted sheet (header style, frozen header,
// filter, widths, number formats).

import type { ColumnSpec, ColumnType, SheetSpec, WorkbookSpec } from '../xlsx/create/createSpec';
import { decodeCsv, type DecodedText } from './csvDecode';
import { parseCsv, type ParsedCsv } from './csvParse';

export interface CsvTable {
  decoded: Omit<DecodedText, 'text'>;
  parsed: Omit<ParsedCsv, 'rows'>;
  header: boolean;
  headers: string[];
  columns: { header: string; type: ColumnType; currency?: string }[];
  /** Data rows with values converted to their column's type. */
  rows: (string | number | boolean | null)[][];
}

const CURRENCY: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };

function parseNumber(raw: string, decimalComma: boolean): { n: number; kind: 'number' | 'integer' | 'percent' | 'currency'; currency?: string } | undefined {
  let s = raw.trim();
  if (!s) return undefined;
  let kind: 'number' | 'integer' | 'percent' | 'currency' = 'number';
  let currency: string | undefined;
  const cur = /^([$€£¥])\s?|\s?([$€£¥])$|^([A-Z]{3})\s|\s([A-Z]{3})$/.exec(s);
  if (cur) {
    const sym = cur[1] ?? cur[2];
    currency = sym ? CURRENCY[sym] : cur[3] ?? cur[4];
    kind = 'currency';
    s = s.replace(cur[0], '').trim();
  }
  let scale = 1;
  if (s.endsWith('%')) {
    if (kind === 'currency') return undefined;
    kind = 'percent';
    scale = 0.01;
    s = s.slice(0, -1).trim();
  }
  let neg = false;
  if (/^\(.*\)$/.test(s)) {
    neg = true;
    s = s.slice(1, -1);
  }
  if (decimalComma) {
    if (!/^[-+]?\d{1,3}(\.\d{3})*(,\d+)?$|^[-+]?\d+(,\d+)?$/.test(s)) return undefined;
    s = s.replace(/\./g, '').replace(',', '.');
  } else {
    if (!/^[-+]?\d{1,3}(,\d{3})*(\.\d+)?$|^[-+]?\d*\.?\d+([eE][-+]?\d+)?$/.test(s)) return undefined;
    s = s.replace(/,/g, '');
  }
  // Leading zeros (ZIP codes, IDs) stay text.
  if (/^[-+]?0\d/.test(s)) return undefined;
  let n = Number(s) * scale;
  if (!Number.isFinite(n)) return undefined;
  if (neg) n = -n;
  if (kind === 'number' && Number.isInteger(n) && !s.includes('.')) kind = 'integer';
  return { n, kind, ...(currency ? { currency } : {}) };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$/;

function cellType(raw: string, decimalComma: boolean): ColumnType | 'empty' {
  const s = raw.trim();
  if (!s) return 'empty';
  if (/^(true|false)$/i.test(s)) return 'bool';
  if (ISO_DATE.test(s)) return s.length > 10 ? 'datetime' : 'date';
  const n = parseNumber(s, decimalComma);
  return n ? n.kind : 'text';
}

function columnType(types: (ColumnType | 'empty')[]): ColumnType {
  const seen = new Set(types.filter((t) => t !== 'empty'));
  if (!seen.size) return 'text';
  if (seen.size === 1) return [...seen][0] as ColumnType;
  if ([...seen].every((t) => t === 'integer' || t === 'number')) return 'number';
  if ([...seen].every((t) => t === 'date' || t === 'datetime')) return 'datetime';
  if ([...seen].every((t) => t === 'currency' || t === 'integer' || t === 'number')) return 'currency';
  return 'text';
}

export function csvTable(buf: Buffer, opts: { delimiter?: string; header?: boolean; maxRows?: number } = {}): CsvTable {
  const decoded = decodeCsv(buf);
  const parsed = parseCsv(decoded.text, opts.delimiter, { maxRows: opts.maxRows });
  const decimalComma = parsed.delimiter === ';' && parsed.rows.slice(0, 200).some((r) => r.some((f) => /^\s*[-+]?\d+,\d+\s*$/.test(f)));
  const width = Math.max(parsed.width, ...parsed.rows.slice(0, 1).map((r) => r.length));
  const sample = parsed.rows.slice(1, 501);
  const first = parsed.rows[0] ?? [];
  const typesOf = (rows: string[][], j: number) => rows.map((r) => cellType(r[j] ?? '', decimalComma));
  // A header: every first-row field is non-empty text, and some column is not text below it
  // or the first row's values never appear again in their column.
  const firstAllText = first.length > 0 && first.every((f) => f.trim() && cellType(f, decimalComma) === 'text');
  const someTyped = Array.from({ length: width }, (_v, j) => columnType(typesOf(sample, j))).some((t) => t !== 'text');
  const unique = first.every((f, j) => !sample.some((r) => r[j] === f));
  const header = opts.header ?? (firstAllText && (someTyped || (unique && sample.length > 0)));
  const body = header ? parsed.rows.slice(1) : parsed.rows;
  const headers = Array.from({ length: width }, (_v, j) => (header ? first[j]?.trim() || `Column ${j + 1}` : `Column ${j + 1}`));
  // Header names must be unique for a table: number repeats.
  const seen = new Map<string, number>();
  for (let j = 0; j < headers.length; j++) {
    const k = headers[j].toLowerCase();
    const c = seen.get(k) ?? 0;
    seen.set(k, c + 1);
    if (c) headers[j] = `${headers[j]} ${c + 1}`;
  }
  const columns = headers.map((h, j) => {
    const type = columnType(typesOf(body.slice(0, 1000), j));
    const currency = type === 'currency' ? body.map((r) => parseNumber(r[j] ?? '', decimalComma)?.currency).find(Boolean) : undefined;
    return { header: h, type, ...(currency ? { currency } : {}) };
  });
  const rows = body.map((r) =>
    columns.map((c, j) => {
      const raw = r[j];
      if (raw === undefined || raw.trim() === '') return null;
      if (c.type === 'text') return raw;
      if (c.type === 'bool') return /^true$/i.test(raw.trim());
      if (c.type === 'date' || c.type === 'datetime') return ISO_DATE.test(raw.trim()) ? raw.trim() : raw;
      const n = parseNumber(raw, decimalComma);
      return n ? n.n : raw;
    }),
  );
  const { text: _t, ...dec } = decoded;
  void _t;
  const { rows: _r, ...par } = parsed;
  void _r;
  return { decoded: dec, parsed: par, header, headers, columns, rows };
}

/** A workbook spec for the table: one sheet, typed and formatted, header frozen, filter on. */
export function csvWorkbookSpec(t: CsvTable, sheetName = 'Data'): WorkbookSpec {
  const columns: ColumnSpec[] = t.columns.map((c) => ({ header: c.header, type: c.type, ...(c.currency ? { currency: c.currency } : {}) }));
  const sheet: SheetSpec = { name: sheetName, columns, rows: t.rows, freeze: 'A2', autoFilter: true };
  return { sheets: [sheet] };
}
