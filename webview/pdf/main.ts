// The PDF preview's webview: receives the file's bytes from the extension, opens them
// with pdf.js (its worker started from a blob: URL of dist/pdf.worker.js), and shows
// the pages with a toolbar and the form fields outlined. An encrypted file asks for
// its password; a file pdf.js cannot read shows why. Zoom and the page survive a
// reload of the file (a task refilling a form) and the webview being hidden.

import { getDocument, GlobalWorkerOptions, PasswordResponses, type PDFDocumentLoadingTask, type PDFDocumentProxy } from 'pdfjs-dist';
import { parsePdfExtensionMessage, type PdfToExtension } from '../../src/shared/pdfPreviewProtocol';
import { clampZoom, parsePageNumber, scaleFor, stepZoom, type ZoomMode } from '../../src/shared/pdfPreviewModel';
import { h } from '../dom';
import { FieldTooltip } from './fieldOverlay';
import { PageList } from './pageList';
import { Toolbar } from './toolbar';

interface VsCodeApi {
  postMessage(msg: PdfToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  zoom?: ZoomMode;
  page?: number;
  highlight?: boolean;
}

const START = performance.now();

class PdfApp {
  private readonly api = acquireVsCodeApi();
  private readonly saved: SavedState;
  private readonly tooltip = new FieldTooltip();
  private readonly toolbar: Toolbar;
  private readonly body = h('div', { class: 'body' });
  private zoom: ZoomMode;
  private scale = 1;
  private widest = { width: 612, height: 792 };
  private pages?: PageList;
  private task?: PDFDocumentLoadingTask;
  private highlight: boolean;

  constructor(private readonly root: HTMLElement) {
    this.saved = (this.api.getState() as SavedState | undefined) ?? {};
    this.zoom = this.saved.zoom ?? 'fit-width';
    this.highlight = this.saved.highlight ?? true;
    this.toolbar = new Toolbar({
      previous: () => this.goTo(this.page() - 1),
      next: () => this.goTo(this.page() + 1),
      goTo: (text) => {
        const n = parsePageNumber(text, this.pages?.count ?? 0);
        if (n) this.goTo(n);
        else this.toolbar.showPage(this.page(), this.pages?.count ?? 0);
      },
      zoom: (d) => this.setZoom(stepZoom(this.scale, d)),
      zoomMode: (m) => this.setZoom(m),
      highlight: (on) => {
        this.highlight = on;
        this.pages?.setHighlight(on);
        this.remember();
      },
    });
    root.replaceChildren(this.toolbar.el, this.body);
    this.toolbar.el.hidden = true;
    window.addEventListener('message', (e) => this.onMessage(e.data));
    window.addEventListener('resize', () => {
      if (typeof this.zoom === 'string') this.applyZoom();
    });
    window.addEventListener('keydown', (e) => this.onKey(e));
    this.api.postMessage({ type: 'ready' });
  }

  private page(): number {
    return this.pages?.current() ?? 1;
  }

  private onMessage(raw: unknown): void {
    const parsed = parsePdfExtensionMessage(raw);
    if (!parsed.ok) {
      console.warn(`pdf preview: dropped a malformed message: ${parsed.error}`);
      return;
    }
    const msg = parsed.value;
    if (msg.type === 'failed') return this.fail(msg.message);
    void this.open(msg.data, msg.version, msg.fileName);
  }

  private async open(data: Uint8Array, version: number, fileName: string, password?: string): Promise<void> {
    const keepPage = this.pages ? this.page() : this.saved.page;
    await this.task?.destroy().catch(() => undefined);
    this.root.setAttribute('aria-busy', 'true');
    // pdf.js hands its buffer to the worker; keep ours for a password retry.
    const task = getDocument({ data: data.slice(), password, isEvalSupported: false, useWorkerFetch: false, standardFontDataUrl: this.root.dataset.fonts, cMapUrl: this.root.dataset.cmaps, cMapPacked: true, enableXfa: false });
    this.task = task;
    task.onPassword = (retry: (pw: string) => void, reason: number) => {
      this.askPassword(fileName, reason === PasswordResponses.INCORRECT_PASSWORD, retry);
      this.api.postMessage({ type: 'openFailed', version, reason: 'password', message: 'the file is encrypted and needs a password' });
    };
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (err) {
      if (task !== this.task) return;
      const e = err as { name?: string; message?: string };
      const invalid = e.name === 'InvalidPDFException';
      const message = invalid ? `${fileName} is not a PDF that can be read: ${e.message ?? 'invalid structure'}.` : `${fileName} cannot be shown: ${e.message ?? String(err)}`;
      this.api.postMessage({ type: 'openFailed', version, reason: invalid ? 'invalid' : 'other', message });
      return this.fail(message);
    }
    if (task !== this.task) return;
    this.pages?.dispose();
    const pages = new PageList(doc, this.tooltip, this.highlight);
    this.pages = pages;
    this.widest = await pages.layout((n) => {
      this.toolbar.showPage(n, pages.count);
      this.remember();
    });
    this.body.replaceChildren(pages.scroller);
    this.toolbar.el.hidden = false;
    this.applyZoom();
    pages.setHighlight(this.highlight);
    const first = keepPage && keepPage <= pages.count ? keepPage : 1;
    pages.goTo(first);
    await pages.drawNow(first);
    const fields = await pages.allFields();
    this.toolbar.showFields(fields.length);
    this.toolbar.setStatus(`${pages.count} page${pages.count === 1 ? '' : 's'}${fields.length ? ` · ${fields.length} form fields` : ''}`);
    this.root.setAttribute('aria-busy', 'false');
    this.api.postMessage({ type: 'rendered', version, pages: pages.count, fields: fields.map((f) => ({ name: f.name, type: f.type, page: f.page })), ms: performance.now() - START });
  }

