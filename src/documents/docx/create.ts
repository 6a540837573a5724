// `cowork doc new`: a new .docx from a JSON spec (see createSpec.ts). Parts are
// generated as XML text and assembled through the package layer, which writes
// content types and relationships; a template contributes its styles, theme and
// page setup.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError } from '../ooxml/documentError';
import { OoxmlPackage } from '../ooxml/ooxmlPackage';
import { REL } from '../ooxml/relationships';
import { parseXml } from '../ooxml/xml';
import { blocksXml, imageBlockXml, paragraphBlockXml, type BlockContext } from './createBlocks';
import { imageInfo, type ImageInfo } from './createImage';
import { NumberingBuilder } from './createNumbering';
import { escapeXml } from './createRuns';
import { parseSpec, SpecError, type DocumentSpec, type HeaderFooter, type Inline, type PageSetup } from './createSpec';
import { generatedStylesXml, styleIndex, templateStylesXml } from './createStyles';

export const NS = {
  w: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  wp: 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing',
};
const CT = {
  document: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  styles: 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml',
  numbering: 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml',
  settings: 'application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml',
  header: 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml',
  footer: 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml',
  theme: 'application/vnd.openxmlformats-officedocument.theme+xml',
  core: 'application/vnd.openxmlformats-package.core-properties+xml',
  app: 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
};
const RELS = {
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  numbering: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering',
  settings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings',
  header: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/header',
  footer: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer',
  theme: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme',
  app: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties',
};
const PAGE_SIZES_MM: Record<string, [number, number]> = { A4: [210, 297], A5: [148, 210], Letter: [215.9, 279.4], Legal: [215.9, 355.6] };
const TWIPS_PER_MM = 1440 / 25.4;
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DOC_MAIN = 'word/document.xml';

export interface CreateOptions {
  /** Folder that relative paths in the spec (images, template) are resolved against. */
  baseDir?: string;
  /** Reads a file named in the spec; default: fs relative to baseDir. */
  readFile?: (file: string) => Buffer;
  /** Creation time written to the core properties (default now). */
  now?: Date;
}

interface PageGeometry {
  sectPr: string;
  textWidthTwips: number;
}

function pageGeometry(page: PageSetup | undefined, templateSectPr: string | undefined): PageGeometry {
  if (!page && templateSectPr) {
    const w = Number(/<w:pgSz\b[^>]*w:w="(\d+)"/.exec(templateSectPr)?.[1] ?? 11906);
    const left = Number(/<w:pgMar\b[^>]*w:left="(\d+)"/.exec(templateSectPr)?.[1] ?? 1440);
    const right = Number(/<w:pgMar\b[^>]*w:right="(\d+)"/.exec(templateSectPr)?.[1] ?? 1440);
    const keep = [...templateSectPr.matchAll(/<w:(pgSz|pgMar|cols|docGrid)\b[^>]*\/>/g)].map((m) => m[0]).join('');
    return { sectPr: keep, textWidthTwips: Math.max(1440, w - left - right) };
  }
  const size = page?.size ?? 'A4';
  let [wMm, hMm] = typeof size === 'string' ? PAGE_SIZES_MM[size] : [size.widthMm, size.heightMm];
  const landscape = page?.orientation === 'landscape';
  if (landscape !== wMm > hMm) [wMm, hMm] = [hMm, wMm];
  const m = page?.margins;
  const margin = (side: 'top' | 'right' | 'bottom' | 'left') => Math.round((typeof m === 'number' ? m : (m?.[side] ?? 25)) * TWIPS_PER_MM);
  const w = Math.round(wMm * TWIPS_PER_MM);
  const h = Math.round(hMm * TWIPS_PER_MM);
  const textWidthTwips = w - margin('left') - margin('right');
  if (textWidthTwips < 720) throw new SpecError('page.margins', 'leave at least 12.7 mm between the left and right margins');
  const sectPr =
    `<w:pgSz w:w="${w}" w:h="${h}"${landscape ? ' w:orient="landscape"' : ''}/>` +
    `<w:pgMar w:top="${margin('top')}" w:right="${margin('right')}" w:bottom="${margin('bottom')}" w:left="${margin('left')}" w:header="709" w:footer="709" w:gutter="0"/>` +
    `<w:cols w:space="708"/>`;
  return { sectPr, textWidthTwips };
}

