// Turns one SKILL.md into a Skill, validating every field of the Agent Skills
// specification. Lenient like a good client: a bad name or an unknown field is
// a warning and the skill still loads; no description, or frontmatter that is
// not YAML, skips the skill with an error naming the file, line and reason.

import { basename } from 'node:path';
import { parseFrontmatter, type FrontmatterEntry } from '../frontmatter';
import { isSafePathSegment, skillNameProblem } from './skillName';
import type { Skill, SkillDiagnostic, SkillSource } from './types';

export const MAX_DESCRIPTION_LENGTH = 1024;
export const MAX_COMPATIBILITY_LENGTH = 500;
/** The specification recommends keeping SKILL.md under this many lines. */
export const RECOMMENDED_MAX_BODY_LINES = 500;

const KNOWN_KEYS = new Set(['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']);

export interface ParseSkillInput {
  /** The SKILL.md's content. */
  text: string;
  /** Absolute path of the SKILL.md. */
  file: string;
  /** Absolute path of the skill's folder (its name must equal the skill's). */
  dir: string;
  source: SkillSource;
}

export interface ParseSkillResult {
  /** Undefined when the skill was skipped (see the error diagnostic). */
  skill?: Skill;
  diagnostics: SkillDiagnostic[];
}

export function parseSkillFile(input: ParseSkillInput): ParseSkillResult {
  const diagnostics: SkillDiagnostic[] = [];
  const diag = (severity: SkillDiagnostic['severity'], pos: { line: number; column: number }, message: string): void => {
    diagnostics.push({ severity, file: input.file, line: pos.line, column: pos.column, message });
  };
  const skipped = (pos: { line: number; column: number }, reason: string): ParseSkillResult => {
    diag('error', pos, `Skill not loaded: ${reason}.`);
    return { diagnostics };
  };

  const fm = parseFrontmatter(input.text);
  if (!fm.ok) return skipped(fm.pos, fm.message);
  if (fm.repaired) {
    diag('warning', fm.repaired.pos, `The frontmatter is not strict YAML (${fm.repaired.message}); it was read by quoting values that contain ": ". Quote them yourself to be portable.`);
  }

  const byKey = new Map<string, FrontmatterEntry>();
  for (const e of fm.entries) byKey.set(e.key, e);
  const start = { line: 1, column: 1 };

  for (const e of fm.entries) {
    if (!KNOWN_KEYS.has(e.key)) {
      diag('warning', e.keyPos, `Unknown field "${e.key}" (known: ${[...KNOWN_KEYS].join(', ')}); it is ignored. Put custom data under "metadata".`);
    }
  }

  // description: required, 1-1024 characters.
  const descEntry = byKey.get('description');
  if (!descEntry) return skipped(start, 'the required field "description" is missing');
  if (typeof descEntry.value !== 'string') return skipped(descEntry.valuePos, '"description" must be text');
  const description = descEntry.value.trim();
  if (description.length === 0) return skipped(descEntry.valuePos, '"description" is empty');
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    diag('warning', descEntry.valuePos, `"description" is ${description.length} characters long (at most ${MAX_DESCRIPTION_LENGTH}); shorten it, every task's prompt carries it.`);
  }

  // name: required by the specification; warn and fall back to the folder name.
  const folderName = basename(input.dir);
  const nameEntry = byKey.get('name');
  let name = folderName;
  if (!nameEntry) {
    diag('warning', start, `The required field "name" is missing; using the folder name "${folderName}".`);
  } else if (typeof nameEntry.value !== 'string' || nameEntry.value.trim() === '') {
    diag('warning', nameEntry.valuePos, `"name" must be text; using the folder name "${folderName}".`);
  } else {
    name = nameEntry.value.trim();
    const problem = skillNameProblem(name);
    if (problem) diag('warning', nameEntry.valuePos, `Invalid skill name "${name}": ${problem}.`);
    if (name !== folderName) {
      diag('warning', nameEntry.valuePos, `The skill name "${name}" should equal its folder name "${folderName}".`);
    }
  }
  if (!isSafePathSegment(name)) {
    return skipped(nameEntry?.valuePos ?? start, `the name "${name}" cannot be used as a folder name`);
  }

  const skill: Skill = {
    name,
    description,
    source: input.source,
    dir: input.dir,
    file: input.file,
    body: fm.body.trim(),
    bodyLine: fm.bodyLine,
  };

  const license = byKey.get('license');
  if (license) {
    if (typeof license.value === 'string') skill.license = license.value;
    else diag('warning', license.valuePos, '"license" must be text; it is ignored.');
  }

  const compat = byKey.get('compatibility');
  if (compat) {
    if (typeof compat.value !== 'string' || compat.value.trim() === '') {
      diag('warning', compat.valuePos, '"compatibility" must be non-empty text; it is ignored.');
    } else {
      skill.compatibility = compat.value.trim();
      if (skill.compatibility.length > MAX_COMPATIBILITY_LENGTH) {
        diag('warning', compat.valuePos, `"compatibility" is ${skill.compatibility.length} characters long (at most ${MAX_COMPATIBILITY_LENGTH}).`);
      }
    }
  }

  const meta = byKey.get('metadata');
  if (meta) skill.metadata = readMetadata(meta, diag);

  const tools = byKey.get('allowed-tools');
  if (tools) {
    if (typeof tools.value === 'string') {
      skill.allowedTools = tools.value.split(/\s+/).filter((t) => t.length > 0);
    } else if (Array.isArray(tools.value) && tools.value.every((t) => typeof t === 'string')) {
      diag('warning', tools.valuePos, '"allowed-tools" should be one space-separated string; a list was accepted.');
      skill.allowedTools = tools.value as string[];
    } else {
      diag('warning', tools.valuePos, '"allowed-tools" must be a space-separated string; it is ignored.');
    }
  }

  if (skill.body.length === 0) {
    diag('warning', { line: fm.bodyLine, column: 1 }, 'SKILL.md has no instructions after the frontmatter.');
  } else {
    const bodyLines = skill.body.split('\n').length;
    if (bodyLines > RECOMMENDED_MAX_BODY_LINES) {
      diag('warning', { line: fm.bodyLine, column: 1 }, `The instructions are ${bodyLines} lines long (recommended: under ${RECOMMENDED_MAX_BODY_LINES}); move detail into references/.`);
    }
  }

  return { skill, diagnostics };
}

function readMetadata(
  entry: FrontmatterEntry,
  diag: (severity: 'warning', pos: { line: number; column: number }, message: string) => void,
): Record<string, string> | undefined {
  const v = entry.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    diag('warning', entry.valuePos, '"metadata" must be a map of "key: value" text fields; it is ignored.');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') {
      diag('warning', entry.valuePos, `metadata "${k}" should be text; read as "${String(val)}". Quote it.`);
      out[k] = String(val);
    } else {
      diag('warning', entry.valuePos, `metadata "${k}" must be text; it is ignored.`);
    }
  }
  return out;
}
