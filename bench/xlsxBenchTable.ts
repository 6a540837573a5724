// The workbook both XLSX benches read: 100,000 rows x 20 columns of dates, text and
// numbers, as a createXlsx spec plus the raw rows (the openpyxl write yardstick needs them).

export const ROWS = 100_000;
export const COLS = 20;

export function benchTable(): { spec: unknown; rows: (string | number)[][] } {
  const rows: (string | number)[][] = [];
  for (let r = 0; r < ROWS; r++) {
    const row: (string | number)[] = [];
    for (let c = 0; c < COLS; c++) {
      if (c === 0) row.push(`2024-${String((r % 12) + 1).padStart(2, '0')}-${String((r % 28) + 1).padStart(2, '0')}`);
      else if (c % 4 === 1) row.push(`item ${r % 977} ${c}`);
      else row.push(Math.round(((r * 31 + c * 17) % 100_000) * 1.37) / 100);
    }
    rows.push(row);
  }
  const columns = Array.from({ length: COLS }, (_v, c) => ({ header: `Col${c + 1}`, type: c === 0 ? 'date' : c % 4 === 1 ? 'text' : 'number' }));
  return { spec: { sheets: [{ name: 'Data', columns, rows, freeze: 'A2' }] }, rows };
}