function asHeaderFooter(v: HeaderFooter | Inline): HeaderFooter {
  return typeof v === 'object' && !Array.isArray(v) && 'blocks' in v ? v : { blocks: [{ type: 'paragraph', text: v }] };
}

function corePropsXml(spec: DocumentSpec, now: Date): string {
  const p = spec.properties ?? {};
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const opt = (tag: string, v?: string) => (v ? `<${tag}>${escapeXml(v)}</${tag}>` : '');
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
    `xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    opt('dc:title', p.title) + opt('dc:subject', p.subject) + opt('dc:creator', p.author) + opt('cp:keywords', p.keywords) +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`
  );
}

const ROOT_NS = `xmlns:w="${NS.w}" xmlns:r="${NS.r}" xmlns:wp="${NS.wp}"`;

/** Builds the document; throws SpecError for a bad spec and DocumentError for an unusable template or image. */
export function createDocx(specJson: unknown, opts: CreateOptions = {}): Buffer {
  const spec = parseSpec(specJson);
  const baseDir = opts.baseDir ?? process.cwd();
  const readFile = opts.readFile ?? ((f: string) => fs.readFileSync(path.resolve(baseDir, f)));
  const read = (f: string, where: string): Buffer => {
    try {
      return readFile(f);
    } catch (err) {
      throw new SpecError(where, `cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };

  let template: OoxmlPackage | undefined;
  let templateMain: string | undefined;
  if (spec.template) {
    try {
      template = OoxmlPackage.open(read(spec.template, 'template'), { expected: 'a Word document (.docx)' });
      templateMain = template.mainEntry();
    } catch (err) {
      if (err instanceof DocumentError) throw err.withFile(spec.template);
      throw err;
    }
  }
  const templateRel = (type: string) => (template && templateMain ? template.relationships(templateMain).find((r) => r.type === type && r.targetEntry && template!.has(r.targetEntry)) : undefined);
  const templateSectPr = template && templateMain ? /<w:sectPr\b[\s\S]*<\/w:sectPr>\s*<\/w:body>/.exec(template.bytes(templateMain).toString('utf8'))?.[0] : undefined;

  const pkg = OoxmlPackage.create();
  const parse = (xml: string, part: string) => parseXml(xml, { part });
  pkg.setXml(DOC_MAIN, parse(`${XML_DECL}<w:document ${ROOT_NS}><w:body/></w:document>`, DOC_MAIN), CT.document);
  pkg.addRelationship('', REL.officeDocument, DOC_MAIN);
  pkg.ensureDefaultContentType('png', 'image/png');

  // Styles: the template's (plus what this engine refers to) or generated ones.
  const templateStyles = templateRel(RELS.styles);
  const stylesXml = templateStyles ? templateStylesXml(template!.bytes(templateStyles.targetEntry!).toString('utf8'), spec.styles) : generatedStylesXml(spec.styles);
  pkg.setXml('word/styles.xml', parse(stylesXml, 'word/styles.xml'), CT.styles);
  pkg.addRelationship(DOC_MAIN, RELS.styles, 'word/styles.xml');
  const { ids: styleIds, byName } = styleIndex(stylesXml);
  const themeRel = templateRel(RELS.theme);
  if (themeRel) {
    pkg.setBytes('word/theme/theme1.xml', template!.bytes(themeRel.targetEntry!), CT.theme);
    pkg.addRelationship(DOC_MAIN, RELS.theme, 'word/theme/theme1.xml');
  }
  pkg.setXml('word/settings.xml', parse(`${XML_DECL}<w:settings xmlns:w="${NS.w}"><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`, 'word/settings.xml'), CT.settings);
  pkg.addRelationship(DOC_MAIN, RELS.settings, 'word/settings.xml');

  const geometry = pageGeometry(spec.page, templateSectPr);
  const numbering = new NumberingBuilder();
  const images = new Map<string, { entry: string; info: ImageInfo }>();
  let drawingId = 0;
  const contextFor = (part: string): BlockContext => ({
    numbering,
    textWidthTwips: geometry.textWidthTwips,
    nextDrawingId: () => ++drawingId,
    hyperlink: (url) => pkg.addRelationship(part, REL.hyperlink, url, true),
    headingStyle: (level) => (styleIds.has(`Heading${level}`) ? `Heading${level}` : (byName.get(`heading ${level}`) ?? `Heading${level}`)),
    image: (file) => {
      let img = images.get(file);
      if (!img) {
        const bytes = read(file, `image ${file}`);
        const info = imageInfo(bytes);
        if (!info) throw new SpecError(`image ${file}`, 'is not a PNG, JPEG or GIF file (convert SVG and other formats to PNG first)');
        const entry = `word/media/image${images.size + 1}.${info.extension}`;
        pkg.ensureDefaultContentType(info.extension, info.contentType);
        pkg.setBytes(entry, bytes);
        img = { entry, info };
        images.set(file, img);
      }
      return { rId: pkg.addRelationship(part, REL.image, img.entry), info: img.info };
    },
  });

  // Headers and footers become their own parts referenced from the section.
  let sectRefs = '';
  for (const kind of ['header', 'footer'] as const) {
    const value = spec[kind];
    if (value === undefined) continue;
    const entry = `word/${kind}1.xml`;
    const ctx = contextFor(entry);
    const style = kind === 'header' ? 'Header' : 'Footer';
    const content = asHeaderFooter(value)
      .blocks.map((b) => (b.type === 'image' ? imageBlockXml(b, ctx) : paragraphBlockXml({ ...b, style: b.style ?? style }, ctx)))
      .join('');
    const tag = kind === 'header' ? 'w:hdr' : 'w:ftr';
    pkg.setXml(entry, parse(`${XML_DECL}<${tag} ${ROOT_NS}>${content || '<w:p/>'}</${tag}>`, entry), CT[kind]);
    const rId = pkg.addRelationship(DOC_MAIN, RELS[kind], entry);
    sectRefs += `<w:${kind}Reference w:type="default" r:id="${rId}"/>`;
  }

  const body = blocksXml(spec.body, contextFor(DOC_MAIN));
  // The section properties close the body; a body ending in a table needs a paragraph first.
  const tail = spec.body.length === 0 || spec.body[spec.body.length - 1].type === 'table' ? '<w:p/>' : '';
  const documentXml = `${XML_DECL}<w:document ${ROOT_NS}><w:body>${body}${tail}<w:sectPr>${sectRefs}${geometry.sectPr}</w:sectPr></w:body></w:document>`;
  pkg.setXml(DOC_MAIN, parse(documentXml, DOC_MAIN));

  if (numbering.used) {
    pkg.setXml('word/numbering.xml', parse(numbering.xml(), 'word/numbering.xml'), CT.numbering);
    pkg.addRelationship(DOC_MAIN, RELS.numbering, 'word/numbering.xml');
  }
  pkg.setXml('docProps/core.xml', parse(corePropsXml(spec, opts.now ?? new Date()), 'docProps/core.xml'), CT.core);
  pkg.addRelationship('', REL.coreProperties, 'docProps/core.xml');
  const appXml = `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Cowork</Application></Properties>`;
  pkg.setXml('docProps/app.xml', parse(appXml, 'docProps/app.xml'), CT.app);
  pkg.addRelationship('', RELS.app, 'docProps/app.xml');
  return pkg.save();
}
