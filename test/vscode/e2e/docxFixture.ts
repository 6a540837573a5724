// A short agreement with tracked changes by two authors and comments, made with the
// engine's own create and edit (no hand-written XML), for the review editor's e2e.
// The changes, in document order:
//   1 Cowork replaces "twelve (12) months" with "three (3) months" (deletion + insertion)
//   2 Cowork inserts " and reasonable" after "documented"
//   3 Dana Reviewer deletes the sentence on automatic renewal
// plus a comment by Cowork on the liability cap and Dana's reply to it.

import { readDocx } from '../../../src/documents/docx';
import { createDocx } from '../../../src/documents/docx/create';
import { editDocx } from '../../../src/documents/docx/edit/applyEdits';

export const AGREEMENT_SPEC = {
  body: [
    { type: 'heading', level: 1, text: 'Services Agreement' },
    { type: 'paragraph', text: 'This agreement is made between Acme Ltd ("Client") and Northwind LLC ("Supplier").' },
    { type: 'heading', level: 2, text: '1. Fees' },
    { type: 'paragraph', text: 'The Client pays documented expenses within thirty days of invoice.' },
    { type: 'heading', level: 2, text: '2. Liability' },
    { type: 'paragraph', text: 'The Supplier\u2019s total liability is capped at the fees paid in the previous twelve (12) months.' },
    { type: 'heading', level: 2, text: '3. Term' },
    { type: 'paragraph', text: 'The agreement runs for one year. It renews automatically for further one-year terms.' },
    { type: 'list', ordered: true, items: ['Notice of termination is given in writing.', 'Termination takes effect after sixty days.'] },
    { type: 'table', header: true, rows: [['Item', 'Amount'], ['Set-up', '1,000'], ['Monthly fee', '250']] },
  ],
};

/** The paragraph anchors of the spec above (p1 is the title). */
export function agreementWithChanges(): Buffer {
  const base = createDocx(AGREEMENT_SPEC);
  const byCowork = editDocx(base, {
    author: 'Cowork',
    date: '2026-11-30T10:00:00Z',
    ops: [
      { op: 'replace', at: 'p6', find: 'twelve (12) months', text: 'three (3) months', comment: 'A three-month cap is too low for a contract of this size.' },
      { op: 'insert', at: 'p4', after: 'documented', text: ' and reasonable' },
    ],
  }).bytes;
  const capComment = readDocx(byCowork).comments[0]?.id ?? '';
  const byDana = editDocx(byCowork, {
    author: 'Dana Reviewer',
    date: '2026-11-30T11:00:00Z',
    ops: [
      { op: 'delete', at: 'p8', find: ' It renews automatically for further one-year terms.' },
      { op: 'reply', to: capComment, text: 'Agreed: ask for twelve months.' },
    ],
  }).bytes;
  return byDana;
}
