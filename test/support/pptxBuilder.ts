// Builds small PowerPoint packages from PresentationML snippets, for tests and the bench
// generator: one master, a title and a title-and-content layout, and slides given as the
// inner XML of their p:spTree (optionally hidden, with notes, images, in any order).

import { writeZip, type ZipOutput } from '../../src/documents/ooxml/zipWriter';

export const P_NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';

export interface SlideSpec {
  /** Inner XML of p:spTree after the group properties. */
  shapes: string;
  hidden?: boolean;
  notes?: string;
  /** 1: title layout, 2: title and content (default). */
  layout?: 1 | 2;
  /** Media this slide refers to as rId10, rId11… */
  images?: { name: string; data: Buffer }[];
}

export interface DeckSpec {
  slides: SlideSpec[];
  /** Presentation order as indexes into `slides` (default: as given). */
  order?: number[];
  /** Leave out the layout parts (a damaged deck). */
  dropLayouts?: boolean;
  /** More shapes (inner XML) on the master, after its title and body placeholders. */
  masterShapes?: string;
  /** More shapes on the title layout (1) and the title-and-content layout (2). */
  layoutShapes?: { 1?: string; 2?: string };
}

const CT = 'application/vnd.openxmlformats-officedocument.presentationml';
const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const GRP = '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>';

const rels = (list: [string, string, string][]) =>
  `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${list.map(([id, t, target]) => `<Relationship Id="${id}" Type="${RT}${t}" Target="${target}"/>`).join('')}</Relationships>`;

/** A placeholder shape with paragraphs given as inner XML of a:p elements (or plain strings). */
export function placeholder(id: number, type: string, paragraphs: string[], extra = ''): string {
  const ps = paragraphs.map((p) => (p.startsWith('<') ? `<a:p>${p}</a:p>` : `<a:p><a:r><a:rPr lang="en-US"/><a:t>${p}</a:t></a:r></a:p>`)).join('');
  const ph = type === 'title' ? '<p:ph type="title"/>' : `<p:ph type="${type}" idx="${id}"/>`;
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${type} ${id}"/><p:cNvSpPr/><p:nvPr>${ph}</p:nvPr></p:nvSpPr><p:spPr>${extra}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>${ps}</p:txBody></p:sp>`;
}

