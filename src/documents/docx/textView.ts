// The document as compact, Markdown-like text for the agent: one line per paragraph,
// led by its anchor, tracked changes written inline in CriticMarkup style with their ids,
// comments beside the text they cover. The `accepted` and `rejected` views show the text
// as it would be after accepting or rejecting every change (no change markup).
//
//   [p3] ## Liability
//   [p4] The cap is {--one--}[#5] {++two++}[#6] times the fees.¶-[#7]
//   [p5] {==Either party may terminate==}{>>[c2] Ana: too broad? | [c3] Ben: agreed (resolved)<<} on notice.
//   [t1.r2 +row#9] | [p8] Fees | [p9] 100 |

import type { Block, Comment, DocxDocument, Inline, Paragraph, Revision, Story, Table, TextViewMode } from './model';

export interface TextViewParagraph {
  anchor: string;
  story: string;
  /** The line as shown (without the anchor). */
  text: string;
  /** The paragraph's text in this view without any markup. */
  plain: string;
  headingLevel?: number;
  listLabel?: string;
  style?: string;
  revisionIds: string[];
  commentIds: string[];
}

export interface TextView {
  view: TextViewMode;
  text: string;
  paragraphs: TextViewParagraph[];
}

interface Ctx {
  view: TextViewMode;
  comments: Map<string, Comment>;
  replies: Map<string, Comment[]>;
  revisions: Map<string, Revision>;
  lines: string[];
  paragraphs: TextViewParagraph[];
  /** Content of paragraphs whose mark is removed in this view, waiting for the next one. */
  carry?: { anchors: string[]; text: string; plain: string; revisionIds: string[]; commentIds: string[] };
}

export function renderTextView(doc: DocxDocument, view: TextViewMode = 'inline'): TextView {
  const replies = new Map<string, Comment[]>();
  for (const c of doc.comments) if (c.parentId !== undefined) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  const ctx: Ctx = {
    view,
    comments: new Map(doc.comments.map((c) => [c.id, c])),
    replies,
    revisions: new Map(doc.revisions.map((r) => [r.id, r])),
    lines: [],
    paragraphs: [],
  };
  renderStory(doc.body, ctx);
  for (const s of doc.stories) {
    if (s.kind === 'comment') continue;
    ctx.lines.push('', `=== ${s.kind} ${s.id} (${s.part}) ===`);
    renderStory(s, ctx);
  }
  return { view, text: ctx.lines.join('\n') + '\n', paragraphs: ctx.paragraphs };
}

function renderStory(story: Story, ctx: Ctx): void {
  for (const b of story.blocks) renderBlock(b, story, ctx);
  flushCarry(story, ctx);
}

function renderBlock(b: Block, story: Story, ctx: Ctx): void {
  if (b.type === 'paragraph') {
    const line = renderParagraph(b, story, ctx);
    if (line !== undefined) ctx.lines.push(line);
  } else renderTable(b, story, ctx);
}

function renderTable(t: Table, story: Story, ctx: Ctx): void {
  flushCarry(story, ctx);
  t.rows.forEach((row, i) => {
    const kinds = row.revisionIds.map((id) => ctx.revisions.get(id)?.kind);
    const inserted = kinds.includes('tableRowInsertion');
    const deleted = kinds.includes('tableRowDeletion');
    if ((ctx.view === 'accepted' && deleted) || (ctx.view === 'rejected' && inserted)) return;
    let head = `${t.anchor}.r${i + 1}`;
    if (ctx.view === 'inline') {
      for (const id of row.revisionIds) {
        const k = ctx.revisions.get(id)?.kind;
        if (k === 'tableRowInsertion') head += ` +row#${id}`;
        else if (k === 'tableRowDeletion') head += ` -row#${id}`;
        else if (k) head += ` ~${k}#${id}`;
      }
    }
    const cells = row.cells.map((cell) => {
      const parts: string[] = [];
      for (const b of cell.blocks) {
        if (b.type === 'paragraph') {
          const line = renderParagraph(b, story, ctx, true);
          if (line !== undefined) parts.push(line);
        } else parts.push(`[${b.anchor}: nested table]`);
      }
      flushCarry(story, ctx, parts);
      return parts.join(' <br> ') || (cell.mergedUp ? '^' : '');
    });
    ctx.lines.push(`[${head}] | ${cells.join(' | ')} |`);
    // Nested tables get their own lines after the row.
    for (const cell of row.cells) for (const b of cell.blocks) if (b.type === 'table') renderTable(b, story, ctx);
  });
}

