// Filling a form from a map of field name -> value, with every value checked against
// the field first: an unknown name, a wrong option, a value too long, a read-only or
// signature field are errors that name the field (and the allowed options), and nothing
// is written unless every value fits. Appearances are regenerated so the values show in
// every viewer (not only those that redraw fields themselves), each text in a font that
// has its characters: Helvetica for Latin, else the installed font `doc place` would pick
// (placeFonts.ts: Liberation Sans for Greek and Cyrillic, Droid Sans Fallback for CJK),
// embedded as a subset. `flatten` then turns the fields into page content.

import { PDFCheckBox, PDFDocument, PDFDropdown, PDFField, PDFFont, PDFOptionList, PDFRadioGroup, PDFTextField } from '@cantoo/pdf-lib';
import { DocumentError } from '../ooxml/documentError';
import { describeField, fieldType, type PdfField } from './formFields';
import type { OutputEncryption } from './pdfEncryption';
import { guardPdfLib, openPdfLib, pdfLibError, savePdf, type PdfWriteOptions } from './pdfLib';
import { PlaceFonts } from './placeFonts';

export type FillValue = string | number | boolean | string[] | null;
export type FillData = Record<string, FillValue>;

export interface FillOptions extends PdfWriteOptions {
  flatten?: boolean;
}

export interface FillResult {
  data: Buffer;
  /** Each field set, with the value as the form now holds it. */
  filled: { name: string; type: string; value: PdfField['value'] }[];
  flattened: boolean;
  /** Set when an input was encrypted or encryption was asked for. */
  encryption?: OutputEncryption;
}

const TRUE = new Set(['true', 'yes', 'y', 'on', 'x', '1', 'checked']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0', '', 'unchecked']);

function show(v: unknown): string {
  return JSON.stringify(v);
}

/** Edit distance, for "did you mean" (names are short; this is only run on a miss). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function closeNames(name: string, all: string[]): string {
  const low = name.toLowerCase();
  const near = all.filter((n) => {
    const l = n.toLowerCase();
    return l === low || l.includes(low) || low.includes(l) || distance(l, low) <= Math.max(1, Math.floor(low.length / 4));
  });
  return near.length ? ` (did you mean ${near.slice(0, 3).map(show).join(', ')}?)` : '';
}

/** The options as a person reads them in an error. */
function optionList(options: string[]): string {
  return options.length ? options.map(show).join(', ') : '(none)';
}

type TextishField = PDFTextField | PDFDropdown | PDFOptionList;

/**
 * Checks one value against its field and sets it; returns a problem instead when it does
 * not fit. A text the standard font cannot show gets an installed font in `fonts`.
 */
async function setValue(f: PDFField, value: FillValue, fonts: PlaceFonts, chosen: Map<TextishField, PDFFont>): Promise<string | undefined> {
  const pickFont = async (field: TextishField, shown: string): Promise<string | undefined> => {
    const picked = await fonts.auto(shown, false);
    if (typeof picked === 'string') return picked;
    if (picked.name !== 'helvetica') chosen.set(field, picked.font);
    return undefined;
  };
  const type = fieldType(f);
  if (f.isReadOnly()) return 'is read-only';
  if (type === 'signature') return 'is a signature field: it is signed in a PDF viewer, not filled';
  if (type === 'button') return 'is a push button: it has no value';
  if (f instanceof PDFTextField) {
    if (value === null) {
      f.setText(undefined);
      return undefined;
    }
    if (typeof value !== 'string' && typeof value !== 'number') return `takes text, not ${show(value)}`;
    const text = String(value);
    const max = f.getMaxLength();
    if (max !== undefined && text.length > max) return `takes at most ${max} characters; ${show(text)} has ${text.length}`;
    if (!f.isMultiline() && /[\r\n]/.test(text)) return `is a single-line field; ${show(text)} has a line break`;
    const bad = await pickFont(f, text);
    if (bad) return bad;
    f.setText(text);
    return undefined;
  }
  if (f instanceof PDFCheckBox) {
    const on = f.acroField.getWidgets().map((w) => w.getOnValue()?.decodeText()).filter((x): x is string => !!x);
    const v = typeof value === 'string' ? value.trim() : value;
    const checked = v === true || (typeof v === 'string' && (TRUE.has(v.toLowerCase()) || on.includes(v))) || v === 1;
    const unchecked = v === false || v === null || v === 0 || (typeof v === 'string' && FALSE.has(v.toLowerCase()));
    if (!checked && !unchecked) return `is a checkbox: give true or false (or "yes"/"no"${on.length ? `, or its export value ${show(on[0])}` : ''}), not ${show(value)}`;
    if (checked) f.check();
    else f.uncheck();
    return undefined;
  }
  if (f instanceof PDFRadioGroup) {
    const options = [...new Set(f.getOptions())];
    if (value === null || value === '') {
      f.clear();
      return undefined;
    }
    if (typeof value !== 'string' || !options.includes(value)) return `${show(value)} is not one of the options: ${optionList(options)}`;
    f.select(value);
    return undefined;
  }
  if (f instanceof PDFDropdown || f instanceof PDFOptionList) {
    const options = f.getOptions();
    const multi = f.isMultiselect();
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      f.clear();
      return undefined;
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v !== 'string')) return `takes ${multi ? 'option names' : 'an option name'}, not ${show(value)}`;
    if (list.length > 1 && !multi) return `takes one option, not ${list.length}`;
    const editable = f instanceof PDFDropdown && f.isEditable();
    const unknown = list.filter((v) => !options.includes(v as string));
    if (unknown.length && !editable) return `${show(unknown.length === 1 ? unknown[0] : unknown)} is not one of the options: ${optionList(options)}`;
    // A list box draws all its options, a dropdown the chosen one.
    const bad = await pickFont(f, (f instanceof PDFOptionList ? [...options, ...list] : list).join('\n'));
    if (bad) return bad;
    f.select(list as string[]);
    return undefined;
  }
  return `has a type that cannot be filled`;
}

