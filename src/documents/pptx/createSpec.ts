// The JSON spec of a new deck (`cowork doc new SPEC.json -o deck.pptx`), checked with
// errors that name the JSON path (`slides[2].chart.type: one of bar, line, pie`).

import { DocumentError } from '../ooxml';

export type BulletItem = string | { text: string; level?: number };

export interface ChartData {
  type: 'bar' | 'column' | 'line' | 'pie';
  title?: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

export type SlideSpec = { notes?: string } & (
  | { type: 'title'; title: string; subtitle?: string }
  | { type: 'section'; title: string; subtitle?: string }
  | { type: 'bullets'; title: string; bullets: BulletItem[] }
  | { type: 'twoColumn'; title: string; left: BulletItem[]; right: BulletItem[]; leftHeading?: string; rightHeading?: string }
  | { type: 'image'; title?: string; image: string; caption?: string }
  | { type: 'table'; title: string; columns: string[]; rows: (string | number)[][] }
  | { type: 'chart'; title: string; chart: ChartData }
  | { type: 'quote'; quote: string; attribution?: string }
);

export interface ThemeSpec {
  colors?: { primary?: string; accent?: string; accent2?: string; text?: string; background?: string; neutral?: string };
  fonts?: { heading?: string; body?: string };
  logo?: string;
  logoPosition?: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  /** Logo width in millimetres (default 25). */
  logoWidthMm?: number;
}

export interface DeckSpec {
  template?: string;
  size?: '16:9' | '4:3';
  title?: string;
  author?: string;
  theme?: ThemeSpec;
  slides: SlideSpec[];
}

export class SpecError extends DocumentError {
  constructor(where: string, msg: string) {
    super('INVALID_ARGUMENT', `${where}: ${msg}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const HEX = /^#?[0-9a-fA-F]{6}$/;

function str(o: Record<string, unknown>, k: string, where: string, required: boolean): void {
  if (o[k] === undefined && !required) return;
  if (typeof o[k] !== 'string' || (required && (o[k] as string).trim() === '')) throw new SpecError(`${where}.${k}`, required ? 'a non-empty string is required' : 'must be a string');
}

function known(o: Record<string, unknown>, keys: string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new SpecError(where, `unknown field "${k}" (known: ${keys.join(', ')})`);
}

function bullets(v: unknown, where: string): void {
  if (!Array.isArray(v) || !v.length) throw new SpecError(where, 'a non-empty list of bullets (strings or {"text", "level"})');
  v.forEach((b, i) => {
    if (typeof b === 'string') return;
    if (!isObj(b) || typeof b.text !== 'string') throw new SpecError(`${where}[${i}]`, 'a string or {"text", "level"}');
    known(b, ['text', 'level'], `${where}[${i}]`);
    if (b.level !== undefined && (!Number.isInteger(b.level) || (b.level as number) < 0 || (b.level as number) > 4)) throw new SpecError(`${where}[${i}].level`, 'a whole number from 0 to 4');
  });
}

const SLIDE_FIELDS: Record<string, string[]> = {
  title: ['title', 'subtitle'],
  section: ['title', 'subtitle'],
  bullets: ['title', 'bullets'],
  twoColumn: ['title', 'left', 'right', 'leftHeading', 'rightHeading'],
  image: ['title', 'image', 'caption'],
  table: ['title', 'columns', 'rows'],
  chart: ['title', 'chart'],
  quote: ['quote', 'attribution'],
};

function checkSlide(s: unknown, where: string): void {
  if (!isObj(s)) throw new SpecError(where, 'a slide is an object with a "type"');
  const fields = SLIDE_FIELDS[s.type as string];
  if (!fields) throw new SpecError(`${where}.type`, `one of ${Object.keys(SLIDE_FIELDS).join(', ')}`);
  known(s, ['type', 'notes', ...fields], where);
  str(s, 'notes', where, false);
  switch (s.type) {
    case 'title':
    case 'section':
      str(s, 'title', where, true);
      str(s, 'subtitle', where, false);
      break;
    case 'bullets':
      str(s, 'title', where, true);
      bullets(s.bullets, `${where}.bullets`);
      break;
    case 'twoColumn':
      str(s, 'title', where, true);
      bullets(s.left, `${where}.left`);
      bullets(s.right, `${where}.right`);
      str(s, 'leftHeading', where, false);
      str(s, 'rightHeading', where, false);
      break;
    case 'image':
      str(s, 'image', where, true);
      str(s, 'title', where, false);
      str(s, 'caption', where, false);
      break;
    case 'table': {
      str(s, 'title', where, true);
      const cols = s.columns;
      if (!Array.isArray(cols) || !cols.length || cols.some((c) => typeof c !== 'string')) throw new SpecError(`${where}.columns`, 'a non-empty list of column headings');
      if (!Array.isArray(s.rows)) throw new SpecError(`${where}.rows`, 'a list of rows');
      (s.rows as unknown[]).forEach((r, i) => {
        if (!Array.isArray(r) || r.length !== cols.length) throw new SpecError(`${where}.rows[${i}]`, `a list of ${cols.length} cells (one per column)`);
        r.forEach((c, j) => {
          if (typeof c !== 'string' && typeof c !== 'number') throw new SpecError(`${where}.rows[${i}][${j}]`, 'a string or number');
        });
      });
      break;
    }
    case 'chart': {
      str(s, 'title', where, true);
      const c = s.chart;
      const w = `${where}.chart`;
      if (!isObj(c)) throw new SpecError(w, '{"type", "categories", "series"}');
      known(c, ['type', 'title', 'categories', 'series'], w);
      if (!['bar', 'column', 'line', 'pie'].includes(c.type as string)) throw new SpecError(`${w}.type`, 'one of bar, column, line, pie');
      if (!Array.isArray(c.categories) || !c.categories.length) throw new SpecError(`${w}.categories`, 'a non-empty list of labels');
      const n = c.categories.length;
      if (!Array.isArray(c.series) || !c.series.length) throw new SpecError(`${w}.series`, 'a non-empty list of {"name", "values"}');
      c.series.forEach((x, i) => {
        if (!isObj(x) || typeof x.name !== 'string') throw new SpecError(`${w}.series[${i}].name`, 'a string is required');
        if (!Array.isArray(x.values) || x.values.length !== n || x.values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new SpecError(`${w}.series[${i}].values`, `${n} numbers (one per category)`);
      });
      if (c.type === 'pie' && c.series.length !== 1) throw new SpecError(`${w}.series`, 'a pie chart has exactly one series');
      break;
    }
    case 'quote':
      str(s, 'quote', where, true);
      str(s, 'attribution', where, false);
      break;
  }
}

export function checkDeckSpec(raw: unknown): DeckSpec {
  if (!isObj(raw)) throw new SpecError('spec', 'a JSON object with "slides"');
  known(raw, ['template', 'size', 'title', 'author', 'theme', 'slides'], 'spec');
  str(raw, 'template', 'spec', false);
  str(raw, 'title', 'spec', false);
  str(raw, 'author', 'spec', false);
  if (raw.size !== undefined && raw.size !== '16:9' && raw.size !== '4:3') throw new SpecError('size', '"16:9" or "4:3"');
  if (raw.theme !== undefined) {
    const t = raw.theme;
    if (!isObj(t)) throw new SpecError('theme', 'an object');
    known(t, ['colors', 'fonts', 'logo', 'logoPosition', 'logoWidthMm'], 'theme');
    if (t.colors !== undefined) {
      if (!isObj(t.colors)) throw new SpecError('theme.colors', 'an object of hex colours');
      known(t.colors, ['primary', 'accent', 'accent2', 'text', 'background', 'neutral'], 'theme.colors');
      for (const [k, v] of Object.entries(t.colors)) if (typeof v !== 'string' || !HEX.test(v)) throw new SpecError(`theme.colors.${k}`, 'a hex colour like "#0B2545"');
    }
    if (t.fonts !== undefined) {
      if (!isObj(t.fonts)) throw new SpecError('theme.fonts', 'an object');
      known(t.fonts, ['heading', 'body'], 'theme.fonts');
      str(t.fonts, 'heading', 'theme.fonts', false);
      str(t.fonts, 'body', 'theme.fonts', false);
    }
    str(t, 'logo', 'theme', false);
    if (t.logoPosition !== undefined && !['top-left', 'top-right', 'bottom-left', 'bottom-right'].includes(t.logoPosition as string)) throw new SpecError('theme.logoPosition', 'top-left, top-right, bottom-left or bottom-right');
    if (t.logoWidthMm !== undefined && (typeof t.logoWidthMm !== 'number' || t.logoWidthMm <= 0 || t.logoWidthMm > 200)) throw new SpecError('theme.logoWidthMm', 'a number of millimetres (0-200)');
  }
  if (!Array.isArray(raw.slides) || !raw.slides.length) throw new SpecError('slides', 'a non-empty list of slides');
  raw.slides.forEach((s, i) => checkSlide(s, `slides[${i}]`));
  return raw as unknown as DeckSpec;
}

export const hex = (c: string): string => c.replace(/^#/, '').toUpperCase();
