// `cowork doc compare OLD NEW`: one document whose tracked changes turn OLD into
// NEW, as Word's Compare does. The result is NEW's package (its styles, headers,
// formatting) with the body marked up: blocks are aligned by text, changed
// paragraphs are diffed word by word (inserted words keep NEW's formatting, deleted
// words come back with OLD's), unmatched paragraphs and table rows are inserted or
// deleted whole, and tables that match are compared row by row and cell by cell.

import type { OoxmlPackage } from '../ooxml/ooxmlPackage';
import { openDocxPackage } from './parts';
import { serializeElement, type XmlElement } from '../ooxml/xml';
import { walk } from '../ooxml/xmlTree';
import { absorbWhitespace, diffSequences, similarity, tokenizeWords } from './compareDiff';
import { importForeign } from './compareImport';
import { attribution } from './edit/ids';
import { cleanRunProperties, markRunDeleted, runProperties, runsWithin, siblingGroups, splitAt } from './edit/runs';
import { EditSession } from './edit/session';
import { relocateTrailingMarks } from './edit/paragraphMarks';
import { markParagraphMark, markSpanInserted, placeNodesAt, revision, type SpanContext } from './edit/spans';
import { buildTextMap, type TextMap } from './edit/textMap';
import { cloneElement, PartTree } from './edit/tree';

export interface CompareOptions {
  author?: string;
  date?: Date | string;
}

export interface CompareResult {
  bytes: Buffer;
  /** How the blocks matched: paragraphs equal, changed (word diff), inserted, deleted; rows likewise. */
  stats: { equal: number; changed: number; inserted: number; deleted: number; rowsInserted: number; rowsDeleted: number };
}

type Block = XmlElement; // w:p or w:tbl (other block content is carried along untouched)

const BLOCK = new Set(['w:p', 'w:tbl']);

function blocksOf(container: XmlElement): Block[] {
  return container.children.filter((c): c is XmlElement => c.type === 'element' && BLOCK.has(c.name));
}

function blockText(b: Block): string {
  if (b.name === 'w:p') return buildTextMap([b]).text;
  const parts: string[] = [];
  walk(b, (e) => {
    if (e.name === 'w:p') parts.push(buildTextMap([e]).text);
  });
  return parts.join('\u0001');
}

function rowsOf(tbl: XmlElement): XmlElement[] {
  return tbl.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:tr');
}

function cellsOf(tr: XmlElement): XmlElement[] {
  return tr.children.filter((c): c is XmlElement => c.type === 'element' && c.name === 'w:tc');
}

/** Runs of a paragraph (wherever they sit: hyperlinks, fields), live ones only. */
function liveRuns(p: XmlElement): XmlElement[] {
  const runs: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.type !== 'element' || c.name === 'w:del' || c.name === 'w:moveFrom' || c.name === 'w:pPr') continue;
      if (c.name === 'w:r') runs.push(c);
      else if (c.name !== 'w:p' && c.name !== 'w:tbl') visit(c);
    }
  };
  visit(p);
  return runs;
}

class Comparer {
  readonly stats: CompareResult['stats'] = { equal: 0, changed: 0, inserted: 0, deleted: 0, rowsInserted: 0, rowsDeleted: 0 };

  constructor(
    private readonly session: EditSession,
    private readonly ctx: SpanContext,
    private readonly oldPkg: OoxmlPackage,
    private readonly oldPart: string,
  ) {}

