// Writes a new deck from a spec (createSpec.ts) on the package layer: either our own
// base (theme from the spec, master, layouts; createBase.ts) or a template deck whose
// slides are dropped and whose masters, layouts and theme are kept. Each slide is put on
// the layout its type asks for, with placeholders positioned explicitly.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentError, OoxmlPackage, child, el, type XmlElement } from '../ooxml';
import { REL } from '../ooxml/relationships';
import { BASE_LAYOUTS, DECL, layoutXml, masterXml, notesMasterXml, notesSlideXml, NS, palette, themeXml, type Palette } from './createBase';
import { chartWorkbook, chartXml } from './createChart';
import { loadDeckImages } from './createImages';
import { checkDeckSpec, type DeckSpec } from './createSpec';
import { slideShapes, type SlideContext } from './createSlides';
import { findDeckParts, openPptxPackage, PPTX_CT, PPTX_REL } from './parts';
import { readPptxPackage } from './readPptx';
import { editSlides } from './slideOps';

const CT = 'application/vnd.openxmlformats-officedocument';
const LAYOUT_FOR: Record<string, string[]> = {
  title: ['title', 'ctrTitle'],
  section: ['secHead', 'titleOnly'],
  bullets: ['obj', 'tx'],
  twoColumn: ['twoObj', 'twoTxTwoObj', 'obj'],
  image: ['titleOnly', 'picTx', 'obj'],
  table: ['titleOnly', 'obj'],
  chart: ['titleOnly', 'obj'],
  quote: ['blank', 'titleOnly'],
};

export interface CreateOptions {
  baseDir?: string;
  readFile?: (p: string) => Buffer;
}

function rels(list: [string, string, string][]): string {
  return `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${list.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;
}

/** A new package with our base master, layouts, themes and notes master, and no slides. */
function basePackage(spec: DeckSpec, p: Palette): OoxmlPackage {
  const pkg = OoxmlPackage.create();
  const [cx, cy] = spec.size === '4:3' ? [9144000, 6858000] : [12192000, 6858000];
  const put = (name: string, xml: string, ct?: string) => pkg.setBytes(name, Buffer.from(xml, 'utf8'), ct);
  put('_rels/.rels', rels([['rId1', REL.officeDocument, 'ppt/presentation.xml'], ['rId2', REL.coreProperties, 'docProps/core.xml']]));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  put('docProps/core.xml', `${DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(spec.title ?? '')}</dc:title><dc:creator>${esc(spec.author ?? 'Cowork')}</dc:creator></cp:coreProperties>`, 'application/vnd.openxmlformats-package.core-properties+xml');
  put('ppt/theme/theme1.xml', themeXml(p), `${CT}.theme+xml`);
  put('ppt/theme/theme2.xml', themeXml(p), `${CT}.theme+xml`);
  put('ppt/slideMasters/slideMaster1.xml', masterXml(cx, cy, BASE_LAYOUTS.length), PPTX_CT.slideMaster);
  const masterRels: [string, string, string][] = BASE_LAYOUTS.map((_, i) => [`rId${i + 1}`, PPTX_REL.slideLayout, `../slideLayouts/slideLayout${i + 1}.xml`]);
  masterRels.push([`rId${BASE_LAYOUTS.length + 1}`, PPTX_REL.theme, '../theme/theme1.xml']);
  put('ppt/slideMasters/_rels/slideMaster1.xml.rels', rels(masterRels));
  BASE_LAYOUTS.forEach((l, i) => {
    put(`ppt/slideLayouts/slideLayout${i + 1}.xml`, layoutXml(l), PPTX_CT.slideLayout);
    put(`ppt/slideLayouts/_rels/slideLayout${i + 1}.xml.rels`, rels([['rId1', PPTX_REL.slideMaster, '../slideMasters/slideMaster1.xml']]));
  });
  put('ppt/notesMasters/notesMaster1.xml', notesMasterXml(), `${CT}.presentationml.notesMaster+xml`);
  put('ppt/notesMasters/_rels/notesMaster1.xml.rels', rels([['rId1', PPTX_REL.theme, '../theme/theme2.xml']]));
  put(
    'ppt/presentation.xml',
    `${DECL}<p:presentation ${NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst><p:sldIdLst/><p:sldSz cx="${cx}" cy="${cy}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`,
    `${CT}.presentationml.presentation.main+xml`,
  );
  put('ppt/_rels/presentation.xml.rels', rels([['rId1', PPTX_REL.slideMaster, 'slideMasters/slideMaster1.xml'], ['rId2', PPTX_REL.notesMaster, 'notesMasters/notesMaster1.xml'], ['rId3', PPTX_REL.theme, 'theme/theme1.xml']]));
  return pkg;
}

