// Where images live on the host and how to find a usable one. Images are
// versioned directories under ~/.cache/cowork/images/<version>/ (or
// $COWORK_IMAGE_CACHE/<version>/); a directory only appears there complete,
// renamed into place at the end of a build or download.

import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { coworkCacheDir } from '../cacheDir';
import { readManifest } from './manifest';
import { ARTEFACTS, IMAGE_VERSION } from './recipe';
import { removeTree } from './tarExtract';

export interface ImageInfo {
  dir: string;
  version: string;
  arch: string;
  kernelRelease: string;
  /** Uncompressed kernel: PVH ELF vmlinux (x86_64) or raw Image (arm64). */
  kernel: string;
  initramfs: string;
  /** The root filesystem as a directory (shared read-only into VMs; `/` of the namespace driver). */
  rootfs: string;
  manifest: string;
}

/** The folder holding all image versions. */
export function imagesRoot(): string {
  if (process.env.COWORK_IMAGE_CACHE) return process.env.COWORK_IMAGE_CACHE;
  return coworkCacheDir('images');
}

/** The folder of one image version (the current recipe's by default); may not exist yet. */
export function imageDir(version: string = IMAGE_VERSION): string {
  return join(imagesRoot(), version);
}

/** Paths of the image in `dir`, from its manifest; throws when there is none. */
export function imageInfo(dir: string): ImageInfo {
  const m = readManifest(dir);
  return {
    dir,
    version: m.version,
    arch: m.arch,
    kernelRelease: m.kernelRelease,
    kernel: join(dir, ARTEFACTS.kernel),
    initramfs: join(dir, ARTEFACTS.initramfs),
    rootfs: join(dir, ARTEFACTS.rootfs),
    manifest: join(dir, ARTEFACTS.manifest),
  };
}

/**
 * The current version's image when it is present and complete, else
 * undefined. Cheap (no hashing): call verifyImage() after a download, not on
 * every start.
 */
export function findImage(version: string = IMAGE_VERSION): ImageInfo | undefined {
  const dir = imageDir(version);
  if (!existsSync(join(dir, ARTEFACTS.manifest))) return undefined;
  try {
    const info = imageInfo(dir);
    if (info.version !== version) return undefined;
    for (const p of [info.kernel, info.initramfs, info.rootfs]) if (!existsSync(p)) return undefined;
    return info;
  } catch {
    return undefined;
  }
}

/**
 * Moves a complete, verified image directory (`<version>.partial-<pid>`) into
 * place in one rename. A directory already there (a forced rebuild, or
 * another process that finished first) is moved aside first and removed after,
 * so `final` is always either the old complete image or the new one.
 */
export function installImageDir(partial: string, final: string): void {
  if (!existsSync(final)) {
    try {
      renameSync(partial, final);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
  }
  const aside = `${final}.old-${process.pid}-${Date.now()}`;
  renameSync(final, aside);
  renameSync(partial, final);
  removeTree(aside);
}
