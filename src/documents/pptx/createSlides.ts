// The shape tree of one generated slide, by slide type. Positions follow a simple grid
// on the slide size (6 % side margins, title band at the top); text that belongs in a
// placeholder goes in one, so the layout's styles apply and readers find the title.

import { GROUP, type Palette } from './createBase';
import { band, bulletParagraphs, chartFrame, paragraph, pictureShape, placeholderShape, tableShape, textBox, type Rect } from './createShapes';
import type { BulletItem, ChartData, SlideSpec, ThemeSpec } from './createSpec';

export interface SlideContext {
  size: { cx: number; cy: number };
  palette: Palette;
  theme?: ThemeSpec;
  isTitle: boolean;
  /** idx values of the layout's placeholders of a type (body: body and content placeholders). */
  layoutIdx: (type: string) => number[];
  /** A picture's relationship; for an SVG the PNG's, with the SVG's as `svgRelId`. */
  image: (file: string, where: string) => { relId: string; svgRelId?: string; width: number; height: number };
  chart: (data: ChartData) => string;
}

const MM = 36000;

/** The largest box of the image's proportions inside `area`, centred. */
function fit(area: Rect, w: number, h: number): Rect {
  const scale = Math.min(area.cx / w, area.cy / h);
  const cx = w * scale;
  const cy = h * scale;
  return { x: area.x + (area.cx - cx) / 2, y: area.y + (area.cy - cy) / 2, cx, cy };
}

