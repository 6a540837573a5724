// Pages copied into a new document with their form fields still working. pdf-lib's
// copyPages brings a page's widget annotations along but not the document's AcroForm, so
// the copy shows the fields and no viewer treats them as a form. Here each source's
// fields whose widgets sit on the copied pages are copied with the same object copier as
// the pages (so a widget and its field stay one object graph), listed in the output's
// /AcroForm, and given the source's default appearance and resources. A top-level field
// whose name an earlier source already used is renamed (`name` -> `name_2`), because two
// fields of one name in one form are one field: filling one would fill both.

import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';

export interface RenamedField {
  /** The source the field came from. */
  file: string;
  from: string;
  to: string;
  /** The full names of the fillable fields under it, as they are now (just `to` for a field without kids). */
  fields: string[];
}

const N = PDFName.of;

function text(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;
}

function isWidget(d: PDFDict | undefined): boolean {
  return d?.get(N('Subtype')) === N('Widget');
}

/** A temporary change to a source dictionary, undone once its pages are copied. */
interface Edit { dict: PDFDict; key: PDFName; old: PDFObject | undefined }
type EditFn = (dict: PDFDict, key: PDFName, value: PDFObject | undefined) => void;

/**
 * A radio group (or check box set) with /Opt has one entry per kid, and its on states may
 * be named by the kid's position (/0, /1, …; ISO 32000-1 12.7.4.2.4). When kids are left
 * out, /Opt loses the same entries and the states of the kids that stay are renumbered.
 */
function renumberButtons(ctx: PDFContext, field: PDFDict, kids: PDFArray, keptAt: number[], edit: EditFn): void {
  const opt = field.lookup(N('Opt'));
  if (field.get(N('FT')) !== N('Btn') || !(opt instanceof PDFArray) || opt.size() !== kids.size()) return;
  edit(field, N('Opt'), ctx.obj(keptAt.map((i) => opt.get(i))));
  const rename = (dict: PDFDict | undefined, from: PDFName, to: PDFName) => {
    if (!dict?.has(from)) return;
    edit(dict, to, dict.get(from));
    edit(dict, from, undefined);
  };
  keptAt.forEach((old, now) => {
    if (old === now) return;
    const widget = ctx.lookup(kids.get(old));
    if (!(widget instanceof PDFDict)) return;
    const [from, to] = [N(String(old)), N(String(now))];
    if (widget.get(N('AS')) === from) edit(widget, N('AS'), to);
    const ap = widget.lookup(N('AP'));
    if (!(ap instanceof PDFDict)) return;
    for (const look of ['N', 'D']) {
      const states = ap.lookup(N(look));
      if (states instanceof PDFDict) rename(states, from, to);
    }
  });
  const v = field.get(N('V'));
  if (v instanceof PDFName && /^\d+$/.test(v.decodeText())) {
    const now = keptAt.indexOf(Number(v.decodeText()));
    edit(field, N('V'), now >= 0 ? N(String(now)) : N('Off'));
  }
}

export class FormCarrier {
  private readonly roots: PDFRef[] = [];
  private readonly rootNames = new Set<string>();
  private readonly fonts = new Map<string, PDFObject>();
  private readonly otherResources = new Map<string, PDFDict>();
  private readonly order: PDFRef[] = [];
  private defaultAppearance: PDFObject | undefined;
  private needAppearances = false;
  private signatures = false;
  readonly renamed: RenamedField[] = [];
  readonly warnings: string[] = [];

  constructor(private readonly out: PDFDocument) {}

