// Form fields drawn over a page: one outlined box per widget, named on hover (a
// tooltip that follows the pointer) and by its accessible name, so a person sees at
// a glance where each field sits and what `cowork doc fill` calls it.

import type { PageViewport, PDFPageProxy } from 'pdfjs-dist';
import { fieldLabel, type PdfFieldSummary } from '../../src/shared/pdfPreviewProtocol';
import { widgetKind, type WidgetInfo } from '../../src/shared/pdfPreviewModel';
import { h } from '../dom';

export interface PageField extends PdfFieldSummary {
  /** [x1, y1, x2, y2] in PDF user space. */
  rect: number[];
  readOnly: boolean;
  required: boolean;
  value?: string;
}

interface WidgetAnnotation extends WidgetInfo {
  subtype?: string;
  fieldName?: string;
  rect?: number[];
  readOnly?: boolean;
  required?: boolean;
  fieldValue?: unknown;
  hidden?: boolean;
}

export async function pageFields(page: PDFPageProxy): Promise<PageField[]> {
  const annotations = (await page.getAnnotations({ intent: 'display' })) as WidgetAnnotation[];
  const out: PageField[] = [];
  for (const a of annotations) {
    if (a.subtype !== 'Widget' || !a.fieldName || !a.rect || a.hidden) continue;
    const value = typeof a.fieldValue === 'string' ? a.fieldValue : Array.isArray(a.fieldValue) ? a.fieldValue.join(', ') : undefined;
    out.push({ name: a.fieldName, type: widgetKind(a), page: page.pageNumber, rect: a.rect, readOnly: !!a.readOnly, required: !!a.required, value });
  }
  return out;
}

/** The tooltip every overlay shares (one element, moved to the hovered field). */
export class FieldTooltip {
  readonly el = h('div', { class: 'field-tooltip', attrs: { role: 'tooltip', id: 'field-tooltip' } });
  constructor() {
    this.el.hidden = true;
    document.body.append(this.el);
  }
  show(field: PageField, x: number, y: number): void {
    const flags = [field.required ? 'required' : '', field.readOnly ? 'read-only' : ''].filter(Boolean).join(', ');
    this.el.replaceChildren(h('strong', { text: field.name }), ` ${field.type}${flags ? `, ${flags}` : ''}`);
    if (field.value) this.el.append(h('div', { class: 'field-value', text: `= ${field.value}` }));
    this.el.hidden = false;
    const pad = 12;
    const box = this.el.getBoundingClientRect();
    this.el.style.left = `${Math.min(x + pad, window.innerWidth - box.width - 4)}px`;
    this.el.style.top = `${y + pad + box.height > window.innerHeight ? y - box.height - pad : y + pad}px`;
  }
  hide(): void {
    this.el.hidden = true;
  }
}

/** Draws `fields` as boxes in `layer` (the page's overlay, the size of the viewport). */
export function drawFields(layer: HTMLElement, fields: PageField[], viewport: PageViewport, tooltip: FieldTooltip): void {
  layer.replaceChildren();
  for (const f of fields) {
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(f.rect);
    const box = h('div', {
      class: `field field-${f.type}`,
      attrs: { role: 'img', 'aria-label': `Field ${fieldLabel(f.name, f.type)}`, 'data-field': f.name, 'aria-describedby': 'field-tooltip' },
    });
    box.style.left = `${Math.min(x1, x2)}px`;
    box.style.top = `${Math.min(y1, y2)}px`;
    box.style.width = `${Math.abs(x2 - x1)}px`;
    box.style.height = `${Math.abs(y2 - y1)}px`;
    box.addEventListener('mouseenter', (e) => tooltip.show(f, e.clientX, e.clientY));
    box.addEventListener('mousemove', (e) => tooltip.show(f, e.clientX, e.clientY));
    box.addEventListener('mouseleave', () => tooltip.hide());
    layer.append(box);
  }
}
