// One editing pass over a package: the part trees being changed, the id counter,
// who the changes are attributed to, and whether they are tracked.

import type { OoxmlPackage } from '../../ooxml/ooxmlPackage';
import { AnchorIndex } from './anchors';
import { EditIds, type Attribution } from './ids';
import type { SpanContext } from './spans';
import { PartTree } from './tree';

export class EditSession {
  private readonly trees = new Map<string, PartTree>();
  readonly ids: EditIds;
  readonly anchors: AnchorIndex;

  constructor(
    readonly pkg: OoxmlPackage,
    readonly who: Attribution,
    readonly track: boolean,
  ) {
    this.ids = new EditIds(pkg);
    this.anchors = new AnchorIndex(pkg);
  }

  /** The part's tree (parsed once); written back on finish() only if changed. */
  tree(part: string): PartTree {
    let t = this.trees.get(part);
    if (!t) {
      t = new PartTree(part, this.pkg.xml(part).root);
      this.trees.set(part, t);
    }
    return t;
  }

  spanContext(part: string): SpanContext {
    return { tree: this.tree(part), ids: this.ids, who: this.who, track: this.track };
  }

  /** Marks every changed part as edited in the package, so save() writes exactly those. */
  finish(): string[] {
    const touched: string[] = [];
    for (const [part, t] of this.trees) {
      if (!t.dirty) continue;
      this.pkg.editXml(part);
      touched.push(part);
    }
    return touched;
  }
}
