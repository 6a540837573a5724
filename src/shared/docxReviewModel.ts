// The review editor's view model: what the webview draws for one .docx (blocks of
// runs marked with the revision they belong to, the list of changes, the comments)
// and the pure questions asked of it (filters, next/previous, author colours,
// which changes a set of blocks holds). No vscode, no DOM, no Node: the worker
// builds it, the extension forwards it, the webview bundles this file to read it.

/** The kinds of change a person filters by; the engine's finer kinds map onto these. */
export type ChangeKind = 'insertion' | 'deletion' | 'moveFrom' | 'moveTo' | 'formatting' | 'paragraph' | 'tableRow';

export const CHANGE_KINDS: readonly ChangeKind[] = ['insertion', 'deletion', 'moveFrom', 'moveTo', 'formatting', 'paragraph', 'tableRow'];

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  insertion: 'Insertion',
  deletion: 'Deletion',
  moveFrom: 'Moved from',
  moveTo: 'Moved to',
  formatting: 'Formatting',
  paragraph: 'Paragraph',
  tableRow: 'Table row',
};

export interface ReviewChange {
  id: string;
  kind: ChangeKind;
  author: string;
  /** ISO date as written in the file, when there is one. */
  date?: string;
  /** The text the change affects (shortened), or a description for formatting. */
  text: string;
  /** Index of the top-level block the change starts in (-1: outside the body, e.g. a header). */
  block: number;
  /** Where it is when not in the body: "header", "footer", "footnote", ... */
  where?: string;
}

export interface ReviewReply {
  id: string;
  author: string;
  date?: string;
  text: string;
}

export interface ReviewComment extends ReviewReply {
  resolved: boolean;
  /** Top-level block the comment is anchored in (-1 when the anchor was not found). */
  block: number;
  /** The text it covers (shortened). */
  quote: string;
  replies: ReviewReply[];
}

/** A piece of text with one formatting and at most one revision. */
export interface ReviewRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  /** Revision id and kind when the run is inside a tracked change. */
  change?: string;
  kind?: ChangeKind;
  /** Ids of comments whose range covers this run. */
  comments?: string[];
  href?: string;
  /** An inline image: a data: URI (small images) or absent with just alt text. */
  image?: { src?: string; alt: string; widthPx?: number; heightPx?: number };
  /** A tab, line or page break rendered as such. */
  brk?: 'tab' | 'line' | 'page';
}

export interface ReviewParagraph {
  t: 'p';
  /** 1-6 for headings, 0 or absent for body text. */
  heading?: number;
  /** The style name, for a title attribute and a class (Title, Quote, ...). */
  style?: string;
  list?: { level: number; label: string };
  align?: 'left' | 'center' | 'right' | 'justify';
  runs: ReviewRun[];
  /** Revision on the paragraph itself (inserted/deleted mark, property change). */
  change?: string;
  kind?: ChangeKind;
}

export interface ReviewTable {
  t: 'table';
  rows: Array<{ cells: ReviewBlock[][]; change?: string; kind?: ChangeKind }>;
}

export type ReviewBlock = ReviewParagraph | ReviewTable;

export interface ReviewDocument {
  blocks: ReviewBlock[];
  changes: ReviewChange[];
  comments: ReviewComment[];
  /** Parts outside the body that carry changes, shown as a note ("2 changes in headers"). */
  notes?: string[];
}

// ---------------------------------------------------------------- authors

/** Authors in the order they first appear among the changes, then comment authors. */
export function authorsOf(doc: Pick<ReviewDocument, 'changes' | 'comments'>): string[] {
  const seen = new Set<string>();
  for (const c of doc.changes) seen.add(c.author);
  for (const c of doc.comments) {
    seen.add(c.author);
    for (const r of c.replies) seen.add(r.author);
  }
  return [...seen];
}

/** Number of distinct author colours the stylesheet defines (.author-0 … .author-7). */
export const AUTHOR_COLOURS = 8;

