// Draws the document's blocks into the page: headings, list items, tables, images,
// and tracked changes the way Word shows them (insertions underlined and deletions
// struck through in the author's colour, moves double-marked, formatting changes
// dotted, a change bar beside changed paragraphs). Rendering is incremental: the
// first screen is drawn at once, the rest in slices between frames, so a 300-page
// document is readable immediately and the page stays responsive while it fills in.

import { authorSlot, type ReviewBlock, type ReviewChange, type ReviewParagraph, type ReviewRun, type ReviewTable } from '../../src/shared/docxReviewModel';
import { h } from '../dom';

/** Time budget of one rendering slice, ms (about half a frame). */
const SLICE_MS = 8;

export class DocumentView {
  readonly root: HTMLElement;
  private blocks: Array<ReviewBlock | undefined> = [];
  private rendered = 0;
  private authorOf = new Map<string, number>();
  private scheduled = false;
  private afterRender: Array<{ upTo: number; run: () => void }> = [];

  constructor(private readonly onProgress: (rendered: number, total: number) => void) {
    this.root = h('main', { class: 'page', attrs: { 'aria-label': 'Document', tabindex: '-1' } });
  }

  /** Starts over with a new state: `total` blocks, the first ones given now. */
  reset(total: number, first: ReviewBlock[], changes: readonly ReviewChange[], authors: readonly string[]): void {
    this.blocks = new Array(total);
    this.rendered = 0;
    this.afterRender = [];
    this.authorOf = new Map(changes.map((c) => [c.id, authorSlot(authors, c.author)]));
    this.root.replaceChildren();
    this.add(0, first);
  }

  add(start: number, blocks: ReviewBlock[]): void {
    for (let i = 0; i < blocks.length; i++) this.blocks[start + i] = blocks[i];
    this.schedule();
  }

  get renderedCount(): number {
    return this.rendered;
  }

  get total(): number {
    return this.blocks.length;
  }

  /** Draws synchronously as far as the blocks that have arrived allow, up to `upTo` (inclusive). */
  renderUpTo(upTo: number): void {
    while (this.rendered <= upTo && this.rendered < this.blocks.length && this.blocks[this.rendered]) this.renderNext();
    this.flushWaiters();
  }

  /** Runs `fn` once block `upTo` is drawn (at once when it already is). */
  whenRendered(upTo: number, fn: () => void): void {
    if (this.rendered > Math.min(upTo, this.blocks.length - 1)) fn();
    else this.afterRender.push({ upTo, run: fn });
  }

