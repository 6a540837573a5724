// The edit ops file `cowork doc edit FILE OPS.json` applies (documented in
// docs/documents.md and skills/docx/references/edit-ops.md). Ops target text by a
// paragraph anchor from the text view plus the quoted text; every problem is
// reported with the op's index and field.

import { DocumentError } from '../../ooxml/documentError';
import { checkInline, type Inline } from '../createSpec';

interface Targeted {
  /** paragraph anchor, e.g. "p12" or "header1.p1" */
  at: string;
  /** last paragraph of a span over several paragraphs (paragraph marks read as "\n") */
  through?: string;
  /** which match (1-based) when the quoted text occurs more than once */
  occurrence?: number;
  /** a comment on the changed span */
  comment?: string;
}

export type EditOp =
  | ({ op: 'replace'; find: string; text: string } & Targeted)
  | ({ op: 'delete'; find: string } & Targeted)
  | ({ op: 'insert'; text: string; after?: string; before?: string } & Targeted)
  | ({ op: 'comment'; find?: string; text: string } & Targeted)
  | { op: 'reply'; to: string; text: string }
  | { op: 'resolve'; comment: string; reopen?: boolean }
  | { op: 'insertParagraph'; after?: string; before?: string; text: Inline; style?: string; comment?: string }
  | { op: 'deleteParagraph'; at: string; through?: string; comment?: string }
  | { op: 'insertRow'; after?: string; before?: string; cells: Inline[]; comment?: string }
  | { op: 'deleteRow'; at: string; comment?: string };

export interface EditFile {
  author?: string;
  date?: string;
  /** false: change the text directly (filling a template); default true: tracked changes */
  track?: boolean;
  ops: EditOp[];
}

const FIELDS: Record<EditOp['op'], { required: string[]; optional: string[] }> = {
  replace: { required: ['at', 'find', 'text'], optional: ['through', 'occurrence', 'comment'] },
  delete: { required: ['at', 'find'], optional: ['through', 'occurrence', 'comment'] },
  insert: { required: ['at', 'text'], optional: ['after', 'before', 'occurrence', 'comment'] },
  comment: { required: ['at', 'text'], optional: ['find', 'through', 'occurrence'] },
  reply: { required: ['to', 'text'], optional: [] },
  resolve: { required: ['comment'], optional: ['reopen'] },
  insertParagraph: { required: ['text'], optional: ['after', 'before', 'style', 'comment'] },
  deleteParagraph: { required: ['at'], optional: ['through', 'comment'] },
  insertRow: { required: ['cells'], optional: ['after', 'before', 'comment'] },
  deleteRow: { required: ['at'], optional: ['comment'] },
};
const INLINE_FIELDS = new Set(['text', 'cells']);

function bad(where: string, message: string): never {
  throw new DocumentError('INVALID_ARGUMENT', `${where}: ${message}`);
}

function checkOp(raw: unknown, i: number): EditOp {
  const where = `ops[${i}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad(where, 'must be an object like {"op": "replace", "at": "p3", "find": "...", "text": "..."}');
  const o = raw as Record<string, unknown>;
  const kind = o.op as EditOp['op'];
  const spec = FIELDS[kind];
  if (!spec) bad(`${where}.op`, `must be one of ${Object.keys(FIELDS).join(', ')}`);
  for (const k of Object.keys(o)) if (k !== 'op' && !spec.required.includes(k) && !spec.optional.includes(k)) bad(where, `"${k}" is not a field of ${kind} (fields: ${[...spec.required, ...spec.optional].join(', ')})`);
  for (const k of spec.required) if (o[k] === undefined) bad(where, `${kind} needs "${k}"`);
  for (const [k, v] of Object.entries(o)) {
    if (k === 'op' || v === undefined) continue;
    if (k === 'occurrence') {
      if (!Number.isInteger(v) || (v as number) < 1) bad(`${where}.occurrence`, 'must be a whole number from 1');
    } else if (k === 'reopen') {
      if (typeof v !== 'boolean') bad(`${where}.reopen`, 'must be true or false');
    } else if (k === 'cells') {
      if (!Array.isArray(v) || v.length === 0) bad(`${where}.cells`, 'must be a non-empty array of cell texts');
      v.forEach((c, j) => checkInline(c, `${where}.cells[${j}]`));
    } else if (k === 'text' && kind === 'insertParagraph') {
      checkInline(v, `${where}.text`);
    } else if (typeof v !== 'string') bad(`${where}.${k}`, INLINE_FIELDS.has(k) ? 'must be text' : 'must be text (a string)');
  }
  if ((kind === 'insert' || kind === 'insertParagraph' || kind === 'insertRow') && o.after !== undefined && o.before !== undefined) bad(where, 'give "after" or "before", not both');
  if ((kind === 'insertParagraph' || kind === 'insertRow') && o.after === undefined && o.before === undefined) bad(where, `${kind} needs "after" or "before" (a paragraph anchor)`);
  if ((kind === 'replace' || kind === 'delete') && o.find === '') bad(`${where}.find`, 'must not be empty');
  return o as unknown as EditOp;
}

/** Parses an ops file: {"author"?, "date"?, "track"?, "ops": [...]} or a bare array of ops. */
export function parseEditFile(json: unknown): EditFile {
  const file = Array.isArray(json) ? { ops: json } : json;
  if (typeof file !== 'object' || file === null) bad('ops file', 'must be a JSON object with an "ops" array (or an array of ops)');
  const f = file as Record<string, unknown>;
  for (const k of Object.keys(f)) if (!['author', 'date', 'track', 'ops'].includes(k)) bad('ops file', `unknown field "${k}" (allowed: author, date, track, ops)`);
  if (!Array.isArray(f.ops)) bad('ops file', '"ops" must be an array');
  if (f.author !== undefined && typeof f.author !== 'string') bad('author', 'must be text');
  if (f.date !== undefined && (typeof f.date !== 'string' || Number.isNaN(Date.parse(f.date)))) bad('date', 'must be an ISO date like 2026-12-01T09:00:00Z');
  if (f.track !== undefined && typeof f.track !== 'boolean') bad('track', 'must be true or false');
  return { author: f.author as string | undefined, date: f.date as string | undefined, track: f.track as boolean | undefined, ops: f.ops.map(checkOp) };
}
