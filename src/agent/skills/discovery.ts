// Finds skills on disk: the built-in folder shipped with the extension, the
// user's ~/.cowork/skills, ~/.claude/skills and ~/.agents/skills, and the same
// three under each workspace folder (only when the workspace is trusted).
// Project overrides user overrides built-in; every collision is reported. The
// scan is bounded in depth, folders and skills, and skips .git/node_modules.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSkillFile } from './parseSkill';
import { compareNames } from './skillSet';
import { SOURCE_PRECEDENCE, type Skill, type SkillDiagnostic, type SkillLoadResult, type SkillSource } from './types';

/** Skill folders looked for under the workspace and under the home folder, highest precedence first. */
export const SKILL_FOLDERS = ['.cowork/skills', '.claude/skills', '.agents/skills'] as const;

export const SKILL_FILE = 'SKILL.md';

export interface SkillDiscoveryOptions {
  /** The extension's built-in skills folder (context.extensionPath + '/skills'). */
  builtinDir?: string;
  /** The user's home folder; omit to load no user skills. */
  homeDir?: string;
  /** Workspace folders, first one first. */
  workspaceFolders?: readonly string[];
  /** Project skills load only in a trusted workspace. */
  trusted: boolean;
  /** Folder levels below a root searched for SKILL.md (default 3). */
  maxDepth?: number;
  /** Skills loaded in total (default 200). */
  maxSkills?: number;
  /** Folders visited per root (default 1000). */
  maxDirsPerRoot?: number;
  /** Larger SKILL.md files are skipped (default 512 KiB). */
  maxFileBytes?: number;
}

export interface SkillRoot {
  dir: string;
  source: SkillSource;
}

export interface DiscoveryResult extends SkillLoadResult {
  /** Roots searched, in precedence order (highest first). */
  roots: SkillRoot[];
  /** Every existing folder the scan looked into (for watching). */
  visitedDirs: string[];
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** All roots to search, highest precedence first. Untrusted workspaces contribute none. */
export function skillRoots(opts: Pick<SkillDiscoveryOptions, 'builtinDir' | 'homeDir' | 'workspaceFolders' | 'trusted'>): SkillRoot[] {
  const roots: SkillRoot[] = [];
  if (opts.trusted) {
    for (const ws of opts.workspaceFolders ?? []) for (const f of SKILL_FOLDERS) roots.push({ dir: join(ws, f), source: 'project' });
  }
  if (opts.homeDir) for (const f of SKILL_FOLDERS) roots.push({ dir: join(opts.homeDir, f), source: 'user' });
  if (opts.builtinDir) roots.push({ dir: opts.builtinDir, source: 'builtin' });
  return roots;
}

export async function discoverSkills(opts: SkillDiscoveryOptions): Promise<DiscoveryResult> {
  const maxDepth = opts.maxDepth ?? 3;
  const maxSkills = opts.maxSkills ?? 200;
  const maxDirs = opts.maxDirsPerRoot ?? 1000;
  const maxBytes = opts.maxFileBytes ?? 512 * 1024;
  const diagnostics: SkillDiagnostic[] = [];
  const visitedDirs: string[] = [];
  const roots = skillRoots(opts);
  const found: Skill[] = [];
  const note = (file: string, message: string, severity: SkillDiagnostic['severity'] = 'warning'): void => {
    diagnostics.push({ severity, file, line: 1, column: 1, message });
  };

  if (!opts.trusted) {
    for (const ws of opts.workspaceFolders ?? []) {
      for (const f of SKILL_FOLDERS) {
        const dir = join(ws, f);
        if (await isDir(dir)) note(dir, `Project skills in ${dir} are not loaded: the workspace is not trusted.`);
      }
    }
  }

  let budgetHit = false;
  for (const root of roots) {
    if (!(await isDir(root.dir))) continue;
    const skillDirs = await findSkillDirs(root.dir, maxDepth, maxDirs, visitedDirs, (msg) => note(root.dir, msg));
    for (const dir of skillDirs) {
      if (found.length >= maxSkills) {
        if (!budgetHit) note(root.dir, `Only the first ${maxSkills} skills are loaded; the rest (from ${dir} on) are ignored.`);
        budgetHit = true;
        break;
      }
      const file = join(dir, SKILL_FILE);
      const text = await readSkillText(file, maxBytes);
      if (typeof text !== 'string') {
        note(file, `Skill not loaded: ${text.error}.`, 'error');
        continue;
      }
      const parsed = parseSkillFile({ text, file, dir, source: root.source });
      diagnostics.push(...parsed.diagnostics);
      if (parsed.skill) found.push(parsed.skill);
    }
  }

  // Roots are in precedence order, so the first skill of a name wins.
  const winners = new Map<string, Skill>();
  for (const s of found) {
    const winner = winners.get(s.name);
    if (!winner) {
      winners.set(s.name, s);
      continue;
    }
    const how = SOURCE_PRECEDENCE[winner.source] > SOURCE_PRECEDENCE[s.source] ? `overridden by the ${winner.source} skill` : 'shadowed by the skill';
    note(s.file, `Skill "${s.name}" is not used: it is ${how} of the same name at ${winner.file}.`);
  }
  const skills = [...winners.values()].sort((a, b) => compareNames(a.name, b.name));
  return { skills, diagnostics, roots, visitedDirs };
}

/** Folders under root holding a SKILL.md, in a stable order; does not descend into a skill. */
async function findSkillDirs(root: string, maxDepth: number, maxDirs: number, visited: string[], warn: (m: string) => void): Promise<string[]> {
  const out: string[] = [];
  let queue: string[] = [root];
  let count = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (count >= maxDirs) {
        warn(`Stopped searching ${root} after ${maxDirs} folders; move skills closer to it.`);
        return out;
      }
      count++;
      visited.push(dir);
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      if (depth > 0 && entries.some((e) => e.name === SKILL_FILE && !e.isDirectory())) {
        out.push(dir);
        continue;
      }
      const subdirs = entries
        .filter((e) => !e.name.startsWith('.') && !SKIP_DIRS.has(e.name))
        .map((e) => e.name)
        .sort(compareNames);
      for (const name of subdirs) {
        const p = join(dir, name);
        if (await isDir(p)) next.push(p);
      }
    }
    queue = next;
  }
  return out;
}

async function readSkillText(file: string, maxBytes: number): Promise<string | { error: string }> {
  try {
    const st = await stat(file);
    if (!st.isFile()) return { error: 'SKILL.md is not a file' };
    if (st.size > maxBytes) return { error: `SKILL.md is ${st.size} bytes (at most ${maxBytes})` };
    return await readFile(file, 'utf8');
  } catch (err) {
    return { error: `SKILL.md could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