/** Stable colour slot of an author within one document (Word also colours by order of appearance). */
export function authorSlot(authors: readonly string[], author: string): number {
  const i = authors.indexOf(author);
  return (i < 0 ? authors.length : i) % AUTHOR_COLOURS;
}

// ---------------------------------------------------------------- filters

export interface ChangeFilter {
  /** Authors to show; empty means all. */
  authors: string[];
  /** Kinds to show; empty means all. */
  kinds: ChangeKind[];
}

export const NO_FILTER: ChangeFilter = { authors: [], kinds: [] };

export function matchesFilter(change: ReviewChange, filter: ChangeFilter): boolean {
  if (filter.authors.length > 0 && !filter.authors.includes(change.author)) return false;
  if (filter.kinds.length > 0 && !filter.kinds.includes(change.kind)) return false;
  return true;
}

export function filterChanges(changes: readonly ReviewChange[], filter: ChangeFilter): ReviewChange[] {
  return changes.filter((c) => matchesFilter(c, filter));
}

/** Counts per kind and per author (for the filter's labels). */
export function countChanges(changes: readonly ReviewChange[]): { byKind: Map<ChangeKind, number>; byAuthor: Map<string, number> } {
  const byKind = new Map<ChangeKind, number>();
  const byAuthor = new Map<string, number>();
  for (const c of changes) {
    byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
    byAuthor.set(c.author, (byAuthor.get(c.author) ?? 0) + 1);
  }
  return { byKind, byAuthor };
}

// ---------------------------------------------------------------- navigation

/**
 * The change after (`step` 1) or before (`step` -1) `currentId` among the visible
 * changes, wrapping around; the first (or last) when there is no current one or it
 * is filtered out. Undefined when nothing is visible.
 */
export function stepChange(visible: readonly ReviewChange[], currentId: string | undefined, step: 1 | -1): ReviewChange | undefined {
  if (visible.length === 0) return undefined;
  const i = currentId === undefined ? -1 : visible.findIndex((c) => c.id === currentId);
  if (i < 0) return step === 1 ? visible[0] : visible[visible.length - 1];
  return visible[(i + step + visible.length) % visible.length];
}

/** After the current change was decided, the one to select next: the next visible one still there. */
export function changeAfterDecision(before: readonly ReviewChange[], after: readonly ReviewChange[], decidedId: string, filter: ChangeFilter): ReviewChange | undefined {
  const remaining = new Set(after.map((c) => c.id));
  const i = before.findIndex((c) => c.id === decidedId);
  const ordered = i < 0 ? before : [...before.slice(i + 1), ...before.slice(0, i)];
  const pick = ordered.find((c) => remaining.has(c.id) && matchesFilter(c, filter));
  return pick ? after.find((c) => c.id === pick.id) : undefined;
}

// ---------------------------------------------------------------- selections

/** Revision ids present in these blocks (runs, paragraph marks, table rows, nested cells). */
export function changeIdsIn(blocks: readonly ReviewBlock[], into = new Set<string>()): Set<string> {
  for (const b of blocks) {
    if (b.t === 'p') {
      if (b.change) into.add(b.change);
      for (const r of b.runs) if (r.change) into.add(r.change);
    } else {
      for (const row of b.rows) {
        if (row.change) into.add(row.change);
        for (const cell of row.cells) changeIdsIn(cell, into);
      }
    }
  }
  return into;
}

/** Keeps the ids in the order of the change list (the order decisions are applied and shown). */
export function orderedIds(changes: readonly ReviewChange[], ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  return changes.filter((c) => wanted.has(c.id)).map((c) => c.id);
}

/** A one-line description for a change ("Insertion by Cowork: “30 days”"). */
export function describeChange(c: ReviewChange): string {
  const text = c.text.length > 80 ? `${c.text.slice(0, 79)}…` : c.text;
  const where = c.where ? ` (${c.where})` : '';
  return `${CHANGE_KIND_LABELS[c.kind]} by ${c.author}${where}${text ? `: “${text}”` : ''}`;
}
