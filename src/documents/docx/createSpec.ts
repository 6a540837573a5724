// The JSON spec `cowork doc new` builds a document from, and its validation.
// Errors name the JSON path ("body[3].rows[1][0]: ...") so a model can fix its spec.
// The same shape is published as JSON Schema in skills/docx/references/spec.schema.json.

export type Inline = string | InlineRun | (string | InlineRun)[];

export interface InlineRun {
  text?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  superscript?: boolean;
  subscript?: boolean;
  /** hex "RRGGBB" (a leading # is accepted) */
  color?: string;
  /** yellow, green, cyan, magenta, blue, red, darkBlue, ..., lightGray (Word's highlight names) */
  highlight?: string;
  font?: string;
  /** points */
  size?: number;
  /** a URL: the run becomes a hyperlink */
  link?: string;
  /** a field instead of text: the page number, the page count */
  field?: 'PAGE' | 'NUMPAGES';
}

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface HeadingBlock {
  type: 'heading';
  level: number;
  text: Inline;
}
export interface ParagraphBlock {
  type: 'paragraph';
  text: Inline;
  /** a style id from the template or the generated styles (Normal, Title, Subtitle, Quote, ...) */
  style?: string;
  align?: Align;
  /** points of space after the paragraph */
  spaceAfter?: number;
  keepWithNext?: boolean;
}
export type ListItem = Inline | { text: Inline; items?: ListItem[] };
export interface ListBlock {
  type: 'list';
  ordered?: boolean;
  items: ListItem[];
}
export type TableCell = Inline | { text?: Inline; blocks?: (ParagraphBlock | ListBlock)[]; fill?: string; span?: number; bold?: boolean; align?: Align };
export interface TableBlock {
  type: 'table';
  rows: TableCell[][];
  /** the first row is a header: bold, shaded, repeated on every page */
  header?: boolean;
  /** column widths in mm; default: the text width shared equally */
  widths?: number[];
  /** header row fill, hex */
  headerFill?: string;
  /** alternate row fill, hex */
  bandFill?: string;
  borders?: boolean;
}
export interface ImageBlock {
  type: 'image';
  /** PNG, JPEG or GIF file, relative to the spec file */
  path: string;
  widthMm?: number;
  heightMm?: number;
  alt?: string;
  align?: Align;
}
export interface PageBreakBlock {
  type: 'pageBreak';
}
export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | ImageBlock | PageBreakBlock;

export interface PageSetup {
  size?: 'A4' | 'Letter' | 'Legal' | 'A5' | { widthMm: number; heightMm: number };
  orientation?: 'portrait' | 'landscape';
  /** mm: one number for all four, or per side */
  margins?: number | { top?: number; right?: number; bottom?: number; left?: number };
}

export interface StyleSetup {
  font?: string;
  /** body size in points */
  size?: number;
  color?: string;
  lineSpacing?: number;
  headingFont?: string;
  headingColor?: string;
  /** points for heading levels 1, 2, 3, ... */
  headingSizes?: number[];
  linkColor?: string;
}

export interface HeaderFooter {
  /** paragraphs (a string is one paragraph); use {"field": "PAGE"} for the page number */
  blocks: (ParagraphBlock | ImageBlock)[];
}

export interface DocumentSpec {
  /** a .docx whose styles, theme, fonts and (unless given here) page setup are used */
  template?: string;
  properties?: { title?: string; subject?: string; author?: string; keywords?: string };
  page?: PageSetup;
  styles?: StyleSetup;
  header?: HeaderFooter | Inline;
  footer?: HeaderFooter | Inline;
  body: Block[];
}

export class SpecError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

