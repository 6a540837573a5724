// The one place the cache folder is computed: $XDG_CACHE_HOME/cowork, or
// ~/.cache/cowork when XDG_CACHE_HOME is unset. Images, qemu snapshots, the KVM
// probe's verdict and the staging state all live under it (each may still be
// moved on its own by its COWORK_* variable).

import { homedir } from 'node:os';
import { join } from 'node:path';

export function coworkCacheDir(...sub: string[]): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cowork', ...sub);
}
