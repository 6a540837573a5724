// Level 1 of progressive disclosure: the compact list of installed skills that
// goes into the system prompt (inside the cached prefix). Only name, description
// and where the SKILL.md lives; the instructions themselves come on activation.

import { guestSkillDir, compareNames } from './skillSet';
import type { Skill } from './types';

export const ACTIVATE_SKILL_TOOL_NAME = 'activate_skill';

/**
 * The catalog section for the system prompt, or '' when there are no skills (so
 * the prompt carries no mention of skills at all). Deterministic: same skills,
 * same bytes, so the prompt cache keeps hitting.
 */
export function renderSkillCatalog(skills: readonly Pick<Skill, 'name' | 'description'>[]): string {
  if (skills.length === 0) return '';
  const sorted = [...skills].sort((a, b) => compareNames(a.name, b.name));
  const entries = sorted.map((s) =>
    [
      '<skill>',
      `<name>${escapeXml(s.name)}</name>`,
      `<description>${escapeXml(oneLine(s.description))}</description>`,
      `<location>${escapeXml(guestSkillDir(s.name))}/SKILL.md</location>`,
      '</skill>',
    ].join('\n'),
  );
  return [
    '# Skills',
    `Skills are folders of instructions, scripts and references for particular kinds of work. When a task matches a skill's description, call the ${ACTIVATE_SKILL_TOOL_NAME} tool with its name before you plan or start that work, then follow its instructions. Skill folders are read-only inside the sandbox.`,
    '<available_skills>',
    ...entries,
    '</available_skills>',
  ].join('\n');
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