const HEX = /^#?[0-9A-Fa-f]{6}$/;
const RUN_KEYS = new Set(['text', 'bold', 'italic', 'underline', 'strike', 'superscript', 'subscript', 'color', 'highlight', 'font', 'size', 'link', 'field']);
export const HIGHLIGHTS = ['yellow', 'green', 'cyan', 'magenta', 'blue', 'red', 'darkBlue', 'darkCyan', 'darkGreen', 'darkMagenta', 'darkRed', 'darkYellow', 'darkGray', 'lightGray', 'black'];
const ALIGNS = ['left', 'center', 'right', 'justify'];
const BLOCK_TYPES = ['heading', 'paragraph', 'list', 'table', 'image', 'pageBreak'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(path: string, message: string): never {
  throw new SpecError(path, message);
}

function only(obj: Record<string, unknown>, keys: string[], path: string): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) fail(path, `unknown field "${k}" (allowed: ${keys.join(', ')})`);
}

function checkNumber(v: unknown, path: string, min: number, max: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(path, `must be a number from ${min} to ${max}`);
}

function checkHex(v: unknown, path: string): void {
  if (v !== undefined && (typeof v !== 'string' || !HEX.test(v))) fail(path, 'must be a hex colour like "0B2545"');
}

function checkString(v: unknown, path: string, required = false): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string') fail(path, required ? 'is required and must be text' : 'must be text');
}

function checkAlign(v: unknown, path: string): void {
  if (v !== undefined && !ALIGNS.includes(v as string)) fail(path, `must be one of ${ALIGNS.join(', ')}`);
}

export function checkInline(v: unknown, path: string): void {
  if (typeof v === 'string') return;
  if (Array.isArray(v)) {
    v.forEach((part, i) => (typeof part === 'string' ? undefined : checkRun(part, `${path}[${i}]`)));
    return;
  }
  if (isObject(v)) return checkRun(v, path);
  fail(path, 'must be text, a run object or an array of them');
}

function checkRun(v: unknown, path: string): void {
  if (!isObject(v)) fail(path, 'must be text or a run object like {"text": "...", "bold": true}');
  for (const k of Object.keys(v)) if (!RUN_KEYS.has(k)) fail(path, `unknown run field "${k}"`);
  if (v.field !== undefined) {
    if (v.field !== 'PAGE' && v.field !== 'NUMPAGES') fail(`${path}.field`, 'must be "PAGE" or "NUMPAGES"');
  } else checkString(v.text, `${path}.text`, true);
  for (const k of ['bold', 'italic', 'underline', 'strike', 'superscript', 'subscript']) if (v[k] !== undefined && typeof v[k] !== 'boolean') fail(`${path}.${k}`, 'must be true or false');
  checkHex(v.color, `${path}.color`);
  if (v.highlight !== undefined && !HIGHLIGHTS.includes(v.highlight as string)) fail(`${path}.highlight`, `must be one of ${HIGHLIGHTS.join(', ')}`);
  checkString(v.font, `${path}.font`);
  checkNumber(v.size, `${path}.size`, 1, 400);
  if (v.link !== undefined && (typeof v.link !== 'string' || !/^(https?:|mailto:)/.test(v.link))) fail(`${path}.link`, 'must be an http(s) or mailto: URL');
}

function checkListItems(v: unknown, path: string, depth: number): void {
  if (!Array.isArray(v) || v.length === 0) fail(path, 'must be a non-empty array of items');
  if (depth > 8) fail(path, 'lists nest at most 9 levels');
  v.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (isObject(item) && 'items' in item) {
      only(item, ['text', 'items'], p);
      checkInline(item.text, `${p}.text`);
      if (item.items !== undefined) checkListItems(item.items, `${p}.items`, depth + 1);
    } else checkInline(item, p);
  });
}

function checkParagraph(b: Record<string, unknown>, path: string): void {
  only(b, ['type', 'text', 'style', 'align', 'spaceAfter', 'keepWithNext'], path);
  checkInline(b.text, `${path}.text`);
  checkString(b.style, `${path}.style`);
  checkAlign(b.align, `${path}.align`);
  checkNumber(b.spaceAfter, `${path}.spaceAfter`, 0, 200);
}

