// The skills a CLI task can use: built-in (next to dist/), the user's
// (~/.cowork/skills and friends) and the folder's own. The person ran the CLI on
// this folder on purpose, so its project skills count as trusted.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ActivatedSkills } from '../agent/skills/activatedSkills';
import { createActivateSkillTool } from '../agent/skills/activateSkillTool';
import { renderSkillCatalog } from '../agent/skills/catalog';
import { discoverSkills } from '../agent/skills/discovery';
import { SkillSet, skillDirsForGuest } from '../agent/skills/skillSet';
import type { AnyAgentTool } from '../agent/tools/tool';

export interface CliSkills {
  catalog: string;
  /** activate_skill, when any skill is installed. */
  tools: AnyAgentTool[];
  /** Host folders to mount read-only in the sandbox, by skill name. */
  skillDirs: Record<string, string>;
  /** Problems worth a warning line. */
  warnings: string[];
}

export async function loadSkills(folder: string): Promise<CliSkills> {
  const builtinDir = [path.resolve(__dirname, '..', 'skills'), path.resolve(__dirname, '..', '..', 'skills')].find((d) => fs.existsSync(d));
  const found = await discoverSkills({ builtinDir, homeDir: process.env.COWORK_HOME ?? os.homedir(), workspaceFolders: [folder], trusted: true });
  const set = new SkillSet(found.skills);
  const warnings = found.diagnostics.filter((d) => d.severity === 'error').map((d) => `skill ${d.file}:${d.line}: ${d.message}`);
  if (set.skills.length === 0) return { catalog: '', tools: [], skillDirs: {}, warnings };
  return {
    catalog: renderSkillCatalog(set.skills),
    tools: [createActivateSkillTool(set, new ActivatedSkills())],
    skillDirs: skillDirsForGuest(set),
    warnings,
  };
}