  /** Aligns two block lists of one container (the body, a cell) and marks the differences in the new one. */
  compareBlocks(oldBlocks: Block[], newBlocks: Block[], container: XmlElement): void {
    const key = (b: Block) => `${b.name}\u0000${blockText(b)}`;
    const ops = diffSequences(oldBlocks.map(key), newBlocks.map(key));
    let cursor: { after?: XmlElement } = {};
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op.kind === 'equal') {
        this.stats.equal += op.length;
        cursor = { after: newBlocks[op.b + op.length - 1] };
        continue;
      }
      // A changed stretch: the deletes and inserts between two equal runs.
      const olds: Block[] = [];
      const news: Block[] = [];
      while (i < ops.length && ops[i].kind !== 'equal') {
        const o = ops[i];
        if (o.kind === 'delete') olds.push(...oldBlocks.slice(o.a, o.a + o.length));
        else if (o.kind === 'insert') news.push(...newBlocks.slice(o.b, o.b + o.length));
        i++;
      }
      i--;
      cursor = this.compareStretch(olds, news, container, cursor);
    }
  }

  /** Pairs similar blocks of a changed stretch (in order), then marks pairs, insertions and deletions. */
  private compareStretch(olds: Block[], news: Block[], container: XmlElement, cursor: { after?: XmlElement }): { after?: XmlElement } {
    // One paragraph replaced by one (a cell's value, a rewritten sentence): always a word diff.
    const single = olds.length === 1 && news.length === 1 && olds[0].name === 'w:p' && news[0].name === 'w:p';
    const pairs: [number, number][] = single ? [[0, 0]] : alignBySimilarity(olds, news);
    let o = 0;
    let n = 0;
    const emitDeleted = (old: Block) => {
      const clone = this.deletedCopy(old);
      if (cursor.after) this.ctx.tree.insertAfter(cursor.after, [clone]);
      else this.ctx.tree.insertInto(container, [clone], firstBlockIndex(container));
      cursor = { after: clone };
    };
    for (const [pa, pb] of [...pairs, [olds.length, news.length] as const]) {
      while (o < pa) emitDeleted(olds[o++]);
      while (n < pb) {
        this.markInserted(news[n]);
        cursor = { after: news[n++] };
      }
      if (pa === olds.length && pb === news.length) break;
      if (olds[pa].name === 'w:p') this.compareParagraph(olds[pa], news[pb]);
      else this.compareTable(olds[pa], news[pb]);
      this.stats.changed++;
      cursor = { after: news[pb] };
      o = pa + 1;
      n = pb + 1;
    }
    return cursor;
  }

  /** Word-level diff of two paragraphs, marked in the new one. */
  compareParagraph(oldP: XmlElement, newP: XmlElement): void {
    const oldTree = new PartTree(this.oldPart, cloneElement(oldP));
    const oldRoot = oldTree.root;
    const oldText = buildTextMap([oldRoot]).text;
    let map = buildTextMap([newP]);
    const a = tokenizeWords(oldText);
    const b = tokenizeWords(map.text);
    const offsets = (tokens: string[]) => {
      const out = [0];
      for (const t of tokens) out.push(out[out.length - 1] + t.length);
      return out;
    };
    const offA = offsets(a);
    const offB = offsets(b);
    const ops = absorbWhitespace(diffSequences(a, b), a);
    // From the end, so offsets of earlier text stay valid.
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i];
      if (op.kind === 'equal') map = this.markFormatChanges(oldRoot, map, offA[op.a], offB[op.b], offB[op.b + op.length] - offB[op.b]);
      else if (op.kind === 'insert') map = markSpanInserted(this.ctx, map, offB[op.b], offB[op.b + op.length]);
      else if (op.kind === 'delete') {
        const at = i + 1 < ops.length && ops[i + 1].kind !== 'delete' ? ops[i + 1] : undefined;
        const newOffset = at ? offB[(at as { b: number }).b] : map.text.length;
        const deleted = this.deletedRuns(oldTree, offA[op.a], offA[op.a + op.length]);
        map = placeNodesAt(this.ctx, map, newOffset, deleted);
        map = buildTextMap([newP]);
      }
    }
  }

  /**
   * Unchanged text whose formatting changed (a word made bold): the new runs get a
   * w:rPrChange holding the old run properties, as Word's Compare shows it.
   */
  private markFormatChanges(oldRoot: XmlElement, map: TextMap, oldStart: number, newStart: number, length: number): TextMap {
    const oldMap = buildTextMap([oldRoot]);
    const propsAt = (m: TextMap, offset: number) => {
      const seg = m.segments.find((s) => s.start <= offset && offset < s.start + s.length);
      return seg ? plainProps(runProperties(seg.run)) : '';
    };
    // Maximal stretches where the old and new formatting differ, from the end.
    const stretches: [number, number, XmlElement | undefined][] = [];
    for (let k = 0; k < length; k++) {
      if (map.text[newStart + k] === '\n') continue;
      const before = propsAt(oldMap, oldStart + k);
      if (before === propsAt(map, newStart + k)) continue;
      const last = stretches[stretches.length - 1];
      if (last && last[1] === newStart + k && plainProps(last[2]) === before) last[1]++;
      else stretches.push([newStart + k, newStart + k + 1, runProperties(oldMap.segments.find((s) => s.start <= oldStart + k && oldStart + k < s.start + s.length)?.run)]);
    }
    for (const [start, end, oldProps] of stretches.reverse()) {
      map = splitAt(this.ctx.tree, map, end);
      map = splitAt(this.ctx.tree, map, start);
      for (const run of runsWithin(map, start, end)) {
        let rPr = runProperties(run);
        if (!rPr) {
          rPr = { type: 'element', name: 'w:rPr', attrs: {}, children: [] };
          this.ctx.tree.insertInto(run, [rPr], 0);
        }
        if (rPr.children.some((c) => c.type === 'element' && c.name === 'w:rPrChange')) continue;
        const change = revision(this.ctx, 'w:rPrChange');
        const previous = cleanRunProperties(oldProps);
        change.children.push({ type: 'element', name: 'w:rPr', attrs: {}, children: previous ? previous.children.map((c) => (c.type === 'element' ? cloneElement(c) : c)) : [] });
        this.ctx.tree.insertInto(rPr, [change]);
      }
    }
    return map;
  }

  /** The old text [start, end) as w:del runs with the old formatting. */
  private deletedRuns(oldTree: PartTree, start: number, end: number): XmlElement[] {
    let oldMap = buildTextMap([oldTree.root]);
    oldMap = splitAt(oldTree, oldMap, end);
    oldMap = splitAt(oldTree, oldMap, start);
    const runs = runsWithin(oldMap, start, end).map((r) => this.imported(cloneElement(r)));
    for (const r of runs) markRunDeleted(r);
    const del = revision(this.ctx, 'w:del');
    del.children.push(...runs);
    return [del];
  }

  /** Old content made fit for the new package: relationships copied, comment and bookmark marks dropped. */
  private imported(e: XmlElement): XmlElement {
    return importForeign(this.oldPkg, this.oldPart, this.session.pkg, this.ctx.tree.part, e);
  }

  /** A copy of an old block, all of it marked deleted, ready to sit in the new document. */
  private deletedCopy(old: Block): XmlElement {
    const copy = this.imported(cloneElement(old));
    const tmp = new PartTree(this.ctx.tree.part, { type: 'element', name: 'w:tmp', attrs: {}, children: [copy] });
    const tmpCtx: SpanContext = { ...this.ctx, tree: tmp };
    const paragraphs: XmlElement[] = [];
    walk(copy, (e) => {
      if (e.name === 'w:p') paragraphs.push(e);
    });
    for (const p of paragraphs) {
      for (const group of siblingGroups(tmp, liveRuns(p))) {
        for (const r of group) markRunDeleted(r);
        const parent = tmp.parent(group[0])!;
        tmp.wrapRange(parent, parent.children.indexOf(group[0]), parent.children.indexOf(group[group.length - 1]), revision(tmpCtx, 'w:del'));
      }
      if (copy.name === 'w:p') markParagraphMark(tmpCtx, p, 'w:del');
    }
    if (copy.name === 'w:tbl') for (const tr of rowsOf(copy)) this.markRow(tmpCtx, tr, 'w:del');
    this.stats.deleted++;
    return copy;
  }

  /** Marks a new block as inserted: its runs in w:ins, its paragraph mark (or its rows) inserted. */
  private markInserted(b: Block): void {
    const paragraphs: XmlElement[] = [];
    walk(b, (e) => {
      if (e.name === 'w:p') paragraphs.push(e);
    });
    for (const p of paragraphs) {
      for (const group of siblingGroups(this.ctx.tree, liveRuns(p))) {
        const parent = this.ctx.tree.parent(group[0])!;
        if (parent.name === 'w:ins' || parent.name === 'w:moveTo') continue;
        this.ctx.tree.wrapRange(parent, parent.children.indexOf(group[0]), parent.children.indexOf(group[group.length - 1]), revision(this.ctx, 'w:ins'));
      }
      markParagraphMark(this.ctx, p, 'w:ins');
    }
    if (b.name === 'w:tbl') for (const tr of rowsOf(b)) this.markRow(this.ctx, tr, 'w:ins');
    this.stats.inserted++;
  }

  private markRow(ctx: SpanContext, tr: XmlElement, kind: 'w:ins' | 'w:del'): void {
    let trPr = tr.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:trPr');
    if (!trPr) {
      trPr = { type: 'element', name: 'w:trPr', attrs: {}, children: [] };
      const at = tr.children.findIndex((c) => c.type === 'element' && c.name === 'w:tc');
      ctx.tree.insertInto(tr, [trPr], at < 0 ? 0 : at);
    }
    const change = trPr.children.findIndex((c) => c.type === 'element' && c.name === 'w:trPrChange');
    ctx.tree.insertInto(trPr, [revision(ctx, kind)], change < 0 ? trPr.children.length : change);
    if (kind === 'w:ins') this.stats.rowsInserted++;
    else this.stats.rowsDeleted++;
  }

  /** Rows aligned by text; matching rows with the same cells compared cell by cell; others inserted or deleted. */
  compareTable(oldT: XmlElement, newT: XmlElement): void {
    const oldRows = rowsOf(oldT);
    const newRows = rowsOf(newT);
    const rowKey = (tr: XmlElement) => cellsOf(tr).map((tc) => blockText({ ...tc, name: 'w:tbl' })).join('\u0002');
    const ops = diffSequences(oldRows.map(rowKey), newRows.map(rowKey));
    let after: XmlElement | undefined;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (op.kind === 'equal') {
        after = newRows[op.b + op.length - 1];
        continue;
      }
      const olds: XmlElement[] = [];
      const news: XmlElement[] = [];
      while (i < ops.length && ops[i].kind !== 'equal') {
        const o = ops[i];
        if (o.kind === 'delete') olds.push(...oldRows.slice(o.a, o.a + o.length));
        else if (o.kind === 'insert') news.push(...newRows.slice(o.b, o.b + o.length));
        i++;
      }
      i--;
      let n = 0;
      for (let k = 0; k < olds.length; k++) {
        const partner = news[n];
        if (partner && cellsOf(partner).length === cellsOf(olds[k]).length && similarity(rowKey(olds[k]), rowKey(partner)) >= 0.3) {
          cellsOf(olds[k]).forEach((oc, c) => this.compareBlocks(blocksOf(oc), blocksOf(cellsOf(partner)[c]), cellsOf(partner)[c]));
          after = partner;
          n++;
        } else {
          const copy = this.deletedCopy({ ...olds[k], name: 'w:tbl', children: [olds[k]] }).children[0] as XmlElement;
          this.stats.deleted--;
          if (after) this.ctx.tree.insertAfter(after, [copy]);
          else this.ctx.tree.insertInto(newT, [copy], newT.children.findIndex((c) => c.type === 'element' && c.name === 'w:tr'));
          after = copy;
        }
      }
      for (; n < news.length; n++) {
        this.markInserted({ ...news[n], name: 'w:tbl', children: [news[n]] });
        this.stats.inserted--;
        after = news[n];
      }
    }
  }
}

