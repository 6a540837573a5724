// The part of xl/styles.xml the reader needs: which number format each cell style
// (cellXfs index, the cell's s attribute) uses.

import { attr, child, childrenNamed, type OoxmlPackage } from '../ooxml';
import { BUILTIN_FORMATS } from './builtinFormats';

export interface CellStyles {
  /** Number format code of a cell style index ('General' when unknown). */
  formatOf(styleIndex: number): string;
  count: number;
}

export function readCellStyles(pkg: OoxmlPackage, entry: string | undefined): CellStyles {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  if (entry && pkg.has(entry)) {
    const root = pkg.xml(entry).root;
    const numFmts = child(root, 'numFmts');
    if (numFmts) for (const f of childrenNamed(numFmts, 'numFmt')) custom.set(Number(attr(f, 'numFmtId')), attr(f, 'formatCode') ?? 'General');
    const cellXfs = child(root, 'cellXfs');
    if (cellXfs) for (const xf of childrenNamed(cellXfs, 'xf')) xfs.push(Number(attr(xf, 'numFmtId') ?? 0));
  }
  return {
    count: xfs.length,
    formatOf(i: number): string {
      const id = xfs[i] ?? 0;
      return custom.get(id) ?? BUILTIN_FORMATS[id] ?? 'General';
    },
  };
}
