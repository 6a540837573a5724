// The replacement map of `cowork doc replace` checked and turned into plans, with every
// mistake named by its id before anything is written. A shape's or cell's value is:
//   "text"                      new text ("\n" new paragraph, "\v" line break); only the
//                               words that differ change, in the runs that held them
//   null                        empty the shape
//   [paragraph, ...]            each a string, {"text", ...} or {"runs": [run, ...], ...}
//   {"paragraphs": [...]}       the same
//   {"fill": {"{{key}}": "value"}}  placeholders replaced inside the runs, nothing else
//   {"text"|"runs"|"was", ...}  one paragraph
// A paragraph's "was" names the old paragraph it replaces by its current text (a mismatch
// is an error), so a map does not depend on where the paragraph sits in the template.
// A key may also be one paragraph's id (`s2.sh3.p2`, from the inventory); see paragraphTargets.ts.
// A run is a string or {"text", "like"?, "bold"?, "italic"?, "underline"?, "link"?}.

import { DocumentError } from '../ooxml';

export interface RunSpec {
  text: string;
  /** Index of the old paragraph's run (the inventory's `runs`) whose properties this run takes; default the run in the same place, else the last. */
  like?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** A URL makes the run a hyperlink to it; null removes the run's hyperlink. */
  link?: string | null;
}

export interface ParagraphSpec {
  /**
   * The current text of the old paragraph this one replaces (its formatting is taken from
   * it); no paragraph with that text is an error. Alone, keeps that paragraph as it is.
   */
  was?: string;
  /** The paragraph's text; or give `runs`. */
  text?: string;
  runs?: RunSpec[];
  level?: number;
  /** false: no bullet (`a:buNone`); true: the bullet the placeholder or template paragraph gives. */
  bullet?: boolean;
  bold?: boolean;
  italic?: boolean;
}

export type BodyPlan = { kind: 'paragraphs'; paragraphs: ParagraphSpec[] } | { kind: 'fill'; pairs: [string, string][] };

export type Replacement = string | null | (string | ParagraphSpec)[] | { paragraphs: (string | ParagraphSpec)[] } | { fill: Record<string, string> };

const fail = (msg: string): never => {
  throw new DocumentError('INVALID_ARGUMENT', msg);
};

const PARAGRAPH_FIELDS = ['was', 'text', 'runs', 'level', 'bullet', 'bold', 'italic'];
const RUN_FIELDS = ['text', 'like', 'bold', 'italic', 'underline', 'link'];
const FLAGS = ['bullet', 'bold', 'italic', 'underline'];

function checkFields(where: string, o: object, allowed: string[]): void {
  for (const [k, v] of Object.entries(o)) {
    if (!allowed.includes(k)) fail(`${where}: unknown field "${k}" (fields: ${allowed.join(', ')})`);
    if (FLAGS.includes(k) && typeof v !== 'boolean') fail(`${where}.${k}: true or false`);
  }
}

/** A hyperlink target: a URL with a scheme (https:, mailto:, file:…). */
function checkLink(where: string, v: unknown): void {
  if (v === null) return;
  if (typeof v !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(v)) fail(`${where}.link: a URL such as "https://example.com" or "mailto:a@b.org", or null to remove the link`);
}

function toRun(where: string, r: unknown): RunSpec {
  if (typeof r === 'string') return { text: r };
  if (!r || typeof r !== 'object' || Array.isArray(r) || typeof (r as RunSpec).text !== 'string') return fail(`${where}: a run is a string or {"text", "like"?, "bold"?, "italic"?, "underline"?, "link"?}`);
  const run = r as RunSpec;
  checkFields(where, run, RUN_FIELDS);
  if (run.text.includes('\n')) fail(`${where}.text: a run cannot hold a new paragraph ("\\n"); use "\\v" for a line break or start another paragraph`);
  if (run.like !== undefined && (!Number.isInteger(run.like) || run.like < 0)) fail(`${where}.like: the index (from 0) of a run of the old paragraph`);
  if ('link' in run) checkLink(where, run.link);
  return run;
}