function checkImage(b: Record<string, unknown>, path: string): void {
  only(b, ['type', 'path', 'widthMm', 'heightMm', 'alt', 'align'], path);
  checkString(b.path, `${path}.path`, true);
  checkNumber(b.widthMm, `${path}.widthMm`, 1, 2000);
  checkNumber(b.heightMm, `${path}.heightMm`, 1, 2000);
  checkString(b.alt, `${path}.alt`);
  checkAlign(b.align, `${path}.align`);
}

/** A cell given as an object with cell-only fields; otherwise a cell is inline content. */
export function isCellObject(cell: unknown): cell is { text?: Inline; blocks?: (ParagraphBlock | ListBlock)[]; fill?: string; span?: number; bold?: boolean; align?: Align } {
  return isObject(cell) && ['blocks', 'fill', 'span', 'align'].some((k) => k in cell);
}

function checkTable(b: Record<string, unknown>, path: string): void {
  only(b, ['type', 'rows', 'header', 'widths', 'headerFill', 'bandFill', 'borders'], path);
  if (!Array.isArray(b.rows) || b.rows.length === 0) fail(`${path}.rows`, 'must be a non-empty array of rows (arrays of cells)');
  b.rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length === 0) fail(`${path}.rows[${r}]`, 'must be a non-empty array of cells');
    row.forEach((cell, c) => {
      const p = `${path}.rows[${r}][${c}]`;
      if (isCellObject(cell)) {
        only(cell, ['text', 'blocks', 'fill', 'span', 'bold', 'align'], p);
        if (cell.text !== undefined) checkInline(cell.text, `${p}.text`);
        if (cell.blocks !== undefined) {
          if (!Array.isArray(cell.blocks)) fail(`${p}.blocks`, 'must be an array of paragraph or list blocks');
          cell.blocks.forEach((cb, i) => {
            if (!isObject(cb) || (cb.type !== 'paragraph' && cb.type !== 'list')) fail(`${p}.blocks[${i}]`, 'must be a paragraph or list block');
            if (cb.type === 'paragraph') checkParagraph(cb, `${p}.blocks[${i}]`);
            else checkListItems(cb.items, `${p}.blocks[${i}].items`, 0);
          });
        }
        checkHex(cell.fill, `${p}.fill`);
        checkNumber(cell.span, `${p}.span`, 1, 63);
        checkAlign(cell.align, `${p}.align`);
      } else checkInline(cell, p);
    });
  });
  if (b.widths !== undefined) {
    if (!Array.isArray(b.widths)) fail(`${path}.widths`, 'must be an array of widths in mm');
    b.widths.forEach((w, i) => checkNumber(w, `${path}.widths[${i}]`, 1, 2000));
  }
  checkHex(b.headerFill, `${path}.headerFill`);
  checkHex(b.bandFill, `${path}.bandFill`);
}

function checkBlock(b: unknown, path: string): void {
  if (!isObject(b)) fail(path, 'must be an object with a "type"');
  if (!BLOCK_TYPES.includes(b.type as string)) fail(`${path}.type`, `must be one of ${BLOCK_TYPES.join(', ')}`);
  switch (b.type) {
    case 'heading':
      only(b, ['type', 'level', 'text'], path);
      if (!Number.isInteger(b.level) || (b.level as number) < 1 || (b.level as number) > 6) fail(`${path}.level`, 'must be 1 to 6');
      return checkInline(b.text, `${path}.text`);
    case 'paragraph':
      return checkParagraph(b, path);
    case 'list':
      only(b, ['type', 'ordered', 'items'], path);
      return checkListItems(b.items, `${path}.items`, 0);
    case 'table':
      return checkTable(b, path);
    case 'image':
      return checkImage(b, path);
    case 'pageBreak':
      return only(b, ['type'], path);
  }
}

