// The shapes shared by every part of the skills feature: what a loaded skill is,
// where it came from, and the warnings produced while finding and parsing skills.
// Kept free of fs and vscode so views, CLI and tests can all import it.

/** Where a skill was found. Project overrides user overrides built-in. */
export type SkillSource = 'builtin' | 'user' | 'project';

/** Higher wins when two skills share a name. */
export const SOURCE_PRECEDENCE: Record<SkillSource, number> = { builtin: 0, user: 1, project: 2 };

/**
 * A problem with a SKILL.md (or a skills folder). `error` means the skill was
 * skipped; `warning` means it loaded anyway. Lines and columns are 1-based.
 */
export interface SkillDiagnostic {
  severity: 'error' | 'warning';
  /** Absolute host path of the file (or folder) the problem is in. */
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The frontmatter fields a client understands (Agent Skills specification). */
export interface SkillFrontmatter {
  name: string;
  description: string;
  license?: string;
  compatibility?: string;
  metadata?: Record<string, string>;
  /** Space-separated in the file; split here. Experimental in the specification. */
  allowedTools?: string[];
}

export interface Skill extends SkillFrontmatter {
  source: SkillSource;
  /** Absolute host path of the skill's folder. */
  dir: string;
  /** Absolute host path of its SKILL.md. */
  file: string;
  /** The Markdown after the frontmatter, trimmed. */
  body: string;
  /** 1-based line of SKILL.md where the body starts. */
  bodyLine: number;
}

/** The result of one discovery pass. */
export interface SkillLoadResult {
  /** Winning skills after precedence, sorted by name. */
  skills: Skill[];
  /** Every problem found, including name collisions and skipped skills. */
  diagnostics: SkillDiagnostic[];
}
