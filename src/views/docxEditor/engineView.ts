// From the DOCX engine's read model (src/documents/docx) to the review editor's view
// model, and the editor's decisions to the engine's accept/reject. This is the only
// file of the editor that knows the engine's types; it parses nothing itself.

import { acceptRevisions, readDocxWithTrace, rejectRevisions, type Block, type Comment, type Inline, type Paragraph, type Revision, type RevisionKind, type RevisionSelector, type Table } from '../../documents/docx';
import type { OoxmlPackage } from '../../documents/ooxml';
import type { ReviewDecision } from '../../shared/docxReviewProtocol';
import type { ChangeKind, ReviewBlock, ReviewChange, ReviewComment, ReviewDocument, ReviewParagraph, ReviewRun, ReviewTable } from '../../shared/docxReviewModel';

const KIND: Record<RevisionKind, ChangeKind> = {
  insertion: 'insertion',
  deletion: 'deletion',
  moveFrom: 'moveFrom',
  moveTo: 'moveTo',
  paragraphInsertion: 'paragraph',
  paragraphDeletion: 'paragraph',
  runFormat: 'formatting',
  paragraphFormat: 'formatting',
  tableFormat: 'formatting',
  sectionFormat: 'formatting',
  tableRowInsertion: 'tableRow',
  tableRowDeletion: 'tableRow',
  tableCellInsertion: 'tableRow',
  tableCellDeletion: 'tableRow',
};

/** The engine's kinds behind one of the editor's kinds (for "accept all formatting changes"). */
export function engineKinds(kind: ChangeKind): RevisionKind[] {
  return (Object.keys(KIND) as RevisionKind[]).filter((k) => KIND[k] === kind);
}

const WHERE: Record<string, string> = { header: 'header', footer: 'footer', footnote: 'footnote', endnote: 'endnote', comment: 'comment' };

/** Images up to this size are shown inline (as data: URIs); bigger ones as a placeholder. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp' };
const EMU_PER_PX = 9525;
const MAX_TEXT = 160;

export function readReviewDocument(bytes: Uint8Array): ReviewDocument {
  const { pkg, doc } = readDocxWithTrace(bytes, { expected: 'a Word document (.docx)' });
  const revisions = new Map(doc.revisions.map((r) => [r.id, r]));
  const builder = new BlockBuilder(pkg, revisions, threadRoots(doc.comments));
  const blocks = doc.body.blocks.map((b, i) => builder.block(b, i));
  const blockOfAnchor = builder.blockOfAnchor;

  const changes: ReviewChange[] = doc.revisions.map((r) => {
    const inBody = r.location.storyKind === 'body';
    const block = inBody ? (blockOfAnchor.get(r.location.paragraph ?? '') ?? blockOfAnchor.get(r.location.table ?? '') ?? -1) : -1;
    const change: ReviewChange = { id: r.id, kind: KIND[r.kind], author: r.author || 'Unknown author', text: shorten(r.text), block };
    if (r.date) change.date = r.date;
    if (!inBody) change.where = WHERE[r.location.storyKind] ?? r.location.story;
    return change;
  });

  const outside = changes.filter((c) => c.where).length;
  const notes = outside > 0 ? [`${outside} change${outside === 1 ? ' is' : 's are'} in headers, footers, notes or comments: listed, not drawn on the page.`] : [];
  return { blocks, changes, comments: threads(doc.comments, blockOfAnchor), notes };
}

/** Applies a decision and returns the saved file (only the parts it touched are rewritten). */
export function applyDecision(bytes: Uint8Array, d: ReviewDecision): Buffer {
  const selector: RevisionSelector =
    d.scope === 'all' ? { all: true } : d.scope === 'author' ? { author: d.author } : d.scope === 'kind' ? { kinds: engineKinds(d.kind) } : { ids: d.ids };
  const result = d.action === 'accept' ? acceptRevisions(bytes, selector) : rejectRevisions(bytes, selector);
  return result.data;
}

/** Each comment's thread root (replies carry their own range markers, as Word writes them). */
function threadRoots(comments: Comment[]): Map<string, string> {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const roots = new Map<string, string>();
  for (const c of comments) {
    let cur = c;
    for (let hops = 0; cur.parentId && byId.has(cur.parentId) && hops < 100; hops++) cur = byId.get(cur.parentId) as Comment;
    roots.set(c.id, cur.id);
  }
  return roots;
}

function threads(comments: Comment[], blockOfAnchor: Map<string, number>): ReviewComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const roots = threadRoots(comments);
  const out = new Map<string, ReviewComment>();
  for (const c of comments) {
    if (c.parentId && byId.has(c.parentId)) continue;
    const para = c.location?.story === 'body' ? c.location.paragraph : undefined;
    out.set(c.id, {
      id: c.id,
      author: c.author || 'Unknown author',
      date: c.date,
      text: c.text,
      resolved: c.resolved,
      block: para ? (blockOfAnchor.get(para) ?? -1) : -1,
      quote: shorten(c.coveredText),
      replies: [],
    });
  }
  for (const c of comments) {
    if (!c.parentId || !byId.has(c.parentId)) continue;
    out.get(roots.get(c.id) ?? c.id)?.replies.push({ id: c.id, author: c.author || 'Unknown author', date: c.date, text: c.text });
  }
  return [...out.values()];
}