function checkHeaderFooter(v: unknown, path: string): void {
  if (v === undefined) return;
  if (isObject(v) && 'blocks' in v) {
    only(v, ['blocks'], path);
    if (!Array.isArray(v.blocks)) fail(`${path}.blocks`, 'must be an array of paragraph or image blocks');
    v.blocks.forEach((b, i) => {
      if (!isObject(b) || (b.type !== 'paragraph' && b.type !== 'image')) fail(`${path}.blocks[${i}]`, 'must be a paragraph or image block');
      if (b.type === 'paragraph') checkParagraph(b, `${path}.blocks[${i}]`);
      else checkImage(b, `${path}.blocks[${i}]`);
    });
  } else checkInline(v, path);
}

/** Checks a parsed spec and returns it typed; throws SpecError naming the first problem. */
export function parseSpec(json: unknown): DocumentSpec {
  if (!isObject(json)) fail('spec', 'must be a JSON object with a "body" array');
  only(json, ['template', 'properties', 'page', 'styles', 'header', 'footer', 'body'], 'spec');
  checkString(json.template, 'template');
  if (json.properties !== undefined) {
    if (!isObject(json.properties)) fail('properties', 'must be an object');
    only(json.properties, ['title', 'subject', 'author', 'keywords'], 'properties');
    for (const [k, v] of Object.entries(json.properties)) checkString(v, `properties.${k}`);
  }
  if (json.page !== undefined) {
    const page = json.page;
    if (!isObject(page)) fail('page', 'must be an object');
    only(page, ['size', 'orientation', 'margins'], 'page');
    if (page.size !== undefined && !['A4', 'Letter', 'Legal', 'A5'].includes(page.size as string)) {
      if (!isObject(page.size)) fail('page.size', 'must be A4, Letter, Legal, A5 or {"widthMm", "heightMm"}');
      only(page.size, ['widthMm', 'heightMm'], 'page.size');
      checkNumber(page.size.widthMm ?? -1, 'page.size.widthMm', 50, 2000);
      checkNumber(page.size.heightMm ?? -1, 'page.size.heightMm', 50, 2000);
    }
    if (page.orientation !== undefined && page.orientation !== 'portrait' && page.orientation !== 'landscape') fail('page.orientation', 'must be portrait or landscape');
    if (typeof page.margins === 'number') checkNumber(page.margins, 'page.margins', 0, 200);
    else if (page.margins !== undefined) {
      if (!isObject(page.margins)) fail('page.margins', 'must be mm, or {"top","right","bottom","left"} in mm');
      only(page.margins, ['top', 'right', 'bottom', 'left'], 'page.margins');
      for (const [k, v] of Object.entries(page.margins)) checkNumber(v, `page.margins.${k}`, 0, 200);
    }
  }
  if (json.styles !== undefined) {
    const s = json.styles;
    if (!isObject(s)) fail('styles', 'must be an object');
    only(s, ['font', 'size', 'color', 'lineSpacing', 'headingFont', 'headingColor', 'headingSizes', 'linkColor'], 'styles');
    checkString(s.font, 'styles.font');
    checkString(s.headingFont, 'styles.headingFont');
    checkNumber(s.size, 'styles.size', 1, 400);
    checkNumber(s.lineSpacing, 'styles.lineSpacing', 0.5, 5);
    checkHex(s.color, 'styles.color');
    checkHex(s.headingColor, 'styles.headingColor');
    checkHex(s.linkColor, 'styles.linkColor');
    if (s.headingSizes !== undefined) {
      if (!Array.isArray(s.headingSizes)) fail('styles.headingSizes', 'must be an array of point sizes');
      s.headingSizes.forEach((v, i) => checkNumber(v, `styles.headingSizes[${i}]`, 1, 400));
    }
  }
  checkHeaderFooter(json.header, 'header');
  checkHeaderFooter(json.footer, 'footer');
  if (!Array.isArray(json.body)) fail('body', 'is required: an array of blocks');
  json.body.forEach((b, i) => checkBlock(b, `body[${i}]`));
  return json as unknown as DocumentSpec;
}
