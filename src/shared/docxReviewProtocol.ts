// Messages between the review editor's webview and its extension side, typed once
// and checked by both ends on arrival (like the sidebar's protocol). Blocks are sent
// in chunks after the first screen so a long document starts drawing at once.

import type { ChangeKind, ReviewBlock, ReviewChange, ReviewComment } from './docxReviewModel';
import { isRecord, type Parsed } from './shapes';

/** What a person decides: accept or reject some changes. */
export type ReviewScope = { scope: 'ids'; ids: string[] } | { scope: 'all' } | { scope: 'author'; author: string } | { scope: 'kind'; kind: ChangeKind };

export type ReviewDecision = { action: 'accept' | 'reject' } & ReviewScope;

export type DocxToWebview =
  /** A (new) state of the document: the change list, comments and the first blocks. */
  | {
      type: 'load';
      version: number;
      fileName: string;
      changes: ReviewChange[];
      comments: ReviewComment[];
      notes: string[];
      blockCount: number;
      blocks: ReviewBlock[];
      /** Changes to keep selected after a decision, when still there. */
      focus?: string;
    }
  /** More blocks of the state `version`, starting at index `start`. */
  | { type: 'blocks'; version: number; start: number; blocks: ReviewBlock[] }
  /** The document cannot be shown (bad file): a clear message instead of the editor. */
  | { type: 'failed'; message: string; code?: string }
  | { type: 'busy'; busy: boolean; label?: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string; reload?: boolean };

export type DocxToExtension =
  | { type: 'ready' }
  | { type: 'decide'; decision: ReviewDecision; focus?: string }
  /** The first screen is drawn (ms since the page started; also when the script ran and `load` arrived): logged, used by the bench. */
  | { type: 'rendered'; version: number; blocks: number; ms: number; scriptMs?: number; loadMs?: number }
  /** Reload from disk after the file changed there while the editor had unsaved decisions. */
  | { type: 'reload' };

const KINDS = new Set(['insertion', 'deletion', 'moveFrom', 'moveTo', 'formatting', 'paragraph', 'tableRow']);
const MAX_IDS = 100_000;

function checkDecision(d: unknown): string | null {
  if (!isRecord(d)) return 'decision must be an object';
  if (d.action !== 'accept' && d.action !== 'reject') return 'decision.action must be accept or reject';
  switch (d.scope) {
    case 'all':
      return null;
    case 'author':
      return typeof d.author === 'string' ? null : 'decision.author must be a string';
    case 'kind':
      return typeof d.kind === 'string' && KINDS.has(d.kind) ? null : 'decision.kind is not a change kind';
    case 'ids':
      if (!Array.isArray(d.ids) || d.ids.length === 0 || d.ids.length > MAX_IDS) return 'decision.ids must be a non-empty array';
      return d.ids.every((id) => typeof id === 'string' && id.length < 200) ? null : 'decision.ids must be strings';
    default:
      return 'decision.scope must be ids, all, author or kind';
  }
}

/** Run by the extension on everything the review webview posts. */
export function parseDocxWebviewMessage(raw: unknown): Parsed<DocxToExtension> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  switch (raw.type) {
    case 'ready':
    case 'reload':
      return { ok: true, value: raw as DocxToExtension };
    case 'decide': {
      const err = checkDecision(raw.decision) ?? (raw.focus === undefined || typeof raw.focus === 'string' ? null : 'focus must be a string');
      return err ? { ok: false, error: `decide: ${err}` } : { ok: true, value: raw as DocxToExtension };
    }
    case 'rendered':
      return typeof raw.version === 'number' && typeof raw.blocks === 'number' && typeof raw.ms === 'number'
        ? { ok: true, value: raw as DocxToExtension }
        : { ok: false, error: 'rendered: version, blocks and ms must be numbers' };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(raw.type)}` };
  }
}

/** Run by the webview on everything the extension posts (shapes only; the content is ours). */
export function parseDocxExtensionMessage(raw: unknown): Parsed<DocxToWebview> {
  if (!isRecord(raw)) return { ok: false, error: 'message must be an object' };
  switch (raw.type) {
    case 'load':
      return typeof raw.version === 'number' && Array.isArray(raw.changes) && Array.isArray(raw.comments) && Array.isArray(raw.blocks) && typeof raw.blockCount === 'number'
        ? { ok: true, value: raw as DocxToWebview }
        : { ok: false, error: 'load: malformed' };
    case 'blocks':
      return typeof raw.version === 'number' && typeof raw.start === 'number' && Array.isArray(raw.blocks) ? { ok: true, value: raw as DocxToWebview } : { ok: false, error: 'blocks: malformed' };
    case 'failed':
      return typeof raw.message === 'string' ? { ok: true, value: raw as DocxToWebview } : { ok: false, error: 'failed: message must be a string' };
    case 'busy':
      return typeof raw.busy === 'boolean' ? { ok: true, value: raw as DocxToWebview } : { ok: false, error: 'busy: busy must be a boolean' };
    case 'notice':
      return typeof raw.message === 'string' && (raw.level === 'info' || raw.level === 'error') ? { ok: true, value: raw as DocxToWebview } : { ok: false, error: 'notice: malformed' };
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(raw.type)}` };
  }
}

/** The label VS Code shows for the edit in its undo/redo menu ("Accept change", "Reject all by Cowork"). */
export function decisionLabel(d: ReviewDecision): string {
  const verb = d.action === 'accept' ? 'Accept' : 'Reject';
  switch (d.scope) {
    case 'all':
      return `${verb} all changes`;
    case 'author':
      return `${verb} all changes by ${d.author}`;
    case 'kind':
      return `${verb} all ${d.kind} changes`;
    case 'ids':
      return d.ids.length === 1 ? `${verb} change` : `${verb} ${d.ids.length} changes`;
  }
}
