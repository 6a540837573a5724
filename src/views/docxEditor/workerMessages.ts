// What the extension asks the review worker and what it answers. The worker holds no
// state between requests: each one carries the bytes it works on, so any state of the
// document (including one restored by undo) can be the start of the next decision.

import type { ReviewDecision } from '../../shared/docxReviewProtocol';
import type { ReviewDocument } from '../../shared/docxReviewModel';

export type WorkerRequest =
  /** Read a .docx into its view. */
  | { op: 'open'; bytes: Uint8Array }
  /** Apply a decision to a .docx: the new bytes and their view. */
  | { op: 'decide'; bytes: Uint8Array; decision: ReviewDecision };

export type WorkerReply =
  | { ok: true; view: ReviewDocument; bytes?: Uint8Array; ms: number }
  | { ok: false; message: string; code?: string };

/** A failure the person can act on (a bad file), with the engine's code when it gave one. */
export class ReviewError extends Error {
  override readonly name = 'ReviewError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}
