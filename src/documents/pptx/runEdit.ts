// Changes the text of one DrawingML paragraph (`a:p`) in place, run by run, so that every
// run keeps its own properties (`a:rPr`: font, size, colour, bold, hyperlink) and the runs
// the change does not reach stay exactly as they were. The paragraph's text is the runs'
// text, a line break (`a:br`) is "\v", a field (`a:fld`, e.g. the slide number) is one
// unit that is kept or replaced whole.
//
// Two callers: `setParagraphText` (a new text for the paragraph: only the words that
// differ from the old text are replaced, in the run where the difference starts) and
// `replaceInParagraph` (placeholders such as "{{client}}" found in the text, even when
// they straddle runs, replaced where they start).

import { child, el, text, type XmlElement, type XmlNode } from '../ooxml';

interface Segment {
  node: XmlElement;
  /** Index in the paragraph's children. */
  at: number;
  start: number;
  end: number;
  /** Runs can be cut; a line break or a field is one unit. */
  editable: boolean;
}

const clone = <T>(x: T): T => structuredClone(x);

function runText(r: XmlElement): string {
  const t = child(r, 'a:t');
  let s = '';
  if (t) for (const x of t.children) if (x.type === 'text') s += x.text;
  return s;
}

function segmentsOf(p: XmlElement): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  p.children.forEach((c, at) => {
    if (c.type !== 'element') return;
    let len: number;
    if (c.name === 'a:r' || c.name === 'a:fld') len = runText(c).length;
    else if (c.name === 'a:br') len = 1;
    else return;
    out.push({ node: c, at, start: pos, end: pos + len, editable: c.name === 'a:r' });
    pos += len;
  });
  return out;
}

export function paragraphTextOf(p: XmlElement): string {
  return segmentsOf(p)
    .map((s) => (s.node.name === 'a:br' ? '\v' : runText(s.node)))
    .join('');
}

/** The properties a run made from nothing takes: the paragraph's end properties, else plain. */
function fallbackRunProps(p: XmlElement): XmlElement {
  const end = child(p, 'a:endParaRPr');
  if (end) return { ...clone(end), name: 'a:rPr' };
  const br = p.children.find((c): c is XmlElement => c.type === 'element' && c.name === 'a:br');
  const brPr = br && child(br, 'a:rPr');
  return brPr ? clone(brPr) : el('a:rPr', { lang: 'en-US', dirty: '0' });
}

/** Runs (and line breaks) for a piece of text in the given run properties. */
export function runsFor(value: string, rPr: XmlElement | undefined): XmlElement[] {
  const out: XmlElement[] = [];
  value.split('\v').forEach((piece, i) => {
    if (i > 0) out.push(el('a:br', {}, rPr ? [clone(rPr)] : []));
    if (piece !== '') out.push(el('a:r', {}, [...(rPr ? [clone(rPr)] : []), el('a:t', {}, [text(piece)])]));
  });
  return out;
}

function withText(run: XmlElement, value: string): XmlElement {
  const children = run.children.filter((c) => !(c.type === 'element' && c.name === 'a:t'));
  return { ...run, children: [...children, el('a:t', {}, [text(value)])] };
}

/**
 * Replaces the characters [start, end) of the paragraph's text with `insert`. The range
 * must not cut a line break or field (callers align it). The new text goes into the first
 * run the range covers, or, for an insertion, the run just before it (else just after);
 * runs emptied by the change go, every other node stays as it was.
 */