/** The paragraph's line (`[anchor] text`), or undefined when it merges into the next one. */
function renderParagraph(p: Paragraph, story: Story, ctx: Ctx, inCell = false): string | undefined {
  const { text, plain, revisionIds, commentIds } = renderInlines(p.inlines, ctx);
  const markKinds = p.revisionIds.map((id) => [id, ctx.revisions.get(id)?.kind] as const);
  const markInserted = markKinds.some(([, k]) => k === 'paragraphInsertion');
  const markDeleted = markKinds.some(([, k]) => k === 'paragraphDeletion');
  let suffix = '';
  if (ctx.view === 'inline') {
    for (const [id, k] of markKinds) {
      if (k === 'paragraphInsertion') suffix += `¶+[#${id}]`;
      else if (k === 'paragraphDeletion') suffix += `¶-[#${id}]`;
      else if (k === 'paragraphFormat' || k === 'runFormat') suffix += `¶~[#${id}]`;
    }
  }
  const allRevs = [...revisionIds, ...p.revisionIds];
  const merged = (ctx.view === 'accepted' && markDeleted) || (ctx.view === 'rejected' && markInserted);
  if (merged) {
    const c = ctx.carry ?? { anchors: [], text: '', plain: '', revisionIds: [], commentIds: [] };
    c.anchors.push(p.anchor);
    c.text += text;
    c.plain += plain;
    c.revisionIds.push(...allRevs);
    c.commentIds.push(...commentIds);
    ctx.carry = c;
    return undefined;
  }
  const carry = ctx.carry;
  ctx.carry = undefined;
  const anchors = carry ? [...carry.anchors, p.anchor] : [p.anchor];
  const body = (carry?.text ?? '') + text + suffix;
  const prefix = inCell ? '' : blockPrefix(p);
  ctx.paragraphs.push({
    anchor: p.anchor,
    story: story.id,
    text: prefix + body,
    plain: (carry?.plain ?? '') + plain,
    ...(p.headingLevel !== undefined ? { headingLevel: p.headingLevel } : {}),
    ...(p.list?.label ? { listLabel: p.list.label } : {}),
    ...(p.styleName || p.styleId ? { style: p.styleName ?? p.styleId } : {}),
    revisionIds: [...(carry?.revisionIds ?? []), ...allRevs],
    commentIds: [...(carry?.commentIds ?? []), ...commentIds],
  });
  return `[${anchors.join(',')}] ${prefix}${body}`;
}

function flushCarry(story: Story, ctx: Ctx, into?: string[]): void {
  const c = ctx.carry;
  if (!c) return;
  ctx.carry = undefined;
  const last = c.anchors[c.anchors.length - 1];
  ctx.paragraphs.push({ anchor: last, story: story.id, text: c.text, plain: c.plain, revisionIds: c.revisionIds, commentIds: c.commentIds });
  const line = `[${c.anchors.join(',')}] ${c.text}`;
  if (into) into.push(line);
  else ctx.lines.push(line);
}

function blockPrefix(p: Paragraph): string {
  if (p.headingLevel !== undefined) return '#'.repeat(Math.max(1, p.headingLevel)) + ' ';
  if (p.list) {
    const indent = '  '.repeat(p.list.level);
    if (p.list.format === 'bullet' || !p.list.label) return `${indent}${p.list.format === 'bullet' ? '-' : '1.'} `;
    return `${indent}${p.list.label} `;
  }
  return '';
}

