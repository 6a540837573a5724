// Public surface of the skills engine, for the loop, the views and the CLI.
//
//   const library = new SkillLibrary({ builtinDir, homeDir, workspaceFolders, trusted });
//   await library.start();                           // then library.onDidChange(...)
//   const skills = library.snapshot();               // one per task
//   const catalog = renderSkillCatalog(skills.skills);            // system prompt ('' if none)
//   const state = new ActivatedSkills();             // per task; toJSON()/fromJSON() or fromMessages() on resume
//   const tool = createActivateSkillTool(skills, state);          // add when catalog !== ''
//   const skillDirs = skillDirsForGuest(skills);     // GuestStartOptions.skillDirs

export { ActivatedSkills, type ActivatedSkill } from './activatedSkills';
export { createActivateSkillTool, renderActivation, type ActivateSkillInput } from './activateSkillTool';
export { ACTIVATE_SKILL_TOOL_NAME, renderSkillCatalog } from './catalog';
export { discoverSkills, skillRoots, SKILL_FOLDERS, type DiscoveryResult, type SkillDiscoveryOptions, type SkillRoot } from './discovery';
export { renderSkillListing, type ListingOptions } from './listing';
export { parseSkillFile, type ParseSkillInput, type ParseSkillResult } from './parseSkill';
export { listSkillResources, type ResourceList } from './resources';
export { descriptionProblem, NEW_SKILL_FOLDER, renderSkillTemplate, scaffoldSkill, type ScaffoldedSkill } from './scaffold';
export { SkillLibrary, type SkillLibraryOptions } from './skillLibrary';
export { skillNameProblem } from './skillName';
export { guestSkillDir, SkillSet, skillDirsForGuest, type SkillRegistry } from './skillSet';
export type { Skill, SkillDiagnostic, SkillFrontmatter, SkillLoadResult, SkillSource } from './types';
