// Spec blocks (headings, paragraphs, lists, tables, images, page breaks) as
// WordprocessingML body content.

import { drawingXml, imageExtent, type ImageInfo } from './createImage';
import type { NumberingBuilder } from './createNumbering';
import { escapeXml, hexColor, inlineXml, type RunContext } from './createRuns';
import { isCellObject, type Align, type Block, type ImageBlock, type Inline, type InlineRun, type ListBlock, type ListItem, type ParagraphBlock, type TableBlock, type TableCell } from './createSpec';

export interface BlockContext extends RunContext {
  numbering: NumberingBuilder;
  /** Adds the image file to the package (once per path) and relates it from this part. */
  image(path: string): { rId: string; info: ImageInfo };
  nextDrawingId(): number;
  /** width between the margins, twips */
  textWidthTwips: number;
  /** the style id for a heading level (a template may localise ids) */
  headingStyle(level: number): string;
}

const TWIPS_PER_MM = 1440 / 25.4;
const JC: Record<Align, string> = { left: 'left', center: 'center', right: 'right', justify: 'both' };

function paragraphXml(pPr: string, content: string): string {
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;
}

function paragraphProps(b: Partial<ParagraphBlock>): string {
  let x = '';
  if (b.style) x += `<w:pStyle w:val="${escapeXml(b.style)}"/>`;
  if (b.keepWithNext) x += '<w:keepNext/>';
  if (b.spaceAfter !== undefined) x += `<w:spacing w:after="${Math.round(b.spaceAfter * 20)}"/>`;
  if (b.align) x += `<w:jc w:val="${JC[b.align]}"/>`;
  return x;
}

export function paragraphBlockXml(b: ParagraphBlock, ctx: BlockContext, extra: Partial<InlineRun> = {}): string {
  return paragraphXml(paragraphProps(b), inlineXml(b.text, ctx, extra));
}

function listXml(b: ListBlock, ctx: BlockContext): string {
  const numId = ctx.numbering.listNumId(b.ordered ?? false);
  const walk = (items: ListItem[], level: number): string =>
    items
      .map((item) => {
        const nested = typeof item === 'object' && !Array.isArray(item) && 'items' in item;
        const text: Inline = nested ? (item as { text: Inline }).text : (item as Inline);
        const pPr = `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`;
        const children = nested ? ((item as { items?: ListItem[] }).items ?? []) : [];
        return paragraphXml(pPr, inlineXml(text, ctx)) + (children.length ? walk(children, level + 1) : '');
      })
      .join('');
  return walk(b.items, 0);
}

export function imageBlockXml(b: ImageBlock, ctx: BlockContext): string {
  const { rId, info } = ctx.image(b.path);
  const extent = imageExtent(info, Math.round((ctx.textWidthTwips / TWIPS_PER_MM) * 36_000), b.widthMm, b.heightMm);
  const id = ctx.nextDrawingId();
  const name = b.path.split(/[\\/]/).pop() ?? `image${id}`;
  return paragraphXml(b.align ? `<w:jc w:val="${JC[b.align]}"/>` : '', drawingXml(rId, id, extent, name, b.alt ?? ''));
}

function cellXml(cell: TableCell, width: number, ctx: BlockContext, opts: { header: boolean; fill?: string }): string {
  const obj = isCellObject(cell) ? cell : undefined;
  const span = obj?.span ?? 1;
  const fill = obj?.fill ?? opts.fill;
  let tcPr = `<w:tcW w:w="${width}" w:type="dxa"/>`;
  if (span > 1) tcPr += `<w:gridSpan w:val="${span}"/>`;
  if (fill) tcPr += `<w:shd w:val="clear" w:color="auto" w:fill="${hexColor(fill)}"/>`;
  const extra: Partial<InlineRun> = opts.header || obj?.bold ? { bold: true } : {};
  const align = obj?.align;
  let content = '';
  if (obj?.blocks?.length) {
    for (const b of obj.blocks) content += b.type === 'paragraph' ? paragraphBlockXml(b, ctx, extra) : listXml(b, ctx);
  }
  if (obj?.text !== undefined || !obj) {
    const text = obj ? (obj.text as Inline) : (cell as Inline);
    content = paragraphXml(paragraphProps({ align, spaceAfter: 0 }), inlineXml(text, ctx, extra)) + content;
  }
  // A cell must end with a paragraph.
  if (!content.endsWith('</w:p>')) content += '<w:p/>';
  return `<w:tc><w:tcPr>${tcPr}</w:tcPr>${content}</w:tc>`;
}

function tableXml(b: TableBlock, ctx: BlockContext): string {
  const columns = Math.max(...b.rows.map((row) => row.reduce<number>((n, c) => n + (isCellObject(c) ? (c.span ?? 1) : 1), 0)));
  const widths = Array.from({ length: columns }, (_, i) => (b.widths?.[i] !== undefined ? Math.round(b.widths[i] * TWIPS_PER_MM) : Math.floor(ctx.textWidthTwips / columns)));
  const total = widths.reduce((a, w) => a + w, 0);
  const borders = b.borders === false ? '' : '<w:tblStyle w:val="TableGrid"/>';
  let x = `<w:tbl><w:tblPr>${borders}<w:tblW w:w="${total}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="${b.header ? 1 : 0}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`;
  x += `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  b.rows.forEach((row, r) => {
    const header = !!b.header && r === 0;
    const band = !header && b.bandFill && (r - (b.header ? 1 : 0)) % 2 === 1 ? b.bandFill : undefined;
    const trPr = header ? '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' : '<w:trPr><w:cantSplit/></w:trPr>';
    let col = 0;
    const cells = row
      .map((cell) => {
        const span = isCellObject(cell) ? (cell.span ?? 1) : 1;
        const width = widths.slice(col, col + span).reduce((a, w) => a + w, 0);
        col += span;
        return cellXml(cell, width, ctx, { header, fill: header ? b.headerFill : band });
      })
      .join('');
    // Short rows are padded so every row covers the grid.
    const pad = col < columns ? cellXml('', widths.slice(col).reduce((a, w) => a + w, 0), ctx, { header }).replace('<w:tcPr>', `<w:tcPr><w:gridSpan w:val="${columns - col}"/>`) : '';
    x += `<w:tr>${trPr}${cells}${pad}</w:tr>`;
  });
  return x + '</w:tbl>';
}

export function blockXml(b: Block, ctx: BlockContext): string {
  switch (b.type) {
    case 'heading':
      return paragraphXml(`<w:pStyle w:val="${escapeXml(ctx.headingStyle(b.level))}"/>`, inlineXml(b.text, ctx));
    case 'paragraph':
      return paragraphBlockXml(b, ctx);
    case 'list':
      return listXml(b, ctx);
    case 'table':
      return tableXml(b, ctx);
    case 'image':
      return imageBlockXml(b, ctx);
    case 'pageBreak':
      return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
  }
}

/** Body content for blocks, with an empty paragraph between adjacent tables (Word merges them otherwise). */
export function blocksXml(blocks: Block[], ctx: BlockContext): string {
  let out = '';
  blocks.forEach((b, i) => {
    out += blockXml(b, ctx);
    if (b.type === 'table' && blocks[i + 1]?.type === 'table') out += '<w:p/>';
  });
  return out;
}
