// Form discovery: every AcroForm field with its full name, kind, where its widgets are
// (page and rectangle, in PDF points from the bottom-left), its options, its current
// value and its flags. This is what an agent reads before filling, and what `fill`
// checks values against.

import { PDFCheckBox, PDFDocument, PDFDropdown, PDFField, PDFOptionList, PDFRadioGroup, PDFRef, PDFSignature, PDFTextField } from '@cantoo/pdf-lib';
import { guardPdfLib, openPdfLib } from './pdfLib';

export type PdfFieldType = 'text' | 'checkbox' | 'radio' | 'dropdown' | 'list' | 'signature' | 'button';

export interface PdfWidget {
  /** 1-based page, or null when the widget is on no page. */
  page: number | null;
  /** [x, y, width, height] in points, origin bottom-left of the page. */
  rect: [number, number, number, number];
  /** For a checkbox or radio button: the export value this widget stands for. */
  onValue?: string;
}

export interface PdfField {
  /** Fully qualified name (`parent.child`), what fill data is keyed by. */
  name: string;
  type: PdfFieldType;
  page: number | null;
  rect: [number, number, number, number] | null;
  widgets: PdfWidget[];
  /** Radio: the export values; dropdown and list: the choices. */
  options?: string[];
  /** text: string; checkbox: boolean; radio/dropdown: string or null; list (and multi-select dropdown): string[]. */
  value: string | boolean | string[] | null;
  required: boolean;
  readOnly: boolean;
  maxLength?: number;
  multiline?: boolean;
  /** Dropdown: a value outside the options may be typed. */
  editable?: boolean;
  multiSelect?: boolean;
}

export function fieldType(f: PDFField): PdfFieldType {
  if (f instanceof PDFTextField) return 'text';
  if (f instanceof PDFCheckBox) return 'checkbox';
  if (f instanceof PDFRadioGroup) return 'radio';
  if (f instanceof PDFDropdown) return 'dropdown';
  if (f instanceof PDFOptionList) return 'list';
  if (f instanceof PDFSignature) return 'signature';
  return 'button';
}

/** A map from each annotation's object ref to its page number. */
function annotationPages(doc: PDFDocument): Map<string, number> {
  const map = new Map<string, number>();
  doc.getPages().forEach((p, i) => {
    const annots = p.node.Annots();
    if (!annots) return;
    for (let k = 0; k < annots.size(); k++) {
      const ref = annots.get(k);
      if (ref instanceof PDFRef) map.set(ref.toString(), i + 1);
    }
  });
  return map;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function describeField(doc: PDFDocument, f: PDFField, pages = annotationPages(doc)): PdfField {
  const pageRefs = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const widgets: PdfWidget[] = f.acroField.getWidgets().map((w) => {
    const ref = doc.context.getObjectRef(w.dict);
    const byAnnots = ref ? pages.get(ref.toString()) : undefined;
    const byP = w.P() ? pageRefs.get(w.P()!.toString()) : undefined;
    const r = w.getRectangle();
    const on = w.getOnValue()?.decodeText();
    return { page: byAnnots ?? byP ?? null, rect: [round(r.x), round(r.y), round(r.width), round(r.height)], ...(on && (f instanceof PDFCheckBox || f instanceof PDFRadioGroup) ? { onValue: on } : {}) };
  });
  const base = {
    name: f.getName(),
    type: fieldType(f),
    page: widgets[0]?.page ?? null,
    rect: widgets[0]?.rect ?? null,
    widgets,
    required: f.isRequired(),
    readOnly: f.isReadOnly(),
  };
  if (f instanceof PDFTextField) {
    const maxLength = f.getMaxLength();
    return { ...base, value: safe(() => f.getText() ?? '', ''), ...(maxLength !== undefined ? { maxLength } : {}), multiline: f.isMultiline() };
  }
  if (f instanceof PDFCheckBox) return { ...base, value: f.isChecked() };
  if (f instanceof PDFRadioGroup) return { ...base, options: [...new Set(f.getOptions())], value: f.getSelected() ?? null };
  if (f instanceof PDFDropdown) {
    const sel = f.getSelected();
    return { ...base, options: f.getOptions(), value: f.isMultiselect() ? sel : (sel[0] ?? null), editable: f.isEditable(), multiSelect: f.isMultiselect() };
  }
  if (f instanceof PDFOptionList) return { ...base, options: f.getOptions(), value: f.getSelected(), multiSelect: f.isMultiselect() };
  return { ...base, value: null };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    // Rich text values pdf-lib cannot read: reported as empty rather than failing the whole form.
    return fallback;
  }
}

/** Every field of an open document, in the form's order. */
export function listFields(doc: PDFDocument): PdfField[] {
  const pages = annotationPages(doc);
  return doc.getForm().getFields().map((f) => describeField(doc, f, pages));
}

/** Every field of the PDF in `data` (an empty list for a PDF without a form). */
export async function pdfFields(data: Uint8Array, opts: { password?: string } = {}): Promise<PdfField[]> {
  const doc = await openPdfLib(data, opts);
  return guardPdfLib(async () => listFields(doc));
}
