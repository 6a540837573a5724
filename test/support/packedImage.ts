// A packed (downloadable) form of the test image, made once per image and
// kept in ~/.cache/cowork/releases/<version>-<manifest digest>/ (or
// $COWORK_RELEASE_CACHE): packing a real rootfs takes tens of seconds, and
// every test that downloads can share it.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packImage } from '../../src/sandbox/image/pack';
import { releaseFiles } from '../../src/sandbox/image/release';
import { imageInfo } from '../../src/sandbox/image/store';
import { removeTree } from '../../src/sandbox/image/tarExtract';

export function releaseCache(): string {
  return process.env.COWORK_RELEASE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cowork', 'releases');
}

/** The release folder for the image in `imageDir`, packing it first when absent. */
export async function packedImage(imageDir: string): Promise<{ dir: string; version: string; arch: string }> {
  const info = imageInfo(imageDir);
  const digest = createHash('sha256').update(readFileSync(info.manifest)).digest('hex').slice(0, 12);
  const dir = join(releaseCache(), `${info.version}-${digest}`);
  const files = releaseFiles(info.version, info.arch, 'brotli');
  if (!existsSync(join(dir, files.sums))) {
    const tmp = `${dir}.partial-${process.pid}`;
    removeTree(tmp);
    await packImage(info, tmp);
    removeTree(dir);
    renameSync(tmp, dir);
  }
  return { dir, version: info.version, arch: info.arch };
}