  /**
   * Copies the pages `indices` (0-based, each at most once) of `src` into the output
   * document, not yet added to its page tree, with the fields whose widgets are on them.
   */
  copyPages(src: PDFDocument, indices: number[], file: string): PDFPage[] {
    const ctx = src.context;
    const pages = indices.map((i) => src.getPage(i));
    const edits: Edit[] = [];
    const edit: EditFn = (dict, key, value) => {
      edits.push({ dict, key, old: dict.get(key) });
      if (value === undefined) dict.delete(key);
      else dict.set(key, value);
    };
    // The widgets on the chosen pages; their /P (page) is dropped during the copy, or the
    // copier would copy the page a second time, and set to the new page afterwards.
    const widgets = new Map<PDFDict, PDFObject>();
    for (const page of pages) {
      const annots = page.node.Annots();
      for (let i = 0; annots && i < annots.size(); i++) {
        const a = ctx.lookup(annots.get(i));
        if (a instanceof PDFDict && isWidget(a)) {
          widgets.set(a, annots.get(i));
          if (a.has(N('P'))) edit(a, N('P'), undefined);
        }
      }
    }
    // The top-level field of each widget (the end of its /Parent chain).
    const rootRefs = new Map<PDFDict, PDFRef>();
    for (const [w, wRef] of widgets) {
      let node = w;
      let ref: PDFRef | undefined;
      for (let depth = 0; depth < 64; depth++) {
        const parentRef = node.get(N('Parent'));
        const parent = ctx.lookup(parentRef);
        if (!(parentRef instanceof PDFRef) || !(parent instanceof PDFDict)) break;
        node = parent;
        ref = parentRef;
      }
      // A widget without a parent is a field itself (its dictionary holds both).
      if (ref) rootRefs.set(node, ref);
      else if (node.has(N('T')) && wRef instanceof PDFRef) rootRefs.set(node, wRef);
    }
    // Kids on pages not copied (a split) are left out, or their pages would come along.
    const kept = new Set<PDFDict>();
    const keep = (node: PDFDict, depth: number): boolean => {
      if (widgets.has(node)) {
        kept.add(node);
        return true;
      }
      const kids = node.lookup(N('Kids'));
      if (!(kids instanceof PDFArray) || depth > 64) return kept.has(node);
      const keptAt = kids.asArray().flatMap((k, i) => {
        const kid = ctx.lookup(k);
        return kid instanceof PDFDict && keep(kid, depth + 1) ? [i] : [];
      });
      const still = keptAt.map((i) => kids.get(i));
      if (still.length !== kids.size()) {
        edit(node, N('Kids'), ctx.obj(still));
        renumberButtons(ctx, node, kids, keptAt, edit);
      }
      if (still.length) kept.add(node);
      return still.length > 0;
    };
    const copier = PDFObjectCopier.for(ctx, this.out.context);
    const acro = src.catalog.getAcroForm()?.dict;
    let copied: PDFPage[];
    const newRoots: PDFRef[] = [];
    try {
      for (const root of rootRefs.keys()) keep(root, 0);
      copied = pages.map((p) => {
        const node = copier.copy(p.node);
        return PDFPage.of(node, this.out.context.register(node), this.out);
      });
      // Roots in the source's own order first, then any widget's root it did not list.
      const listed = acro?.lookup(N('Fields'));
      const ordered = listed instanceof PDFArray ? listed.asArray().filter((r): r is PDFRef => r instanceof PDFRef) : [];
      const found = new Set(rootRefs.values());
      const listedSet = new Set(ordered);
      const roots = [...ordered.filter((r) => found.has(r)), ...[...found].filter((r) => !listedSet.has(r))];
      for (const r of roots) newRoots.push(copier.copy(r) as PDFRef);
      const co = acro?.lookup(N('CO'));
      if (co instanceof PDFArray) {
        for (const r of co.asArray()) {
          const d = ctx.lookup(r);
          if (r instanceof PDFRef && d instanceof PDFDict && kept.has(d)) this.order.push(copier.copy(r) as PDFRef);
        }
      }
    } finally {
      for (const e of edits.reverse()) {
        if (e.old === undefined) e.dict.delete(e.key);
        else e.dict.set(e.key, e.old);
      }
    }
    for (const page of copied) this.pointWidgetsAt(page);
    this.adopt(newRoots, acro, copier, file);
    return copied;
  }

  private pointWidgetsAt(page: PDFPage): void {
    const annots = page.node.Annots();
    for (let i = 0; annots && i < annots.size(); i++) {
      const a = this.out.context.lookup(annots.get(i));
      if (a instanceof PDFDict && isWidget(a)) a.set(N('P'), page.ref);
    }
  }

