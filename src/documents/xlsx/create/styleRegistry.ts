// The styles of a new workbook: number formats, fonts, fills and borders are added as
// cells ask for them and each distinct combination becomes one cellXfs entry; the
// differential formats of conditional formatting go to dxfs.

import { escapeAttr } from '../../ooxml/xml';
import { BUILTIN_FORMATS } from '../builtinFormats';

export interface CellLook {
  numFmt?: string;
  bold?: boolean;
  /** Header look: bold on a light fill with a bottom border. */
  header?: boolean;
  wrap?: boolean;
}

export class StyleRegistry {
  private readonly numFmts = new Map<string, number>();
  private readonly xfs = new Map<string, number>(); // key -> index
  private readonly xfList: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly dxfs: string[] = [];

  constructor() {
    this.xfs.set('0|0|0|0|0', 0);
  }

  private formatId(code: string | undefined): number {
    if (!code || code === 'General') return 0;
    for (const [id, c] of Object.entries(BUILTIN_FORMATS)) if (c === code) return Number(id);
    let id = this.numFmts.get(code);
    if (id === undefined) {
      id = 164 + this.numFmts.size;
      this.numFmts.set(code, id);
    }
    return id;
  }

  /** The cellXfs index for a look (0 is the default style). */
  style(look: CellLook): number {
    const fmt = this.formatId(look.numFmt);
    const font = look.bold || look.header ? 1 : 0;
    const fill = look.header ? 2 : 0;
    const border = look.header ? 1 : 0;
    const wrap = look.wrap ? 1 : 0;
    const key = `${fmt}|${font}|${fill}|${border}|${wrap}`;
    let i = this.xfs.get(key);
    if (i === undefined) {
      i = this.xfList.length;
      const applies = [fmt && ' applyNumberFormat="1"', font && ' applyFont="1"', fill && ' applyFill="1"', border && ' applyBorder="1"', wrap && ' applyAlignment="1"'].filter(Boolean).join('');
      this.xfList.push(`<xf numFmtId="${fmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applies}>${wrap ? '<alignment wrapText="1" vertical="top"/>' : ''}</xf>`.replace('></xf>', '/>'));
      this.xfs.set(key, i);
    }
    return i;
  }

  /** A differential format (font colour and fill) for a conditional formatting rule. */
  dxf(fill?: string, font?: string): number {
    const f = font ? `<font><color rgb="FF${font.replace('#', '').toUpperCase()}"/></font>` : '';
    const b = fill ? `<fill><patternFill patternType="solid"><fgColor rgb="FF${fill.replace('#', '').toUpperCase()}"/><bgColor rgb="FF${fill.replace('#', '').toUpperCase()}"/></patternFill></fill>` : '';
    this.dxfs.push(`<dxf>${f}${b}</dxf>`);
    return this.dxfs.length - 1;
  }

  xml(): string {
    const fmts = [...this.numFmts.entries()];
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (fmts.length ? `<numFmts count="${fmts.length}">${fmts.map(([c, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttr(c)}"/>`).join('')}</numFmts>` : '') +
      '<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>' +
      '<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
      '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
      '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfList.length}">${this.xfList.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join('')}</dxfs>` +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

const SYMBOLS: Record<string, { symbol: string; after?: boolean; decimals?: number }> = {
  USD: { symbol: '$' },
  EUR: { symbol: '€' },
  GBP: { symbol: '£' },
  JPY: { symbol: '¥', decimals: 0 },
  CNY: { symbol: '¥' },
  INR: { symbol: '₹' },
  CHF: { symbol: 'CHF ' },
  CAD: { symbol: 'CA$' },
  AUD: { symbol: 'A$' },
  SEK: { symbol: ' kr', after: true },
  NOK: { symbol: ' kr', after: true },
  DKK: { symbol: ' kr.', after: true },
};

/** A currency format: "$"#,##0.00 for USD, #,##0.00" kr" for SEK, or the code itself when unknown. */
export function currencyFormat(currency = 'USD', decimals?: number): string {
  const known = SYMBOLS[currency.toUpperCase()];
  const d = decimals ?? known?.decimals ?? 2;
  const num = d ? `#,##0.${'0'.repeat(d)}` : '#,##0';
  if (known) {
    const sym = `"${known.symbol}"`;
    return known.after ? `${num}${sym};-${num}${sym}` : `${sym}${num};-${sym}${num}`;
  }
  const sym = currency.length === 3 && /^[A-Z]{3}$/i.test(currency) ? ` "${currency.toUpperCase()}"` : `"${currency}"`;
  return currency.length === 3 ? `${num}${sym};-${num}${sym}` : `${sym}${num};-${sym}${num}`;
}
