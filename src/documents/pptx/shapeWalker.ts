// Walks a shape tree (`p:spTree`) in drawing order: shapes, pictures, graphic frames
// (tables, charts, diagrams, OLE objects), connectors and groups, choosing the first
// branch of `mc:AlternateContent`. Gives shapes with stable ids, table cells, and every
// image a shape shows (pictures and picture fills).

import { child, childrenNamed, elements, walk, type OoxmlPackage, type XmlElement } from '../ooxml';
import type { Box, Placeholder, PptxImage, PptxShape, PptxTable, ShapeKind } from './model';
import { bodyText, readTextBody } from './textBody';

const GRAPHIC_KINDS: Record<string, ShapeKind> = {
  'http://schemas.openxmlformats.org/drawingml/2006/table': 'table',
  'http://schemas.openxmlformats.org/drawingml/2006/chart': 'chart',
  'http://schemas.openxmlformats.org/drawingml/2006/diagram': 'diagram',
};

export interface WalkResult {
  shapes: PptxShape[];
  tables: PptxTable[];
  images: PptxImage[];
  /** Shape id -> its element, for code that changes shapes (replace). */
  elements: Map<string, XmlElement>;
  /** Table cell id -> its `a:txBody`. */
  cellBodies: Map<string, XmlElement>;
}

export function readBox(xfrm: XmlElement | undefined): Box | undefined {
  const off = xfrm && child(xfrm, 'a:off');
  const ext = xfrm && child(xfrm, 'a:ext');
  if (!off || !ext) return undefined;
  const n = (v: string | undefined) => Number(v ?? 0) || 0;
  return { x: n(off.attrs.x), y: n(off.attrs.y), cx: n(ext.attrs.cx), cy: n(ext.attrs.cy) };
}

/** The non-visual properties of a shape element (`p:nvSpPr`, `p:nvPicPr`…). */
function nonVisual(e: XmlElement): XmlElement | undefined {
  return elements(e).find((c) => c.name.startsWith('p:nv'));
}

export function placeholderOf(e: XmlElement): Placeholder | undefined {
  const nv = nonVisual(e);
  const ph = nv && child(child(nv, 'p:nvPr') ?? nv, 'p:ph');
  if (!ph) return undefined;
  return { type: ph.attrs.type ?? 'obj', ...(ph.attrs.idx !== undefined ? { idx: ph.attrs.idx } : {}) };
}

const KIND_BY_TAG: Record<string, ShapeKind> = { 'p:sp': 'text', 'p:pic': 'picture', 'p:cxnSp': 'connector', 'p:grpSp': 'group', 'p:graphicFrame': 'graphic', 'p:contentPart': 'graphic' };

export function walkShapes(pkg: OoxmlPackage, part: string, tree: XmlElement, prefix: string): WalkResult {
  const res: WalkResult = { shapes: [], tables: [], images: [], elements: new Map(), cellBodies: new Map() };
  const used = new Map<string, number>();
  const linkTarget = (relId: string): string | undefined => {
    const rel = pkg.relationship(part, relId);
    return rel && (rel.external ? rel.target : rel.targetEntry ?? rel.target);
  };
  const visit = (container: XmlElement, group?: string) => {
    for (const e of elements(container)) {
      if (e.name === 'mc:AlternateContent') {
        const branch = child(e, 'mc:Choice') ?? child(e, 'mc:Fallback');
        if (!branch) continue;
        visit(branch, group);
        continue;
      }
      let kind = KIND_BY_TAG[e.name];
      if (!kind) continue;
      const nv = nonVisual(e);
      const cNvPr = nv && child(nv, 'p:cNvPr');
      const shapeId = cNvPr?.attrs.id ?? '';
      // Ids are unique per part in a well-formed file; a repeat still gets its own id.
      const seen = used.get(shapeId) ?? 0;
      used.set(shapeId, seen + 1);
      const id = `${prefix}.sh${shapeId}${seen ? `#${seen + 1}` : ''}`;
      const placeholder = placeholderOf(e);
      let xfrm: XmlElement | undefined;
      if (e.name === 'p:graphicFrame') xfrm = child(e, 'p:xfrm');
      else if (e.name === 'p:grpSp') xfrm = child(child(e, 'p:grpSpPr') ?? e, 'a:xfrm');
      else xfrm = child(child(e, 'p:spPr') ?? e, 'a:xfrm');
      const graphicData = e.name === 'p:graphicFrame' ? child(child(e, 'a:graphic') ?? e, 'a:graphicData') : undefined;
      if (graphicData) kind = GRAPHIC_KINDS[graphicData.attrs.uri ?? ''] ?? 'graphic';
      if (e.name === 'p:pic' && nv && child(child(nv, 'p:nvPr') ?? nv, 'a:videoFile')) kind = 'media';
      const txBody = child(e, 'p:txBody');
      const paragraphs = readTextBody(txBody, placeholder?.type, linkTarget);
      const box = readBox(xfrm);
      const shape: PptxShape = {
        id,
        shapeId,
        name: cNvPr?.attrs.name ?? '',
        kind,
        ...(placeholder ? { placeholder } : {}),
        ...(box ? { box, boxFrom: 'shape' as const } : {}),
        paragraphs,
        hasText: !!txBody,
        ...(group ? { group } : {}),
        ...(cNvPr?.attrs.descr ? { description: cNvPr.attrs.descr } : {}),
      };
      res.shapes.push(shape);
      res.elements.set(id, e);
      if (kind === 'table' && graphicData) readTable(graphicData, id, res, linkTarget);
      collectImages(pkg, part, e, shape, res.images);
      if (e.name === 'p:grpSp') visit(e, id);
    }
  };
  visit(tree);
  return res;
}

function readTable(graphicData: XmlElement, id: string, res: WalkResult, linkTarget: (relId: string) => string | undefined): void {
  const tbl = child(graphicData, 'a:tbl');
  if (!tbl) return;
  const rows = childrenNamed(tbl, 'a:tr').map((tr, r) =>
    childrenNamed(tr, 'a:tc').map((tc, c) => {
      const cellId = `${id}.r${r + 1}c${c + 1}`;
      const body = child(tc, 'a:txBody');
      if (body) res.cellBodies.set(cellId, body);
      const paragraphs = readTextBody(body, undefined, linkTarget);
      return { id: cellId, text: bodyText(paragraphs), paragraphs };
    }),
  );
  res.tables.push({ shape: id, rows });
}

function collectImages(pkg: OoxmlPackage, part: string, e: XmlElement, shape: PptxShape, out: PptxImage[]): void {
  if (e.name === 'p:grpSp') return; // its members report their own
  walk(e, (x) => {
    if (x.name !== 'a:blip') return;
    const relId = x.attrs['r:embed'] ?? x.attrs['r:link'];
    const rel = relId ? pkg.relationship(part, relId) : undefined;
    if (!rel) return;
    const t = rel.external ? rel.target : rel.targetEntry ?? rel.target;
    let svg: string | undefined;
    walk(x, (y) => {
      const svgRel = y.name === 'asvg:svgBlip' && y.attrs['r:embed'] ? pkg.relationship(part, y.attrs['r:embed']) : undefined;
      if (svgRel && !svgRel.external) svg ??= svgRel.targetEntry ?? svgRel.target;
    });
    out.push({
      shape: shape.id,
      target: t,
      external: rel.external,
      ...(!rel.external && pkg.contentType(t) ? { contentType: pkg.contentType(t) } : {}),
      ...(svg ? { svg } : {}),
      ...(shape.description ? { description: shape.description } : {}),
    });
  });
}