  /** Lists the copied top-level fields, renaming clashes, and takes the source's appearance defaults. */
  private adopt(newRoots: PDFRef[], acro: PDFDict | undefined, copier: PDFObjectCopier, file: string): void {
    const ctx = this.out.context;
    if (!newRoots.length) return;
    if (acro?.lookup(N('XFA'))) this.warnings.push(`${file} also has an XFA form: only its AcroForm fields are kept`);
    if (acro?.lookup(N('NeedAppearances'))?.toString() === 'true') this.needAppearances = true;
    // Fonts named in appearance strings come from /DR; a name another source already used
    // for a different font is renamed, and so are the references in this source's strings.
    const fontRenames = new Map<string, string>();
    const dr = acro?.lookup(N('DR'));
    if (dr instanceof PDFDict) {
      for (const [category] of dr.entries()) {
        const dict = dr.lookup(category);
        if (!(dict instanceof PDFDict)) continue;
        for (const [key, res] of dict.entries()) {
          const copiedRes = copier.copy(res);
          if (category === N('Font')) {
            let name = key.decodeText();
            if (this.fonts.has(name)) {
              const base = name;
              for (let k = 2; this.fonts.has(name); k++) name = `${base}_${k}`;
              fontRenames.set(base, name);
            }
            this.fonts.set(name, copiedRes);
          } else {
            const cat = category.decodeText();
            const into = this.otherResources.get(cat) ?? ctx.obj({});
            this.otherResources.set(cat, into);
            if (!into.has(key)) into.set(key, copiedRes);
          }
        }
      }
    }
    const sourceDa = text(acro?.lookup(N('DA')));
    for (const ref of newRoots) {
      const root = ctx.lookup(ref);
      if (!(root instanceof PDFDict)) continue;
      if (!root.has(N('DA')) && sourceDa !== undefined) root.set(N('DA'), PDFString.of(sourceDa));
      this.rewriteFonts(root, fontRenames, 0);
      const name = text(root.lookup(N('T')));
      if (name !== undefined) {
        let to = name;
        for (let k = 2; this.rootNames.has(to); k++) to = `${name}_${k}`;
        if (to !== name) {
          root.set(N('T'), PDFHexString.fromText(to));
          this.renamed.push({ file, from: name, to, fields: this.fullNames(root, to, 0) });
        }
        this.rootNames.add(to);
      }
      if (this.signed(root, 0)) this.signatures = true;
      this.roots.push(ref);
    }
    if (this.defaultAppearance === undefined && sourceDa !== undefined) this.defaultAppearance = PDFString.of(sourceDa);
  }

  /** Full names of the terminal fields of a tree (nodes whose kids carry no names of their own). */
  private fullNames(node: PDFDict, name: string, depth: number): string[] {
    const kids = node.lookup(N('Kids'));
    const named = kids instanceof PDFArray && depth < 64
      ? kids.asArray().map((k) => this.out.context.lookup(k)).filter((k): k is PDFDict => k instanceof PDFDict && k.has(N('T')))
      : [];
    if (!named.length) return [name];
    return named.flatMap((k) => this.fullNames(k, `${name}.${text(k.lookup(N('T'))) ?? ''}`, depth + 1));
  }

  /** Replaces `/Old ` font operands in the appearance strings of a field tree. */
  private rewriteFonts(node: PDFDict, renames: Map<string, string>, depth: number): void {
    if (!renames.size || depth > 64) return;
    const da = text(node.lookup(N('DA')));
    if (da !== undefined) {
      const next = da.replace(/\/([^\s/[\]()<>{}%]+)(?=\s)/g, (m, font: string) => (renames.has(font) ? `/${renames.get(font)}` : m));
      if (next !== da) node.set(N('DA'), PDFString.of(next));
    }
    const kids = node.lookup(N('Kids'));
    if (kids instanceof PDFArray) for (const k of kids.asArray()) {
      const kid = this.out.context.lookup(k);
      if (kid instanceof PDFDict) this.rewriteFonts(kid, renames, depth + 1);
    }
  }

  /** Whether a field tree holds a signature field with a value (a signature that covered the old file). */
  private signed(node: PDFDict, depth: number): boolean {
    if (node.get(N('FT')) === N('Sig') && node.has(N('V'))) return true;
    const kids = node.lookup(N('Kids'));
    if (!(kids instanceof PDFArray) || depth > 64) return false;
    return kids.asArray().some((k) => {
      const kid = this.out.context.lookup(k);
      return kid instanceof PDFDict && this.signed(kid, depth + 1);
    });
  }

  /** Writes the output's /AcroForm (once every source's pages are copied); nothing when no field came along. */
  finish(): void {
    if (!this.roots.length) return;
    const ctx = this.out.context;
    const acro = this.out.catalog.getOrCreateAcroForm().dict;
    acro.set(N('Fields'), ctx.obj(this.roots));
    const dr = ctx.obj({});
    if (this.fonts.size) {
      const fonts = ctx.obj({});
      for (const [name, font] of this.fonts) fonts.set(N(name), font);
      dr.set(N('Font'), fonts);
    }
    for (const [cat, dict] of this.otherResources) dr.set(N(cat), dict);
    if (dr.entries().length) acro.set(N('DR'), dr);
    if (this.defaultAppearance) acro.set(N('DA'), this.defaultAppearance);
    if (this.needAppearances) acro.set(N('NeedAppearances'), ctx.obj(true));
    if (this.order.length) acro.set(N('CO'), ctx.obj(this.order));
    if (this.signatures) {
      acro.set(N('SigFlags'), PDFNumber.of(1));
      this.warnings.push('a signed signature field was copied: its signature covered the original file, not this one, and no longer validates');
    }
  }
}
