// `cowork doc edit`: applies an ops file to a document as tracked changes and
// comments (or directly, with "track": false). All anchors are resolved against the
// document as it was opened; each op sees the text as the earlier ops left it.
// Nothing is written unless every op applies.

import { DocumentError } from '../../ooxml/documentError';
import { openDocxPackage } from '../parts';
import type { XmlElement } from '../../ooxml/xml';
import { addComment, replyToComment, resolveComment } from './comments';
import { deleteParagraphs, deleteRow, insertParagraph, insertRow, rowOf } from './blocks';
import { attribution } from './ids';
import { parseEditFile, type EditOp } from './ops';
import { relocateTrailingMarks } from './paragraphMarks';
import { EditSession } from './session';
import { deleteSpan, insertAt, replaceSpan, spanBounds, type SpanResult } from './spans';
import { buildTextMap, findSpan } from './textMap';

export interface EditOptions {
  /** Overrides the ops file's author; default "Cowork". */
  author?: string;
  date?: Date | string;
}

export interface EditResult {
  bytes: Buffer;
  /** One line per op: what it did and any comment id it created. */
  applied: { index: number; op: EditOp['op']; at?: string; comment?: string }[];
  /** Parts rewritten; every other part is copied byte for byte. */
  touchedParts: string[];
}

function contentBounds(p: XmlElement): { first?: XmlElement; last?: XmlElement } {
  const content = p.children.filter((c): c is XmlElement => c.type === 'element' && c.name !== 'w:pPr');
  return { first: content[0], last: content[content.length - 1] };
}

export function editDocx(input: Uint8Array, opsJson: unknown, opts: EditOptions = {}): EditResult {
  const file = parseEditFile(opsJson);
  const pkg = openDocxPackage(input);
  const session = new EditSession(pkg, attribution(opts.author ?? file.author, opts.date ?? file.date), file.track ?? true);
  const applied: EditResult['applied'] = [];

  file.ops.forEach((op, index) => {
    const where = `ops[${index}] (${op.op})`;
    const paragraph = (anchor: string) => {
      const found = session.anchors.get(anchor, where);
      if (!session.tree(found.part).parent(found.element)) throw new DocumentError('INVALID_ARGUMENT', `${where}: paragraph "${anchor}" was removed by an earlier op`);
      return found;
    };
    const comment = (part: string, span: { first?: XmlElement; last?: XmlElement }, body: string | undefined): string | undefined => {
      if (body === undefined) return undefined;
      if (!span.first || !span.last) throw new DocumentError('INVALID_ARGUMENT', `${where}: there is no text to hang the comment on`);
      return addComment(session, part, span.first, span.last, body);
    };
    switch (op.op) {
      case 'replace':
      case 'delete':
      case 'insert':
      case 'comment': {
        const first = paragraph(op.at);
        const paras = op.through ? session.anchors.range(op.at, op.through, where).map((a) => paragraph(a.anchor).element) : [first.element];
        const ctx = session.spanContext(first.part);
        const map = buildTextMap(paras);
        let result: SpanResult | { first?: XmlElement; last?: XmlElement };
        let note: string | undefined = op.comment;
        if (op.op === 'insert') {
          const quote = op.after ?? op.before;
          const offset = quote === undefined ? map.markOffsets[0] : op.after !== undefined ? findSpan(map, quote, op.occurrence, where).end : findSpan(map, quote, op.occurrence, where).start;
          result = insertAt(ctx, map, offset, op.text);
        } else if (op.op === 'comment') {
          const { start, end } = op.find === undefined ? { start: 0, end: map.text.length } : findSpan(map, op.find, op.occurrence, where);
          if (start === end) throw new DocumentError('INVALID_ARGUMENT', `${where}: paragraph "${op.at}" has no text to comment on`);
          // Comment marks go around whole runs: cut them at the span's ends first.
          result = spanBounds(ctx, map, start, end);
          note = op.text;
        } else {
          const { start, end } = findSpan(map, op.find, op.occurrence, where);
          result = op.op === 'replace' ? replaceSpan(ctx, map, start, end, op.text) : deleteSpan(ctx, map, start, end);
        }
        applied.push({ index, op: op.op, at: op.at, comment: comment(first.part, result, note) });
        return;
      }
      case 'reply':
        applied.push({ index, op: op.op, comment: replyToComment(session, op.to, op.text, where) });
        return;
      case 'resolve':
        resolveComment(session, op.comment, where, !op.reopen);
        applied.push({ index, op: op.op, comment: op.comment });
        return;
      case 'insertParagraph': {
        const ref = paragraph((op.after ?? op.before)!);
        const p = insertParagraph(session, ref.part, ref.element, op.after ? 'after' : 'before', op.text, op.style);
        applied.push({ index, op: op.op, at: ref.anchor, comment: comment(ref.part, contentBounds(p), op.comment) });
        return;
      }
      case 'deleteParagraph': {
        const first = paragraph(op.at);
        const paras = op.through ? session.anchors.range(op.at, op.through, where).map((a) => paragraph(a.anchor).element) : [first.element];
        const span = deleteParagraphs(session, first.part, paras);
        applied.push({ index, op: op.op, at: op.at, comment: comment(first.part, span, op.comment) });
        return;
      }
      case 'insertRow': {
        const ref = paragraph((op.after ?? op.before)!);
        const row = insertRow(session, ref.part, rowOf(session, ref.part, ref.element, where), op.after ? 'after' : 'before', op.cells, where);
        const cellParas = row.children.flatMap((tc) => (tc.type === 'element' && tc.name === 'w:tc' ? tc.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:p') : []));
        const span = { first: contentBounds(cellParas[0]).first, last: contentBounds(cellParas[cellParas.length - 1]).last ?? contentBounds(cellParas[0]).last };
        applied.push({ index, op: op.op, at: ref.anchor, comment: comment(ref.part, span, op.comment) });
        return;
      }
      case 'deleteRow': {
        const ref = paragraph(op.at);
        const span = deleteRow(session, ref.part, rowOf(session, ref.part, ref.element, where));
        applied.push({ index, op: op.op, at: op.at, comment: comment(ref.part, span, op.comment) });
        return;
      }
    }
  });
  if (session.track) {
    // Only the marks this pass wrote (same author and date) are moved.
    const ours = (mark: XmlElement) => mark.attrs['w:author'] === session.who.author && mark.attrs['w:date'] === session.who.date;
    for (const part of session.anchors.parts()) {
      const tree = session.tree(part);
      if (!tree.dirty) continue;
      const root = tree.root.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:body') ?? tree.root;
      relocateTrailingMarks(session.spanContext(part), root, ours);
    }
  }
  const touchedParts = session.finish();
  return { bytes: pkg.save(), applied, touchedParts };
}

