// Checks on a workbook's formulas that a spreadsheet needs to be trusted: error values
// in cells (with sheet, cell and formula), and functions newer than Excel 2007 written
// without the `_xlfn.` prefix the file format requires (Excel shows #NAME? for them).

import { cellName } from '../cellRef';
import { cellValue, ERROR_VALUES } from '../cellValue';
import { functionNames } from '../formulaRefs';
import { scanSheet } from '../sheetScanner';
import type { XlsxWorkbook } from '../workbook';

/** Functions stored as _xlfn.NAME in OOXML (added in Excel 2010 and later). */
export const XLFN_FUNCTIONS = new Set(
  (
    'AGGREGATE ACOT ACOTH ARABIC ARRAYTOTEXT BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR BITRSHIFT BITXOR BYCOL BYROW ' +
    'CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSECOLS CHOOSEROWS COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH ' +
    'COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL DROP ENCODEURL ERF.PRECISE ERFC.PRECISE EXPAND EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FILTER FILTERXML ' +
    'FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE ' +
    'GAUSS HSTACK HYPGEOM.DIST IFNA IFS IMAGE IMCOSH IMCOT IMCSC IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA ISOMITTED ISOWEEKNUM LAMBDA LET LOGNORM.DIST LOGNORM.INV MAKEARRAY MAP ' +
    'MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC ' +
    'PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANDARRAY RANK.AVG RANK.EQ REDUCE RRI SCAN SEC SECH SEQUENCE SHEET SHEETS ' +
    'SKEW.P SORT SORTBY STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TAKE TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT TOCOL TOROW UNICHAR UNICODE ' +
    'UNIQUE VALUETOTEXT VAR.P VAR.S VSTACK WEBSERVICE WEIBULL.DIST WORKDAY.INTL WRAPCOLS WRAPROWS XLOOKUP XMATCH XOR Z.TEST'
  ).split(' '),
);

export interface CellError {
  sheet: string;
  cell: string;
  error: string;
  formula?: string;
}

export interface PrefixIssue {
  sheet: string;
  cell: string;
  functions: string[];
  formula: string;
}

export interface FormulaCells {
  /** sheet -> cell -> the value as stored (number, text, boolean or error code) and the formula. */
  cells: Map<string, Map<string, { value: number | string | boolean | undefined; kind: string; formula?: string }>>;
  formulas: number;
  errors: CellError[];
  prefixIssues: PrefixIssue[];
}

/** Every formula cell's value, every error value and every missing _xlfn. prefix, sheet by sheet. */
export async function checkFormulas(wb: XlsxWorkbook, maxReported = 500): Promise<FormulaCells> {
  const shared = await wb.sharedStrings();
  const out: FormulaCells = { cells: new Map(), formulas: 0, errors: [], prefixIssues: [] };
  for (const s of wb.sheets) {
    if (!s.entry) continue;
    const map = new Map<string, { value: number | string | boolean | undefined; kind: string; formula?: string }>();
    out.cells.set(s.name, map);
    for await (const row of scanSheet(wb, s.entry).rows) {
      for (const c of row.cells) {
        const v = cellValue(c, wb, shared);
        const ref = cellName(c.row, c.col);
        if (c.formula) {
          out.formulas++;
          map.set(ref, { value: v.kind === 'empty' ? undefined : v.value, kind: v.kind, formula: '=' + c.formula });
          const missing = functionNames(c.formula).filter((f) => XLFN_FUNCTIONS.has(f));
          if (missing.length && out.prefixIssues.length < maxReported) out.prefixIssues.push({ sheet: s.name, cell: ref, functions: missing, formula: '=' + c.formula });
        }
        if (v.kind === 'error' && (ERROR_VALUES as readonly string[]).includes(v.value) && out.errors.length < maxReported) {
          out.errors.push({ sheet: s.name, cell: ref, error: v.value, ...(c.formula ? { formula: '=' + c.formula } : {}) });
        }
      }
    }
  }
  return out;
}
