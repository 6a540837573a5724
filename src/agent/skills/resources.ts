// Lists what a skill folder holds besides SKILL.md (scripts/, references/,
// assets/ and anything else), as paths only, bounded so a huge folder cannot
// flood the context. Level 3 content is read by the model on demand.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface ResourceListOptions {
  maxEntries?: number;
  maxDepth?: number;
}

export interface ResourceList {
  /** POSIX paths relative to the skill folder, sorted. */
  paths: string[];
  /** True when maxEntries or maxDepth cut the listing. */
  truncated: boolean;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__']);

export async function listSkillResources(dir: string, opts: ResourceListOptions = {}): Promise<ResourceList> {
  const maxEntries = opts.maxEntries ?? 100;
  const maxDepth = opts.maxDepth ?? 4;
  const paths: string[] = [];
  let truncated = false;
  let full = false;

  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch {
      return; // unreadable folder: list what we can
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (rel === '' && e.name === 'SKILL.md') continue;
      if (e.isDirectory()) {
        if (depth + 1 > maxDepth) {
          truncated = true;
          continue;
        }
        await walk(relPath, depth + 1);
        if (full) return;
      } else if (e.isFile()) {
        if (paths.length >= maxEntries) {
          truncated = true;
          full = true;
          return;
        }
        paths.push(relPath);
      }
    }
  };
  await walk('', 0);
  paths.sort();
  return { paths, truncated };
}
