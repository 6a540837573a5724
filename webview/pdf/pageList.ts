// The pages, one under another: each page is a frame of its size at the current zoom,
// drawn (canvas + field boxes) only when it comes near the view and dropped again when
// far away, so a long document scrolls without holding every page as pixels.

import { AnnotationMode, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist';
import { currentPage } from '../../src/shared/pdfPreviewModel';
import { h } from '../dom';
import { drawFields, pageFields, type FieldTooltip, type PageField } from './fieldOverlay';

interface PageSlot {
  number: number;
  frame: HTMLElement;
  canvas?: HTMLCanvasElement;
  layer: HTMLElement;
  /** Size at scale 1, in CSS pixels (PDF points). */
  width: number;
  height: number;
  drawnScale?: number;
  task?: RenderTask;
}

/** Pages within this many px of the view are drawn. */
const NEAR_PX = 1200;

export class PageList {
  readonly scroller = h('main', { class: 'pages', attrs: { tabindex: '0', 'aria-label': 'Pages' } });
  private slots: PageSlot[] = [];
  private scale = 1;
  private readonly fields = new Map<number, PageField[]>();
  private observer?: IntersectionObserver;
  private onPage: (n: number) => void = () => {};

  constructor(
    private readonly doc: PDFDocumentProxy,
    private readonly tooltip: FieldTooltip,
    private highlight: boolean,
  ) {}

  /** Lays out every page at scale 1 (sizes only) and returns the widest page's size. */
  async layout(onPage: (n: number) => void): Promise<{ width: number; height: number }> {
    this.onPage = onPage;
    let widest = { width: 0, height: 0 };
    for (let n = 1; n <= this.doc.numPages; n++) {
      const page = await this.doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      const frame = h('div', { class: 'page', attrs: { 'data-page': String(n), role: 'region', 'aria-label': `Page ${n}` } });
      const layer = h('div', { class: 'field-layer' });
      frame.append(layer);
      this.slots.push({ number: n, frame, layer, width: vp.width, height: vp.height });
      if (vp.width > widest.width) widest = { width: vp.width, height: vp.height };
    }
    this.scroller.replaceChildren(...this.slots.map((s) => s.frame));
    this.observer = new IntersectionObserver((entries) => this.visibilityChanged(entries), { root: this.scroller, rootMargin: `${NEAR_PX}px 0px` });
    for (const s of this.slots) this.observer.observe(s.frame);
    this.scroller.addEventListener('scroll', () => this.onPage(this.current()), { passive: true });
    return widest;
  }

  get count(): number {
    return this.slots.length;
  }

  /** Every form field of the document (reads each page's annotations once). */
  async allFields(): Promise<PageField[]> {
    const out: PageField[] = [];
    for (const s of this.slots) out.push(...(await this.fieldsOf(await this.doc.getPage(s.number))));
    return out;
  }

  setScale(scale: number): void {
    const page = this.current();
    const within = this.offsetWithin(page);
    this.scale = scale;
    for (const s of this.slots) this.size(s);
    // Keep the same spot of the same page in view.
    const slot = this.slots[page - 1];
    if (slot) this.scroller.scrollTop = slot.frame.offsetTop + within * slot.frame.offsetHeight;
    for (const s of this.slots) if (s.drawnScale !== undefined && this.isNear(s)) void this.draw(s);
  }

  setHighlight(on: boolean): void {
    this.highlight = on;
    this.scroller.classList.toggle('fields-hidden', !on);
  }

  goTo(n: number): void {
    const slot = this.slots[n - 1];
    if (!slot) return;
    this.scroller.scrollTop = slot.frame.offsetTop - 8;
    this.onPage(n);
  }

  current(): number {
    return currentPage(
      this.scroller.scrollTop,
      this.scroller.clientHeight,
      this.slots.map((s) => s.frame.offsetTop),
      this.slots.map((s) => s.frame.offsetHeight),
    );
  }

  /** Resolves when page `n` has been drawn at the current scale. */
  async drawNow(n: number): Promise<void> {
    const slot = this.slots[n - 1];
    if (slot) await this.draw(slot);
  }

  dispose(): void {
    this.observer?.disconnect();
    for (const s of this.slots) s.task?.cancel();
  }

  private offsetWithin(n: number): number {
    const slot = this.slots[n - 1];
    if (!slot || slot.frame.offsetHeight === 0) return 0;
    return Math.max(0, (this.scroller.scrollTop - slot.frame.offsetTop) / slot.frame.offsetHeight);
  }

  private size(s: PageSlot): void {
    s.frame.style.width = `${Math.floor(s.width * this.scale)}px`;
    s.frame.style.height = `${Math.floor(s.height * this.scale)}px`;
  }

  private isNear(s: PageSlot): boolean {
    const top = s.frame.offsetTop - this.scroller.scrollTop;
    return top < this.scroller.clientHeight + NEAR_PX && top + s.frame.offsetHeight > -NEAR_PX;
  }

  private visibilityChanged(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const slot = this.slots[Number((e.target as HTMLElement).dataset.page) - 1];
      if (!slot) continue;
      if (e.isIntersecting) void this.draw(slot);
      else this.drop(slot);
    }
  }

  private async fieldsOf(page: PDFPageProxy): Promise<PageField[]> {
    let f = this.fields.get(page.pageNumber);
    if (!f) this.fields.set(page.pageNumber, (f = await pageFields(page)));
    return f;
  }

  private async draw(s: PageSlot): Promise<void> {
    const scale = this.scale;
    if (s.drawnScale === scale && s.canvas) return;
    s.task?.cancel();
    const page = await this.doc.getPage(s.number);
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale });
    const canvas = h('canvas', { class: 'page-canvas', attrs: { 'aria-hidden': 'true' } });
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    const task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0], annotationMode: AnnotationMode.ENABLE });
    s.task = task;
    try {
      await task.promise;
    } catch (err) {
      if ((err as { name?: string }).name === 'RenderingCancelledException') return;
      throw err;
    }
    if (s.task !== task) return;
    s.task = undefined;
    s.canvas?.remove();
    s.canvas = canvas;
    s.drawnScale = scale;
    s.frame.prepend(canvas);
    drawFields(s.layer, await this.fieldsOf(page), viewport, this.tooltip);
    s.frame.classList.add('drawn');
    if (!this.highlight) this.scroller.classList.add('fields-hidden');
  }

  private drop(s: PageSlot): void {
    s.task?.cancel();
    s.task = undefined;
    s.canvas?.remove();
    s.canvas = undefined;
    s.drawnScale = undefined;
    s.layer.replaceChildren();
    s.frame.classList.remove('drawn');
  }
}
