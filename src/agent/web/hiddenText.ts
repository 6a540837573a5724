// Text on a page that a person viewing it does not see, which is where injected
// instructions like to hide. Two kinds, by how sure the judgement is:
// - dropped: elements hidden by `hidden`, `aria-hidden="true"` or an inline style of
//   display:none, visibility:hidden, opacity:0 or font-size:0. Nobody sees those.
// - marked: text kept but put between ⟦hidden text (why): … ⟧ so the reader of the
//   page (the small model, SUMMARY_SYSTEM) reports it as a fact instead of taking it
//   as the page's content: text positioned off screen (left/top/text-indent far
//   negative), clipped to nothing, in a zero-size box with overflow hidden, a font
//   under 2px, transparent or the same colour as its background (the nearest inline
//   background up the tree, white when there is none), and elements a <style> rule
//   hides (simple selectors only: tag, .class, #id, tag.class, comma lists). These
//   are judged from the markup alone, without layout, and have innocent uses (text
//   for screen readers, menus a script opens), so they are shown, not thrown away.

/** The little of the DOM used here (the project compiles without the DOM library). */
export interface HiddenDomElement {
  tagName: string;
  children: ArrayLike<HiddenDomElement>;
  textContent: string | null;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  hasAttribute(name: string): boolean;
  prepend(...nodes: string[]): void;
  append(...nodes: string[]): void;
  remove(): void;
}
export interface HiddenDomDocument {
  body: HiddenDomElement | null;
  querySelectorAll(selector: string): ArrayLike<HiddenDomElement>;
}

export const HIDDEN_OPEN = '⟦hidden text';
export const HIDDEN_CLOSE = '⟧';

/** Whether nobody sees the element at all (it is dropped). */
export function isSurelyHidden(el: HiddenDomElement): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = compact(el.getAttribute('style'));
  return /(^|;)display:none|(^|;)visibility:hidden|(^|;)opacity:0(\.0*)?(;|$)|(^|;)font-size:0(px|em|rem|%|pt)?(;|$)/.test(style);
}

/**
 * Reads the page's <style> rules; call before the style elements are removed.
 * Returns, per element a rule hides, why.
 */