/** The font size a DA string sets (`/Helv 12 Tf`), or undefined when it leaves the size automatic (0) or says none. */
function fixedSize(da: string | undefined): number | undefined {
  const m = da ? /(\d+(?:\.\d+)?)\s+Tf/.exec(da) : null;
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}

/**
 * A multi-line field with automatic font size gets a size its lines fit at, at most 12 pt:
 * pdf-lib's own choice for such fields fills the height with the first line alone (51 pt
 * in a 60 pt box), so the rest of the text is drawn below the box. Lines are wrapped at
 * the box's width as pdf-lib wraps them.
 */
function fitMultiline(f: PDFTextField, text: string, font: PDFFont): void {
  if (!f.isMultiline() || fixedSize(f.acroField.getDefaultAppearance())) return;
  const widgets = f.acroField.getWidgets();
  if (widgets.some((w) => fixedSize(w.getDefaultAppearance()))) return;
  const rect = widgets[0]?.getRectangle();
  if (!rect) return;
  const [width, height] = [Math.max(1, rect.width - 4), Math.max(1, rect.height - 4)];
  const lines = text.split(/\r\n|\r|\n/);
  let size = 12;
  for (; size > 4; size -= 0.5) {
    const rows = lines.reduce((n, line) => n + Math.max(1, Math.ceil(font.widthOfTextAtSize(line, size) / width)), 0);
    if (rows * font.heightAtSize(size) * 1.2 <= height) break;
  }
  f.setFontSize(size);
  // A widget's own DA wins over the field's: give it the size too.
  for (const w of widgets) {
    const da = w.getDefaultAppearance();
    if (da && /\s+Tf/.test(da)) w.setDefaultAppearance(da.replace(/(\d+(?:\.\d+)?)(\s+Tf)/, `${size}$2`));
  }
}

/** Fills an open document; throws INVALID_ARGUMENT listing every value that does not fit. */
export async function fillDocument(doc: PDFDocument, data: FillData, opts: { flatten?: boolean } = {}): Promise<FillResult['filled']> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new DocumentError('INVALID_ARGUMENT', 'fill data must be a JSON object mapping field names to values');
  const form = doc.getForm();
  const fields = form.getFields();
  if (!fields.length) throw new DocumentError('INVALID_ARGUMENT', 'this PDF has no form fields to fill (place text on the page with cowork doc place instead)');
  const byName = new Map(fields.map((f) => [f.getName(), f]));
  const fonts = new PlaceFonts(doc);
  const chosen = new Map<TextishField, PDFFont>();
  const problems: string[] = [];
  const filled: FillResult['filled'] = [];
  for (const [name, value] of Object.entries(data)) {
    const f = byName.get(name);
    if (!f) {
      problems.push(`${show(name)}: no such field${closeNames(name, [...byName.keys()])}`);
      continue;
    }
    const problem = await setValue(f, value, fonts, chosen);
    if (problem) problems.push(`${show(name)} (${fieldType(f)}) ${problem}`);
    else filled.push({ name, type: fieldType(f), value: describeField(doc, f).value });
  }
  if (problems.length) {
    const head = problems.length === 1 ? 'a value does not fit the form' : `${problems.length} values do not fit the form`;
    throw new DocumentError('INVALID_ARGUMENT', `${head}, nothing was written:\n  ${problems.join('\n  ')}`);
  }
  const helvetica = await fonts.get('helvetica');
  try {
    for (const { name, value } of filled) {
      const f = byName.get(name);
      if (f instanceof PDFTextField && typeof value === 'string') fitMultiline(f, value, chosen.get(f) ?? (helvetica as PDFFont));
    }
    // Fields with non-Latin text are drawn in their own font (and so marked clean); the rest in Helvetica.
    for (const [f, font] of chosen) f.updateAppearances(font);
    form.updateFieldAppearances(helvetica as PDFFont);
    if (opts.flatten) form.flatten({ updateFieldAppearances: false });
  } catch (err) {
    throw pdfLibError(err, false);
  }
  return filled;
}

export async function fillPdf(data: Uint8Array, values: FillData, opts: FillOptions = {}): Promise<FillResult> {
  const doc = await openPdfLib(data, { password: opts.password });
  return guardPdfLib(async () => {
    const filled = await fillDocument(doc, values, opts);
    const saved = await savePdf(doc, { encryption: opts.encryption });
    return { data: saved.data, encryption: saved.encryption, filled, flattened: !!opts.flatten };
  });
}
