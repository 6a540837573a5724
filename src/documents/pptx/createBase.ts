// The parts of a new deck when no template is given: a theme (colours and fonts from the
// spec's theme), one slide master with title and body text styles, the layouts the spec's
// slide types use, and a notes master for speaker notes. Written as XML text.

import { escapeAttr, escapeText } from '../ooxml/xml';
import { hex, type ThemeSpec } from './createSpec';

export const NS =
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
export const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const GROUP = '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>';
const CLR_MAP = 'bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"';

export interface Palette {
  primary: string;
  accent: string;
  accent2: string;
  text: string;
  background: string;
  neutral: string;
  heading: string;
  body: string;
}

export function palette(theme: ThemeSpec | undefined): Palette {
  const c = theme?.colors ?? {};
  return {
    primary: hex(c.primary ?? '1F3864'),
    accent: hex(c.accent ?? '2E75B6'),
    accent2: hex(c.accent2 ?? 'ED7D31'),
    text: hex(c.text ?? '262626'),
    background: hex(c.background ?? 'FFFFFF'),
    neutral: hex(c.neutral ?? 'E7E6E6'),
    heading: theme?.fonts?.heading ?? 'Calibri',
    body: theme?.fonts?.body ?? 'Calibri',
  };
}

export function themeXml(p: Palette): string {
  const srgb = (v: string) => `<a:srgbClr val="${v}"/>`;
  const fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>';
  const line = '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>';
  return (
    `${DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Cowork"><a:themeElements>` +
    `<a:clrScheme name="Cowork"><a:dk1>${srgb(p.text)}</a:dk1><a:lt1>${srgb(p.background)}</a:lt1><a:dk2>${srgb(p.primary)}</a:dk2><a:lt2>${srgb(p.neutral)}</a:lt2>` +
    `<a:accent1>${srgb(p.accent)}</a:accent1><a:accent2>${srgb(p.primary)}</a:accent2><a:accent3>${srgb(p.accent2)}</a:accent3><a:accent4>${srgb('7F7F7F')}</a:accent4><a:accent5>${srgb('5B9BD5')}</a:accent5><a:accent6>${srgb('70AD47')}</a:accent6>` +
    `<a:hlink>${srgb(p.accent)}</a:hlink><a:folHlink>${srgb(p.primary)}</a:folHlink></a:clrScheme>` +
    `<a:fontScheme name="Cowork"><a:majorFont><a:latin typeface="${escapeAttr(p.heading)}"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="${escapeAttr(p.body)}"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>` +
    `<a:fmtScheme name="Cowork"><a:fillStyleLst>${fill}${fill}${fill}</a:fillStyleLst><a:lnStyleLst>${line}${line}${line}</a:lnStyleLst>` +
    `<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>` +
    `<a:bgFillStyleLst>${fill}${fill}${fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`
  );
}

const xfrm = (x: number, y: number, cx: number, cy: number) => `<a:xfrm><a:off x="${Math.round(x)}" y="${Math.round(y)}"/><a:ext cx="${Math.round(cx)}" cy="${Math.round(cy)}"/></a:xfrm>`;

function ph(id: number, name: string, phAttrs: string, box?: [number, number, number, number]): string {
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph ${phAttrs}/></p:nvPr></p:nvSpPr><p:spPr>${box ? xfrm(...box) : ''}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>`;
}

export function masterXml(cx: number, cy: number, layoutCount: number): string {
  const m = cx * 0.06;
  const lvl = (n: number, size: number) =>
    `<a:lvl${n}pPr marL="${228600 + (n - 1) * 342900}" indent="-228600"><a:spcBef><a:spcPts val="600"/></a:spcBef><a:buFont typeface="Arial"/><a:buChar char="${n % 2 ? '•' : '–'}"/><a:defRPr sz="${size}"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl${n}pPr>`;
  const ids = Array.from({ length: layoutCount }, (_, i) => `<p:sldLayoutId id="${2147483649 + i}" r:id="rId${i + 1}"/>`).join('');
  return (
    `${DECL}<p:sldMaster ${NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree>${GROUP}` +
    ph(2, 'Title Placeholder 1', 'type="title"', [m, cy * 0.05, cx - 2 * m, cy * 0.16]) +
    ph(3, 'Text Placeholder 2', 'type="body" idx="1"', [m, cy * 0.25, cx - 2 * m, cy * 0.66]) +
    `</p:spTree></p:cSld><p:clrMap ${CLR_MAP}/><p:sldLayoutIdLst>${ids}</p:sldLayoutIdLst>` +
    `<p:txStyles><p:titleStyle><a:lvl1pPr algn="l"><a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/><a:defRPr sz="3200" b="1"><a:solidFill><a:schemeClr val="tx2"/></a:solidFill><a:latin typeface="+mj-lt"/></a:defRPr></a:lvl1pPr></p:titleStyle>` +
    `<p:bodyStyle>${lvl(1, 2000)}${lvl(2, 1800)}${lvl(3, 1600)}${lvl(4, 1600)}${lvl(5, 1600)}</p:bodyStyle>` +
    `<p:otherStyle><a:lvl1pPr><a:defRPr sz="1800"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>`
  );
}

/** Layouts of the base deck, by the `type` PowerPoint gives them. */
export const BASE_LAYOUTS: { type: string; name: string; placeholders: string }[] = [
  { type: 'title', name: 'Title Slide', placeholders: 'ctrTitle|subTitle:1' },
  { type: 'secHead', name: 'Section Header', placeholders: 'title|body:1' },
  { type: 'obj', name: 'Title and Content', placeholders: 'title|body:1' },
  { type: 'twoObj', name: 'Two Content', placeholders: 'title|body:1|body:2' },
  { type: 'titleOnly', name: 'Title Only', placeholders: 'title' },
  { type: 'blank', name: 'Blank', placeholders: '' },
];

export function layoutXml(l: (typeof BASE_LAYOUTS)[number]): string {
  const shapes = l.placeholders
    .split('|')
    .filter(Boolean)
    .map((p, i) => {
      const [type, idx] = p.split(':');
      return ph(i + 2, `${type} ${i + 1}`, idx ? `type="${type === 'body' ? 'body' : type}" idx="${idx}"` : `type="${type}"`);
    })
    .join('');
  return `${DECL}<p:sldLayout ${NS} type="${l.type}" preserve="1"><p:cSld name="${l.name}"><p:spTree>${GROUP}${shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`;
}

export function notesMasterXml(): string {
  return (
    `${DECL}<p:notesMaster ${NS}><p:cSld><p:spTree>${GROUP}` +
    ph(2, 'Slide Image Placeholder 1', 'type="sldImg" idx="2"', [1143000, 685800, 4572000, 3429000]) +
    ph(3, 'Notes Placeholder 2', 'type="body" idx="1"', [685800, 4400550, 5486400, 3600450]) +
    `</p:spTree></p:cSld><p:clrMap ${CLR_MAP}/><p:notesStyle><a:lvl1pPr><a:defRPr sz="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></p:notesStyle></p:notesMaster>`
  );
}

export function notesSlideXml(notes: string): string {
  const paras = notes.split('\n').map((t) => `<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>${escapeText(t)}</a:t></a:r></a:p>`).join('');
  return (
    `${DECL}<p:notes ${NS}><p:cSld><p:spTree>${GROUP}` +
    '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>' +
    `<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>${paras}</p:txBody></p:sp>` +
    `</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>`
  );
}

