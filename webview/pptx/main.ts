// The slide preview's webview: one row per slide, its rendered image on the left (a
// placeholder until the sandbox has rendered it), its title, text and speaker notes on
// the right; hidden slides are marked. It keeps no state of its own: the extension sends
// the deck (`load`) and then the images.

import { parsePptxExtensionMessage, type PptxToExtension, type PptxToWebview, type PreviewSlide } from '../../src/shared/pptxPreviewProtocol';
import { h, icon } from '../dom';

interface VsCodeApi {
  postMessage(msg: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

class PreviewApp {
  private readonly api = acquireVsCodeApi();
  private readonly status = h('span', { class: 'status', attrs: { 'aria-live': 'polite' } });
  private readonly list = h('ol', { class: 'slides', attrs: { 'aria-label': 'Slides' } });
  private readonly figures = new Map<number, HTMLElement>();

  constructor(private readonly root: HTMLElement) {
    window.addEventListener('message', (ev: MessageEvent) => {
      const parsed = parsePptxExtensionMessage(ev.data);
      if (parsed.ok) this.handle(parsed.value);
    });
    this.send({ type: 'ready' });
  }

  private send(msg: PptxToExtension): void {
    this.api.postMessage(msg);
  }

  private handle(msg: PptxToWebview): void {
    switch (msg.type) {
      case 'load':
        return this.load(msg.fileName, msg.slides);
      case 'images':
        for (const img of msg.images) {
          const fig = this.figures.get(img.number);
          if (!fig) continue;
          fig.replaceChildren(h('img', { attrs: { src: img.src, alt: `Slide ${img.number}` } }));
          fig.classList.remove('pending');
        }
        this.status.textContent = `${msg.images.length} slide${msg.images.length === 1 ? '' : 's'} rendered${msg.cached ? ' (cached)' : ''}`;
        this.root.setAttribute('aria-busy', 'false');
        return;
      case 'status':
        this.status.textContent = msg.message;
        this.root.setAttribute('aria-busy', String(msg.busy));
        return;
      case 'renderFailed':
        this.status.textContent = msg.message;
        this.status.classList.add('error');
        for (const fig of this.figures.values()) if (fig.classList.contains('pending')) fig.replaceChildren(h('span', { class: 'placeholder', text: 'No image' }));
        this.root.setAttribute('aria-busy', 'false');
        return;
      case 'failed':
        this.root.replaceChildren(h('div', { class: 'failed', attrs: { role: 'alert' } }, icon('error'), h('p', { text: msg.message })));
        this.root.setAttribute('aria-busy', 'false');
        return;
    }
  }

  private load(fileName: string, slides: PreviewSlide[]): void {
    this.figures.clear();
    this.status.classList.remove('error');
    const rerender = h('button', { class: 'rerender', title: 'Render the slides again', attrs: { type: 'button' }, on: { click: () => this.send({ type: 'rerender' }) } }, icon('refresh'), ' Render again');
    const header = h('header', { class: 'toolbar' }, h('h1', { text: fileName }), h('span', { class: 'count', text: `${slides.length} slide${slides.length === 1 ? '' : 's'}` }), this.status, rerender);
    this.list.replaceChildren(...slides.map((s) => this.row(s)));
    const body = slides.length ? this.list : h('p', { class: 'empty', text: 'This deck has no slides.' });
    this.root.replaceChildren(header, body);
  }

  private row(s: PreviewSlide): HTMLElement {
    const fig = h('figure', { class: 'thumb pending' }, h('span', { class: 'placeholder', text: 'Rendering…' }));
    this.figures.set(s.number, fig);
    const text = h('div', { class: 'text' },
      h('h2', {}, h('span', { class: 'number', text: String(s.number) }), ' ', s.title ?? h('em', { text: 'No title' }), s.hidden ? h('span', { class: 'hidden-badge', text: 'Hidden' }) : null),
      s.paragraphs.length ? h('ul', { class: 'body' }, ...s.paragraphs.map((p) => h('li', { text: p.text, class: `level-${Math.min(p.level, 8)}` }))) : null,
      s.notes ? h('section', { class: 'notes', attrs: { 'aria-label': `Notes of slide ${s.number}` } }, h('h3', { text: 'Notes' }), h('p', { text: s.notes })) : null,
    );
    return h('li', { class: s.hidden ? 'slide hidden' : 'slide', attrs: { 'aria-label': `Slide ${s.number}${s.hidden ? ' (hidden)' : ''}` } }, fig, text);
  }
}

const root = document.getElementById('app');
if (root) new PreviewApp(root);
