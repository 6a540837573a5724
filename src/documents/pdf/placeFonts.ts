// Fonts for text placed onto pages. The 14 standard PDF fonts need no embedding but show
// only Windows-1252 (Latin); anything else (Greek, Cyrillic, Chinese, Japanese, Korean)
// needs a font file embedded in the PDF. We embed a subset (only the glyphs used) of a
// font installed on the machine: Liberation (metric twins of Arial, Times New Roman and
// Courier New, with Greek and Cyrillic; in the sandbox image as fonts-liberation2) and,
// for CJK, Droid Sans Fallback (fonts-droid-fallback) when installed. A font file of the
// person's own (.ttf or .otf) can be named too.

import * as fs from 'node:fs';
import { PDFDocument, PDFFont, StandardFonts } from '@cantoo/pdf-lib';
import { findFontFile } from '../fonts/installedFonts';

type StandardName = 'helvetica' | 'helvetica-bold' | 'times' | 'courier';
type EmbeddedName = 'sans' | 'sans-bold' | 'serif' | 'mono' | 'cjk';
export type PlaceFont = StandardName | EmbeddedName;

export const STANDARD: Record<StandardName, StandardFonts> = {
  helvetica: StandardFonts.Helvetica,
  'helvetica-bold': StandardFonts.HelveticaBold,
  times: StandardFonts.TimesRoman,
  courier: StandardFonts.Courier,
};

/** Installed files for each embedded family, in order of preference (with the Debian package that ships the first). */
const EMBEDDED: Record<EmbeddedName, { files: string[]; pkg: string }> = {
  sans: { files: ['LiberationSans-Regular.ttf', 'DejaVuSans.ttf'], pkg: 'fonts-liberation2' },
  'sans-bold': { files: ['LiberationSans-Bold.ttf', 'DejaVuSans-Bold.ttf'], pkg: 'fonts-liberation2' },
  serif: { files: ['LiberationSerif-Regular.ttf', 'DejaVuSerif.ttf'], pkg: 'fonts-liberation2' },
  mono: { files: ['LiberationMono-Regular.ttf', 'DejaVuSansMono.ttf'], pkg: 'fonts-liberation2' },
  cjk: { files: ['DroidSansFallbackFull.ttf'], pkg: 'fonts-droid-fallback' },
};

export const FONT_NAMES = [...Object.keys(STANDARD), ...Object.keys(EMBEDDED)];

/** Where a family's font file is installed, or undefined (fonts/installedFonts.ts). */
const installed = findFontFile;

const charsets = new WeakMap<PDFFont, Set<number>>();

/** The characters of `text` a font cannot show (line breaks aside), each once. */
export function missingChars(font: PDFFont, text: string): string[] {
  let set = charsets.get(font);
  if (!set) charsets.set(font, (set = new Set(font.getCharacterSet())));
  return [...new Set([...text.replace(/[\r\n]/g, '')])].filter((c) => !set.has(c.codePointAt(0)!));
}

/** The fonts embedded for one document, each once; subsets are written when the document is saved. */
export class PlaceFonts {
  private readonly cache = new Map<string, PDFFont>();
  private registered = false;

  constructor(private readonly doc: PDFDocument, private readonly readFile?: (name: string) => Uint8Array) {}

  /** A standard or installed family by name, or a .ttf/.otf file; a string explains what is missing. */
  async get(name: string): Promise<PDFFont | string> {
    const hit = this.cache.get(name);
    if (hit) return hit;
    let font: PDFFont;
    const std = STANDARD[name as StandardName];
    if (std) font = await this.doc.embedFont(std);
    else if (/\.(ttf|otf)$/i.test(name)) {
      if (!this.readFile) return `font files are not available here (use one of ${FONT_NAMES.join(', ')})`;
      let bytes: Uint8Array;
      try {
        bytes = this.readFile(name);
      } catch (err) {
        return `font ${JSON.stringify(name)} cannot be read (${(err as Error).message})`;
      }
      const embedded = await this.embed(bytes);
      if (typeof embedded === 'string') return `font ${JSON.stringify(name)}: ${embedded}`;
      font = embedded;
    } else {
      const family = EMBEDDED[name as EmbeddedName];
      if (!family) return `font ${JSON.stringify(name)} is not one of ${FONT_NAMES.join(', ')} (or a .ttf/.otf file)`;
      const file = installed(family.files);
      if (!file) return `font "${name}" needs ${family.files[0]}, which is not installed (apt-get install ${family.pkg}), or name a .ttf/.otf file as the font`;
      const embedded = await this.embed(fs.readFileSync(file));
      if (typeof embedded === 'string') return `font "${name}" (${file}): ${embedded}`;
      font = embedded;
    }
    this.cache.set(name, font);
    return font;
  }

  /**
   * The font for an entry that named none: Helvetica when it can show the text, else the
   * first installed family that has every character (Liberation Sans, then the CJK font).
   * Form fields use it too (formFill.ts); there no font file can be named, so `canNameFile`
   * false leaves that advice out of the message.
   */
  async auto(text: string, canNameFile = true): Promise<{ name: string; font: PDFFont } | string> {
    const lacking: [string, string[]][] = [];
    const notInstalled: string[] = [];
    for (const name of ['helvetica', 'sans', 'cjk'] as const) {
      if (name !== 'helvetica' && !installed(EMBEDDED[name].files)) {
        notInstalled.push(EMBEDDED[name].pkg);
        continue;
      }
      const font = await this.get(name);
      if (typeof font === 'string') return font;
      const missing = missingChars(font, text);
      if (!missing.length) return { name, font };
      lacking.push([name, missing]);
    }
    const install = notInstalled.length ? `install ${[...new Set(notInstalled)].join(' or ')}` : '';
    const file = canNameFile ? 'name a .ttf/.otf file that has them as the font' : '';
    const hint = [install, file].filter(Boolean).join(', or ');
    const everywhere = lacking.map(([, m]) => m).reduce((a, b) => a.filter((c) => b.includes(c)));
    if (everywhere.length) return `${JSON.stringify(text)} has characters no available font can show: ${codePoints(everywhere)}${hint ? ` (${hint})` : ''}`;
    // Each character is in some font, but no one font has them all (Greek beside Chinese, say).
    const parts = lacking.filter(([n]) => n !== 'helvetica').map(([n, m]) => `"${n}" lacks ${codePoints(m)}`);
    const split = canNameFile ? 'place the parts as separate entries' : '';
    const advice = [split, hint].filter(Boolean).join(', or ');
    return `${JSON.stringify(text)} mixes scripts no one installed font has: ${parts.join('; ')}${advice ? ` (${advice})` : ''}`;
  }

  private async embed(bytes: Uint8Array): Promise<PDFFont | string> {
    if (!this.registered) {
      // Loaded on first use: the font engine is 2 MB of the bundle, needed only for non-Latin text.
      const fontkit = await import('@cantoo/fontkit');
      this.doc.registerFontkit(fontkit.default ?? fontkit);
      this.registered = true;
    }
    try {
      return await this.doc.embedFont(bytes, { subset: true });
    } catch (err) {
      return `not a font pdf-lib can embed (${(err as Error).message})`;
    }
  }
}

/** `北 U+5317, 京 U+4EAC`, at most eight. */
export function codePoints(chars: string[]): string {
  return chars.slice(0, 8).map((c) => `${c} U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ') + (chars.length > 8 ? ', …' : '');
}
