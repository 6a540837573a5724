// Comments: the bodies in comments.xml and, from commentsExtended.xml, which comment
// replies to which (paraIdParent) and whether a thread is resolved (done).

import { childrenNamed, textContent, type OoxmlPackage } from '../ooxml';
import type { Comment } from './model';

export interface CommentBody {
  id: string;
  author: string;
  initials?: string;
  date?: string;
  text: string;
  /** w14:paraId of the comment's last paragraph, the key commentsExtended uses. */
  lastParaId?: string;
}

export function readCommentBodies(pkg: OoxmlPackage, entry: string | undefined): CommentBody[] {
  if (!entry) return [];
  const out: CommentBody[] = [];
  for (const c of childrenNamed(pkg.xml(entry).root, 'w:comment')) {
    const paras = childrenNamed(c, 'w:p');
    const body: CommentBody = {
      id: c.attrs['w:id'] ?? '',
      author: c.attrs['w:author'] ?? '',
      text: paras.map((p) => paragraphText(p)).join('\n'),
    };
    if (c.attrs['w:initials']) body.initials = c.attrs['w:initials'];
    if (c.attrs['w:date']) body.date = c.attrs['w:date'];
    const last = paras[paras.length - 1];
    if (last?.attrs['w14:paraId']) body.lastParaId = last.attrs['w14:paraId'];
    out.push(body);
  }
  return out;
}

export function readCommentsExtended(pkg: OoxmlPackage, entry: string | undefined): Map<string, { parent?: string; done: boolean }> {
  const m = new Map<string, { parent?: string; done: boolean }>();
  if (!entry) return m;
  for (const e of childrenNamed(pkg.xml(entry).root, 'w15:commentEx')) {
    const paraId = e.attrs['w15:paraId'];
    if (!paraId) continue;
    const done = e.attrs['w15:done'] === '1' || e.attrs['w15:done'] === 'true';
    m.set(paraId.toUpperCase(), { parent: e.attrs['w15:paraIdParent']?.toUpperCase(), done });
  }
  return m;
}

export function buildComments(
  bodies: CommentBody[],
  extended: Map<string, { parent?: string; done: boolean }>,
  covered: Map<string, { text: string; story: string; part: string; paragraph?: string }>,
): Comment[] {
  const byPara = new Map<string, string>();
  for (const b of bodies) if (b.lastParaId) byPara.set(b.lastParaId.toUpperCase(), b.id);
  return bodies.map((b) => {
    const ext = b.lastParaId ? extended.get(b.lastParaId.toUpperCase()) : undefined;
    const c: Comment = { id: b.id, author: b.author, text: b.text, resolved: ext?.done ?? false, coveredText: covered.get(b.id)?.text ?? '' };
    if (b.initials) c.initials = b.initials;
    if (b.date) c.date = b.date;
    const parent = ext?.parent ? byPara.get(ext.parent) : undefined;
    if (parent !== undefined) c.parentId = parent;
    const cov = covered.get(b.id);
    if (cov) c.location = { story: cov.story, part: cov.part, ...(cov.paragraph ? { paragraph: cov.paragraph } : {}) };
    return c;
  });
}

// Visible text of a comment paragraph (inserted and deleted text both count: a comment
// body is rarely tracked, and when it is the person wants to see what it says).
function paragraphText(p: import('../ooxml').XmlElement): string {
  let s = '';
  const visit = (e: import('../ooxml').XmlElement) => {
    for (const c of e.children) {
      if (c.type !== 'element') continue;
      if (c.name === 'w:t') s += textContent(c);
      else if (c.name === 'w:tab') s += '\t';
      else if (c.name === 'w:br') s += '\n';
      else if (c.name !== 'w:delText' && c.name !== 'w:instrText') visit(c);
    }
  };
  visit(p);
  return s;
}
