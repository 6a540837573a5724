// What the PowerPoint reader gives back: the deck's slides in presentation order with
// their shapes (text with levels, placeholders, positions), tables, image references and
// notes, plus the layouts and masters a template offers. Plain data; ids are stable for
// a given file (they depend only on its content, never on the reader's state).

/** A position in EMU (914,400 per inch, 12,700 per point). */
export interface Box {
  x: number;
  y: number;
  cx: number;
  cy: number;
}

export interface PptxParagraph {
  text: string;
  /** 0 for top-level text, 1.. for indented bullets (`a:pPr@lvl`). */
  level: number;
  /** Whether the paragraph shows a bullet or number: explicit, or inherited by a body placeholder. */
  bullet: boolean;
  /**
   * The runs, when there is more than one or one is a hyperlink (what a replacement given
   * as runs refers to with `like`). Formatting as written on the run, not inherited.
   */
  runs?: PptxRun[];
}

export interface PptxRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** The hyperlink's target (a URL, or the slide part it jumps to). */
  link?: string;
  /** A field (`a:fld`): its type, e.g. `slidenum`, `datetime1`. */
  field?: string;
}

export type ShapeKind = 'text' | 'picture' | 'table' | 'chart' | 'diagram' | 'graphic' | 'group' | 'connector' | 'media';

export interface Placeholder {
  /** `title`, `ctrTitle`, `subTitle`, `body`, `obj`, `pic`, `dt`, `ftr`, `sldNum`, `chart`, `tbl`… (`obj` when absent). */
  type: string;
  idx?: string;
}

export interface PptxShape {
  /** Stable id: `s3.sh4` is shape `cNvPr id=4` on the third slide (`l2.sh3` on layout 2). */
  id: string;
  /** The `p:cNvPr@id` inside its part. */
  shapeId: string;
  name: string;
  kind: ShapeKind;
  placeholder?: Placeholder;
  /** Own position, or the position inherited from the layout or master placeholder. */
  box?: Box;
  boxFrom?: 'shape' | 'layout' | 'master';
  /** Text paragraphs (empty for shapes without a text body). */
  paragraphs: PptxParagraph[];
  /** Whether the shape has a text body a replacement can fill. */
  hasText: boolean;
  /** Id of the group it sits in, when grouped. */
  group?: string;
  /** Alt text (`descr`). */
  description?: string;
}

export interface PptxTableCell {
  /** `s3.sh4.r1c2` (rows and columns from 1). */
  id: string;
  text: string;
  paragraphs: PptxParagraph[];
}

export interface PptxTable {
  /** Id of the graphic frame holding it. */
  shape: string;
  rows: PptxTableCell[][];
}

export interface PptxImage {
  /** Id of the shape showing it (a picture, or a shape filled with it). */
  shape: string;
  /** The media part (`ppt/media/image1.png`) or, for linked images, the URL. */
  target: string;
  external: boolean;
  contentType?: string;
  /** The SVG part the picture also carries (`asvg:svgBlip`), `target` being its raster stand-in. */
  svg?: string;
  description?: string;
}

export interface PptxSlide {
  /** Position in the presentation, from 1. */
  number: number;
  /** `p:sldId@id` in presentation.xml. */
  slideId: string;
  part: string;
  layout?: { part: string; name: string; type?: string };
  hidden: boolean;
  /** The text of the title placeholder, when there is one. */
  title?: string;
  shapes: PptxShape[];
  tables: PptxTable[];
  images: PptxImage[];
  /** Speaker notes text (paragraphs joined by newlines), when the slide has notes. */
  notes?: string;
  notesPart?: string;
}

export interface PptxLayout {
  /** `l1`, `l2`… in master order, then layout order. */
  id: string;
  part: string;
  name: string;
  type?: string;
  master: string;
  placeholders: PptxShape[];
}

export interface PptxDeck {
  slideSize: { cx: number; cy: number };
  slides: PptxSlide[];
  layouts: PptxLayout[];
  masters: string[];
}