function renderInlines(inlines: Inline[], ctx: Ctx): { text: string; plain: string; revisionIds: string[]; commentIds: string[] } {
  let text = '';
  let plain = '';
  const revisionIds = new Set<string>();
  const commentIds: string[] = [];
  let link: string | undefined;
  const closeLink = () => {
    if (link !== undefined) text += `](${link})`;
    link = undefined;
  };
  for (let i = 0; i < inlines.length; i++) {
    const inl = inlines[i];
    if (inl.type === 'text') {
      // Merge the following runs that carry the same change and link.
      let s = inl.text;
      const key = changeKey(inl);
      while (i + 1 < inlines.length) {
        const nx = inlines[i + 1];
        if (nx.type !== 'text' || changeKey(nx) !== key) break;
        s += nx.text;
        i++;
      }
      for (const id of inl.revisionIds ?? []) revisionIds.add(id);
      const hidden = (ctx.view === 'accepted' && inl.deleted) || (ctx.view === 'rejected' && inl.inserted && !inl.deleted) || (ctx.view === 'rejected' && inl.inserted && inl.deleted);
      if (hidden) continue;
      if ((inl.hyperlink ?? undefined) !== link) {
        closeLink();
        if (inl.hyperlink) {
          text += '[';
          link = inl.hyperlink;
        }
      }
      plain += s;
      // One line per paragraph: a line break inside one is shown as <br>.
      const shown = s.includes('\n') ? s.replace(/\n/g, '<br>') : s;
      text += ctx.view === 'inline' ? markChange(shown, inl.revisionIds ?? [], inl, ctx) : shown;
    } else {
      closeLink();
      if (inl.type === 'image') {
        const hidden = (ctx.view === 'accepted' && inl.deleted) || (ctx.view === 'rejected' && inl.inserted);
        if (hidden) continue;
        const img = `![${inl.description ?? 'image'}](${inl.part ?? inl.relId})`;
        text += ctx.view === 'inline' && inl.revisionIds?.length ? markChange(img, inl.revisionIds, inl, ctx) : img;
      } else if (inl.type === 'noteRef') text += `[^${inl.story}]`;
      else if (inl.type === 'commentStart') {
        const c = ctx.comments.get(inl.commentId);
        if (c?.parentId !== undefined) continue;
        commentIds.push(inl.commentId);
        text += '{==';
      } else if (inl.type === 'commentEnd') {
        const c = ctx.comments.get(inl.commentId);
        if (c?.parentId !== undefined) continue;
        text += `==}{>>${commentNote(inl.commentId, ctx)}<<}`;
      }
    }
  }
  closeLink();
  return { text, plain, revisionIds: [...revisionIds], commentIds };
}

function changeKey(t: { revisionIds?: string[]; deleted?: boolean; inserted?: boolean; hyperlink?: string }): string {
  return `${(t.revisionIds ?? []).join(',')}|${t.deleted ? 1 : 0}${t.inserted ? 1 : 0}|${t.hyperlink ?? ''}`;
}

function markChange(s: string, ids: string[], t: { deleted?: boolean; inserted?: boolean }, ctx: Ctx): string {
  if (!ids.length) return s;
  const kinds = ids.map((id) => ctx.revisions.get(id)?.kind);
  const label = ids.map((id, i) => (kinds[i] === 'moveFrom' || kinds[i] === 'moveTo' || kinds[i] === 'runFormat' ? `#${id} ${kinds[i] === 'runFormat' ? 'format' : kinds[i]}` : `#${id}`)).join(',');
  if (t.deleted) return `{--${s}--}[${label}]`;
  if (t.inserted) return `{++${s}++}[${label}]`;
  return `{~~${s}~~}[${label}]`;
}

function commentNote(id: string, ctx: Ctx): string {
  const one = (c: Comment) => `[c${c.id}] ${c.author || 'unknown'}: ${c.text.replace(/\s*\n\s*/g, ' / ')}${c.resolved ? ' (resolved)' : ''}`;
  const c = ctx.comments.get(id);
  if (!c) return `[c${id}] (missing comment)`;
  const thread = [c, ...collectReplies(c.id, ctx)];
  return thread.map(one).join(' | ');
}

function collectReplies(id: string, ctx: Ctx, depth = 0): Comment[] {
  if (depth > 20) return [];
  const out: Comment[] = [];
  for (const r of ctx.replies.get(id) ?? []) out.push(r, ...collectReplies(r.id, ctx, depth + 1));
  return out;
}
