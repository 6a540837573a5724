// Finds the parts of a Word package that hold text (the main document, headers, footers,
// notes, comments) and the ones that describe it (styles, numbering, commentsExtended),
// through the main part's relationships rather than fixed names.

import { DocumentError, OoxmlPackage, type OpenOptions } from '../ooxml';
import * as path from 'node:path';

const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
export const DOCX_REL = {
  header: RT + 'header',
  footer: RT + 'footer',
  footnotes: RT + 'footnotes',
  endnotes: RT + 'endnotes',
  comments: RT + 'comments',
  styles: RT + 'styles',
  numbering: RT + 'numbering',
  settings: RT + 'settings',
  commentsExtended: 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended',
  commentsIds: 'http://schemas.microsoft.com/office/2016/09/relationships/commentsIds',
  people: 'http://schemas.microsoft.com/office/2011/relationships/people',
} as const;

export const MAIN_CONTENT_TYPES = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  'application/vnd.ms-word.document.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml',
  'application/vnd.ms-word.template.macroEnabledTemplate.main+xml',
];

export interface DocxParts {
  main: string;
  headers: { entry: string; story: string }[];
  footers: { entry: string; story: string }[];
  footnotes?: string;
  endnotes?: string;
  comments?: string;
  commentsExtended?: string;
  styles?: string;
  numbering?: string;
}

export const EXPECTED = 'a Word document (.docx)';

/** Opens a package and checks that it is a Word document. */
export function openDocxPackage(data: Uint8Array, opts: OpenOptions = {}): OoxmlPackage {
  const pkg = OoxmlPackage.open(data, { expected: EXPECTED, ...opts });
  const main = pkg.mainEntry();
  const ct = pkg.contentType(main);
  if (ct && !MAIN_CONTENT_TYPES.includes(ct)) {
    const what = ct.includes('spreadsheetml') ? 'an Excel workbook' : ct.includes('presentationml') ? 'a PowerPoint presentation' : `a package of type ${ct}`;
    throw new DocumentError('NOT_A_PACKAGE', `this is ${what}, not ${EXPECTED}`, main);
  }
  return pkg;
}

export function findDocxParts(pkg: OoxmlPackage): DocxParts {
  const main = pkg.mainEntry();
  const rels = pkg.relationships(main).filter((r) => !r.external && r.targetEntry && pkg.has(r.targetEntry));
  const one = (type: string) => rels.find((r) => r.type === type)?.targetEntry;
  const stem = (e: string) => path.posix.basename(e).replace(/\.xml$/i, '');
  const many = (type: string) => {
    const seen = new Set<string>();
    return rels
      .filter((r) => r.type === type && !seen.has(r.targetEntry!) && seen.add(r.targetEntry!))
      .map((r) => ({ entry: r.targetEntry!, story: stem(r.targetEntry!) }))
      .sort((a, b) => a.entry.localeCompare(b.entry, 'en', { numeric: true }));
  };
  return {
    main,
    headers: many(DOCX_REL.header),
    footers: many(DOCX_REL.footer),
    footnotes: one(DOCX_REL.footnotes),
    endnotes: one(DOCX_REL.endnotes),
    comments: one(DOCX_REL.comments),
    commentsExtended: one(DOCX_REL.commentsExtended),
    styles: one(DOCX_REL.styles),
    numbering: one(DOCX_REL.numbering),
  };
}
