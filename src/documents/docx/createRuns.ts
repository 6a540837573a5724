// Inline content of a spec (text, runs with formatting, links, page fields) as
// WordprocessingML runs. Text with "\n" becomes line breaks and "\t" tabs.

import { escapeAttr } from '../ooxml/xml';
import type { Inline, InlineRun } from './createSpec';

/** Escapes for text and attribute values alike. */
export const escapeXml = escapeAttr;

/** Characters XML 1.0 cannot carry at all; a spec must not smuggle them into a part. */
export function stripInvalidXmlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** What a part needs to give runs: a relationship id for a hyperlink target. */
export interface RunContext {
  hyperlink(url: string): string;
}

export function runsOf(inline: Inline): InlineRun[] {
  const parts = Array.isArray(inline) ? inline : [inline];
  return parts.map((p) => (typeof p === 'string' ? { text: p } : p));
}

/** Plain text of inline content (for alt text, bookmarks and tests). */
export function inlineText(inline: Inline): string {
  return runsOf(inline)
    .map((r) => r.text ?? '')
    .join('');
}

export function hexColor(value: string): string {
  return value.replace(/^#/, '').toUpperCase();
}

/** The <w:rPr> for a run's formatting ('' when plain); `extra` is run properties from the caller (e.g. bold cells). */
export function runPropertiesXml(run: InlineRun, extra: Partial<InlineRun> = {}, style?: string): string {
  const r = { ...extra, ...run };
  let x = '';
  if (style) x += `<w:rStyle w:val="${escapeXml(style)}"/>`;
  if (r.font) x += `<w:rFonts w:ascii="${escapeXml(r.font)}" w:hAnsi="${escapeXml(r.font)}" w:cs="${escapeXml(r.font)}"/>`;
  if (r.bold) x += '<w:b/><w:bCs/>';
  if (r.italic) x += '<w:i/><w:iCs/>';
  if (r.strike) x += '<w:strike/>';
  if (r.color) x += `<w:color w:val="${hexColor(r.color)}"/>`;
  if (r.size) x += `<w:sz w:val="${Math.round(r.size * 2)}"/><w:szCs w:val="${Math.round(r.size * 2)}"/>`;
  if (r.highlight) x += `<w:highlight w:val="${r.highlight}"/>`;
  if (r.underline) x += '<w:u w:val="single"/>';
  if (r.superscript) x += '<w:vertAlign w:val="superscript"/>';
  else if (r.subscript) x += '<w:vertAlign w:val="subscript"/>';
  return x ? `<w:rPr>${x}</w:rPr>` : '';
}

/** The run content for a text: <w:t> pieces, <w:br/> for "\n", <w:tab/> for "\t". */
export function textContentXml(text: string): string {
  let out = '';
  for (const piece of stripInvalidXmlChars(text).split(/(\n|\t)/)) {
    if (piece === '\n') out += '<w:br/>';
    else if (piece === '\t') out += '<w:tab/>';
    else if (piece) out += `<w:t xml:space="preserve">${escapeXml(piece)}</w:t>`;
  }
  return out;
}

function fieldXml(field: string, rPr: string): string {
  return (
    `<w:r>${rPr}<w:fldChar w:fldCharType="begin"/></w:r>` +
    `<w:r>${rPr}<w:instrText xml:space="preserve"> ${field} </w:instrText></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="separate"/></w:r>` +
    `<w:r>${rPr}<w:t>1</w:t></w:r>` +
    `<w:r>${rPr}<w:fldChar w:fldCharType="end"/></w:r>`
  );
}

/** Runs (and hyperlinks) for inline content. */
export function inlineXml(inline: Inline, ctx: RunContext, extra: Partial<InlineRun> = {}): string {
  let out = '';
  for (const run of runsOf(inline)) {
    if (run.field) {
      out += fieldXml(run.field, runPropertiesXml(run, extra));
      continue;
    }
    const text = run.text ?? '';
    if (!text) continue;
    if (run.link) {
      const rId = ctx.hyperlink(run.link);
      out += `<w:hyperlink r:id="${rId}" w:history="1"><w:r>${runPropertiesXml(run, extra, 'Hyperlink')}${textContentXml(text)}</w:r></w:hyperlink>`;
    } else out += `<w:r>${runPropertiesXml(run, extra)}${textContentXml(text)}</w:r>`;
  }
  return out;
}
