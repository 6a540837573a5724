// Walks the XML of one story (the body, a header, a note, a comment) into model blocks,
// collecting every revision with the elements it is made of, comment ranges, images and
// hyperlinks on the way. One pass; text is appended to whatever changes and comments are
// open at that point. Where each revision stands is recorded by storyRevisions.ts.

import { attr, child, type XmlElement } from '../ooxml';
import type { Block, Inline, Paragraph, RunFormat, Story, Table, TableCell, TableRow, TextRun } from './model';
import type { ReadState } from './readState';
import { StoryRevisions } from './storyRevisions';
import { CONTENT_KINDS, findDeep, flatten, IMAGE_REF, imageRef, MARK_KINDS, mathText, outlineLevel, runFormat, TRANSPARENT } from './wordXml';

export class StoryWalker {
  private paraCount = 0;
  private tableCount = 0;
  /** Content revisions open around the current position (temporary keys). */
  private revStack: string[] = [];
  private deletedDepth = 0;
  private insertedDepth = 0;
  /** Row-level revisions whose text is everything in the row. */
  private blockRevs: string[] = [];
  private paraText = '';
  private currentParagraph?: string;
  private pendingInlines: Inline[] = [];
  private lastParagraph?: Paragraph;
  private hyperlink?: { target: string; record: { text: string; target: string; paragraph: string } };
  private readonly activeComments = new Set<string>();
  private readonly prefix: string;
  private readonly recorder: StoryRevisions;

  constructor(
    private readonly st: ReadState,
    private readonly story: Story,
  ) {
    this.prefix = story.kind === 'body' ? '' : `${story.id}.`;
    this.recorder = new StoryRevisions(st, story, () => this.currentParagraph);
  }

  /** Reads the block-level children of `container` (w:body, w:hdr, w:footnote, w:tc, …). */
  blocks(container: XmlElement): Block[] {
    const out: Block[] = [];
    this.blockChildren(container, out);
    return out;
  }

  private blockChildren(container: XmlElement, out: Block[]): void {
    for (const c of container.children) {
      if (c.type !== 'element') continue;
      switch (c.name) {
        case 'w:p':
          out.push(this.paragraph(c, container));
          break;
        case 'w:tbl':
          out.push(this.table(c, container));
          break;
        case 'w:sdt': {
          const content = child(c, 'w:sdtContent');
          if (content) this.blockChildren(content, out);
          break;
        }
        case 'w:customXml':
          this.blockChildren(c, out);
          break;
        case 'w:ins':
        case 'w:del':
        case 'w:moveFrom':
        case 'w:moveTo':
          this.withContentRevision(c, container, () => this.blockChildren(c, out));
          break;
        case 'w:sectPr':
          this.recorder.propChanges(c, 'w:sectPrChange');
          break;
        case 'w:commentRangeStart':
        case 'w:commentRangeEnd':
          this.commentMark(c, this.pendingInlines, c.name === 'w:commentRangeEnd' ? this.lastParagraph : undefined);
          break;
        default:
          this.recorder.moveRange(c, container);
      }
    }
  }

  private nextAnchor(kind: 'p' | 't'): string {
    if (kind === 'p') return `${this.prefix}p${++this.paraCount}`;
    return `${this.prefix}t${++this.tableCount}`;
  }

