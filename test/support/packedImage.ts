// A packed (downloadable) form of the test image, made once per image and
// kept in ~/.cache/cowork/releases/<version>-<manifest digest>/ (or
// $COWORK_RELEASE_CACHE): packing a real rootfs takes tens of seconds, and
// every test that downloads can share it.

import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { coworkCacheDir } from '../../src/sandbox/cacheDir';
import { readManifest, writeManifest } from '../../src/sandbox/image/manifest';
import { packImage } from '../../src/sandbox/image/pack';
import { releaseFiles } from '../../src/sandbox/image/release';
import { imageInfo } from '../../src/sandbox/image/store';
import { extractTar, removeTree } from '../../src/sandbox/image/tarExtract';

export function releaseCache(): string {
  return process.env.COWORK_RELEASE_CACHE || coworkCacheDir('releases');
}

/**
 * Images built before the tar-stream build (root's directory output) hold
 * device nodes in /dev, which cannot be packed; a copy without them (and its
 * own manifest) stands in, as a current build would produce.
 */
async function withoutDeviceNodes(imageDir: string): Promise<string> {
  const hasNodes = readdirSync(join(imageDir, 'rootfs', 'dev'), { withFileTypes: true }).some((e) => e.isCharacterDevice() || e.isBlockDevice());
  if (!hasNodes) return imageDir;
  const copy = join(releaseCache(), `.image-copy-${process.pid}`);
  removeTree(copy);
  mkdirSync(copy, { recursive: true });
  for (const a of ['vmlinux', 'initramfs.cpio']) copyFileSync(join(imageDir, a), join(copy, a));
  const tar = spawn('tar', ['-C', join(imageDir, 'rootfs'), '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await extractTar(tar.stdout, join(copy, 'rootfs'));
  const m = readManifest(imageDir);
  writeManifest(copy, { version: m.version, arch: m.arch, kernelRelease: m.kernelRelease });
  return copy;
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
    const source = await withoutDeviceNodes(imageDir);
    try {
      await packImage(imageInfo(source), tmp);
    } finally {
      if (source !== imageDir) removeTree(source);
    }
    removeTree(dir);
    renameSync(tmp, dir);
  }
  return { dir, version: info.version, arch: info.arch };
}