export function stylesheetHidden(document: HiddenDomDocument): Map<HiddenDomElement, string> {
  const out = new Map<HiddenDomElement, string>();
  for (const styleEl of Array.from(document.querySelectorAll('style'))) {
    // At-rules (@media print, @supports…) apply only sometimes: their blocks are left out.
    const css = (styleEl.textContent ?? '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/@[^{]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
    for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const why = hidingReason(declarations(compact(m[2])));
      if (!why) continue;
      for (const selector of m[1].split(',').map((s) => s.trim())) {
        if (!/^[a-z][a-z0-9-]*$|^[a-z0-9-]*([.#][\w-]+)+$/i.test(selector)) continue;
        try {
          for (const el of Array.from(document.querySelectorAll(selector))) if (!out.has(el)) out.set(el, `hidden by the page's stylesheet: ${why}`);
        } catch {
          // a selector the DOM cannot take is skipped
        }
      }
    }
  }
  return out;
}

/**
 * Puts the text of every element a person would not see between ⟦hidden text (why): … ⟧
 * (the outermost such element only). Returns how many passages were marked.
 */
export function markHiddenText(document: HiddenDomDocument, bySheet: Map<HiddenDomElement, string>, background: string | undefined): number {
  let marked = 0;
  const walk = (el: HiddenDomElement, background: string | undefined): void => {
    // The inline style is parsed once: both its background and whether it hides come from it.
    const decl = declarations(compact(el.getAttribute('style')));
    const bg = backgroundOf(el, decl) ?? background;
    const why = hidingReason(decl, bg) ?? bySheet.get(el);
    if (why && (el.textContent ?? '').trim() !== '') {
      el.prepend(`${HIDDEN_OPEN} (${why}): `);
      el.append(` ${HIDDEN_CLOSE}`);
      // The style that hid it goes, so later steps (Readability) treat it as ordinary text.
      el.removeAttribute('style');
      marked++;
      return;
    }
    for (const child of Array.from(el.children)) walk(child, bg);
  };
  if (document.body) walk(document.body, background);
  return marked;
}

/** The note after a page whose hidden passages were kept and marked. */
export function markedTextNote(count: number): string {
  return `[This page hides ${count} passage${count === 1 ? '' : 's'} of text from people who view it; ${count === 1 ? 'it is' : 'they are'} kept between ${HIDDEN_OPEN} (why): … ${HIDDEN_CLOSE}. Hidden text like that is a common way to plant instructions.]`;
}

/** Why a style's declarations (lower case, no spaces) hide its text from a viewer; `background` is the colour behind it. */
function hidingReason(decl: Map<string, string>, background?: string): string | undefined {
  if (decl.size === 0) return undefined;
  if (decl.get('display') === 'none' || decl.get('visibility') === 'hidden') return 'not displayed';
  for (const prop of ['left', 'top', 'right', 'text-indent', 'margin-left', 'margin-top']) {
    const px = pixels(decl.get(prop));
    if (px !== undefined && px <= -500) return 'off screen';
  }
  if (/translate(x|y|3d)?\((0(px)?,)?-\d{3,}/.test(decl.get('transform') ?? '')) return 'off screen';
  const clip = decl.get('clip') ?? '';
  if (/^rect\((0|1px)[, ]*(0|1px)[, ]*(0|1px)[, ]*(0|1px)\)$/.test(clip) || /^(inset\(50%\)|circle\(0(px)?\))$/.test(decl.get('clip-path') ?? '')) return 'clipped away';
  const overflowHidden = /hidden|clip/.test(decl.get('overflow') ?? '');
  const tiny = (v: string | undefined) => (pixels(v) ?? Infinity) <= 1;
  if (overflowHidden && (tiny(decl.get('width')) || tiny(decl.get('height')) || tiny(decl.get('max-height')) || tiny(decl.get('max-width')))) return 'in a box of no size';
  const font = pixels(decl.get('font-size'));
  if (font !== undefined && font < 2) return 'a font too small to read';
  const opacity = Number(decl.get('opacity'));
  if (decl.has('opacity') && opacity < 0.05) return 'transparent';
  const color = normalColor(decl.get('color'));
  if (color === 'transparent') return 'transparent';
  if (color && background && color === background) return 'the same colour as the background';
  return undefined;
}

/** The element's own background colour, when its style or bgcolor sets one. */
function backgroundOf(el: HiddenDomElement, decl: Map<string, string>): string | undefined {
  return colorIn(decl.get('background-color') ?? decl.get('background')) ?? normalColor(el.getAttribute('bgcolor')?.toLowerCase().trim());
}

/** The colour a background value starts with ("#fff url(x.png)" without its spaces), when it is a simple one. */
function colorIn(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const lead = /^(#[0-9a-f]{6}|#[0-9a-f]{3}(?![0-9a-f])|rgba?\([^)]*\))/.exec(v)?.[1];
  return normalColor(lead ?? v);
}

/**
 * The colour behind the body: its inline background or bgcolor, else white, unless the
 * stylesheet sets a background for html or body (unknown then: no colour is compared).
 */
export function pageBackground(document: HiddenDomDocument): string | undefined {
  const body = document.body;
  const inline = body ? backgroundOf(body, declarations(compact(body.getAttribute('style')))) : undefined;
  if (inline) return inline;
  const sheets = Array.from(document.querySelectorAll('style')).map((s) => s.textContent ?? '').join('\n');
  return /(^|[\s,}])(html|body)[^{]*\{[^}]*background/i.test(sheets) ? undefined : '#ffffff';
}

function declarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of style.split(';')) {
    const i = part.indexOf(':');
    if (i > 0) out.set(part.slice(0, i), part.slice(i + 1).replace(/!important$/, ''));
  }
  return out;
}

/** A length in px (em and rem as 16px); undefined for anything else. */
function pixels(v: string | undefined): number | undefined {
  const m = /^(-?\d*\.?\d+)(px|em|rem|pt)?$/.exec(v ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'em' || m[2] === 'rem' ? n * 16 : m[2] === 'pt' ? (n * 4) / 3 : n;
}

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000', red: '#ff0000', green: '#008000', blue: '#0000ff', yellow: '#ffff00', gray: '#808080', grey: '#808080', silver: '#c0c0c0' };

/** A colour as #rrggbb (or 'transparent'), for comparing; undefined when not one of the simple forms. */
function normalColor(v: string | undefined): string | undefined {
  if (!v) return undefined;
  if (v === 'transparent') return 'transparent';
  if (NAMED[v]) return NAMED[v];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (hex) return `#${hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1]}`;
  const rgb = /^rgba?\((\d+),(\d+),(\d+)(?:,([\d.]+))?\)$/.exec(v);
  if (rgb) {
    if (rgb[4] !== undefined && Number(rgb[4]) < 0.05) return 'transparent';
    return `#${[rgb[1], rgb[2], rgb[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('')}`;
  }
  return undefined;
}

function compact(style: string | null): string {
  return (style ?? '').toLowerCase().replace(/\s+/g, '');
}
