// Workbook specs shared by the XLSX tests: an expense sheet with every feature the
// writer has (typed columns, formulas filled down, totals, a table, freeze panes,
// conditional formats, validations, a comment) and a SUMIF summary on another sheet.

export const EXPENSES_SPEC = {
  title: 'Expenses',
  sheets: [
    {
      name: 'Expenses',
      columns: [
        { header: 'Date', type: 'date' },
        { header: 'Vendor', type: 'text', width: 24 },
        { header: 'Category', type: 'text' },
        { header: 'Amount', type: 'currency', currency: 'EUR' },
        { header: 'VAT rate', type: 'percent', decimals: 0 },
        { header: 'VAT', type: 'currency', currency: 'EUR', formula: '=D{row}*E{row}/(1+E{row})' },
      ],
      rows: [
        ['2024-03-01', 'Café Central', 'Meals', 12.5, 0.1],
        ['2024-03-02', 'DB Bahn', 'Travel', 89.9, 0.19],
        ['2024-03-03', 'Hotel Adlon', 'Lodging', 240, 0.07],
        ['2024-03-04', 'Café Central', 'Meals', 8.2, 0.1],
      ],
      totals: { label: 'Total', sum: ['Amount', 'VAT'] },
      table: { name: 'Expenses', style: 'TableStyleMedium9' },
      freeze: 'A2',
      conditionalFormats: [
        { range: 'D2:D5', type: 'dataBar', color: '638EC6' },
        { range: 'E2:E5', type: 'colorScale', colors: ['63BE7B', 'F8696B'] },
        { range: 'D2:D5', type: 'cellIs', operator: 'greaterThan', formula: '100', fill: 'FFC7CE', font: '9C0006' },
      ],
      validations: [
        { range: 'C2:C100', type: 'list', source: '=Lists!$A$2:$A$4', error: 'Pick a category' },
        { range: 'D2:D100', type: 'decimal', operator: 'between', min: 0, max: 10000 },
        { range: 'B2:B100', type: 'custom', formula: '=LEN(B2)>0' },
      ],
      comments: [{ cell: 'D4', text: 'Two nights', author: 'Ana' }],
    },
    {
      name: 'Summary',
      columns: [{ header: 'Category' }, { header: 'Total', type: 'currency', currency: 'EUR', formula: '=SUMIF(Expenses!$C$2:$C$5,A{row},Expenses!$D$2:$D$5)' }],
      rows: [['Meals'], ['Travel'], ['Lodging']],
      totals: { label: 'Grand total', sum: ['Total'] },
      cells: [{ cell: 'D1', value: 'Share of meals', bold: true }, { cell: 'D2', formula: '=B2/B5', numFmt: '0.0%' }],
      autoFilter: true,
      freeze: { rows: 1 },
      charts: [
        { type: 'column', title: 'Expenses by category', categories: 'A2:A4', series: [{ name: 'Total', values: 'B2:B4' }], anchor: 'F2' },
        { type: 'pie', title: 'Share', categories: 'A2:A4', series: [{ values: 'Summary!B2:B4' }], anchor: 'F18', width: 6, height: 12 },
        { type: 'line', title: 'Amounts', categories: 'Expenses!A2:A5', series: [{ name: 'Amount', values: 'Expenses!D2:D5' }, { name: 'VAT', values: 'Expenses!F2:F5' }], anchor: 'O2' },
      ],
    },
    { name: 'Lists', columns: [{ header: 'Category' }], rows: [['Meals'], ['Travel'], ['Lodging']] },
  ],
  names: [{ name: 'Amounts', ref: 'Expenses!$D$2:$D$5' }],
};