  private askPassword(fileName: string, wrong: boolean, retry: (pw: string) => void): void {
    const input = h('input', { class: 'password', attrs: { type: 'password', 'aria-label': 'Password', autocomplete: 'off' } });
    const submit = (): void => {
      if (input.value) retry(input.value);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') submit();
    });
    const panel = h(
      'div',
      { class: 'failure', attrs: { role: 'alert' } },
      h('p', { text: wrong ? `That password does not open ${fileName}. Try again.` : `${fileName} is encrypted. Enter its password to open it.` }),
      h('p', {}, input, ' ', h('button', { class: 'tb-button', text: 'Open', attrs: { type: 'button' }, on: { click: submit } })),
    );
    this.toolbar.el.hidden = true;
    this.body.replaceChildren(panel);
    this.root.setAttribute('aria-busy', 'false');
    input.focus();
  }

  private fail(message: string): void {
    this.toolbar.el.hidden = true;
    this.body.replaceChildren(h('div', { class: 'failure', attrs: { role: 'alert' } }, h('p', { text: message })));
    this.root.setAttribute('aria-busy', 'false');
  }

  private goTo(n: number): void {
    if (!this.pages) return;
    const page = Math.max(1, Math.min(this.pages.count, n));
    this.pages.goTo(page);
    this.toolbar.showPage(page, this.pages.count);
  }

  private setZoom(mode: ZoomMode): void {
    this.zoom = typeof mode === 'number' ? clampZoom(mode) : mode;
    this.applyZoom();
    this.remember();
  }

  private applyZoom(): void {
    if (!this.pages) return;
    const room = { width: Math.max(100, this.body.clientWidth - 32), height: Math.max(100, this.body.clientHeight - 24) };
    this.scale = scaleFor(this.zoom, this.widest, room);
    this.pages.setScale(this.scale);
    this.toolbar.showZoom(this.zoom, this.scale);
    this.toolbar.showPage(this.page(), this.pages.count);
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.pages || (e.target instanceof HTMLInputElement && e.target.type !== 'button')) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && (e.key === '=' || e.key === '+')) this.setZoom(stepZoom(this.scale, 1));
    else if (mod && e.key === '-') this.setZoom(stepZoom(this.scale, -1));
    else if (mod && e.key === '0') this.setZoom('fit-width');
    else if (e.key === 'PageDown' || (e.key === 'ArrowRight' && !mod)) this.goTo(this.page() + 1);
    else if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && !mod)) this.goTo(this.page() - 1);
    else if (e.key === 'Home' && mod) this.goTo(1);
    else if (e.key === 'End' && mod) this.goTo(this.pages.count);
    else return;
    e.preventDefault();
  }

  private remember(): void {
    this.api.setState({ zoom: this.zoom, page: this.page(), highlight: this.highlight } satisfies SavedState);
  }
}

async function startWorker(root: HTMLElement): Promise<void> {
  const url = root.dataset.worker;
  if (!url) throw new Error('the page does not name the pdf.js worker');
  const source = await (await fetch(url)).blob();
  const blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  GlobalWorkerOptions.workerPort = new Worker(blobUrl);
}

const root = document.getElementById('app')!;
startWorker(root).then(
  () => new PdfApp(root),
  (err: unknown) => {
    root.replaceChildren(h('div', { class: 'failure', attrs: { role: 'alert' } }, h('p', { text: `The PDF preview could not start its reader: ${err instanceof Error ? err.message : String(err)}` })));
    root.setAttribute('aria-busy', 'false');
  },
);
