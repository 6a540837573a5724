// A realistic multi-page services agreement (generated with the create engine, so
// no binary lives in the repo) with three clauses a reviewer should flag: a
// liability cap of one month's fees, a broad IP assignment to the supplier, and an
// auto-renewal with a long notice period. Plus the review the scripted model makes
// of it through the docx skill, and the texts LibreOffice must show afterwards.
// Used by the CLI agent task test and docx-editor's code-server test.

import { createDocx } from '../../src/documents/docx/create';
import type { Block } from '../../src/documents/docx/createSpec';
import { docxText } from '../../src/documents/docx';
import type { TurnInput } from '../model-server';

const P = (text: string): Block => ({ type: 'paragraph', text, align: 'justify' });
const H = (text: string): Block => ({ type: 'heading', level: 2, text });

/** Clause texts the review changes, quoted exactly. */
export const AGREEMENT_CLAUSES = {
  cap: "7.2 Subject to clause 7.1, the Supplier's total aggregate liability arising out of or in connection with this Agreement, whether in contract, tort (including negligence) or otherwise, shall not exceed the Fees paid by the Customer in the one (1) month immediately preceding the event giving rise to the claim.",
  ip: '6.2 The Customer hereby assigns to the Supplier all right, title and interest in and to any Deliverables, Customer Materials and Feedback, including all Intellectual Property Rights in them, with effect from their creation.',
  renewal: '4.2 This Agreement shall renew automatically for successive renewal periods of twelve (12) months each unless either party gives the other written notice of non-renewal at least one hundred and eighty (180) days before the end of the then-current term.',
} as const;

function body(): Block[] {
  return [
    { type: 'paragraph', style: 'Title', text: 'Master Services Agreement' },
    P('This Master Services Agreement (the "Agreement") is made on 1 December 2026 between Northwind Trading Ltd, a company registered in England under number 04512345 (the "Customer"), and Fabrikam Cloud Services Ltd, a company registered in England under number 09876543 (the "Supplier").'),
    H('1. Definitions'),
    P('1.1 In this Agreement the following words have these meanings:'),
    {
      type: 'list',
      items: [
        '"Deliverables" means all documents, software, reports and other materials the Supplier provides to the Customer under this Agreement.',
        '"Customer Materials" means all data, documents and information the Customer provides to the Supplier.',
        '"Feedback" means any suggestion or idea for improving the Services that the Customer gives the Supplier.',
        '"Fees" means the charges set out in the Schedule.',
        '"Intellectual Property Rights" means patents, copyright, database rights, trade marks, design rights and all similar rights anywhere in the world.',
      ],
    },
    H('2. Services'),
    P('2.1 The Supplier shall provide the hosted document management services described in the Schedule (the "Services") from the Commencement Date.'),
    P('2.2 The Supplier shall perform the Services with reasonable skill and care and in accordance with good industry practice.'),
    P('2.3 The Supplier shall meet the service levels in the Schedule. If it fails to do so the Customer is entitled to the service credits set out there.'),
    H('3. Fees and payment'),
    P('3.1 The Customer shall pay the Fees within thirty (30) days of receiving a valid invoice.'),
    P('3.2 The Supplier may increase the Fees once in each contract year by giving the Customer at least sixty (60) days written notice.'),
    {
      type: 'table',
      header: true,
      widths: [100, 60],
      rows: [
        ['Service', 'Monthly fee (GBP)'],
        ['Document hosting (up to 2 TB)', '4,000'],
        ['Premium support', '1,500'],
      ],
    },
    H('4. Term and renewal'),
    P('4.1 This Agreement starts on the Commencement Date and continues for an initial term of thirty-six (36) months.'),
    P(AGREEMENT_CLAUSES.renewal),
    { type: 'pageBreak' },
    H('5. Customer obligations'),
    P('5.1 The Customer shall provide the Supplier with access to the Customer Materials reasonably needed to perform the Services.'),
    P('5.2 The Customer is responsible for the accuracy of the Customer Materials.'),
    H('6. Intellectual property'),
    P('6.1 Each party keeps all Intellectual Property Rights it owned before the Commencement Date.'),
    P(AGREEMENT_CLAUSES.ip),
    P('6.3 The Supplier grants the Customer a non-exclusive licence to use the Deliverables for its internal business purposes during the term.'),
    H('7. Limitation of liability'),
    P('7.1 Nothing in this Agreement limits liability for death or personal injury caused by negligence, for fraud, or for any liability that cannot be limited by law.'),
    P(AGREEMENT_CLAUSES.cap),
    P('7.3 Neither party shall be liable for any loss of profits, loss of business or any indirect or consequential loss.'),
    H('8. Confidentiality'),
    P('8.1 Each party shall keep the other party\'s confidential information confidential and use it only to perform its obligations under this Agreement.'),
    P('8.2 This clause 8 survives termination of this Agreement for five (5) years.'),
    { type: 'pageBreak' },
    H('9. Termination'),
    P('9.1 Either party may terminate this Agreement with immediate effect by written notice if the other party commits a material breach that it does not remedy within thirty (30) days of being notified of it.'),
    P('9.2 On termination the Supplier shall return all Customer Materials to the Customer within fourteen (14) days.'),
    H('10. General'),
    P('10.1 This Agreement is the entire agreement between the parties about its subject matter.'),
    P('10.2 This Agreement is governed by the law of England and Wales, and the courts of England have exclusive jurisdiction.'),
    {
      type: 'table',
      widths: [80, 80],
      rows: [
        ['Signed for the Customer', 'Signed for the Supplier'],
        ['Name: Maria Anders', 'Name: Jonas Berg'],
        ['Date:', 'Date:'],
      ],
    },
  ];
}

