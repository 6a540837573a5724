// What one read of a .docx accumulates across its stories (body, headers, notes,
// comments): the revisions with the elements they are made of, comment coverage,
// images and hyperlinks. StoryWalker (with StoryRevisions) fills it; readDocx turns it into the model.

import type { OoxmlPackage } from '../ooxml';
import type { ImageRef, RevisionKind, Story } from './model';
import type { Numbering } from './numbering';
import type { Styles } from './styles';
import type { Occurrence, ReadTrace } from './trace';

export interface RevisionAcc {
  part: string;
  wid: string;
  kind: RevisionKind;
  author: string;
  date?: string;
  text: string;
  story: Story;
  paragraph?: string;
  table?: string;
  row?: number;
  moveName?: string;
  occurrences: Occurrence[];
}

/** State shared by all stories of one document. */
export interface ReadState {
  pkg: OoxmlPackage;
  styles: Styles;
  numbering: Numbering;
  trace: ReadTrace;
  revisions: Map<string, RevisionAcc>;
  /** Arrays of temporary revision keys, rewritten to final ids at the end. */
  idHolders: string[][];
  covered: Map<string, { text: string; story: string; part: string; paragraph?: string }>;
  images: ImageRef[];
  hyperlinks: { text: string; target: string; paragraph: string }[];
  rangedComments: Set<string>;
  seq: number;
}