  private paragraph(p: XmlElement, parent: XmlElement): Paragraph {
    const anchor = this.nextAnchor('p');
    this.st.trace.paragraphs.set(anchor, { el: p, parent, part: this.story.part, story: this.story.id });
    const outer = this.currentParagraph;
    this.currentParagraph = anchor;
    this.recorder.enterParagraph(anchor);
    const para: Paragraph = { type: 'paragraph', anchor, inlines: this.pendingInlines, revisionIds: [] };
    this.pendingInlines = [];
    this.st.idHolders.push(para.revisionIds);
    const savedText = this.paraText;
    this.paraText = '';
    const markRevs: string[] = [];

    const pPr = child(p, 'w:pPr');
    if (pPr) {
      const styleId = attr(child(pPr, 'w:pStyle'), 'w:val');
      if (styleId) {
        para.styleId = styleId;
        const name = this.st.styles.byId.get(styleId)?.name;
        if (name) para.styleName = name;
      }
      const level = this.st.styles.headingLevel(styleId) ?? outlineLevel(pPr);
      if (level !== undefined) para.headingLevel = level;
      const numPr = child(pPr, 'w:numPr');
      const styleNum = this.st.styles.numbering(styleId);
      const numId = attr(child(numPr ?? pPr, 'w:numId'), 'w:val') ?? (numPr ? styleNum?.numId : styleNum?.numId);
      if (numId && numId !== '0') {
        const lvl = Number(attr(child(numPr ?? pPr, 'w:ilvl'), 'w:val') ?? styleNum?.level ?? 0);
        const label = this.st.numbering.nextLabel(numId, lvl);
        para.list = { numId, level: lvl, format: this.st.numbering.format(numId, lvl), ...(label !== undefined ? { label } : {}) };
      }
      const markRPr = child(pPr, 'w:rPr');
      if (markRPr) {
        for (const m of markRPr.children) {
          if (m.type !== 'element') continue;
          const kind = MARK_KINDS[m.name];
          if (kind) markRevs.push(this.recorder.register(kind, m, { role: 'mark', el: m, parent: markRPr, target: p, container: parent }));
          else if (m.name === 'w:rPrChange') markRevs.push(this.recorder.register('runFormat', m, { role: 'propChange', el: m, parent: markRPr }));
        }
      }
      const pChange = child(pPr, 'w:pPrChange');
      if (pChange) markRevs.push(this.recorder.register('paragraphFormat', pChange, { role: 'propChange', el: pChange, parent: pPr }));
      const sect = child(pPr, 'w:sectPr');
      if (sect) this.recorder.propChanges(sect, 'w:sectPrChange');
    }
    for (const k of markRevs) para.revisionIds.push(k);
    this.inlines(p, para.inlines);
    for (const k of markRevs) this.st.revisions.get(k)!.text += this.paraText;
    for (const id of this.activeComments) this.st.covered.get(id)!.text += '\n';
    this.paraText = savedText + this.paraText;
    this.currentParagraph = outer;
    this.lastParagraph = para;
    return para;
  }

  private inlines(container: XmlElement, out: Inline[]): void {
    for (const c of container.children) {
      if (c.type !== 'element') continue;
      const name = c.name;
      if (name === 'w:r') this.run(c, out);
      else if (CONTENT_KINDS[name]) this.withContentRevision(c, container, () => this.inlines(c, out));
      else if (name === 'w:hyperlink') this.hyperlinkEl(c, out);
      else if (TRANSPARENT.has(name)) this.inlines(c, out);
      else if (name === 'w:sdt') {
        const content = child(c, 'w:sdtContent');
        if (content) this.inlines(content, out);
      } else if (name === 'w:commentRangeStart' || name === 'w:commentRangeEnd') this.commentMark(c, out);
      else if (name === 'm:oMath' || name === 'm:oMathPara') this.text(mathText(c), out, undefined, []);
      else if (name !== 'w:pPr') this.recorder.moveRange(c, container);
    }
  }

  private withContentRevision(c: XmlElement, parent: XmlElement, body: () => void): void {
    const kind = CONTENT_KINDS[c.name];
    const key = this.recorder.register(kind, c, { role: 'content', el: c, parent });
    this.revStack.push(key);
    const del = kind === 'deletion' || kind === 'moveFrom';
    if (del) this.deletedDepth++;
    else this.insertedDepth++;
    body();
    if (del) this.deletedDepth--;
    else this.insertedDepth--;
    this.revStack.pop();
  }

  private hyperlinkEl(h: XmlElement, out: Inline[]): void {
    const relId = h.attrs['r:id'];
    let target = '';
    if (relId) target = this.st.pkg.relationship(this.story.part, relId)?.target ?? '';
    if (h.attrs['w:anchor']) target += `#${h.attrs['w:anchor']}`;
    const outer = this.hyperlink;
    const record = { text: '', target, paragraph: this.currentParagraph ?? '' };
    this.hyperlink = { target, record };
    this.inlines(h, out);
    this.hyperlink = outer;
    if (target) this.st.hyperlinks.push(record);
  }