/** The template with its slides removed (masters, layouts, theme, media of layouts kept). */
function templatePackage(data: Buffer): OoxmlPackage {
  const count = findDeckParts(openPptxPackage(data)).slides.length;
  const empty = count ? editSlides(data, Array.from({ length: count }, () => ({ op: 'delete' as const, slide: 1 }))).data : data;
  return openPptxPackage(empty);
}

/** Theme colours of a template (its first master's theme), so free shapes match it. */
function templatePalette(pkg: OoxmlPackage, fallback: Palette): Palette {
  const master = findDeckParts(pkg).masters[0];
  const theme = master && pkg.relationships(master).find((r) => r.type === PPTX_REL.theme)?.targetEntry;
  if (!theme || !pkg.has(theme)) return fallback;
  const xml = pkg.bytes(theme).toString('utf8');
  const color = (tag: string) => new RegExp(`<a:${tag}>\\s*<a:(?:srgbClr val|sysClr val="\\w+" lastClr)="([0-9A-Fa-f]{6})"`).exec(xml)?.[1]?.toUpperCase();
  const font = (tag: string) => new RegExp(`<a:${tag}>\\s*<a:latin typeface="([^"]*)"`).exec(xml)?.[1];
  return {
    primary: color('dk2') ?? fallback.primary,
    accent: color('accent1') ?? fallback.accent,
    accent2: color('accent2') ?? fallback.accent2,
    text: color('dk1') ?? fallback.text,
    background: color('lt1') ?? fallback.background,
    neutral: color('lt2') ?? fallback.neutral,
    heading: font('majorFont') ?? fallback.heading,
    body: font('minorFont') ?? fallback.body,
  };
}

