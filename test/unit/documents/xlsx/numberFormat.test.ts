// Number formats rendered as a spreadsheet shows them.

import * as assert from 'node:assert/strict';
import { dateToSerial, formatGeneral, formatNumber, isDateFormat, isoToSerial, serialToParts } from '../../../../src/documents/xlsx';

describe('documents/xlsx number formats', () => {
  const cases: [number, string, string][] = [
    [1234.5, 'General', '1234.5'],
    [0.1 + 0.2, 'General', '0.3'],
    [123456789012, 'General', '1.23457E+11'],
    [1234.567, '0', '1235'],
    [1234.567, '0.00', '1234.57'],
    [1234567.891, '#,##0.00', '1,234,567.89'],
    [-1234.5, '#,##0.00', '-1,234.50'],
    [0.256, '0%', '26%'],
    [0.25612, '0.00%', '25.61%'],
    [1234.5, '"$"#,##0.00', '$1,234.50'],
    [-1234.5, '"$"#,##0.00_);[Red]("$"#,##0.00)', '($1,234.50)'],
    [1234.5, '"$"#,##0.00_);[Red]("$"#,##0.00)', '$1,234.50 '],
    [1234.5, '[$€-407] #,##0.00', '€ 1,234.50'],
    [1234.5, '#,##0.00 [$€-407]', '1,234.50 €'],
    [1234.5, '#,##0.00 "EUR"', '1,234.50 EUR'],
    [0, '#,##0.00;-#,##0.00;"-"', '-'],
    [12345, '0.00E+00', '1.23E+04'],
    [1500000, '#,##0,,"M"', '2M'],
    [1.25, '# ?/?', '1 1/4'],
    [5, '[>=10]"big";"small"', 'small'],
    [15, '[>=10]"big";"small"', 'big'],
    [45366, 'yyyy-mm-dd', '2024-03-15'],
    [45366, 'm/d/yyyy', '3/15/2024'],
    [45366, 'd-mmm-yy', '15-Mar-24'],
    [45366, 'dddd, mmmm d, yyyy', 'Friday, March 15, 2024'],
    [45366.75, 'yyyy-mm-dd hh:mm', '2024-03-15 18:00'],
    [45366.75, 'h:mm AM/PM', '6:00 PM'],
    [1.5, '[h]:mm:ss', '36:00:00'],
    [0.0104166667, 'mm:ss', '15:00'],
    [60, 'yyyy-mm-dd', '1900-02-29'],
    [61, 'yyyy-mm-dd', '1900-03-01'],
    [42, '@', '42'],
  ];
  for (const [v, code, want] of cases) {
    it(`${v} under ${code} -> ${want}`, () => assert.equal(formatNumber(v, code), want));
  }

  it('knows date formats from number formats', () => {
    for (const d of ['yyyy-mm-dd', 'm/d/yyyy', 'h:mm', '[h]:mm:ss', 'd-mmm-yy', '[$-409]mmmm d, yyyy']) assert.ok(isDateFormat(d), d);
    for (const n of ['0.00', '#,##0', '"$"#,##0.00', '0%', 'General', '"days"0', '[Red]0.00']) assert.ok(!isDateFormat(n), n);
  });

  it('converts serial dates both ways, with 1904 dates', () => {
    assert.equal(dateToSerial(2024, 3, 15), 45366);
    assert.equal(isoToSerial('2024-03-15T18:00'), 45366.75);
    assert.deepEqual(serialToParts(0, true)?.year, 1904);
    assert.equal(formatNumber(0, 'yyyy-mm-dd', true), '1904-01-01');
    assert.equal(formatGeneral(-0.5), '-0.5');
  });
});