  private run(r: XmlElement, out: Inline[]): void {
    let format: RunFormat | undefined;
    const formatRevs: string[] = [];
    let buf = '';
    const flush = () => {
      if (buf) this.text(buf, out, format, formatRevs);
      buf = '';
    };
    for (const c of r.children) {
      if (c.type !== 'element') continue;
      switch (c.name) {
        case 'w:rPr': {
          format = runFormat(c);
          const change = child(c, 'w:rPrChange');
          if (change) formatRevs.push(this.recorder.register('runFormat', change, { role: 'propChange', el: change, parent: c }));
          break;
        }
        case 'w:t':
        case 'w:delText':
          for (const t of c.children) if (t.type === 'text') buf += t.text;
          break;
        case 'w:tab':
        case 'w:ptab':
          buf += '\t';
          break;
        case 'w:br': {
          const type = c.attrs['w:type'];
          if (type === 'page' || type === 'column') {
            flush();
            out.push({ type: 'break', kind: type });
          } else buf += '\n';
          break;
        }
        case 'w:cr':
          buf += '\n';
          break;
        case 'w:noBreakHyphen':
          buf += '-';
          break;
        case 'w:footnoteReference':
        case 'w:endnoteReference': {
          flush();
          const foot = c.name === 'w:footnoteReference';
          out.push({ type: 'noteRef', kind: foot ? 'footnote' : 'endnote', story: `${foot ? 'fn' : 'en'}${c.attrs['w:id'] ?? ''}` });
          break;
        }
        case 'w:commentReference': {
          const id = c.attrs['w:id'] ?? '';
          if (!this.st.rangedComments.has(id)) {
            // A comment without a range covers nothing: a point comment at the reference.
            this.st.rangedComments.add(id);
            this.st.covered.set(id, { text: '', story: this.story.id, part: this.story.part, paragraph: this.currentParagraph });
            flush();
            out.push({ type: 'commentStart', commentId: id }, { type: 'commentEnd', commentId: id });
          }
          break;
        }
        case 'w:drawing':
        case 'w:pict':
        case 'w:object':
          flush();
          this.image(c, out);
          break;
        case 'mc:AlternateContent': {
          const choice = child(c, 'mc:Choice');
          const fallback = child(c, 'mc:Fallback');
          const pick = choice && findDeep(choice, IMAGE_REF) ? choice : fallback;
          if (pick) {
            flush();
            this.image(pick, out);
          }
          break;
        }
      }
    }
    flush();
  }

  private text(s: string, out: Inline[], format: RunFormat | undefined, formatRevs: string[]): void {
    const revs = this.revStack.length || formatRevs.length ? [...this.revStack, ...formatRevs] : undefined;
    for (const k of this.revStack) this.st.revisions.get(k)!.text += s;
    for (const k of formatRevs) this.st.revisions.get(k)!.text += s;
    for (const k of this.blockRevs) this.st.revisions.get(k)!.text += s;
    const deleted = this.deletedDepth > 0;
    if (!deleted) for (const id of this.activeComments) this.st.covered.get(id)!.text += s;
    this.paraText += s;
    if (this.hyperlink) this.hyperlink.record.text += s;
    const run: TextRun = { type: 'text', text: s };
    if (format) run.format = format;
    if (revs) {
      run.revisionIds = revs;
      this.st.idHolders.push(revs);
    }
    if (deleted) run.deleted = true;
    if (this.insertedDepth > 0) run.inserted = true;
    if (this.hyperlink) run.hyperlink = this.hyperlink.target;
    out.push(run);
  }

  private image(container: XmlElement, out: Inline[]): void {
    const img = imageRef(container, this.st.pkg, this.story.part);
    if (!img) return;
    if (this.revStack.length) {
      img.revisionIds = [...this.revStack];
      this.st.idHolders.push(img.revisionIds);
    }
    if (this.deletedDepth > 0) img.deleted = true;
    if (this.insertedDepth > 0) img.inserted = true;
    out.push(img);
    this.st.images.push(img);
  }