/** Run properties as text for comparing looks (revision markers left out). */
function plainProps(rPr: XmlElement | undefined): string {
  const clean = cleanRunProperties(rPr);
  return clean ? clean.children.map((c) => (c.type === 'element' ? serializeElement(c) : '')).join('') : '';
}

/** Index at which the first block of a container sits (after w:tcPr in a cell). */
function firstBlockIndex(container: XmlElement): number {
  const i = container.children.findIndex((c) => c.type === 'element' && (BLOCK.has(c.name) || c.name === 'w:sectPr'));
  return i < 0 ? container.children.length : i;
}

/**
 * Pairs of (old index, new index), increasing in both, joining blocks of one kind whose
 * texts are similar enough: a small dynamic programme maximising total similarity.
 */
function alignBySimilarity(olds: Block[], news: Block[]): [number, number][] {
  if (olds.length === 0 || news.length === 0 || olds.length * news.length > 40_000) return [];
  const texts = (bs: Block[]) => bs.map(blockText);
  const ta = texts(olds);
  const tb = texts(news);
  const score = (i: number, j: number) => {
    if (olds[i].name !== news[j].name) return 0;
    const s = similarity(ta[i], tb[j]);
    return s >= (olds[i].name === 'w:tbl' ? 0.3 : 0.4) ? s : 0;
  };
  const rows = olds.length + 1;
  const cols = news.length + 1;
  const best = new Float64Array(rows * cols);
  const pick = new Float64Array(rows * cols);
  for (let i = olds.length - 1; i >= 0; i--) {
    for (let j = news.length - 1; j >= 0; j--) {
      const s = score(i, j);
      pick[i * cols + j] = s;
      best[i * cols + j] = Math.max(best[(i + 1) * cols + j], best[i * cols + j + 1], s > 0 ? s + best[(i + 1) * cols + j + 1] : 0);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < olds.length && j < news.length) {
    const s = pick[i * cols + j];
    if (s > 0 && best[i * cols + j] === s + best[(i + 1) * cols + j + 1]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (best[(i + 1) * cols + j] >= best[i * cols + j + 1]) i++;
    else j++;
  }
  return pairs;
}

export function compareDocx(oldBytes: Uint8Array, newBytes: Uint8Array, opts: CompareOptions = {}): CompareResult {
  const oldPkg = openDocxPackage(oldBytes);
  const newPkg = openDocxPackage(newBytes);
  const session = new EditSession(newPkg, attribution(opts.author, opts.date), true);
  const oldMain = oldPkg.mainEntry();
  const newMain = session.anchors.mainPart;
  const oldBody = oldPkg.xml(oldMain).root.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:body');
  const newBody = session.tree(newMain).root.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'w:body');
  if (!oldBody || !newBody) throw new Error('a document without a w:body');
  const comparer = new Comparer(session, session.spanContext(newMain), oldPkg, oldMain);
  const ctx = session.spanContext(newMain);
  comparer.compareBlocks(blocksOf(oldBody), blocksOf(newBody), newBody);
  relocateTrailingMarks(ctx, newBody, () => true);
  session.finish();
  return { bytes: newPkg.save(), stats: comparer.stats };
}
