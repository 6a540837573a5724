// Creates a new project skill: .cowork/skills/<name>/SKILL.md with valid
// frontmatter and a starter body, plus empty scripts/ and references/ folders.
// Never overwrites: an existing skill folder is a clear error. The "Cowork: New
// Skill" command is a thin adapter over this.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MAX_DESCRIPTION_LENGTH } from './parseSkill';
import { skillNameProblem } from './skillName';

/** Where new project skills go, relative to the workspace folder. */
export const NEW_SKILL_FOLDER = '.cowork/skills';

export interface ScaffoldedSkill {
  dir: string;
  /** The SKILL.md to open for editing. */
  file: string;
}

/** Why `description` cannot be used for a new skill, or undefined. */
export function descriptionProblem(description: string): string | undefined {
  const d = description.trim();
  if (d.length === 0) return 'the description is empty: say what the skill does and when to use it';
  if (d.length > MAX_DESCRIPTION_LENGTH) return `the description is ${d.length} characters long (at most ${MAX_DESCRIPTION_LENGTH})`;
  return undefined;
}

/** The starter SKILL.md text. */
export function renderSkillTemplate(name: string, description: string): string {
  const frontmatter = stringify({ name, description: description.trim() }, { lineWidth: 0 }).trimEnd();
  return [
    '---',
    frontmatter,
    '---',
    '',
    `# ${name}`,
    '',
    'Instructions the agent follows once it activates this skill. Keep this file short;',
    'put long material in references/ and say here when to read it.',
    '',
    '## When to use',
    '',
    '- ...',
    '',
    '## Steps',
    '',
    '1. ...',
    '',
    '## Files',
    '',
    `- scripts/: programs to run in the sandbox, e.g. \`python3 /skills/${name}/scripts/example.py /workspace\``,
    `- references/: documents to read when needed, e.g. \`/skills/${name}/references/guide.md\``,
    '',
  ].join('\n');
}

/** Create the skill under `workspaceFolder`. Throws a clear Error on a bad name or an existing skill. */
export async function scaffoldSkill(workspaceFolder: string, name: string, description: string): Promise<ScaffoldedSkill> {
  const nameProblem = skillNameProblem(name);
  if (nameProblem) throw new Error(`Cannot create skill "${name}": ${nameProblem}.`);
  const descProblem = descriptionProblem(description);
  if (descProblem) throw new Error(`Cannot create skill "${name}": ${descProblem}.`);
  const parent = join(workspaceFolder, NEW_SKILL_FOLDER);
  const dir = join(parent, name);
  await mkdir(parent, { recursive: true });
  try {
    await mkdir(dir); // not recursive: fails if the skill already exists
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`A skill folder already exists at ${dir}; nothing was changed.`);
    throw err;
  }
  try {
    const file = join(dir, 'SKILL.md');
    await writeFile(file, renderSkillTemplate(name, description), { flag: 'wx' });
    await mkdir(join(dir, 'scripts'));
    await mkdir(join(dir, 'references'));
    return { dir, file };
  } catch (err) {
    await rm(dir, { recursive: true, force: true }); // we created it just now: leave nothing half-made
    throw err;
  }
}
