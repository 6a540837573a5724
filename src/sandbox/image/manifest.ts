// manifest.json: the image's version and a sha256 per artefact. A downloaded
// image is only used once verifyImage() has matched every artefact against a
// manifest the extension trusts (see docs/sandbox-images.md); a locally built
// one is verified the same way at the end of the build.

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrepareCancelled } from './progress';
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
 * The lines a directory digest is made of: every entry's relative path, type,
 * permission bits, and content (files) or target (symlinks), in sorted order.
 * Owners are left out on purpose: an image unpacked by a normal user owns its
 * files, and that must not change the digest. `bytes` is the file data hashed.
 */
function* treeLines(root: string): Generator<{ line: string; bytes: number }> {
  function* walk(rel: string): Generator<{ line: string; bytes: number }> {
    const names = readdirSync(join(root, rel)).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = join(root, r);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) yield { line: `l ${r} ${readlinkSync(abs)}\n`, bytes: 0 };
      else if (st.isDirectory()) {
        yield { line: `d ${r} ${mode}\n`, bytes: 0 };
        yield* walk(r);
      } else if (st.isFile()) yield { line: `f ${r} ${mode} ${st.size} ${fileSha256(abs)}\n`, bytes: st.size };
      else yield { line: `o ${r} ${mode}\n`, bytes: 0 }; // device nodes, fifos: present, never read
    }
  }
  yield* walk('');
}

/** A digest of a whole directory tree (see treeLines). */
export function treeSha256(root: string): string {
  const h = createHash('sha256');
  for (const { line } of treeLines(root)) h.update(line);
  return h.digest('hex');
}

/** Bytes of file data under `root` (what hashing it reads). */
function treeBytes(root: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile()) n += lstatSync(join(d, e.name)).size;
    }
  };
  walk(root);
  return n;
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
  const m = verifyImageShape(dir, expected?.manifestSha256);
  for (const [name, want] of Object.entries(m.artefacts)) {
    const got = `sha256:${artefactSha256(join(dir, name))}`;
    if (got !== want) throw mismatch(dir, name, want, got);
  }
  return m;
}

function mismatch(dir: string, name: string, want: string, got: string): ImageVerifyError {
  return new ImageVerifyError(
    name,
    `image artefact ${name} does not match its manifest (expected ${want}, got ${got}): the image is corrupt or was tampered with; delete ${dir} to rebuild or re-download it`,
  );
}

/** The pin, the manifest's form, required and well-named artefacts, all present; no hashing of artefacts. */
function verifyImageShape(dir: string, manifestSha256: string | undefined): ImageManifest {
  if (manifestSha256) {
    const got = fileSha256(join(dir, ARTEFACTS.manifest));
    if (got !== manifestSha256) {
      throw new ImageVerifyError(ARTEFACTS.manifest, `image manifest sha256 mismatch: expected ${manifestSha256}, got ${got}`);
    }
  }
  const m = readManifest(dir);
  for (const required of [ARTEFACTS.kernel, ARTEFACTS.initramfs, ARTEFACTS.rootfs]) {
    if (!m.artefacts[required]) throw new ImageVerifyError(required, `image manifest lists no ${required}`);
  }
  for (const name of Object.keys(m.artefacts)) {
    if (name.includes('/') || name.startsWith('.')) throw new ImageVerifyError(name, `bad artefact name in manifest: ${name}`);
    if (!existsSync(join(dir, name))) throw new ImageVerifyError(name, `image artefact ${name} is missing from ${dir}`);
  }
  return m;
}

export interface VerifyAsyncOptions {
  manifestSha256?: string;
  /** 0..1 of the bytes hashed so far. */
  onFraction?: (f: number) => void;
  signal?: AbortSignal;
}

/**
 * verifyImage() that yields to the event loop while it hashes, reports how
 * far it is, and stops on `signal`: for the extension host, which must stay
 * responsive while a fresh image of ~1 GB is checked.
 */
export async function verifyImageAsync(dir: string, opts: VerifyAsyncOptions = {}): Promise<ImageManifest> {
  const m = verifyImageShape(dir, opts.manifestSha256);
  const entries = Object.entries(m.artefacts);
  const total = entries.reduce((n, [name]) => {
    const p = join(dir, name);
    return n + (lstatSync(p).isDirectory() ? treeBytes(p) : lstatSync(p).size);
  }, 0);
  let done = 0;
  let sinceYield = 0;
  const tick = async (bytes: number): Promise<void> => {
    done += bytes;
    sinceYield += bytes;
    if (sinceYield < 16 << 20) return;
    sinceYield = 0;
    opts.onFraction?.(total ? done / total : 1);
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) throw new PrepareCancelled();
  };
  for (const [name, want] of entries) {
    const path = join(dir, name);
    let got: string;
    if (lstatSync(path).isDirectory()) {
      const h = createHash('sha256');
      for (const { line, bytes } of treeLines(path)) {
        h.update(line);
        await tick(bytes);
      }
      got = `sha256:${h.digest('hex')}`;
    } else {
      got = `sha256:${fileSha256(path)}`;
      await tick(lstatSync(path).size);
    }
    if (got !== want) throw mismatch(dir, name, want, got);
  }
  opts.onFraction?.(1);
  return m;
}
