// The shapes of generated slides as XML text: placeholders (so titles are titles to
// PowerPoint, LibreOffice and screen readers) with explicit positions, free text boxes,
// pictures, tables and chart frames. Sizes are in EMU; text sizes in hundredths of a point.

import { escapeAttr, escapeText } from '../ooxml/xml';
import { SVG_BLIP_EXT, SVG_BLIP_NS } from './createImages';
import type { BulletItem } from './createSpec';

export interface Rect {
  x: number;
  y: number;
  cx: number;
  cy: number;
}

const xfrm = (r: Rect) => `<a:xfrm><a:off x="${Math.round(r.x)}" y="${Math.round(r.y)}"/><a:ext cx="${Math.round(r.cx)}" cy="${Math.round(r.cy)}"/></a:xfrm>`;

export interface RunStyle {
  size?: number;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  font?: string;
}

function rPr(s: RunStyle = {}, tag = 'a:rPr'): string {
  const attrs = ['lang="en-US"', s.size ? `sz="${s.size}"` : '', s.bold ? 'b="1"' : '', s.italic ? 'i="1"' : '', 'dirty="0"'].filter(Boolean).join(' ');
  const inner = (s.color ? `<a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill>` : '') + (s.font ? `<a:latin typeface="${escapeAttr(s.font)}"/>` : '');
  return inner ? `<${tag} ${attrs}>${inner}</${tag}>` : `<${tag} ${attrs}/>`;
}

export function paragraph(textValue: string, style: RunStyle = {}, pPr = ''): string {
  const runs = textValue
    .split('\v')
    .map((t, i) => (i ? `<a:br>${rPr(style)}</a:br>` : '') + (t ? `<a:r>${rPr(style)}<a:t>${escapeText(t)}</a:t></a:r>` : ''))
    .join('');
  return `<a:p>${pPr}${runs}${rPr(style, 'a:endParaRPr')}</a:p>`;
}

export function bulletParagraphs(items: BulletItem[], style: RunStyle = {}): string {
  return items
    .map((b) => {
      const t = typeof b === 'string' ? b : b.text;
      const level = typeof b === 'string' ? 0 : b.level ?? 0;
      return paragraph(t, style, level ? `<a:pPr lvl="${level}"/>` : '');
    })
    .join('');
}

/** A placeholder shape (`type` + `idx` as on the layout) holding paragraphs. */
export function placeholderShape(id: number, name: string, ph: { type?: string; idx?: number }, box: Rect, paragraphsXml: string, bodyPr = '<a:bodyPr/>'): string {
  const phAttrs = [ph.type ? `type="${ph.type}"` : '', ph.idx !== undefined ? `idx="${ph.idx}"` : ''].filter(Boolean).join(' ');
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${escapeAttr(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph ${phAttrs}/></p:nvPr></p:nvSpPr><p:spPr>${xfrm(box)}</p:spPr><p:txBody>${bodyPr}<a:lstStyle/>${paragraphsXml}</p:txBody></p:sp>`;
}

/** A free text box (not a placeholder), no bullets. */
export function textBox(id: number, name: string, box: Rect, paragraphsXml: string, opts: { fill?: string; anchor?: 't' | 'ctr' | 'b' } = {}): string {
  const fill = opts.fill ? `<a:solidFill><a:srgbClr val="${opts.fill}"/></a:solidFill>` : '<a:noFill/>';
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${escapeAttr(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>${xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>${fill}</p:spPr><p:txBody><a:bodyPr wrap="square" rtlCol="0" anchor="${opts.anchor ?? 't'}"><a:normAutofit/></a:bodyPr><a:lstStyle/>${paragraphsXml.replace(/<a:p>/g, '<a:p><a:pPr><a:buNone/></a:pPr>').replace(/<a:pPr><a:buNone\/><\/a:pPr><a:pPr lvl="(\d)"\/>/g, '<a:pPr lvl="$1"><a:buNone/></a:pPr>')}</p:txBody></p:sp>`;
}

/** A filled rectangle (a band or accent bar). */
export function band(id: number, name: string, box: Rect, color: string): string {
  return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${escapeAttr(name)}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>${xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>`;
}

/** A picture; with `svgRelId` the blip is the raster and names the SVG in its extension (createImages.ts). */
export function pictureShape(id: number, name: string, rels: { relId: string; svgRelId?: string }, box: Rect, descr: string): string {
  const blip = rels.svgRelId
    ? `<a:blip r:embed="${rels.relId}"><a:extLst><a:ext uri="${SVG_BLIP_EXT}"><asvg:svgBlip xmlns:asvg="${SVG_BLIP_NS}" r:embed="${rels.svgRelId}"/></a:ext></a:extLst></a:blip>`
    : `<a:blip r:embed="${rels.relId}"/>`;
  return `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="${escapeAttr(name)}" descr="${escapeAttr(descr)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill>${blip}<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>${xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`;
}

export function tableShape(id: number, box: Rect, columns: string[], rows: (string | number)[][], colors: { header: string; headerText: string; band: string; text: string }, font: string): string {
  const w = Math.floor(box.cx / columns.length);
  const rowH = Math.min(457200, Math.floor(box.cy / (rows.length + 1)));
  const cell = (t: string | number, header: boolean, banded: boolean) => {
    const align = typeof t === 'number' ? ' algn="r"' : '';
    const p = `<a:p><a:pPr${align}/><a:r>${rPr({ size: 1400, bold: header, color: header ? colors.headerText : colors.text, font })}<a:t>${escapeText(String(t))}</a:t></a:r></a:p>`;
    const fill = header ? colors.header : banded ? colors.band : undefined;
    return `<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>${p}</a:txBody><a:tcPr>${fill ? `<a:solidFill><a:srgbClr val="${fill}"/></a:solidFill>` : ''}</a:tcPr></a:tc>`;
  };
  const head = `<a:tr h="${rowH}">${columns.map((c) => cell(c, true, false)).join('')}</a:tr>`;
  const body = rows.map((r, i) => `<a:tr h="${rowH}">${r.map((c) => cell(c, false, i % 2 === 1)).join('')}</a:tr>`).join('');
  return (
    `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Table ${id}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>` +
    `<p:xfrm><a:off x="${Math.round(box.x)}" y="${Math.round(box.y)}"/><a:ext cx="${w * columns.length}" cy="${rowH * (rows.length + 1)}"/></p:xfrm>` +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>${columns.map(() => `<a:gridCol w="${w}"/>`).join('')}</a:tblGrid>${head}${body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`
  );
}

export function chartFrame(id: number, name: string, relId: string, box: Rect): string {
  return (
    `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="${escapeAttr(name)}"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>` +
    `<p:xfrm><a:off x="${Math.round(box.x)}" y="${Math.round(box.y)}"/><a:ext cx="${Math.round(box.cx)}" cy="${Math.round(box.cy)}"/></p:xfrm>` +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${relId}"/></a:graphicData></a:graphic></p:graphicFrame>`
  );
}
