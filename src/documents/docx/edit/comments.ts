// Comments: new ones anchored on a span (commentRangeStart/End and a reference
// run in the story, the text in comments.xml), replies threaded through
// commentsExtended.xml (w15:paraIdParent), and resolving (w15:done="1").

import { DocumentError } from '../../ooxml/documentError';
import { parseXml, type XmlElement } from '../../ooxml/xml';
import { el, walk } from '../../ooxml/xmlTree';
import { newRun } from './runs';
import type { EditSession } from './session';

const REL_COMMENTS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments';
const REL_COMMENTS_EXT = 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended';
const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';
const CT_COMMENTS_EXT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml';
const NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS_W14 = 'http://schemas.microsoft.com/office/word/2010/wordml';
const NS_W15 = 'http://schemas.microsoft.com/office/word/2012/wordml';
const NS_MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** Finds (or creates, related from the main part) a part by relationship type. */
function relatedPart(session: EditSession, type: string, create: () => { entry: string; xml: string; contentType: string }): string {
  const { pkg } = session;
  const main = session.anchors.mainPart;
  const rel = pkg.relationships(main).find((r) => r.type === type && r.targetEntry && pkg.has(r.targetEntry));
  if (rel) return rel.targetEntry!;
  const made = create();
  pkg.setXml(made.entry, parseXml(made.xml, { part: made.entry }), made.contentType);
  pkg.addRelationship(main, type, made.entry);
  session.tree(made.entry).touch();
  return made.entry;
}

/** Declares a namespace prefix on a part's root when missing, and lists it as ignorable. */
function declare(root: XmlElement, prefix: string, uri: string): void {
  if (root.attrs[`xmlns:${prefix}`]) return;
  root.attrs[`xmlns:${prefix}`] = uri;
  if (!root.attrs['xmlns:mc']) root.attrs['xmlns:mc'] = NS_MC;
  const ignorable = (root.attrs['mc:Ignorable'] ?? '').split(/\s+/).filter(Boolean);
  if (!ignorable.includes(prefix)) root.attrs['mc:Ignorable'] = [...ignorable, prefix].join(' ');
}

function commentsTree(session: EditSession) {
  const entry = relatedPart(session, REL_COMMENTS, () => ({
    entry: 'word/comments.xml',
    contentType: CT_COMMENTS,
    xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="${NS_W}" xmlns:w14="${NS_W14}" xmlns:mc="${NS_MC}" mc:Ignorable="w14"/>`,
  }));
  const tree = session.tree(entry);
  declare(tree.root, 'w14', NS_W14);
  return tree;
}

function extendedTree(session: EditSession) {
  const entry = relatedPart(session, REL_COMMENTS_EXT, () => ({
    entry: 'word/commentsExtended.xml',
    contentType: CT_COMMENTS_EXT,
    xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="${NS_W15}" xmlns:mc="${NS_MC}" mc:Ignorable="w15"/>`,
  }));
  return session.tree(entry);
}

function findComment(session: EditSession, id: string, where: string): XmlElement {
  const tree = commentsTree(session);
  const found = tree.root.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:comment' && c.attrs['w:id'] === id);
  if (!found) {
    const ids = tree.root.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:comment').map((c) => c.attrs['w:id']);
    throw new DocumentError('INVALID_ARGUMENT', `${where}: there is no comment "${id}"${ids.length ? ` (the document has ${ids.join(', ')})` : ' (the document has no comments)'}`);
  }
  return found;
}

/** The paraId commentsExtended keys a comment by: its last paragraph's (given one if missing). */
function commentParaId(session: EditSession, comment: XmlElement): string {
  const paras = comment.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:p');
  let last = paras[paras.length - 1];
  if (!last) {
    last = el('w:p');
    commentsTree(session).insertInto(comment, [last]);
  }
  if (!last.attrs['w14:paraId']) {
    last.attrs['w14:paraId'] = session.ids.paraId();
    commentsTree(session).touch();
  }
  return last.attrs['w14:paraId'];
}

