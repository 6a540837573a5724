// LibreOffice Impress as the independent reader of decks (there is no python-pptx here):
// it converts each deck to ODF Presentation in one soffice run (own profile, under the
// heavy lock when COWORK_HEAVY_LOCK is set), and we read the slide count, each slide's
// title (the frame of presentation:class "title") and its text from content.xml.

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withDefaults } from '../../src/documents/ooxml/limits';
import { inflateEntry, readZip } from '../../src/documents/ooxml/zipReader';

export interface LoSlide {
  title: string;
  text: string;
}

export function impressMissing(): string | undefined {
  return spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0 ? undefined : 'soffice is not installed (apt-get install libreoffice-impress-nogui)';
}

function textOf(xml: string): string {
  return plainText(xml).trim();
}

/** Character data of an ODF fragment, spaces kept. */
function plainText(xml: string): string {
  return xml
    .replace(/<text:line-break\/>/g, '\n')
    .replace(/<\/text:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Each deck converted by one LibreOffice run to `format` (odp, pdf): the converted files' bytes. */
export function loConvert(files: string[], format: 'odp' | 'pdf'): Buffer[] {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-pptx-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-pptx-profile-'));
  try {
    execFileSync(path.join(__dirname, 'sofficeLocked.sh'), [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', out, ...files], { stdio: 'pipe', timeout: 900_000 });
    return files.map((f) => {
      const converted = path.join(out, path.basename(f).replace(/\.pptx$/i, `.${format}`));
      if (!fs.existsSync(converted)) throw new Error(`LibreOffice did not convert ${f} to ${format}`);
      return fs.readFileSync(converted);
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** One entry (content.xml, styles.xml) of an ODF package. */
export function odfEntry(odp: Buffer, name: string): string {
  const entry = readZip(odp, withDefaults()).find((e) => e.name === name);
  if (!entry) throw new Error(`the ODF package has no ${name}`);
  return inflateEntry(entry).toString('utf8');
}

/** Each deck converted to ODF Presentation in one LibreOffice run: its content.xml. */
export function loContentXml(files: string[]): string[] {
  return loConvert(files, 'odp').map((odp) => odfEntry(odp, 'content.xml'));
}

/** The text of each page of a PDF as poppler's pdftotext reads it (pages split at form feeds). */
export function pdfPagesText(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'deck.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'deck.pdf'), '-'], { encoding: 'utf8' });
    return text.split('\f').slice(0, -1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Notes pages' text of one deck's content.xml, in slide order. */
export function loNotes(content: string): string[] {
  return [...content.matchAll(/<draw:page\b[\s\S]*?<\/draw:page>/g)].map((m) => {
    const notes = /<presentation:notes\b[\s\S]*?<\/presentation:notes>/.exec(m[0]);
    return notes ? textOf(notes[0]) : '';
  });
}

/** Slides as LibreOffice reads them, per input file. */
export function loSlides(files: string[]): LoSlide[][] {
  return loContentXml(files).map((content) =>
    [...content.matchAll(/<draw:page\b[\s\S]*?<\/draw:page>/g)].map((m) => {
      const title = /<draw:frame[^>]*presentation:class="title"[^>]*>([\s\S]*?)<\/draw:frame>/.exec(m[0]);
      const body = m[0].replace(/<presentation:notes\b[\s\S]*?<\/presentation:notes>/, '');
      return { title: title ? textOf(title[1]) : '', text: textOf(body) };
    }),
  );
}

export interface LoSpan {
  text: string;
  bold: boolean;
  italic: boolean;
  /** fo:color, e.g. "#c00000". */
  color?: string;
  /** The hyperlink the span sits in. */
  href?: string;
}

/**
 * The text spans of each slide's paragraphs as LibreOffice reads them from one deck's
 * content.xml: text, weight, style and colour from the automatic text styles, and links.
 */
export function loSpans(content: string): LoSpan[][][] {
  const styles = new Map<string, string>();
  for (const m of content.matchAll(/<style:style style:name="([^"]+)" style:family="text">([\s\S]*?)<\/style:style>/g)) styles.set(m[1], m[2]);
  return [...content.matchAll(/<draw:page\b[\s\S]*?<\/draw:page>/g)].map((page) =>
    [...page[0].replace(/<presentation:notes\b[\s\S]*?<\/presentation:notes>/, '').matchAll(/<text:p\b[^>]*>([\s\S]*?)<\/text:p>/g)].map((p) =>
      [...p[1].matchAll(/<text:span text:style-name="([^"]+)">([\s\S]*?)<\/text:span>/g)].map((s) => {
        const props = styles.get(s[1]) ?? '';
        const href = /<text:a [^>]*xlink:href="([^"]+)"/.exec(s[2])?.[1];
        return {
          text: plainText(s[2].replace(/<text:s\/>/g, ' ')),
          bold: /fo:font-weight="bold"/.test(props),
          italic: /fo:font-style="italic"/.test(props),
          ...(/fo:color="([^"]+)"/.exec(props) ? { color: /fo:color="([^"]+)"/.exec(props)![1] } : {}),
          ...(href ? { href: href.replace(/&amp;/g, '&') } : {}),
        };
      }),
    ),
  );
}