export function editRange(p: XmlElement, start: number, end: number, insert: string): void {
  const segs = segmentsOf(p);
  const runs = segs.filter((s) => s.editable);
  const host =
    runs.find((s) => s.start < end && s.end > start) ??
    runs.find((s) => s.start < start && s.end >= start) ??
    runs.find((s) => s.start === start) ??
    // An empty paragraph, or only breaks and fields: a run of the paragraph's end properties.
    undefined;
  const replaced = new Map<number, XmlNode[]>();
  for (const s of segs) {
    const overlaps = s.start < end && s.end > start;
    if (s === host) {
      const t = runText(s.node);
      const a = Math.max(0, Math.min(t.length, start - s.start));
      const b = Math.max(a, Math.min(t.length, end - s.start));
      const value = t.slice(0, a) + insert + t.slice(b);
      const rPr = child(s.node, 'a:rPr');
      // A line break in the new text: each piece is a copy of the host run, each break takes its properties.
      const nodes: XmlNode[] = [];
      value.split('\v').forEach((piece, i) => {
        if (i > 0) nodes.push(el('a:br', {}, rPr ? [clone(rPr)] : []));
        if (piece !== '') nodes.push(withText(i === 0 ? s.node : clone(s.node), piece));
      });
      replaced.set(s.at, nodes);
    } else if (overlaps) {
      if (!s.editable) replaced.set(s.at, []);
      else {
        const t = runText(s.node);
        const kept = t.slice(0, Math.max(0, start - s.start)) + t.slice(Math.max(0, end - s.start));
        replaced.set(s.at, kept === '' ? [] : [withText(s.node, kept)]);
      }
    }
  }
  const children: XmlNode[] = [];
  let placed = !!host || insert === '';
  p.children.forEach((c, at) => {
    const seg = segs.find((s) => s.at === at);
    if (!placed && (c.type === 'element' && c.name === 'a:endParaRPr' || (seg && seg.start >= start))) {
      children.push(...runsFor(insert, fallbackRunProps(p)));
      placed = true;
    }
    if (replaced.has(at)) children.push(...replaced.get(at)!);
    else children.push(c);
  });
  if (!placed) children.push(...runsFor(insert, fallbackRunProps(p)));
  p.children = children;
}

const WORD = /[\p{L}\p{N}_]/u;
function atBoundary(s: string, i: number): boolean {
  return i <= 0 || i >= s.length || !WORD.test(s[i - 1]!) || !WORD.test(s[i]!);
}

/**
 * Sets the paragraph's text to `next`, changing only what differs: the common start and
 * end (whole words) stay in their runs, the differing middle is replaced. A wholly new
 * text goes into the first run, in its properties.
 */
export function setParagraphText(p: XmlElement, next: string): void {
  const old = paragraphTextOf(p);
  if (old === next) return;
  let pre = 0;
  const most = Math.min(old.length, next.length);
  while (pre < most && old[pre] === next[pre]) pre++;
  while (pre > 0 && !(atBoundary(old, pre) && atBoundary(next, pre))) pre--;
  let suf = 0;
  const room = Math.min(old.length, next.length) - pre;
  while (suf < room && old[old.length - 1 - suf] === next[next.length - 1 - suf]) suf++;
  while (suf > 0 && !(atBoundary(old, old.length - suf) && atBoundary(next, next.length - suf))) suf--;
  let start = pre;
  let end = old.length - suf;
  // A field or line break the change touches goes whole (the new text says what replaces it).
  for (const s of segmentsOf(p)) {
    if (s.editable) continue;
    if (s.start < end && s.end > start) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
    } else if (start === end && s.start < start && s.end > start) start = end = s.end;
  }
  editRange(p, start, end, next.slice(start, next.length - (old.length - end)));
}

/**
 * Replaces every occurrence of each key in the paragraph's text with its value (longest
 * key first where two start at the same place). Returns how often each key was found.
 * Occurrences that would cut a field or line break are left alone.
 */
export function replaceInParagraph(p: XmlElement, pairs: [string, string][]): Map<string, number> {
  const found = new Map<string, number>();
  const keys = [...pairs].sort((a, b) => b[0].length - a[0].length);
  const old = paragraphTextOf(p);
  const units = segmentsOf(p).filter((s) => !s.editable);
  const hits: { start: number; end: number; value: string; key: string }[] = [];
  for (let i = 0; i < old.length; ) {
    const hit = keys.find(([k]) => k !== '' && old.startsWith(k, i) && !units.some((u) => u.start < i + k.length && u.end > i));
    if (!hit) {
      i++;
      continue;
    }
    hits.push({ start: i, end: i + hit[0].length, value: hit[1], key: hit[0] });
    found.set(hit[0], (found.get(hit[0]) ?? 0) + 1);
    i += hit[0].length;
  }
  // From the end, so earlier offsets stay right.
  for (const h of hits.reverse()) editRange(p, h.start, h.end, h.value);
  return found;
}