export function textBox(id: number, text: string, box = { x: 914400, y: 914400, cx: 2743200, cy: 457200 }): string {
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="TextBox ${id}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="${box.x}" y="${box.y}"/><a:ext cx="${box.cx}" cy="${box.cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>${text}</a:t></a:r></a:p></p:txBody></p:sp>`;
}

export function picture(id: number, relId: string, descr: string): string {
  return `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="Picture ${id}" descr="${descr}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="${relId}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
}

export function table(id: number, rows: string[][]): string {
  const cols = rows[0].map(() => '<a:gridCol w="1828800"/>').join('');
  const trs = rows.map((r) => `<a:tr h="370840">${r.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>${c}</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc>`).join('')}</a:tr>`).join('');
  return `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Table ${id}"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="2743200"/><a:ext cx="5486400" cy="1112520"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1"/><a:tblGrid>${cols}</a:tblGrid>${trs}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

const MASTER_SHAPES =
  '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title Placeholder 1"/><p:cNvSpPr/><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="274638"/><a:ext cx="8229600" cy="1143000"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>' +
  '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Text Placeholder 2"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="1600200"/><a:ext cx="8229600" cy="4525963"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>';

const THEME = `${DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Test"><a:themeElements><a:clrScheme name="Test"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/></a:accent2><a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6><a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme><a:fontScheme name="Test"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Test"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`;

export function buildPptx(spec: DeckSpec): Buffer {
  const files: [string, string | Buffer][] = [];
  const overrides: [string, string][] = [['/ppt/presentation.xml', `${CT}.presentation.main+xml`], ['/ppt/slideMasters/slideMaster1.xml', `${CT}.slideMaster+xml`], ['/ppt/theme/theme1.xml', 'application/vnd.openxmlformats-officedocument.theme+xml']];
  const presRels: [string, string, string][] = [['rId1', 'slideMaster', 'slideMasters/slideMaster1.xml'], ['rId2', 'theme', 'theme/theme1.xml']];
  files.push(['ppt/slideMasters/slideMaster1.xml', `${DECL}<p:sldMaster ${P_NS}><p:cSld><p:spTree>${GRP}${MASTER_SHAPES}${spec.masterShapes ?? ''}</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/><p:sldLayoutId id="2147483650" r:id="rId2"/></p:sldLayoutIdLst></p:sldMaster>`]);
  files.push(['ppt/slideMasters/_rels/slideMaster1.xml.rels', rels([['rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml'], ['rId2', 'slideLayout', '../slideLayouts/slideLayout2.xml'], ['rId3', 'theme', '../theme/theme1.xml']])]);
  files.push(['ppt/theme/theme1.xml', THEME]);
  const layouts: [string, string][] = [
    ['title', '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr><p:ph type="ctrTitle"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="685800" y="2130425"/><a:ext cx="7772400" cy="1470025"/></a:xfrm></p:spPr></p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Subtitle 2"/><p:cNvSpPr/><p:nvPr><p:ph type="subTitle" idx="1"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="1371600" y="3886200"/><a:ext cx="6400800" cy="1752600"/></a:xfrm></p:spPr></p:sp>'],
    ['obj', '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Content Placeholder 2"/><p:cNvSpPr/><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'],
  ];
  if (!spec.dropLayouts) {
    layouts.forEach(([type, shapes], i) => {
      files.push([`ppt/slideLayouts/slideLayout${i + 1}.xml`, `${DECL}<p:sldLayout ${P_NS} type="${type}" preserve="1"><p:cSld name="${type === 'title' ? 'Title Slide' : 'Title and Content'}"><p:spTree>${GRP}${shapes}${spec.layoutShapes?.[(i + 1) as 1 | 2] ?? ''}</p:spTree></p:cSld></p:sldLayout>`]);
      files.push([`ppt/slideLayouts/_rels/slideLayout${i + 1}.xml.rels`, rels([['rId1', 'slideMaster', '../slideMasters/slideMaster1.xml']])]);
      overrides.push([`/ppt/slideLayouts/slideLayout${i + 1}.xml`, `${CT}.slideLayout+xml`]);
    });
  }
  let media = 0;
  spec.slides.forEach((s, i) => {
    const n = i + 1;
    files.push([`ppt/slides/slide${n}.xml`, `${DECL}<p:sld ${P_NS}${s.hidden ? ' show="0"' : ''}><p:cSld><p:spTree>${GRP}${s.shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`]);
    overrides.push([`/ppt/slides/slide${n}.xml`, `${CT}.slide+xml`]);
    const sr: [string, string, string][] = [['rId1', 'slideLayout', `../slideLayouts/slideLayout${s.layout ?? 2}.xml`]];
    if (s.notes !== undefined) {
      sr.push(['rId2', 'notesSlide', `../notesSlides/notesSlide${n}.xml`]);
      files.push([`ppt/notesSlides/notesSlide${n}.xml`, `${DECL}<p:notes ${P_NS}><p:cSld><p:spTree>${GRP}<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image 1"/><p:cNvSpPr/><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>${placeholder(3, 'body', [s.notes])}</p:spTree></p:cSld></p:notes>`]);
      files.push([`ppt/notesSlides/_rels/notesSlide${n}.xml.rels`, rels([['rId1', 'slide', `../slides/slide${n}.xml`]])]);
      overrides.push([`/ppt/notesSlides/notesSlide${n}.xml`, `${CT}.notesSlide+xml`]);
    }
    (s.images ?? []).forEach((img, k) => {
      media++;
      const name = `image${media}.${img.name.split('.').pop()}`;
      files.push([`ppt/media/${name}`, img.data]);
      sr.push([`rId${10 + k}`, 'image', `../media/${name}`]);
    });
    files.push([`ppt/slides/_rels/slide${n}.xml.rels`, rels(sr)]);
    presRels.push([`rId${10 + i}`, 'slide', `slides/slide${n}.xml`]);
  });
  const order = spec.order ?? spec.slides.map((_, i) => i);
  const sldIds = order.map((i, k) => `<p:sldId id="${256 + k}" r:id="rId${10 + i}"/>`).join('');
  files.push(['ppt/presentation.xml', `${DECL}<p:presentation ${P_NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>${sldIds ? `<p:sldIdLst>${sldIds}</p:sldIdLst>` : ''}<p:sldSz cx="9144000" cy="6858000" type="screen4x3"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>`]);
  files.push(['ppt/_rels/presentation.xml.rels', rels(presRels)]);
  const types = `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>${overrides.map(([p, c]) => `<Override PartName="${p}" ContentType="${c}"/>`).join('')}</Types>`;
  const out: ZipOutput[] = [
    { kind: 'new', name: '[Content_Types].xml', data: Buffer.from(types) },
    { kind: 'new', name: '_rels/.rels', data: Buffer.from(rels([['rId1', 'officeDocument', 'ppt/presentation.xml']])) },
    ...files.map(([name, data]): ZipOutput => ({ kind: 'new', name, data: typeof data === 'string' ? Buffer.from(data) : data })),
  ];
  return writeZip(out);
}

/** A 1x1 PNG. */
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
