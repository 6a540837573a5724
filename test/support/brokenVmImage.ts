// A copy of a sandbox image (symlinks) whose kernel is not bootable: QEMU is
// installed and answers `--version`, so the VM driver counts as available,
// but every boot of this image really fails.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function brokenVmImage(image: string, into: string): string {
  const dir = path.join(into, 'broken-image');
  fs.mkdirSync(dir);
  for (const name of fs.readdirSync(image)) {
    if (name === 'vmlinux') fs.writeFileSync(path.join(dir, name), Buffer.alloc(64 * 1024, 0x5a));
    else fs.symlinkSync(path.join(image, name), path.join(dir, name));
  }
  return dir;
}

export function hasQemu(): boolean {
  try {
    execFileSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
