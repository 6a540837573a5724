// The agent side of the review editor's e2e: "review this agreement and flag concerning
// clauses". The scripted model writes its edit ops and runs the engine's own CLI in the
// sandbox (`node /opt/cowork/cowork-doc.js edit ...`, the path the docx skill uses), so
// the task's output is a real .docx with tracked changes and comments by Cowork.

import type { Transcript } from '../../model-server';

export const REVIEW_PROMPT = 'Review agreement.docx and flag concerning clauses as tracked changes with comments.';
export const REVIEWED_FILE = 'agreement-reviewed.docx';
export const REVIEW_DONE = 'I flagged three clauses in agreement-reviewed.docx.';

/** Anchors follow the engine's text view of AGREEMENT_SPEC (p1 is the title). */
export const REVIEW_OPS = {
  author: 'Cowork',
  ops: [
    { op: 'insert', at: 'p4', after: 'documented', text: ' and reasonable' },
    { op: 'replace', at: 'p6', find: 'twelve (12) months', text: 'three (3) months', comment: 'A three-month cap is too low for a contract of this size.' },
    { op: 'delete', at: 'p8', find: ' It renews automatically for further one-year terms.', comment: 'Auto-renewal locks the Client in; ask for an explicit renewal.' },
  ],
};

export function reviewTranscript(): Transcript {
  return {
    name: 'e2e-docx-review-agreement',
    turns: [
      {
        label: 'write the ops and run the engine',
        match: { lastUserText: 'agreement.docx' },
        reply: {
          content: [
            { type: 'text', text: 'I will mark the liability cap, the expenses clause and the auto-renewal as tracked changes.' },
            { type: 'tool_use', id: 'toolu_ops', name: 'write_file', input: { path: 'review-ops.json', content: JSON.stringify(REVIEW_OPS, null, 2) } },
            {
              type: 'tool_use',
              id: 'toolu_edit',
              name: 'run_command',
              input: { command: `node /opt/cowork/cowork-doc.js edit agreement.docx review-ops.json -o ${REVIEWED_FILE}` },
            },
          ],
        },
      },
      {
        label: 'report',
        match: { toolResultFor: 'toolu_edit', toolResultIncludes: 'Exit code: 0' },
        reply: { content: [{ type: 'text', text: REVIEW_DONE }] },
      },
    ],
  };
}