export const AGREEMENT_CREATED = new Date('2026-11-30T09:00:00Z');

/** The agreement as .docx bytes (deterministic). */
export function agreementDocx(): Buffer {
  return createDocx(
    {
      properties: { title: 'Master Services Agreement', author: 'Northwind Legal' },
      page: { size: 'A4', margins: 25 },
      styles: { font: 'Liberation Serif', size: 11 },
      footer: ['Master Services Agreement · page ', { field: 'PAGE' }],
      body: body(),
    },
    { now: AGREEMENT_CREATED },
  );
}

/** The anchor the text view gives the paragraph containing `quote`. */
export function anchorOf(docx: Buffer, quote: string): string {
  const hits = docxText(docx, 'inline').paragraphs.filter((p) => p.plain.includes(quote));
  if (hits.length !== 1) throw new Error(`expected one paragraph with ${JSON.stringify(quote)}, found ${hits.length}`);
  return hits[0].anchor;
}

export const REVIEW = {
  cap: { find: 'one (1) month', text: 'twelve (12) months', comment: 'A cap of one month of fees is far below market; twelve months of fees is usual for a hosting agreement.' },
  renewal: { find: 'one hundred and eighty (180) days', text: 'ninety (90) days', comment: 'Auto-renewal with a 180-day notice window is easy to miss; 90 days is more usual. Diarise the notice date.' },
  ipDelete: { find: 'Deliverables, Customer Materials and ', comment: 'The Customer should not assign its own materials (or bespoke Deliverables it pays for) to the Supplier; at most Feedback.' },
  ipComment: 'IP assignment: this moves ownership of the Customer\'s own data to the Supplier. Negotiate a licence instead.',
} as const;

/** The ops file the scripted model writes: tracked changes with comments, plus one comment only. */
export function reviewOps(docx: Buffer): unknown {
  const cap = anchorOf(docx, AGREEMENT_CLAUSES.cap.slice(0, 40));
  const renewal = anchorOf(docx, AGREEMENT_CLAUSES.renewal.slice(0, 40));
  const ip = anchorOf(docx, AGREEMENT_CLAUSES.ip.slice(0, 40));
  return {
    author: 'Cowork',
    ops: [
      { op: 'replace', at: cap, find: REVIEW.cap.find, text: REVIEW.cap.text, comment: REVIEW.cap.comment },
      { op: 'replace', at: renewal, find: REVIEW.renewal.find, text: REVIEW.renewal.text, comment: REVIEW.renewal.comment },
      { op: 'delete', at: ip, find: REVIEW.ipDelete.find, comment: REVIEW.ipDelete.comment },
      { op: 'comment', at: ip, find: 'hereby assigns to the Supplier', text: REVIEW.ipComment },
    ],
  };
}

