// The revisions of one story as the walker meets them: each revision element is recorded
// under a temporary key with where it stands (paragraph, table row, the move it belongs
// to). Also keeps the open moveFrom/moveTo ranges and the table rows around the walk.

import { child, type XmlElement } from '../ooxml';
import type { RevisionKind, Story } from './model';
import type { ReadState, RevisionAcc } from './readState';
import type { Occurrence } from './trace';
import { PROP_CHANGES } from './wordXml';

export class StoryRevisions {
  /** Revisions met before their story's first paragraph: they get the next one. */
  private pendingLocation: RevisionAcc[] = [];
  private readonly openMoveRanges = new Map<string, string>();
  private readonly tablePos: { anchor: string; row: number }[] = [];

  constructor(
    private readonly st: ReadState,
    private readonly story: Story,
    /** The anchor of the paragraph the walk is in, if any. */
    private readonly currentParagraph: () => string | undefined,
  ) {}

  /** The walk entered paragraph `anchor`: revisions still without one stand there. */
  enterParagraph(anchor: string): void {
    for (const acc of this.pendingLocation) acc.paragraph = anchor;
    this.pendingLocation = [];
  }

  enterTable(anchor: string): void {
    this.tablePos.push({ anchor, row: -1 });
  }

  nextRow(): void {
    this.tablePos[this.tablePos.length - 1].row++;
  }

  leaveTable(): void {
    this.tablePos.pop();
  }

  /** Records the property-change child `changeName` of `pr` (w:sectPrChange, w:tblPrChange, …), if it has one. */
  propChanges(pr: XmlElement, changeName: string): void {
    const change = child(pr, changeName);
    if (change) this.register(PROP_CHANGES[changeName], change, { role: 'propChange', el: change, parent: pr });
  }

  /** Records one element of a revision; returns the temporary key of the revision. */
  register(kind: RevisionKind, el: XmlElement, occ: Occurrence): string {
    const wid = el.attrs['w:id'] ?? '';
    const key = `${this.story.part}\u0000${wid}\u0000${kind}`;
    let acc = this.st.revisions.get(key);
    if (!acc) {
      acc = { part: this.story.part, wid, kind, author: el.attrs['w:author'] ?? '', text: '', story: this.story, occurrences: [] };
      if (el.attrs['w:date']) acc.date = el.attrs['w:date'];
      const paragraph = this.currentParagraph();
      if (paragraph) acc.paragraph = paragraph;
      else this.pendingLocation.push(acc);
      const pos = this.tablePos[this.tablePos.length - 1];
      if (pos) {
        acc.table = pos.anchor;
        acc.row = Math.max(pos.row, 0);
      }
      if (kind === 'moveFrom' || kind === 'moveTo') {
        const name = this.currentMoveName(kind);
        if (name !== undefined) acc.moveName = name;
      }
      this.st.revisions.set(key, acc);
    }
    occ.seq = this.st.seq++;
    acc.occurrences.push(occ);
    return key;
  }

  /** moveFrom/moveTo range markers: they name the move the content inside belongs to. */
  moveRange(c: XmlElement, parent: XmlElement): void {
    const n = c.name;
    if (n !== 'w:moveFromRangeStart' && n !== 'w:moveToRangeStart' && n !== 'w:moveFromRangeEnd' && n !== 'w:moveToRangeEnd') return;
    const id = c.attrs['w:id'] ?? '';
    const side = n.startsWith('w:moveFrom') ? 'from' : 'to';
    let name: string | undefined;
    if (n.endsWith('Start')) {
      name = c.attrs['w:name'] ?? id;
      this.openMoveRanges.set(`${side}:${id}`, name);
    } else {
      name = this.openMoveRanges.get(`${side}:${id}`);
      this.openMoveRanges.delete(`${side}:${id}`);
    }
    if (name === undefined) return;
    const list = this.st.trace.moveRanges.get(name) ?? [];
    list.push({ part: this.story.part, el: c, parent });
    this.st.trace.moveRanges.set(name, list);
  }

  private currentMoveName(kind: RevisionKind): string | undefined {
    const side = kind === 'moveFrom' ? 'from:' : 'to:';
    let last: string | undefined;
    for (const [k, v] of this.openMoveRanges) if (k.startsWith(side)) last = v;
    return last;
  }
}
