// The read model of a Word document: what the reader produces and the text view,
// the CLI and the review editor consume. Plain data (JSON-serialisable), so it can cross
// a worker thread or a webview boundary as is.

/** Where a paragraph lives. `body` is the main document; the others are separate parts. */
export type StoryKind = 'body' | 'header' | 'footer' | 'footnote' | 'endnote' | 'comment';

export interface Story {
  /** `body`, `header1` / `footer2` (from the part name), `fn3` / `en2` (note id), `c5` (comment id). */
  id: string;
  kind: StoryKind;
  /** Zip entry of the part, e.g. `word/document.xml`. */
  part: string;
  blocks: Block[];
}

export type Block = Paragraph | Table;

export interface Paragraph {
  type: 'paragraph';
  /**
   * Stable anchor: `p<N>` for the Nth paragraph of the body in document order (paragraphs
   * in table cells included), `<story>.p<N>` elsewhere (`header1.p1`, `fn3.p2`, `c5.p1`).
   * The same file always gives the same anchors, whatever view is shown.
   */
  anchor: string;
  styleId?: string;
  styleName?: string;
  /** 1-9 for Heading N / Title (0) styles or an outline level. */
  headingLevel?: number;
  list?: ListInfo;
  inlines: Inline[];
  /** Revision ids on the paragraph itself: inserted/deleted mark, pPrChange. */
  revisionIds: string[];
}

export interface ListInfo {
  numId: string;
  level: number;
  /** `bullet`, `decimal`, `lowerLetter`, … (w:numFmt), when the numbering part says. */
  format?: string;
  /** The rendered label for numbered items (`1.`, `a)`), computed in document order. */
  label?: string;
}

export interface Table {
  type: 'table';
  /** `t<N>` in the body (`header1.t1` elsewhere). */
  anchor: string;
  rows: TableRow[];
}

export interface TableRow {
  cells: TableCell[];
  /** Row insertion/deletion and trPrChange revision ids. */
  revisionIds: string[];
}

export interface TableCell {
  blocks: Block[];
  /** w:gridSpan. */
  span?: number;
  /** w:vMerge continuation cell (drawn merged with the one above). */
  mergedUp?: boolean;
}

export type Inline = TextRun | ImageRef | NoteRef | CommentMark | BreakMark;

export interface RunFormat {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  styleId?: string;
}

export interface TextRun {
  type: 'text';
  text: string;
  format?: RunFormat;
  /** Innermost revision ids this text belongs to (ins/del/move/rPrChange). */
  revisionIds?: string[];
  /** Set when the text is deleted (w:del / w:moveFrom) */
  deleted?: boolean;
  /** Set when the text is inserted (w:ins / w:moveTo) */
  inserted?: boolean;
  hyperlink?: string;
}

export interface ImageRef {
  type: 'image';
  /** Zip entry of the image part, when the relationship resolves. */
  part?: string;
  relId: string;
  description?: string;
  widthEmu?: number;
  heightEmu?: number;
  revisionIds?: string[];
  deleted?: boolean;
  inserted?: boolean;
}

export interface NoteRef {
  type: 'noteRef';
  kind: 'footnote' | 'endnote';
  /** The story id of the note (`fn3`, `en1`). */
  story: string;
}

export interface CommentMark {
  type: 'commentStart' | 'commentEnd';
  commentId: string;
}

/** Page and column breaks (line breaks and tabs are `\n` and `\t` in text). */
export interface BreakMark {
  type: 'break';
  kind: 'page' | 'column';
}

export type RevisionKind =
  | 'insertion'
  | 'deletion'
  | 'moveFrom'
  | 'moveTo'
  | 'paragraphInsertion' // an inserted paragraph mark
  | 'paragraphDeletion' // a deleted paragraph mark (the paragraph merges with the next)
  | 'runFormat' // w:rPrChange
  | 'paragraphFormat' // w:pPrChange
  | 'tableFormat' // w:tblPrChange, w:tblGridChange, w:trPrChange, w:tcPrChange
  | 'sectionFormat' // w:sectPrChange
  | 'tableRowInsertion'
  | 'tableRowDeletion'
  | 'tableCellInsertion'
  | 'tableCellDeletion';

export const REVISION_KINDS: readonly RevisionKind[] = [
  'insertion', 'deletion', 'moveFrom', 'moveTo', 'paragraphInsertion', 'paragraphDeletion',
  'runFormat', 'paragraphFormat', 'tableFormat', 'sectionFormat',
  'tableRowInsertion', 'tableRowDeletion', 'tableCellInsertion', 'tableCellDeletion',
];

export interface RevisionLocation {
  story: string;
  storyKind: StoryKind;
  part: string;
  /** Anchor of the (first) paragraph the change touches. */
  paragraph?: string;
  /** Anchor of the table, for changes inside tables. */
  table?: string;
  /** Zero-based row index, for changes inside tables. */
  row?: number;
}

export interface Revision {
  /**
   * Stable id: the w:id of the change (`5`); when the same w:id is used in two parts, the
   * part's story is prefixed (`header1:5`). Several elements with one w:id in one part are one change.
   */
  id: string;
  /** The w:id attribute as written. */
  wid: string;
  kind: RevisionKind;
  author: string;
  /** ISO date as written (w:date), when present. */
  date?: string;
  /** The text the change inserts, deletes or reformats (may be empty for marks). */
  text: string;
  location: RevisionLocation;
  /** For moves: the id of the other half (moveFrom <-> moveTo), matched by the move range name. */
  movePair?: string;
  /** For moves: w:name of the move range. */
  moveName?: string;
}

export interface Comment {
  /** w:id of the comment. */
  id: string;
  author: string;
  initials?: string;
  date?: string;
  /** Plain text of the comment (paragraphs joined with newlines). */
  text: string;
  /** Id of the comment this one replies to (commentsExtended paraIdParent). */
  parentId?: string;
  /** commentsExtended w15:done. Replies inherit their thread's state in `threadResolved`. */
  resolved: boolean;
  /** The text the comment's range covers (empty for a point comment). */
  coveredText: string;
  location?: { story: string; part: string; paragraph?: string };
}

export interface StyleInfo {
  id: string;
  name?: string;
  type?: string;
  basedOn?: string;
  headingLevel?: number;
}

export interface DocxDocument {
  /** The main part, normally `word/document.xml`. */
  mainPart: string;
  body: Story;
  /** Headers, footers, footnotes, endnotes, comment bodies, in that order. */
  stories: Story[];
  revisions: Revision[];
  comments: Comment[];
  styles: StyleInfo[];
  images: ImageRef[];
  hyperlinks: { text: string; target: string; paragraph: string }[];
}

/** Which revisions an accept/reject applies to. Criteria combine with AND; `all` selects everything. */
export interface RevisionSelector {
  all?: boolean;
  ids?: string[];
  author?: string;
  kinds?: RevisionKind[];
  /** Paragraph anchors (inclusive range) in one story: changes touching a paragraph in it. */
  range?: { from: string; to: string };
}

export type TextViewMode = 'inline' | 'accepted' | 'rejected';

export interface ValidationFinding {
  severity: 'error' | 'warning';
  /** Stable code, e.g. `REL_TARGET_MISSING`, `DUPLICATE_ID`, `UNPAIRED_COMMENT_RANGE`. */
  code: string;
  message: string;
  part?: string;
}