class BlockBuilder {
  /** Paragraph and table anchors (nested ones too) to the top-level block that holds them. */
  readonly blockOfAnchor = new Map<string, number>();
  /** Comments open at this point of the body (ranges may span paragraphs). */
  private readonly openComments = new Set<string>();
  private imageBytes = 0;

  constructor(
    private readonly pkg: OoxmlPackage,
    private readonly revisions: Map<string, Revision>,
    private readonly commentRoots: Map<string, string>,
  ) {}

  block(b: Block, top: number): ReviewBlock {
    this.blockOfAnchor.set(b.anchor, top);
    return b.type === 'paragraph' ? this.paragraph(b) : this.table(b, top);
  }

  private paragraph(p: Paragraph): ReviewParagraph {
    const out: ReviewParagraph = { t: 'p', runs: [] };
    const heading = p.headingLevel;
    if (heading !== undefined && heading >= 1) out.heading = Math.min(heading, 6);
    if (p.styleName ?? p.styleId) out.style = p.styleName ?? p.styleId;
    if (heading === 0) out.style = 'Title';
    if (p.list) out.list = { level: p.list.level, label: p.list.label ?? (p.list.format === 'bullet' || !p.list.format ? '•' : '') };
    for (const inline of p.inlines) this.inline(inline, out.runs);
    const mark = p.revisionIds.map((id) => this.revisions.get(id)).find((r) => r !== undefined);
    if (mark) {
      out.change = mark.id;
      out.kind = KIND[mark.kind];
    }
    return out;
  }

  private inline(i: Inline, runs: ReviewRun[]): void {
    switch (i.type) {
      case 'commentStart':
        this.openComments.add(i.commentId);
        return;
      case 'commentEnd':
        this.openComments.delete(i.commentId);
        return;
      case 'break':
        runs.push({ text: '', brk: 'page' });
        return;
      case 'noteRef':
        runs.push({ text: `[${i.kind === 'footnote' ? 'footnote' : 'endnote'} ${i.story.replace(/^\D+/, '')}]`, italic: true });
        return;
      case 'image': {
        const run: ReviewRun = { text: '', image: { src: this.imageSrc(i.part), alt: i.description ?? 'image' } };
        if (i.widthEmu) run.image!.widthPx = Math.round(i.widthEmu / EMU_PER_PX);
        this.markRevision(run, i.revisionIds, i.deleted, i.inserted);
        this.markComments(run);
        runs.push(run);
        return;
      }
      case 'text': {
        // Line breaks and tabs come as \n and \t inside the text.
        const pieces = i.text.split(/(\n|\t)/);
        for (const piece of pieces) {
          if (piece === '') continue;
          const run: ReviewRun = piece === '\n' ? { text: '', brk: 'line' } : piece === '\t' ? { text: '', brk: 'tab' } : { text: piece };
          const f = i.format;
          if (f?.bold) run.bold = true;
          if (f?.italic) run.italic = true;
          if (f?.underline) run.underline = true;
          if (f?.strike) run.strike = true;
          if (i.hyperlink) run.href = i.hyperlink;
          this.markRevision(run, i.revisionIds, i.deleted, i.inserted);
          this.markComments(run);
          runs.push(run);
        }
        return;
      }
    }
  }

  /** The change a run shows: its deletion when deleted, its insertion when inserted, else the first (a format change). */
  private markRevision(run: ReviewRun, ids: string[] | undefined, deleted?: boolean, inserted?: boolean): void {
    if (!ids?.length) return;
    const revs = ids.map((id) => this.revisions.get(id)).filter((r): r is Revision => r !== undefined);
    const pick =
      (deleted && revs.find((r) => r.kind === 'deletion' || r.kind === 'moveFrom')) ||
      (inserted && revs.find((r) => r.kind === 'insertion' || r.kind === 'moveTo')) ||
      revs[0];
    if (!pick) return;
    run.change = pick.id;
    run.kind = KIND[pick.kind];
  }

  private markComments(run: ReviewRun): void {
    if (this.openComments.size === 0) return;
    const threads = new Set<string>();
    for (const id of this.openComments) threads.add(this.commentRoots.get(id) ?? id);
    run.comments = [...threads];
  }

  private table(t: Table, top: number): ReviewTable {
    return {
      t: 'table',
      rows: t.rows.map((row) => {
        const out: ReviewTable['rows'][number] = { cells: row.cells.filter((c) => !c.mergedUp).map((c) => c.blocks.map((b) => this.block(b, top))) };
        const rev = row.revisionIds.map((id) => this.revisions.get(id)).find((r) => r !== undefined);
        if (rev) {
          out.change = rev.id;
          out.kind = rev.kind === 'tableRowDeletion' ? 'deletion' : KIND[rev.kind];
        }
        return out;
      }),
    };
  }

  private imageSrc(part: string | undefined): string | undefined {
    if (!part || !this.pkg.has(part)) return undefined;
    const type = IMAGE_TYPES[part.split('.').pop()?.toLowerCase() ?? ''];
    if (!type) return undefined; // EMF/WMF/TIFF: the webview cannot draw them; alt text instead
    const data = this.pkg.bytes(part);
    if (data.length > MAX_IMAGE_BYTES || this.imageBytes + data.length > 8 * MAX_IMAGE_BYTES) return undefined;
    this.imageBytes += data.length;
    return `data:${type};base64,${data.toString('base64')}`;
  }
}

function shorten(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}
