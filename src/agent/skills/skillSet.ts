// An immutable set of loaded skills, looked up by name. A task takes one
// snapshot when it starts, so its catalog, its activate_skill enum and what
// activation returns all agree even if the library changes mid-task.

import { GUEST_PATHS } from '../../sandbox/driver';
import type { Skill } from './types';

/** What the activate_skill tool needs to know about installed skills. */
export interface SkillRegistry {
  /** Loaded skills, sorted by name. */
  readonly skills: readonly Skill[];
  get(name: string): Skill | undefined;
}

export class SkillSet implements SkillRegistry {
  readonly skills: readonly Skill[];
  private readonly byName: ReadonlyMap<string, Skill>;

  constructor(skills: readonly Skill[]) {
    const byName = new Map<string, Skill>();
    for (const s of skills) {
      if (byName.has(s.name)) throw new Error(`SkillSet: two skills are named "${s.name}" (${byName.get(s.name)?.file} and ${s.file})`);
      byName.set(s.name, s);
    }
    this.byName = byName;
    this.skills = Object.freeze([...skills].sort((a, b) => compareNames(a.name, b.name)));
  }

  get(name: string): Skill | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return this.skills.map((s) => s.name);
  }
}

/** Where a skill's folder appears inside the sandbox. */
export function guestSkillDir(name: string): string {
  return `${GUEST_PATHS.skills}/${name}`;
}

/** The GuestStartOptions.skillDirs for a set of skills: mount name → host folder. */
export function skillDirsForGuest(registry: SkillRegistry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of registry.skills) out[s.name] = s.dir;
  return out;
}

/** Byte-wise order, independent of locale, so the catalog text is stable. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
