// Splits a Markdown file with YAML frontmatter (a skill's SKILL.md, a custom agent's
// .md) into the frontmatter and the body, and parses the YAML keeping line numbers so
// every later warning can point at the right line. It sits below skills/ and
// customAgents/, which both read such files.
// When strict YAML fails, it retries once the way forgiving clients do (quoting
// plain values that contain ": "), so a description like "Use when: ..." loads.

import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface FrontmatterPosition {
  line: number;
  column: number;
}

export interface FrontmatterEntry {
  key: string;
  /** Plain JS value (strings, numbers, maps as objects...). */
  value: unknown;
  /** Where the key is in the file (1-based). */
  keyPos: FrontmatterPosition;
  /** Where the value starts in the file (1-based); the key's position when absent. */
  valuePos: FrontmatterPosition;
}

export type FrontmatterResult =
  | {
      ok: true;
      entries: FrontmatterEntry[];
      body: string;
      /** 1-based line where the body starts. */
      bodyLine: number;
      /** Set when strict YAML failed and the forgiving retry worked: the strict error. */
      repaired?: { message: string; pos: FrontmatterPosition };
    }
  | { ok: false; message: string; pos: FrontmatterPosition };

const FENCE = /^---[ \t]*$/;
const END_FENCE = /^(?:---|\.\.\.)[ \t]*$/;

/** Parse the frontmatter of a file's text (SKILL.md or an agent .md). Never throws. */
export function parseFrontmatter(text: string): FrontmatterResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length === 0 || !FENCE.test(lines[0])) {
    return { ok: false, message: 'SKILL.md must start with YAML frontmatter: a line "---", the fields, then another "---"', pos: { line: 1, column: 1 } };
  }
  const end = lines.findIndex((l, i) => i > 0 && END_FENCE.test(l));
  if (end < 0) {
    return { ok: false, message: 'the frontmatter is never closed: add a line "---" after the fields', pos: { line: 1, column: 1 } };
  }
  const yamlText = lines.slice(1, end).join('\n');
  const body = lines.slice(end + 1).join('\n');
  const bodyLine = end + 2;
  // Frontmatter line k (1-based within the YAML) is file line k + 1.
  const strict = parseYaml(yamlText);
  if (strict.ok) return { ok: true, entries: strict.entries, body, bodyLine };
  const repairedText = quotePlainValuesWithColons(yamlText);
  if (repairedText !== yamlText) {
    const retry = parseYaml(repairedText);
    if (retry.ok) {
      return { ok: true, entries: retry.entries, body, bodyLine, repaired: { message: strict.message, pos: strict.pos } };
    }
  }
  return { ok: false, message: `the frontmatter is not valid YAML: ${strict.message}`, pos: strict.pos };
}

type YamlParse = { ok: true; entries: FrontmatterEntry[] } | { ok: false; message: string; pos: FrontmatterPosition };

function parseYaml(yamlText: string): YamlParse {
  const counter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return { ok: false, message: String(err), pos: { line: 2, column: 1 } };
  }
  const at = (offset: number | undefined): FrontmatterPosition => {
    const p = counter.linePos(offset ?? 0);
    return { line: p.line + 1, column: p.col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return { ok: false, message: firstLine(e.message), pos: at(e.pos[0]) };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { ok: true, entries: [] };
  }
  if (!isMap(root)) {
    return { ok: false, message: 'the frontmatter must be a set of "key: value" fields', pos: at((root as Node).range?.[0]) };
  }
  const entries: FrontmatterEntry[] = [];
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    const valueNode = pair.value as Node | null;
    const keyPos = at(keyNode?.range?.[0]);
    entries.push({
      key,
      value: valueNode === null ? null : valueNode.toJSON(),
      keyPos,
      valuePos: valueNode?.range ? at(valueNode.range[0]) : keyPos,
    });
  }
  return { ok: true, entries };
}

/**
 * `description: Use when: the person asks` is invalid YAML (a second ": " in a
 * plain scalar). Quote such top-level plain values; leave everything else alone.
 */
function quotePlainValuesWithColons(yamlText: string): string {
  return yamlText
    .split('\n')
    .map((line) => {
      const m = /^([A-Za-z0-9_-]+):[ \t]+(.*)$/.exec(line);
      if (!m) return line;
      const value = m[2].trimEnd();
      if (!value.includes(': ') || /^["'|>[{&*!]/.test(value)) return line;
      return `${m[1]}: "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    })
    .join('\n');
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