/** The clause texts after accepting every change the review makes. */
export const ACCEPTED_CLAUSES = {
  cap: AGREEMENT_CLAUSES.cap.replace(REVIEW.cap.find, REVIEW.cap.text),
  renewal: AGREEMENT_CLAUSES.renewal.replace(REVIEW.renewal.find, REVIEW.renewal.text),
  ip: AGREEMENT_CLAUSES.ip.replace(REVIEW.ipDelete.find, ''),
};

/** `text` (LibreOffice's plain text of the original) with every review change accepted. */
export function acceptedText(originalText: string): string {
  let t = originalText;
  for (const k of ['cap', 'renewal', 'ip'] as const) {
    if (!t.includes(AGREEMENT_CLAUSES[k])) throw new Error(`the original text lacks clause ${k}`);
    t = t.replace(AGREEMENT_CLAUSES[k], ACCEPTED_CLAUSES[k]);
  }
  return t;
}

export const REVIEW_PROMPT = 'Review this agreement and flag concerning clauses.';
export const REVIEWED_NAME = 'Agreement (reviewed).docx';
const DOC = 'sh /skills/docx/scripts/doc.sh';

/**
 * The scripted model's turns: activate the docx skill, read the agreement through
 * the skill's script in the sandbox, write the ops file and apply it, validate, report.
 * `input` is the file name in the folder.
 */
export function reviewTranscript(docx: Buffer, input = 'Agreement.docx'): TurnInput[] {
  const ops = JSON.stringify(reviewOps(docx), null, 1);
  const capAnchor = anchorOf(docx, AGREEMENT_CLAUSES.cap.slice(0, 40));
  return [
    {
      label: 'activate docx',
      match: { systemIncludes: '<location>/skills/docx/SKILL.md</location>', toolsInclude: ['activate_skill', 'run_command'] },
      reply: { content: [{ type: 'text', text: 'I will review the agreement with the docx skill.' }, { type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'docx' } }] },
    },
    {
      label: 'read',
      match: { toolResultIncludes: 'Review: flag clauses as tracked changes with comments' },
      reply: { content: [{ type: 'tool_use', id: 'read', name: 'run_command', input: { command: `${DOC} text "/workspace/${input}"` } }] },
    },
    {
      label: 'edit',
      // The model only knows the anchors because the text view printed them.
      match: { toolResultIncludes: `[${capAnchor}] 7.2 Subject to clause 7.1` },
      reply: {
        content: [
          { type: 'text', text: 'Three clauses need attention: the liability cap, the IP assignment and the auto-renewal notice period.' },
          { type: 'tool_use', id: 'edit', name: 'run_command', input: { command: `cat > /tmp/review-ops.json <<'JSON'\n${ops}\nJSON\n${DOC} edit "/workspace/${input}" /tmp/review-ops.json -o "/workspace/${REVIEWED_NAME}"` } },
        ],
      },
    },
    {
      label: 'check',
      match: { toolResultIncludes: `wrote /workspace/${REVIEWED_NAME}` },
      reply: { content: [{ type: 'tool_use', id: 'check', name: 'run_command', input: { command: `${DOC} validate "/workspace/${REVIEWED_NAME}" && ${DOC} changes "/workspace/${REVIEWED_NAME}"` } }] },
    },
    {
      label: 'report',
      match: { toolResultIncludes: 'Cowork' },
      reply: {
        content: [
          {
            type: 'text',
            text: `I flagged three clauses in ${REVIEWED_NAME} as tracked changes with comments: 7.2 (liability cap raised from one month to twelve months of fees), 4.2 (renewal notice shortened from 180 to 90 days) and 6.2 (the IP assignment no longer covers your own materials; a comment suggests a licence instead).`,
          },
        ],
      },
    },
  ];
}