function newComment(session: EditSession, body: string): { id: string; paraId: string } {
  const tree = commentsTree(session);
  const id = session.ids.id();
  const { author, date, initials } = session.who;
  const lines = body.split(/\r?\n/);
  const paragraphs = lines.map((line, i) => {
    const p = el('w:p', { 'w14:paraId': session.ids.paraId(), 'w14:textId': '77777777' });
    if (i === 0) p.children.push(el('w:r', {}, [el('w:annotationRef')]));
    if (line) p.children.push(newRun(line));
    return p;
  });
  tree.insertInto(tree.root, [el('w:comment', { 'w:id': id, 'w:author': author, 'w:date': date, 'w:initials': initials }, paragraphs)]);
  return { id, paraId: paragraphs[paragraphs.length - 1].attrs['w14:paraId'] };
}

function addExtended(session: EditSession, paraId: string, parentParaId?: string): void {
  const tree = extendedTree(session);
  const attrs: Record<string, string> = { 'w15:paraId': paraId };
  if (parentParaId) attrs['w15:paraIdParent'] = parentParaId;
  attrs['w15:done'] = '0';
  tree.insertInto(tree.root, [el('w15:commentEx', attrs)]);
}

function referenceRun(id: string): XmlElement {
  return el('w:r', {}, [el('w:commentReference', { 'w:id': id })]);
}

/** Adds a comment covering first..last (elements of one story part); returns its id. */
export function addComment(session: EditSession, part: string, first: XmlElement, last: XmlElement, body: string): string {
  const { id, paraId } = newComment(session, body);
  const tree = session.tree(part);
  tree.insertBefore(first, [el('w:commentRangeStart', { 'w:id': id })]);
  const end = el('w:commentRangeEnd', { 'w:id': id });
  tree.insertAfter(last, [end, referenceRun(id)]);
  addExtended(session, paraId);
  return id;
}

/** Adds a reply in the thread of comment `parentId`; its marks sit beside the parent's. */
export function replyToComment(session: EditSession, parentId: string, body: string, where: string): string {
  const parent = findComment(session, parentId, where);
  const parentParaId = commentParaId(session, parent);
  const { id, paraId } = newComment(session, body);
  let placed = false;
  for (const p of session.anchors.parts()) {
    const tree = session.tree(p);
    const marks: { start?: XmlElement; end?: XmlElement; ref?: XmlElement } = {};
    walk(tree.root, (e) => {
      if (e.attrs['w:id'] !== parentId) return;
      if (e.name === 'w:commentRangeStart') marks.start = e;
      else if (e.name === 'w:commentRangeEnd') marks.end = e;
      else if (e.name === 'w:commentReference') marks.ref = tree.parent(e);
    });
    if (!marks.ref && !marks.end) continue;
    if (marks.start) tree.insertAfter(marks.start, [el('w:commentRangeStart', { 'w:id': id })]);
    if (marks.end) tree.insertAfter(marks.end, [el('w:commentRangeEnd', { 'w:id': id })]);
    tree.insertAfter(marks.ref ?? marks.end!, [referenceRun(id)]);
    placed = true;
    break;
  }
  if (!placed) throw new DocumentError('INVALID_ARGUMENT', `${where}: comment "${parentId}" is not anchored anywhere in the document`);
  addExtended(session, paraId, parentParaId);
  return id;
}

/** Marks a comment (its thread, when it is the first comment) as resolved. */
export function resolveComment(session: EditSession, commentId: string, where: string, done = true): void {
  const comment = findComment(session, commentId, where);
  const paraId = commentParaId(session, comment);
  const tree = extendedTree(session);
  const ex = tree.root.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w15:commentEx' && c.attrs['w15:paraId'] === paraId);
  if (ex) {
    ex.attrs['w15:done'] = done ? '1' : '0';
    tree.touch();
  } else {
    tree.insertInto(tree.root, [el('w15:commentEx', { 'w15:paraId': paraId, 'w15:done': done ? '1' : '0' })]);
  }
}
