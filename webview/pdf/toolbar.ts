// The preview's toolbar: previous/next page, a page number box, zoom out/in, a zoom
// menu (fit width, fit page, fixed steps), the field highlight toggle and a status
// line. It holds no state beyond what its controls show; the app drives it.

import { ZOOM_STEPS, type ZoomMode } from '../../src/shared/pdfPreviewModel';
import { h, icon } from '../dom';

export interface ToolbarActions {
  previous(): void;
  next(): void;
  goTo(text: string): void;
  zoom(direction: 1 | -1): void;
  zoomMode(mode: ZoomMode): void;
  highlight(on: boolean): void;
}

export class Toolbar {
  readonly el: HTMLElement;
  private readonly pageBox: HTMLInputElement;
  private readonly pageCount: HTMLElement;
  private readonly zoomSelect: HTMLSelectElement;
  private readonly fieldsButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;

  constructor(actions: ToolbarActions) {
    const tb = (label: string, codicon: string, onClick: () => void): HTMLButtonElement =>
      h('button', { class: 'tb-button icon-only', title: label, attrs: { type: 'button', 'aria-label': label }, on: { click: onClick } }, icon(codicon));
    this.prev = tb('Previous page', 'arrow-up', actions.previous);
    this.nextButton = tb('Next page', 'arrow-down', actions.next);
    this.pageBox = h('input', { class: 'page-box', attrs: { type: 'text', inputmode: 'numeric', 'aria-label': 'Page number', size: '4' } });
    this.pageBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') actions.goTo(this.pageBox.value);
    });
    this.pageBox.addEventListener('change', () => actions.goTo(this.pageBox.value));
    this.pageCount = h('span', { class: 'page-count' });
    this.zoomSelect = h('select', { class: 'zoom-select', attrs: { 'aria-label': 'Zoom' } });
    const options: [string, string][] = [['fit-width', 'Fit width'], ['fit-page', 'Fit page'], ...ZOOM_STEPS.map((s): [string, string] => [String(s), `${Math.round(s * 100)}%`])];
    for (const [value, text] of options) this.zoomSelect.append(h('option', { text, attrs: { value } }));
    this.zoomSelect.append(h('option', { class: 'custom-zoom', attrs: { value: 'custom', hidden: '' } }));
    this.zoomSelect.addEventListener('change', () => {
      const v = this.zoomSelect.value;
      if (v === 'fit-width' || v === 'fit-page') actions.zoomMode(v);
      else if (v !== 'custom') actions.zoomMode(Number(v));
    });
    this.fieldsButton = h('button', { class: 'tb-button', attrs: { type: 'button', 'aria-pressed': 'true', title: 'Outline the form fields and name them on hover' } }, icon('symbol-field'), 'Fields');
    this.fieldsButton.addEventListener('click', () => {
      const on = this.fieldsButton.getAttribute('aria-pressed') !== 'true';
      this.fieldsButton.setAttribute('aria-pressed', String(on));
      actions.highlight(on);
    });
    this.status = h('span', { class: 'status', attrs: { role: 'status' } });
    this.el = h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'PDF' } },
      this.prev,
      this.nextButton,
      this.pageBox,
      this.pageCount,
      h('span', { class: 'sep' }),
      tb('Zoom out', 'zoom-out', () => actions.zoom(-1)),
      tb('Zoom in', 'zoom-in', () => actions.zoom(1)),
      this.zoomSelect,
      h('span', { class: 'sep' }),
      this.fieldsButton,
      this.status,
    );
  }

  showPage(n: number, count: number): void {
    if (document.activeElement !== this.pageBox) this.pageBox.value = String(n);
    this.pageCount.textContent = `of ${count}`;
    this.prev.disabled = n <= 1;
    this.nextButton.disabled = n >= count;
  }

  showZoom(mode: ZoomMode, scale: number): void {
    const custom = this.zoomSelect.querySelector<HTMLOptionElement>('.custom-zoom')!;
    const value = typeof mode === 'string' ? mode : String(mode);
    const known = [...this.zoomSelect.options].some((o) => o.value === value && o !== custom);
    custom.hidden = known;
    custom.textContent = `${Math.round(scale * 100)}%`;
    this.zoomSelect.value = known ? value : 'custom';
    this.zoomSelect.title = `Zoom: ${Math.round(scale * 100)}%`;
  }

  showFields(count: number): void {
    this.fieldsButton.hidden = count === 0;
    this.fieldsButton.setAttribute('aria-label', `Highlight ${count} form field${count === 1 ? '' : 's'}`);
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }
}
