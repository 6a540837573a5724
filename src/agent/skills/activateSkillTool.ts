// Level 2 of progressive disclosure: the activate_skill tool. The model calls it
// with a skill's name (an enum of the task's loaded skills) and gets back the
// SKILL.md instructions plus the list of the skill's files (paths only). A
// skill already active in the task is never injected twice.

import type { AgentTool, ToolOutput } from '../tools/tool';
import type { ActivatedSkills } from './activatedSkills';
import { ACTIVATE_SKILL_TOOL_NAME, escapeXml } from './catalog';
import { listSkillResources } from './resources';
import { guestSkillDir, type SkillRegistry } from './skillSet';
import type { Skill } from './types';

// A type alias (not an interface) so it fits AgentTool's Record<string, unknown> default.
export type ActivateSkillInput = { name: string };

/**
 * The tool for one task. `registry` should be the task's snapshot (the same one
 * its catalog was rendered from); `state` is the task's ActivatedSkills. Only add
 * the tool when the catalog is non-empty: with no skills every call errors.
 */
export function createActivateSkillTool(registry: SkillRegistry, state: ActivatedSkills): AgentTool<ActivateSkillInput> {
  const names = registry.skills.map((s) => s.name);
  return {
    name: ACTIVATE_SKILL_TOOL_NAME,
    description:
      'Load the full instructions of one installed skill (listed under "Skills" in the system prompt) and the list of its files. ' +
      "Call it before doing work that matches the skill's description. Each skill needs activating only once per task.",
    inputSchema: {
      type: 'object',
      properties: {
        name: names.length > 0 ? { type: 'string', enum: names, description: 'The skill to activate.' } : { type: 'string', description: 'The skill to activate.' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    readOnly: true,
    describe: (input) => `Activate skill ${typeof input?.name === 'string' ? input.name : '?'}`,
    async run(input): Promise<ToolOutput> {
      const name = typeof input?.name === 'string' ? input.name : '';
      const skill = registry.get(name);
      if (!skill) {
        const known = names.length > 0 ? `Installed skills: ${names.join(', ')}.` : 'No skills are installed.';
        return errorOutput(`There is no skill named "${name}". ${known}`, `No skill "${name}"`);
      }
      if (state.has(name)) {
        return {
          content: `Skill "${name}" is already active in this task; its instructions were given earlier. Keep following them.`,
          summary: `Skill ${name} already active`,
          files: [],
        };
      }
      const text = await renderActivation(skill);
      state.add({ name, text: text.content });
      return {
        content: text.content,
        summary: `Activated skill ${name} (${text.resourceCount} file${text.resourceCount === 1 ? '' : 's'})`,
        files: [],
      };
    },
  };
}

/** The text activation injects for a skill. Exported for tests and the CLI. */
export async function renderActivation(skill: Skill): Promise<{ content: string; resourceCount: number }> {
  const dir = guestSkillDir(skill.name);
  const resources = await listSkillResources(skill.dir);
  const lines = [
    `<skill_content name="${escapeXml(skill.name)}">`,
    skill.body.length > 0 ? skill.body : '(This skill has no instructions beyond its description.)',
    '',
    `Skill folder: ${dir} (read-only). Relative paths in these instructions are relative to it. ` +
      'Read its references and run its scripts with your ordinary tools (for example the shell); write results into /workspace.',
  ];
  if (resources.paths.length > 0) {
    lines.push('<skill_resources>', ...resources.paths.map((p) => `${dir}/${p}`));
    if (resources.truncated) lines.push(`(more files not listed; list ${dir} to see them all)`);
    lines.push('</skill_resources>');
  }
  lines.push('</skill_content>');
  return { content: lines.join('\n'), resourceCount: resources.paths.length };
}

function errorOutput(message: string, summary: string): ToolOutput {
  return { content: message, isError: true, summary, files: [] };
}