export function slideShapes(s: SlideSpec, ctx: SlideContext, where: string): string {
  const { cx: W, cy: H } = ctx.size;
  const p = ctx.palette;
  const m = W * 0.06;
  const titleBox: Rect = { x: m, y: H * 0.05, cx: W - 2 * m, cy: H * 0.16 };
  const content: Rect = { x: m, y: H * 0.25, cx: W - 2 * m, cy: H * 0.64 };
  const heading = { color: p.primary, font: p.heading };
  const body = { color: p.text, font: p.body };
  const bodyIdx = ctx.layoutIdx('body');
  let id = 2;
  const out: string[] = [GROUP];
  const title = (t: string, box = titleBox, size = 3200) => out.push(placeholderShape(id++, 'Title', { type: 'title' }, box, paragraph(t, { ...heading, size, bold: true }), '<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>'));

  switch (s.type) {
    case 'title':
      out.push(band(id++, 'Accent bar', { x: 0, y: H * 0.62, cx: W, cy: H * 0.015 }, p.accent));
      out.push(placeholderShape(id++, 'Title', { type: 'ctrTitle' }, { x: m, y: H * 0.28, cx: W - 2 * m, cy: H * 0.3 }, paragraph(s.title, { ...heading, size: 4000, bold: true }), '<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>'));
      if (s.subtitle) out.push(placeholderShape(id++, 'Subtitle', { type: 'subTitle', idx: bodyIdx[0] ?? 1 }, { x: m, y: H * 0.66, cx: W - 2 * m, cy: H * 0.14 }, paragraph(s.subtitle, { ...body, size: 2000 }).replace('<a:p>', '<a:p><a:pPr marL="0" indent="0"><a:buNone/></a:pPr>')));
      break;
    case 'section':
      out.push(band(id++, 'Section band', { x: 0, y: 0, cx: W * 0.035, cy: H }, p.primary));
      title(s.title, { x: m, y: H * 0.3, cx: W - 2 * m, cy: H * 0.22 }, 3600);
      out.push(band(id++, 'Accent bar', { x: m, y: H * 0.54, cx: W * 0.12, cy: H * 0.012 }, p.accent));
      if (s.subtitle) out.push(placeholderShape(id++, 'Subtitle', { type: 'body', idx: bodyIdx[0] ?? 1 }, { x: m, y: H * 0.58, cx: W - 2 * m, cy: H * 0.14 }, paragraph(s.subtitle, { ...body, size: 2000 }).replace('<a:p>', '<a:p><a:pPr marL="0" indent="0"><a:buNone/></a:pPr>')));
      break;
    case 'bullets':
      title(s.title);
      out.push(placeholderShape(id++, 'Content', { idx: bodyIdx[0] ?? 1 }, content, bulletParagraphs(s.bullets, body), '<a:bodyPr><a:normAutofit/></a:bodyPr>'));
      break;
    case 'twoColumn': {
      title(s.title);
      const gap = W * 0.04;
      const colW = (content.cx - gap) / 2;
      [
        [s.left, s.leftHeading],
        [s.right, s.rightHeading],
      ].forEach(([items, head], k) => {
        const box = { x: content.x + k * (colW + gap), y: content.y, cx: colW, cy: content.cy };
        const headXml = head ? paragraph(head as string, { ...heading, bold: true, size: 2200 }).replace('<a:p>', '<a:p><a:pPr marL="0" indent="0"><a:buNone/></a:pPr>') : '';
        out.push(placeholderShape(id++, k ? 'Right column' : 'Left column', { idx: bodyIdx[k] ?? k + 1 }, box, headXml + bulletParagraphs(items as BulletItem[], body), '<a:bodyPr><a:normAutofit/></a:bodyPr>'));
      });
      break;
    }
    case 'image': {
      if (s.title) title(s.title);
      const img = ctx.image(s.image, `${where}.image`);
      const area = s.title ? { ...content, cy: content.cy - (s.caption ? H * 0.08 : 0) } : { x: m, y: H * 0.06, cx: W - 2 * m, cy: H * (s.caption ? 0.76 : 0.86) };
      const box = fit(area, img.width, img.height);
      out.push(pictureShape(id++, 'Picture', img, box, s.caption ?? s.title ?? s.image));
      if (s.caption) out.push(textBox(id++, 'Caption', { x: m, y: box.y + box.cy + H * 0.01, cx: W - 2 * m, cy: H * 0.07 }, paragraph(s.caption, { ...body, size: 1400, italic: true }).replace('<a:p>', '<a:p><a:pPr algn="ctr"/>')));
      break;
    }
    case 'table':
      title(s.title);
      out.push(tableShape(id++, content, s.columns, s.rows, { header: p.primary, headerText: 'FFFFFF', band: p.neutral, text: p.text }, p.body));
      break;
    case 'chart':
      title(s.title);
      out.push(chartFrame(id++, 'Chart', ctx.chart(s.chart), { ...content, cy: content.cy + H * 0.04 }));
      break;
    case 'quote': {
      out.push(band(id++, 'Quote bar', { x: m, y: H * 0.25, cx: W * 0.01, cy: H * 0.4 }, p.accent));
      out.push(textBox(id++, 'Quote', { x: m + W * 0.04, y: H * 0.22, cx: W - 2 * m - W * 0.04, cy: H * 0.46 }, paragraph(`“${s.quote}”`, { ...heading, size: 3000, italic: true }), { anchor: 'ctr' }));
      if (s.attribution) out.push(textBox(id++, 'Attribution', { x: m + W * 0.04, y: H * 0.7, cx: W - 2 * m - W * 0.04, cy: H * 0.1 }, paragraph(`— ${s.attribution}`, { ...body, size: 1800 }).replace('<a:p>', '<a:p><a:pPr algn="r"/>')));
      break;
    }
  }
  if (ctx.theme?.logo) {
    const img = ctx.image(ctx.theme.logo, 'theme.logo');
    const width = (ctx.theme.logoWidthMm ?? 25) * MM * (ctx.isTitle ? 2 : 1);
    const height = (width * img.height) / img.width;
    const edge = 10 * MM;
    const pos = ctx.isTitle ? 'top-left' : ctx.theme.logoPosition ?? 'bottom-right';
    const x = pos.endsWith('left') ? edge : W - edge - width;
    const y = pos.startsWith('top') ? edge : H - edge - height;
    out.push(pictureShape(id++, 'Logo', img, { x, y, cx: width, cy: height }, 'Logo'));
  }
  return out.join('');
}
