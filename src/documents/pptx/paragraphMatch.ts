// Which old paragraph of a text body each new paragraph is modelled on. By default by
// position (new paragraph n is old paragraph n); a paragraph that says what it `was`
// is matched by the old paragraph's current text instead, so a map written for one
// version of a template cannot silently land on the wrong paragraph of another: a text
// that is not there is an error naming the paragraphs that are.

import { DocumentError, child, type XmlElement } from '../ooxml';
import type { ParagraphSpec } from './replaceSpec';
import { paragraphTextOf } from './runEdit';

/** Text compared loosely: typographic quotes, dashes and spaces folded, runs of white space (line breaks too) one space, ends trimmed. */
export function matchKey(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0\u2007\u202f]+/g, ' ')
    .trim();
}

const levelOf = (p: XmlElement): number => Number(child(p, 'a:pPr')?.attrs.lvl ?? 0) || 0;

/** "p1 "Title", p2 "Goal one"…", for messages. */
export function describeParagraphs(old: XmlElement[]): string {
  if (!old.length) return 'no paragraphs';
  const shown = old.slice(0, 12).map((p, i) => {
    const t = paragraphTextOf(p).replace(/\v/g, ' / ');
    return `p${i + 1} ${JSON.stringify(t.length > 60 ? t.slice(0, 57) + '...' : t)}`;
  });
  return shown.join(', ') + (old.length > 12 ? `, … (${old.length} paragraphs)` : '');
}

/** Checks that a paragraph addressed by id still reads what the map says it `was`. */
export function checkWas(where: string, paragraph: XmlElement, spec: ParagraphSpec): void {
  if (spec.was === undefined || matchKey(spec.was) === matchKey(paragraphTextOf(paragraph))) return;
  throw new DocumentError('INVALID_ARGUMENT', `${where}.was: the paragraph reads ${JSON.stringify(paragraphTextOf(paragraph))}, not ${JSON.stringify(spec.was)} (was the map written for another version of the deck?); nothing was written`);
}

/**
 * The old paragraph each new one takes its formatting from. Without any `was`: the old
 * paragraph in the same place, else one of the requested level, else the last. With `was`:
 * the k-th mention of a text takes the k-th old paragraph reading it, and a paragraph
 * without `was` follows the one before it (the first ones the first matched paragraph),
 * preferring an old paragraph of its own level when it asks for another level.
 */
export function templatesFor(old: XmlElement[], specs: ParagraphSpec[], id: string): (XmlElement | undefined)[] {
  const ofLevel = (level: number | undefined) => (level !== undefined ? old.find((p) => levelOf(p) === level) : undefined);
  if (!specs.some((s) => s.was !== undefined)) return specs.map((spec, i) => old[i] ?? ofLevel(spec.level) ?? old[old.length - 1]);
  const used = new Set<XmlElement>();
  const matched = specs.map((spec, i) => {
    if (spec.was === undefined) return undefined;
    const key = matchKey(spec.was);
    const candidates = old.filter((p) => matchKey(paragraphTextOf(p)) === key);
    const free = candidates.find((p) => !used.has(p));
    if (!free) {
      const why = candidates.length ? `only ${candidates.length} paragraph${candidates.length === 1 ? ' reads' : 's read'} ${JSON.stringify(spec.was)} and the map names it more often` : `no paragraph reads ${JSON.stringify(spec.was)}`;
      throw new DocumentError('INVALID_ARGUMENT', `${id}[${i}].was: ${why}; ${id} has ${describeParagraphs(old)}; nothing was written`);
    }
    used.add(free);
    return free;
  });
  const firstMatched = matched.find((m) => m !== undefined);
  let previous: XmlElement | undefined;
  return specs.map((spec, i) => {
    if (matched[i]) return (previous = matched[i]);
    const base = previous ?? firstMatched;
    const t = spec.level !== undefined && base && levelOf(base) !== spec.level ? (ofLevel(spec.level) ?? base) : base;
    return (previous = t);
  });
}
