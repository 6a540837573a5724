// Reads a Word package into the model (model.ts) plus the trace (trace.ts) that ties
// anchors and revision ids back to XML elements.

import * as path from 'node:path';
import { childrenNamed, type OoxmlPackage } from '../ooxml';
import { buildComments, readCommentBodies, readCommentsExtended } from './comments';
import type { DocxDocument, Revision, Story, StoryKind } from './model';
import { Numbering } from './numbering';
import { findDocxParts } from './parts';
import type { ReadState, RevisionAcc } from './readState';
import { StoryWalker } from './storyWalker';
import { Styles } from './styles';
import type { ReadTrace } from './trace';

export interface ReadResult {
  doc: DocxDocument;
  trace: ReadTrace;
}

export function readDocxPackage(pkg: OoxmlPackage): ReadResult {
  const parts = findDocxParts(pkg);
  const trace: ReadTrace = { paragraphs: new Map(), tables: new Map(), revisions: new Map(), moveRanges: new Map() };
  const st: ReadState = {
    pkg,
    styles: Styles.read(pkg, parts.styles),
    numbering: Numbering.read(pkg, parts.numbering),
    trace,
    revisions: new Map(),
    idHolders: [],
    covered: new Map(),
    images: [],
    hyperlinks: [],
    rangedComments: new Set(),
    seq: 0,
  };

  const readStory = (id: string, kind: StoryKind, part: string, container: import('../ooxml').XmlElement): Story => {
    const story: Story = { id, kind, part, blocks: [] };
    story.blocks = new StoryWalker(st, story).blocks(container);
    return story;
  };

  const mainRoot = pkg.xml(parts.main).root;
  const bodyEl = childrenNamed(mainRoot, 'w:body')[0] ?? mainRoot;
  const body = readStory('body', 'body', parts.main, bodyEl);
  const stories: Story[] = [];
  for (const h of parts.headers) stories.push(readStory(h.story, 'header', h.entry, pkg.xml(h.entry).root));
  for (const f of parts.footers) stories.push(readStory(f.story, 'footer', f.entry, pkg.xml(f.entry).root));
  for (const [entry, kind, tag, prefix] of [
    [parts.footnotes, 'footnote', 'w:footnote', 'fn'],
    [parts.endnotes, 'endnote', 'w:endnote', 'en'],
  ] as const) {
    if (!entry) continue;
    for (const note of childrenNamed(pkg.xml(entry).root, tag)) {
      const type = note.attrs['w:type'];
      if (type && type !== 'normal') continue; // separators
      stories.push(readStory(`${prefix}${note.attrs['w:id'] ?? ''}`, kind, entry, note));
    }
  }
  if (parts.comments) {
    for (const c of childrenNamed(pkg.xml(parts.comments).root, 'w:comment')) {
      stories.push(readStory(`c${c.attrs['w:id'] ?? ''}`, 'comment', parts.comments, c));
    }
  }

  const revisions = finishRevisions(st, parts.main);
  const comments = buildComments(readCommentBodies(pkg, parts.comments), readCommentsExtended(pkg, parts.commentsExtended), st.covered);
  const doc: DocxDocument = {
    mainPart: parts.main,
    body,
    stories,
    revisions,
    comments,
    styles: st.styles.list(),
    images: st.images,
    hyperlinks: st.hyperlinks,
  };
  return { doc, trace };
}

/**
 * Final, stable revision ids: the w:id in the main document, `<part stem>:<w:id>` in other
 * parts (`header1:4`, `footnotes:2`); a second change with the same w:id and another kind
 * in one part gets `~2`. Moves are paired by their range name.
 */
function finishRevisions(st: ReadState, mainPart: string): Revision[] {
  const finalId = new Map<string, string>();
  const used = new Set<string>();
  const out: Revision[] = [];
  let anon = 0;
  for (const [key, acc] of st.revisions) {
    const stem = acc.part === mainPart ? '' : `${path.posix.basename(acc.part).replace(/\.xml$/i, '')}:`;
    let id = `${stem}${acc.wid || `x${++anon}`}`;
    for (let n = 2; used.has(id); n++) id = `${stem}${acc.wid}~${n}`;
    used.add(id);
    finalId.set(key, id);
    st.trace.revisions.set(id, { part: acc.part, occurrences: acc.occurrences });
    out.push(toRevision(id, acc));
  }
  for (const holder of st.idHolders) {
    for (let i = 0; i < holder.length; i++) holder[i] = finalId.get(holder[i]) ?? holder[i];
    // One change can be seen twice by a run (nested wrappers with one id): keep it once.
    if (holder.length > 1) {
      const uniq = [...new Set(holder)];
      holder.length = 0;
      holder.push(...uniq);
    }
  }
  const byMove = new Map<string, Revision[]>();
  for (const r of out) {
    if (r.moveName === undefined) continue;
    const list = byMove.get(r.moveName) ?? [];
    list.push(r);
    byMove.set(r.moveName, list);
  }
  for (const list of byMove.values()) {
    const from = list.find((r) => r.kind === 'moveFrom');
    const to = list.find((r) => r.kind === 'moveTo');
    if (from && to) {
      from.movePair = to.id;
      to.movePair = from.id;
    }
  }
  return out;
}

function toRevision(id: string, acc: RevisionAcc): Revision {
  const r: Revision = {
    id,
    wid: acc.wid,
    kind: acc.kind,
    author: acc.author,
    text: acc.text,
    location: { story: acc.story.id, storyKind: acc.story.kind, part: acc.part },
  };
  if (acc.date) r.date = acc.date;
  if (acc.paragraph) r.location.paragraph = acc.paragraph;
  if (acc.table) r.location.table = acc.table;
  if (acc.row !== undefined) r.location.row = acc.row;
  if (acc.moveName !== undefined) r.moveName = acc.moveName;
  return r;
}