  private commentMark(c: XmlElement, out: Inline[], fallback?: Paragraph): void {
    const id = c.attrs['w:id'] ?? '';
    if (c.name === 'w:commentRangeStart') {
      this.activeComments.add(id);
      this.st.rangedComments.add(id);
      if (!this.st.covered.has(id)) this.st.covered.set(id, { text: '', story: this.story.id, part: this.story.part, paragraph: this.currentParagraph });
      out.push({ type: 'commentStart', commentId: id });
    } else {
      this.activeComments.delete(id);
      (fallback ? fallback.inlines : out).push({ type: 'commentEnd', commentId: id });
    }
    const cov = this.st.covered.get(id);
    if (cov && !cov.paragraph) cov.paragraph = this.currentParagraph;
  }

  private table(tbl: XmlElement, parent: XmlElement): Table {
    const anchor = this.nextAnchor('t');
    this.st.trace.tables.set(anchor, { el: tbl, parent, part: this.story.part, story: this.story.id });
    const table: Table = { type: 'table', anchor, rows: [] };
    this.recorder.enterTable(anchor);
    const tblPr = child(tbl, 'w:tblPr');
    if (tblPr) this.recorder.propChanges(tblPr, 'w:tblPrChange');
    const grid = child(tbl, 'w:tblGrid');
    if (grid) this.recorder.propChanges(grid, 'w:tblGridChange');
    for (const { el: tr, parent: rowParent } of flatten(tbl, 'w:tr')) {
      this.recorder.nextRow();
      const row: TableRow = { cells: [], revisionIds: [] };
      this.st.idHolders.push(row.revisionIds);
      const trPr = child(tr, 'w:trPr');
      const rowRevs: string[] = [];
      if (trPr) {
        for (const m of trPr.children) {
          if (m.type !== 'element') continue;
          if (m.name === 'w:ins' || m.name === 'w:del') {
            const kind = m.name === 'w:ins' ? 'tableRowInsertion' : 'tableRowDeletion';
            rowRevs.push(this.recorder.register(kind, m, { role: 'mark', el: m, parent: trPr, target: tr, container: rowParent }));
          } else if (m.name === 'w:trPrChange') {
            row.revisionIds.push(this.recorder.register('tableFormat', m, { role: 'propChange', el: m, parent: trPr }));
          }
        }
      }
      const tblPrEx = child(tr, 'w:tblPrEx');
      if (tblPrEx) this.recorder.propChanges(tblPrEx, 'w:tblPrExChange');
      row.revisionIds.push(...rowRevs);
      this.blockRevs.push(...rowRevs);
      for (const { el: tc, parent: cellParent } of flatten(tr, 'w:tc')) {
        const cell: TableCell = { blocks: [] };
        const tcPr = child(tc, 'w:tcPr');
        if (tcPr) {
          const span = Number(attr(child(tcPr, 'w:gridSpan'), 'w:val') ?? 1);
          if (span > 1) cell.span = span;
          const vMerge = child(tcPr, 'w:vMerge');
          if (vMerge && vMerge.attrs['w:val'] !== 'restart') cell.mergedUp = true;
          for (const m of tcPr.children) {
            if (m.type !== 'element') continue;
            if (m.name === 'w:cellIns' || m.name === 'w:cellDel') {
              const kind = m.name === 'w:cellIns' ? 'tableCellInsertion' : 'tableCellDeletion';
              row.revisionIds.push(this.recorder.register(kind, m, { role: 'mark', el: m, parent: tcPr, target: tc, container: cellParent }));
            } else if (m.name === 'w:tcPrChange' || m.name === 'w:cellMerge') {
              if (m.name === 'w:tcPrChange') row.revisionIds.push(this.recorder.register('tableFormat', m, { role: 'propChange', el: m, parent: tcPr }));
            }
          }
        }
        cell.blocks = this.blocks(tc);
        row.cells.push(cell);
      }
      this.blockRevs.splice(this.blockRevs.length - rowRevs.length, rowRevs.length);
      table.rows.push(row);
    }
    this.recorder.leaveTable();
    return table;
  }
}
