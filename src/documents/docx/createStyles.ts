// styles.xml for created documents: generated from the spec's style setup
// (fonts, sizes, colours, as brand guidelines give them), or the template's own
// styles with the few this engine refers to added when the template lacks them.

import type { StyleSetup } from './createSpec';
import { escapeXml, hexColor } from './createRuns';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const DEFAULT_HEADING_SIZES = [20, 16, 14, 12, 11, 11];

function fonts(font: string | undefined): string {
  return font ? `<w:rFonts w:ascii="${escapeXml(font)}" w:hAnsi="${escapeXml(font)}" w:eastAsia="${escapeXml(font)}" w:cs="${escapeXml(font)}"/>` : '';
}

function size(points: number): string {
  const half = Math.round(points * 2);
  return `<w:sz w:val="${half}"/><w:szCs w:val="${half}"/>`;
}

function color(hex: string | undefined): string {
  return hex ? `<w:color w:val="${hexColor(hex)}"/>` : '';
}

function headingStyle(level: number, s: StyleSetup): string {
  const pts = s.headingSizes?.[level - 1] ?? DEFAULT_HEADING_SIZES[level - 1];
  const before = level === 1 ? 360 : 240;
  return (
    `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="${before}" w:after="120"/><w:outlineLvl w:val="${level - 1}"/></w:pPr>` +
    `<w:rPr>${fonts(s.headingFont ?? s.font)}<w:b/><w:bCs/>${color(s.headingColor)}${size(pts)}</w:rPr></w:style>`
  );
}

/** Styles this engine refers to by id; added to a template that lacks them. */
function supportStyles(s: StyleSetup): Record<string, string> {
  const body = s.size ?? 11;
  return {
    Title:
      `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
      `<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr>${fonts(s.headingFont ?? s.font)}<w:b/>${color(s.headingColor)}${size(Math.max(26, (s.headingSizes?.[0] ?? 20) + 6))}</w:rPr></w:style>`,
    Subtitle:
      `<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
      `<w:rPr>${color(s.headingColor)}${size(body + 3)}</w:rPr></w:style>`,
    Quote:
      `<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
      `<w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style>`,
    ListParagraph:
      `<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
      `<w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>`,
    Header: `<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr></w:style>`,
    Footer: `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr>${size(Math.max(7, body - 2))}</w:rPr></w:style>`,
    Caption: `<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:i/>${size(Math.max(7, body - 2))}</w:rPr></w:style>`,
    Hyperlink: `<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="${hexColor(s.linkColor ?? '0563C1')}"/><w:u w:val="single"/></w:rPr></w:style>`,
    TableGrid:
      `<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>` +
      ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>`).join('') +
      `</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`,
  };
}

/** A complete styles.xml from the spec's style setup. */
export function generatedStylesXml(s: StyleSetup = {}): string {
  const body = s.size ?? 11;
  const line = Math.round((s.lineSpacing ?? 1.08) * 240);
  let styles =
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(s.font ?? 'Calibri')}${size(body)}${color(s.color)}<w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="${line}" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>` +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
    `<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`;
  for (let level = 1; level <= 6; level++) styles += headingStyle(level, s);
  styles += Object.values(supportStyles(s)).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="${W_NS}">${styles}</w:styles>`;
}

/** The style ids a styles.xml defines, and which id carries each style name ("heading 1" -> "Heading1" or a localised id). */
export function styleIndex(stylesXml: string): { ids: Set<string>; byName: Map<string, string> } {
  const ids = new Set<string>();
  const byName = new Map<string, string>();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    ids.add(m[1]);
    const name = /<w:name w:val="([^"]+)"/.exec(m[2]);
    if (name) byName.set(name[1].toLowerCase(), m[1]);
  }
  return { ids, byName };
}

/** The template's styles.xml with this engine's support styles (and headings) appended where missing. */
export function templateStylesXml(templateStyles: string, s: StyleSetup = {}): string {
  const { ids, byName } = styleIndex(templateStyles);
  let missing = '';
  for (let level = 1; level <= 6; level++) if (!ids.has(`Heading${level}`) && !byName.has(`heading ${level}`)) missing += headingStyle(level, s);
  for (const [id, xml] of Object.entries(supportStyles(s))) if (!ids.has(id)) missing += xml;
  if (!missing) return templateStyles;
  const close = templateStyles.lastIndexOf('</w:styles>');
  if (close < 0) throw new Error('the template styles.xml has no </w:styles>');
  return templateStyles.slice(0, close) + missing + templateStyles.slice(close);
}