function toParagraph(where: string, p: unknown): ParagraphSpec[] {
  if (typeof p === 'string') return p.split('\n').map((t) => ({ text: t }));
  const spec = p as ParagraphSpec;
  const hasText = typeof spec?.text === 'string';
  const hasRuns = Array.isArray(spec?.runs);
  if (!p || typeof p !== 'object' || Array.isArray(p) || (hasText && hasRuns) || (!hasText && !hasRuns && typeof spec.was !== 'string')) {
    return fail(`${where}: a paragraph is a string, {"text", "was"?, "level"?, "bullet"?, "bold"?, "italic"?} or {"runs": [...], ...} (text or runs, not both)`);
  }
  checkFields(where, spec, PARAGRAPH_FIELDS);
  if ('was' in spec && typeof spec.was !== 'string') fail(`${where}.was: the current text of the paragraph this one replaces`);
  if (!hasText && !hasRuns) return [{ ...spec }];
  if (spec.level !== undefined && (!Number.isInteger(spec.level) || spec.level < 0 || spec.level > 8)) fail(`${where}.level: a whole number from 0 to 8`);
  if (spec.runs) {
    if (!spec.runs.length) fail(`${where}.runs: at least one run`);
    return [{ ...spec, runs: spec.runs.map((r, j) => toRun(`${where}.runs[${j}]`, r)) }];
  }
  // Only the first of the paragraphs a "\n" makes replaces the `was` paragraph; the others are new.
  return spec.text!.split('\n').map((t, i) => {
    const one: ParagraphSpec = { ...spec, text: t };
    if (i > 0) delete one.was;
    return one;
  });
}

/** The {"from": "to"} pairs of a fill; values are text on one line ("\v" for a line break). */
export function toFillPairs(where: string, value: unknown): [string, string][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail(`${where}: fill is an object from placeholder text to its value, e.g. {"{{client}}": "Acme"}`);
  const pairs = Object.entries(value as Record<string, unknown>);
  if (!pairs.length) fail(`${where}: fill is empty`);
  for (const [k, v] of pairs) {
    if (k === '' || /[\n\v]/.test(k)) fail(`${where}: a placeholder is text on one line, not ${JSON.stringify(k)}`);
    if (typeof v !== 'string') fail(`${where}["${k}"]: the value is a string`);
    if ((v as string).includes('\n')) fail(`${where}["${k}"]: a filled value stays in its paragraph; use "\\v" for a line break, or replace the whole shape`);
  }
  return pairs as [string, string][];
}

/** The plan for one shape or cell; mistakes are reported with the id. */
export function toBodyPlan(id: string, value: unknown): BodyPlan {
  if (value === null) return { kind: 'paragraphs', paragraphs: [{ text: '' }] };
  if (typeof value === 'string') return { kind: 'paragraphs', paragraphs: toParagraph(id, value) };
  if (value && typeof value === 'object' && !Array.isArray(value) && 'fill' in value) {
    if (Object.keys(value).length > 1) fail(`${id}: {"fill": {...}} takes no other fields`);
    return { kind: 'fill', pairs: toFillPairs(`${id}.fill`, (value as { fill: unknown }).fill) };
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && ['text', 'runs', 'was'].some((k) => k in value)) return { kind: 'paragraphs', paragraphs: toParagraph(id, value) };
  const list = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { paragraphs?: unknown }).paragraphs) ? (value as { paragraphs: unknown[] }).paragraphs : undefined;
  if (!list) return fail(`${id}: a replacement is a string, null, a paragraph {"text"|"runs"|"was", ...}, a list of paragraphs, {"paragraphs": [...]} or {"fill": {...}}`);
  const paragraphs = list.flatMap((p, i) => toParagraph(`${id}[${i}]`, p));
  return { kind: 'paragraphs', paragraphs: paragraphs.length ? paragraphs : [{ text: '' }] };
}
