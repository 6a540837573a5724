// manifest.json: the image's version and a sha256 per artefact. A downloaded
// image is only used once verifyImage() has matched every artefact against a
// manifest the extension trusts (see docs/sandbox-images.md); a locally built
// one is verified the same way at the end of the build.

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTEFACTS } from './recipe';

export interface ImageManifest {
  version: string;
  /** Debian architecture (amd64, arm64). */
  arch: string;
  kernelRelease: string;
  createdAt: string;
  /** Artefact (file name in the image dir) → "sha256:<hex>". Directories use treeSha256. */
  artefacts: Record<string, string>;
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * A digest of a whole directory tree: every entry's relative path, type,
 * permission bits, and content (files) or target (symlinks), in sorted order.
 * Owners are left out on purpose: an image unpacked by a normal user owns its
 * files, and that must not change the digest.
 */
export function treeSha256(root: string): string {
  const h = createHash('sha256');
  const walk = (rel: string): void => {
    const names = readdirSync(join(root, rel)).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = join(root, r);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) h.update(`l ${r} ${readlinkSync(abs)}\n`);
      else if (st.isDirectory()) {
        h.update(`d ${r} ${mode}\n`);
        walk(r);
      } else if (st.isFile()) h.update(`f ${r} ${mode} ${st.size} ${fileSha256(abs)}\n`);
      else h.update(`o ${r} ${mode}\n`); // device nodes, fifos: present, never read
    }
  };
  walk('');
  return h.digest('hex');
}

export function artefactSha256(path: string): string {
  return lstatSync(path).isDirectory() ? treeSha256(path) : fileSha256(path);
}

/** Hashes the three artefacts in `dir` and writes its manifest.json. */
export function writeManifest(dir: string, meta: { version: string; arch: string; kernelRelease: string }): ImageManifest {
  const manifest: ImageManifest = {
    ...meta,
    createdAt: new Date().toISOString(),
    artefacts: Object.fromEntries(
      [ARTEFACTS.kernel, ARTEFACTS.initramfs, ARTEFACTS.rootfs].map((a) => [a, `sha256:${artefactSha256(join(dir, a))}`]),
    ),
  };
  writeFileSync(join(dir, ARTEFACTS.manifest), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export function readManifest(dir: string): ImageManifest {
  const path = join(dir, ARTEFACTS.manifest);
  if (!existsSync(path)) throw new Error(`image at ${dir} has no ${ARTEFACTS.manifest}`);
  const m = JSON.parse(readFileSync(path, 'utf8')) as ImageManifest;
  if (typeof m.version !== 'string' || typeof m.artefacts !== 'object' || m.artefacts === null) {
    throw new Error(`${path} is not an image manifest`);
  }
  return m;
}

export class ImageVerifyError extends Error {
  constructor(
    readonly artefact: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageVerifyError';
  }
}

/**
 * Checks every artefact listed in the manifest (and that the required ones are
 * listed). `expected` lets a caller pin the manifest itself, e.g. to the digest
 * shipped inside the extension for a downloaded image.
 */
export function verifyImage(dir: string, expected?: { manifestSha256?: string }): ImageManifest {
  if (expected?.manifestSha256) {
    const got = fileSha256(join(dir, ARTEFACTS.manifest));
    if (got !== expected.manifestSha256) {
      throw new ImageVerifyError(ARTEFACTS.manifest, `image manifest sha256 mismatch: expected ${expected.manifestSha256}, got ${got}`);
    }
  }
  const m = readManifest(dir);
  for (const required of [ARTEFACTS.kernel, ARTEFACTS.initramfs, ARTEFACTS.rootfs]) {
    if (!m.artefacts[required]) throw new ImageVerifyError(required, `image manifest lists no ${required}`);
  }
  for (const [name, want] of Object.entries(m.artefacts)) {
    if (name.includes('/') || name.startsWith('.')) throw new ImageVerifyError(name, `bad artefact name in manifest: ${name}`);
    const path = join(dir, name);
    if (!existsSync(path)) throw new ImageVerifyError(name, `image artefact ${name} is missing from ${dir}`);
    const got = `sha256:${artefactSha256(path)}`;
    if (got !== want) {
      throw new ImageVerifyError(name, `image artefact ${name} does not match its manifest (expected ${want}, got ${got}): the image is corrupt or was tampered with; delete ${dir} to rebuild or re-download it`);
    }
  }
  return m;
}