/** The new deck's bytes; async because SVG pictures are drawn to PNG fallbacks first (createImages.ts). */
export async function createPptx(raw: unknown, opts: CreateOptions = {}): Promise<Buffer> {
  const spec = checkDeckSpec(raw);
  const baseDir = opts.baseDir ?? process.cwd();
  const readFile = opts.readFile ?? ((p: string) => fs.readFileSync(p));
  const load = (file: string, where: string): Buffer => {
    try {
      return readFile(path.resolve(baseDir, file));
    } catch (err) {
      throw new DocumentError('NOT_FOUND', `${where}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  let p = palette(spec.theme);
  const pkg = spec.template ? templatePackage(load(spec.template, 'template')) : basePackage(spec, p);
  if (spec.template && !spec.theme?.colors && !spec.theme?.fonts) p = templatePalette(pkg, p);
  const images = await loadDeckImages(spec, baseDir, load);
  const { deck } = readPptxPackage(pkg);
  if (!deck.layouts.length) throw new DocumentError('MISSING_PART', 'template: the template has no slide layouts to build slides on');
  const main = findDeckParts(pkg).main;
  const presRoot = pkg.editXml(main).root;
  let notesMaster = findDeckParts(pkg).notesMaster;
  const media = new Map<string, string>();
  let mediaCount = 0;
  let chartCount = 0;
  const slideRoot = (n: number) => `ppt/slides/slide${n}.xml`;

  spec.slides.forEach((s, i) => {
    const where = `slides[${i}]`;
    const want = LAYOUT_FOR[s.type];
    const layout = want.map((t) => deck.layouts.find((l) => l.type === t)).find(Boolean) ?? deck.layouts.find((l) => l.placeholders.some((ph) => ph.placeholder?.type === 'title')) ?? deck.layouts[0];
    const part = slideRoot(i + 1);
    const slideRels: [string, string, string][] = [['rId1', PPTX_REL.slideLayout, path.posix.relative('ppt/slides', layout.part)]];
    const ctx: SlideContext = {
      size: deck.slideSize,
      palette: p,
      theme: spec.theme,
      isTitle: s.type === 'title',
      layoutIdx: (type) => layout.placeholders.filter((ph) => ph.placeholder?.type === type || (type === 'body' && ph.placeholder?.type === 'obj')).map((ph) => Number(ph.placeholder?.idx ?? 1)),
      image: (file) => {
        const key = path.resolve(baseDir, file);
        const img = images.get(key)!;
        let target = media.get(key);
        if (!target) {
          target = `ppt/media/cowork${++mediaCount}.${img.ext}`;
          pkg.setBytes(target, img.bytes);
          pkg.ensureDefaultContentType(img.ext, img.contentType);
          if (img.fallback) {
            pkg.setBytes(target.replace(/\.svg$/, '.png'), img.fallback);
            pkg.ensureDefaultContentType('png', 'image/png');
          }
          media.set(key, target);
        }
        const rel = (t: string) => {
          const id = `rId${slideRels.length + 1}`;
          slideRels.push([id, PPTX_REL.image, path.posix.relative('ppt/slides', t)]);
          return id;
        };
        // An SVG's raster is the blip itself; the SVG is its extension (createImages.ts).
        if (img.fallback) return { relId: rel(target.replace(/\.svg$/, '.png')), svgRelId: rel(target), width: img.width, height: img.height };
        return { relId: rel(target), width: img.width, height: img.height };
      },
      chart: (data) => {
        const n = ++chartCount;
        const chartPart = `ppt/charts/chart${n}.xml`;
        pkg.setBytes(chartPart, Buffer.from(chartXml(data, [p.accent, p.primary, p.accent2, '7F7F7F', '5B9BD5', '70AD47'], p.body), 'utf8'), PPTX_CT.chart);
        const book = `ppt/embeddings/Microsoft_Excel_Worksheet${n}.xlsx`;
        pkg.setBytes(book, chartWorkbook(data));
        pkg.ensureDefaultContentType('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        pkg.setBytes(`ppt/charts/_rels/chart${n}.xml.rels`, Buffer.from(rels([['rId1', PPTX_REL.package, `../embeddings/Microsoft_Excel_Worksheet${n}.xlsx`]]), 'utf8'));
        const id = `rId${slideRels.length + 1}`;
        slideRels.push([id, PPTX_REL.chart, `../charts/chart${n}.xml`]);
        return id;
      },
    };
    const shapes = slideShapes(s, ctx, where);
    pkg.setBytes(part, Buffer.from(`${DECL}<p:sld ${NS}><p:cSld><p:spTree>${shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`, 'utf8'), PPTX_CT.slide);
    if (s.notes) {
      if (!notesMaster) notesMaster = addNotesMaster(pkg, main, presRoot, p);
      const notesPart = `ppt/notesSlides/notesSlide${i + 1}.xml`;
      pkg.setBytes(notesPart, Buffer.from(notesSlideXml(s.notes), 'utf8'), PPTX_CT.notesSlide);
      pkg.setBytes(`ppt/notesSlides/_rels/notesSlide${i + 1}.xml.rels`, Buffer.from(rels([['rId1', PPTX_REL.notesMaster, path.posix.relative('ppt/notesSlides', notesMaster)], ['rId2', PPTX_REL.slide, `../slides/slide${i + 1}.xml`]]), 'utf8'));
      slideRels.push([`rId${slideRels.length + 1}`, PPTX_REL.notesSlide, `../notesSlides/notesSlide${i + 1}.xml`]);
    }
    pkg.setBytes(`ppt/slides/_rels/slide${i + 1}.xml.rels`, Buffer.from(rels(slideRels), 'utf8'));
    const relId = pkg.addRelationship(main, PPTX_REL.slide, part);
    let list = child(presRoot, 'p:sldIdLst');
    if (!list) {
      list = el('p:sldIdLst');
      const at = presRoot.children.findIndex((c) => c.type === 'element' && c.name === 'p:sldSz');
      presRoot.children.splice(at < 0 ? presRoot.children.length : at, 0, list);
    }
    list.children.push(el('p:sldId', { id: String(256 + i), 'r:id': relId }));
  });
  return pkg.save();
}

function addNotesMaster(pkg: OoxmlPackage, main: string, presRoot: XmlElement, p: Palette): string {
  const part = 'ppt/notesMasters/notesMaster1.xml';
  const theme = 'ppt/theme/themeNotes1.xml';
  pkg.setBytes(theme, Buffer.from(themeXml(p), 'utf8'), `${CT}.theme+xml`);
  pkg.setBytes(part, Buffer.from(notesMasterXml(), 'utf8'), `${CT}.presentationml.notesMaster+xml`);
  pkg.setBytes('ppt/notesMasters/_rels/notesMaster1.xml.rels', Buffer.from(rels([['rId1', PPTX_REL.theme, '../theme/themeNotes1.xml']]), 'utf8'));
  const id = pkg.addRelationship(main, PPTX_REL.notesMaster, part);
  const list = el('p:notesMasterIdLst', {}, [el('p:notesMasterId', { 'r:id': id })]);
  const at = presRoot.children.findIndex((c) => c.type === 'element' && c.name === 'p:sldMasterIdLst');
  presRoot.children.splice(at + 1, 0, list);
  return part;
}