  /** The elements that show a change (several when it spans runs or paragraphs). */
  elementsOf(changeId: string): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>(`[data-change="${cssEscape(changeId)}"]`)];
  }

  /** Top-level block index of an element of the page, or -1. */
  blockIndexOf(node: Node | null): number {
    let el: Node | null = node;
    while (el && el !== this.root) {
      if (el instanceof HTMLElement && el.parentElement === this.root && el.dataset.block !== undefined) return Number(el.dataset.block);
      el = el.parentNode;
    }
    return -1;
  }

  /** The first top-level block element at or below the top of the scroll port. */
  firstVisibleBlock(scroller: HTMLElement): number {
    const top = scroller.getBoundingClientRect().top;
    for (const el of this.root.children) {
      if ((el as HTMLElement).getBoundingClientRect().bottom > top) return Number((el as HTMLElement).dataset.block ?? 0);
    }
    return 0;
  }

  blockElement(index: number): HTMLElement | undefined {
    return (this.root.children[index] as HTMLElement | undefined) ?? undefined;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // The first slice runs now so the first screen never waits for a frame.
    const slice = (): void => {
      const until = performance.now() + SLICE_MS;
      while (this.rendered < this.blocks.length && this.blocks[this.rendered] && performance.now() < until) this.renderNext();
      this.flushWaiters();
      this.onProgress(this.rendered, this.blocks.length);
      if (this.rendered < this.blocks.length && this.blocks[this.rendered]) setTimeout(slice, 0);
      else this.scheduled = false;
    };
    slice();
  }

  private flushWaiters(): void {
    if (this.afterRender.length === 0) return;
    const due = this.afterRender.filter((w) => this.rendered > Math.min(w.upTo, this.blocks.length - 1));
    if (due.length === 0) return;
    this.afterRender = this.afterRender.filter((w) => !due.includes(w));
    for (const w of due) w.run();
  }

  private renderNext(): void {
    const i = this.rendered;
    const el = this.block(this.blocks[i] as ReviewBlock);
    el.dataset.block = String(i);
    this.root.append(el);
    this.rendered = i + 1;
  }

  private block(b: ReviewBlock): HTMLElement {
    return b.t === 'p' ? this.paragraph(b) : this.table(b);
  }

  private paragraph(p: ReviewParagraph): HTMLElement {
    const tag = p.heading && p.heading >= 1 && p.heading <= 6 ? (`h${p.heading}` as 'h1') : 'p';
    const classes = ['para'];
    if (p.style) classes.push(`style-${p.style.replace(/[^A-Za-z0-9_-]/g, '')}`);
    if (p.align && p.align !== 'left') classes.push(`align-${p.align}`);
    const el = h(tag, { class: classes.join(' '), title: p.style && !p.heading ? p.style : undefined });
    if (p.list) {
      el.classList.add('list-item');
      el.style.setProperty('--level', String(p.list.level));
      el.append(h('span', { class: 'list-label', text: p.list.label, attrs: { 'aria-hidden': p.list.label ? 'false' : 'true' } }));
    }
    let changed = false;
    for (const r of p.runs) {
      el.append(this.run(r));
      if (r.change) changed = true;
    }
    if (p.runs.length === 0) el.append(h('br'));
    if (p.change) {
      changed = true;
      this.mark(el, p.change, p.kind ?? 'paragraph', true);
    }
    if (changed) el.classList.add('changed');
    return el;
  }

  private run(r: ReviewRun): Node {
    let el: HTMLElement;
    if (r.image) {
      el = r.image.src
        ? h('img', { class: 'inline-image', attrs: { src: r.image.src, alt: r.image.alt || 'Image' } })
        : h('span', { class: 'image-placeholder', text: `[${r.image.alt || 'image'}]` });
      if (r.image.widthPx) el.style.width = `${Math.min(r.image.widthPx, 640)}px`;
    } else if (r.brk) {
      el = r.brk === 'tab' ? h('span', { class: 'tab', text: '\t' }) : h('br', { class: r.brk === 'page' ? 'page-break' : undefined });
      if (!r.change) return el;
      el = h('span', {}, el);
    } else if (r.href) {
      el = h('a', { class: 'link', text: r.text, title: r.href });
    } else {
      el = h('span', { text: r.text });
    }
    if (r.bold) el.classList.add('b');
    if (r.italic) el.classList.add('i');
    if (r.underline) el.classList.add('u');
    if (r.strike) el.classList.add('s');
    if (r.comments?.length) {
      el.classList.add('commented');
      el.dataset.comments = r.comments.join(' ');
    }
    if (r.change) this.mark(el, r.change, r.kind ?? 'insertion', false);
    return el;
  }

  private mark(el: HTMLElement, id: string, kind: string, whole: boolean): void {
    el.dataset.change = id;
    el.classList.add('rev', `rev-${kind}`, `author-${this.authorOf.get(id) ?? 0}`);
    if (whole) el.classList.add('rev-block');
  }

  private table(t: ReviewTable): HTMLElement {
    const table = h('table', { class: 'doc-table' });
    const body = h('tbody');
    for (const row of t.rows) {
      const tr = h('tr');
      if (row.change) this.mark(tr, row.change, row.kind ?? 'tableRow', true);
      for (const cell of row.cells) {
        const td = h('td');
        for (const b of cell) td.append(this.block(b));
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    return table;
  }
}

function cssEscape(s: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
}
