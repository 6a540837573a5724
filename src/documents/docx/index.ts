// The DOCX engine's public API: plain functions on Buffers (safe to call from a worker
// thread), plus the package-level pieces the edit, compare and create modules build on.

import type { OoxmlPackage, OpenOptions } from '../ooxml';
import type { Comment, DocxDocument, Revision, RevisionSelector, TextViewMode, ValidationFinding } from './model';
import { openDocxPackage } from './parts';
import { readDocxPackage, type ReadResult } from './readDocx';
import { resolveInPackage, type ResolveAction } from './resolveRevisions';
import { renderTextView, type TextView } from './textView';
import { validatePackage } from './validate';

export * from './model';
export { DocumentError, isDocumentError, type DocumentErrorCode } from '../ooxml';
export { openDocxPackage, findDocxParts, DOCX_REL, type DocxParts } from './parts';
export { readDocxPackage, type ReadResult } from './readDocx';
export type { ReadTrace, ElementRef, Occurrence } from './trace';
export { renderTextView, type TextView, type TextViewParagraph } from './textView';
export { resolveInPackage, selectRevisions, type ResolveAction } from './resolveRevisions';
export { IdAllocator } from './ids';
export { validatePackage } from './validate';

type Input = Uint8Array | OoxmlPackage;

function pkgOf(input: Input, opts?: OpenOptions): OoxmlPackage {
  return input instanceof Uint8Array ? openDocxPackage(input, opts) : input;
}

export function readDocx(input: Input, opts?: OpenOptions): DocxDocument {
  return readDocxPackage(pkgOf(input, opts)).doc;
}

export function readDocxWithTrace(input: Input, opts?: OpenOptions): ReadResult & { pkg: OoxmlPackage } {
  const pkg = pkgOf(input, opts);
  return { pkg, ...readDocxPackage(pkg) };
}

export function listRevisions(input: Input): Revision[] {
  return readDocx(input).revisions;
}

export function listComments(input: Input): Comment[] {
  return readDocx(input).comments;
}

export function docxText(input: Input, view: TextViewMode = 'inline'): TextView {
  return renderTextView(readDocx(input), view);
}

export interface ResolveResult {
  /** The new file. */
  data: Buffer;
  /** Ids of the revisions accepted or rejected (move pairs included). */
  resolved: string[];
}

/** Accepts or rejects the selected revisions and returns the saved file. */
export function resolveRevisions(input: Input, action: ResolveAction, selector: RevisionSelector): ResolveResult {
  const pkg = pkgOf(input);
  const read = readDocxPackage(pkg);
  const resolved = resolveInPackage(pkg, read, action, selector);
  return { data: pkg.save(), resolved };
}

export function acceptRevisions(input: Input, selector: RevisionSelector): ResolveResult {
  return resolveRevisions(input, 'accept', selector);
}

export function rejectRevisions(input: Input, selector: RevisionSelector): ResolveResult {
  return resolveRevisions(input, 'reject', selector);
}

/** Structural findings; an unreadable package throws a DocumentError instead. */
export function validateDocx(input: Input): ValidationFinding[] {
  return validatePackage(pkgOf(input));
}
