// Font files installed on the machine, for the code that draws or embeds text itself
// (text placed on PDF pages, PNG fallbacks of SVG pictures). Debian's folders first (the
// sandbox image and CI have fonts-liberation2, fonts-dejavu and fonts-droid-fallback),
// then the usual macOS and Windows ones, so the CLI finds something on a person's machine
// too. `COWORK_PDF_FONT_DIRS` (colon-separated) is searched before all of them.

import * as fs from 'node:fs';
import * as path from 'node:path';

const DIRS = [
  '/usr/share/fonts/truetype/liberation2',
  '/usr/share/fonts/truetype/liberation',
  '/usr/share/fonts/truetype/droid',
  '/usr/share/fonts/truetype/dejavu',
  '/System/Library/Fonts/Supplemental',
  '/Library/Fonts',
  'C:\\Windows\\Fonts',
];

export function fontDirs(): string[] {
  return [...(process.env.COWORK_PDF_FONT_DIRS?.split(':').filter(Boolean) ?? []), ...DIRS];
}

/** The first of `files` (names in order of preference) found in a font folder, or undefined. */
export function findFontFile(files: string[]): string | undefined {
  const dirs = fontDirs();
  for (const f of files) for (const d of dirs) if (fs.existsSync(path.join(d, f))) return path.join(d, f);
  return undefined;
}
