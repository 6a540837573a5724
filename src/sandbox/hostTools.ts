// Host programs that live in /usr/sbin or /sbin (mke2fs, mkfs.ext4), which an
// ordinary user's PATH on Debian does not include: spawned by bare name they
// were "not found" for every ordinary user (snapshots fell back to cold boots,
// write budgets could not make their layer). Same lookup as a shell, plus those.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function hostTool(name: string, path: string = process.env.PATH ?? ''): string {
  for (const dir of [...path.split(':').filter(Boolean), '/usr/sbin', '/sbin']) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return name;
}
