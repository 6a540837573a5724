// Fetches a packed image (release.ts) from a base URL and installs it into the
// image store without root. Order: the sha256 list, the manifest (checked
// against the list), the archive to a temporary file (hashed while it
// arrives, then checked against the list and its announced length), only
// then unpacked into `<version>.partial-<pid>`, verified artefact by artefact
// against that manifest, and renamed into place. Any failure removes both
// temporary paths, so nothing half-installed is ever found by findImage().

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { fileSha256, verifyImageAsync } from './manifest';
import { mib, monotonic, PrepareCancelled, throwIfAborted, type StepListener } from './progress';
import { ARTEFACTS, DEBIAN_ARCH, IMAGE_VERSION } from './recipe';
import { compressionOf, parseSums, releaseStem } from './release';
import { imageDir, imageInfo, imagesRoot, installImageDir, type ImageInfo } from './store';
import { extractTar, removeTree } from './tarExtract';

export class ImageDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageDownloadError';
  }
}

export interface DownloadOptions {
  /** Base URL of the release files (a folder: `<url>/<stem>.sha256` is fetched first). */
  url: string;
  version?: string;
  /** Debian architecture; defaults to the host's. */
  arch?: string;
  /** The manifest's sha256 when the caller pins it (e.g. shipped with the extension). */
  manifestSha256?: string;
  onStep?: StepListener;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

// Shares of the whole preparation: the download dominates on a normal link.
const SHARE = { download: [2, 60], unpack: [60, 80], verify: [80, 99] } as const;

function at(range: readonly [number, number], f: number): number {
  return range[0] + (range[1] - range[0]) * Math.max(0, Math.min(1, f));
}

function joinUrl(base: string, name: string): string {
  return `${base.replace(/\/+$/, '')}/${name}`;
}

async function get(url: string, signal: AbortSignal | undefined): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (e) {
    if (signal?.aborted) throw new PrepareCancelled();
    const cause = (e as { cause?: { message?: string; code?: string } }).cause;
    throw new ImageDownloadError(`could not fetch ${url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new ImageDownloadError(`${url}: HTTP ${res.status} ${res.statusText}`.trim());
  }
  return res;
}

async function getBytes(url: string, signal: AbortSignal | undefined, max: number): Promise<Buffer> {
  const res = await get(url, signal);
  try {
    const b = Buffer.from(await res.arrayBuffer());
    if (b.length > max) throw new ImageDownloadError(`${url} is ${b.length} bytes, more than the ${max} a release index may have`);
    return b;
  } catch (e) {
    if (signal?.aborted) throw new PrepareCancelled();
    if (e instanceof ImageDownloadError) throw e;
    throw new ImageDownloadError(`download of ${url} failed: ${(e as Error).message}`);
  }
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Streams `url` into `file`, hashing it; returns its sha256 after checking the announced length. */
async function fetchToFile(url: string, file: string, o: { signal?: AbortSignal; onBytes: (got: number, total: number | undefined) => void }): Promise<string> {
  const res = await get(url, o.signal);
  const announced = Number(res.headers.get('content-length')) || undefined;
  const hash = createHash('sha256');
  let got = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      got += chunk.length;
      o.onBytes(got, announced);
      cb(null, chunk);
    },
  });
  try {
    if (!res.body) throw new Error('empty response');
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, createWriteStream(file));
  } catch (e) {
    if (o.signal?.aborted) throw new PrepareCancelled();
    throw new ImageDownloadError(
      `download of ${url} was interrupted after ${mib(got)} MiB${announced ? ` of ${mib(announced)} MiB` : ''} (${(e as Error).message}); nothing was installed, try again`,
    );
  }
  if (announced !== undefined && got !== announced) {
    throw new ImageDownloadError(`download of ${url} is truncated: got ${got} of ${announced} bytes; nothing was installed, try again`);
  }
  return hash.digest('hex');
}

/** Downloads, verifies and installs the image; returns it. Throws ImageDownloadError (or PrepareCancelled). */
export async function downloadImage(opts: DownloadOptions): Promise<ImageInfo> {
  const version = opts.version ?? IMAGE_VERSION;
  const arch = opts.arch ?? DEBIAN_ARCH[process.arch];
  if (!arch) throw new ImageDownloadError(`no sandbox image is published for architecture ${process.arch}`);
  const log = opts.log ?? (() => undefined);
  const step = monotonic(opts.onStep ?? (() => undefined));
  const stem = releaseStem(version, arch);
  const sumsUrl = joinUrl(opts.url, `${stem}.sha256`);

  step({ phase: 'download', percent: 0, message: `looking for image ${version} (${arch})` });
  log(`image download: ${sumsUrl}`);
  let list: Record<string, string>;
  try {
    list = parseSums((await getBytes(sumsUrl, opts.signal, 64 << 10)).toString('utf8'));
  } catch (e) {
    if (e instanceof ImageDownloadError || e instanceof PrepareCancelled) throw e;
    throw new ImageDownloadError(`${sumsUrl}: ${(e as Error).message}`);
  }
  const archiveName = Object.keys(list).find((n) => n.startsWith(stem) && compressionOf(n));
  const manifestName = `${stem}.manifest.json`;
  if (!archiveName || !list[manifestName]) {
    throw new ImageDownloadError(`${sumsUrl} names no ${stem} archive and manifest (it lists: ${Object.keys(list).join(', ') || 'nothing'})`);
  }

  const manifestBytes = await getBytes(joinUrl(opts.url, manifestName), opts.signal, 1 << 20);
  const manifestSha = sha256(manifestBytes);
  if (manifestSha !== list[manifestName]) throw new ImageDownloadError(`${manifestName} does not match its sha256 in ${stem}.sha256 (corrupt download or a mixed-up release)`);
  if (opts.manifestSha256 && manifestSha !== opts.manifestSha256) {
    throw new ImageDownloadError(`${manifestName} is not the manifest this version expects (sha256 ${manifestSha}, pinned ${opts.manifestSha256})`);
  }
  let manifest: { version?: string; arch?: string };
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as typeof manifest;
  } catch {
    throw new ImageDownloadError(`${manifestName} is not JSON`);
  }
  if (manifest.version !== version || manifest.arch !== arch) {
    throw new ImageDownloadError(`${manifestName} describes image ${manifest.version} (${manifest.arch}), not ${version} (${arch})`);
  }

  mkdirSync(imagesRoot(), { recursive: true });
  const final = imageDir(version);
  const partial = `${final}.partial-${process.pid}`;
  const archiveFile = join(imagesRoot(), `.${archiveName}.download-${process.pid}`);
  removeTree(partial);
  try {
    const t0 = Date.now();
    const got = await fetchToFile(joinUrl(opts.url, archiveName), archiveFile, {
      signal: opts.signal,
      onBytes: (n, total) =>
        step({ phase: 'download', percent: total ? at(SHARE.download, n / total) : SHARE.download[0], message: `downloading ${mib(n)}${total ? ` of ${mib(total)}` : ''} MiB` }),
    });
    log(`image download: ${archiveName} ${mib(statSync(archiveFile).size)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (got !== list[archiveName]) {
      throw new ImageDownloadError(`${archiveName} does not match its sha256 (expected ${list[archiveName]}, got ${got}): the download is corrupt or truncated; nothing was installed`);
    }
    throwIfAborted(opts.signal);

    const size = statSync(archiveFile).size;
    let read = 0;
    const source = createReadStream(archiveFile, { highWaterMark: 1 << 20 });
    source.on('data', (c) => {
      read += c.length;
      step({ phase: 'unpack', percent: at(SHARE.unpack, read / size), message: 'unpacking the image' });
    });
    const compression = compressionOf(archiveName)!;
    const decompress = compression === 'brotli' ? createBrotliDecompress() : createGunzip();
    source.pipe(decompress);
    source.on('error', (e) => decompress.destroy(e));
    try {
      await extractTar(decompress, partial);
    } catch (e) {
      source.destroy();
      throw new ImageDownloadError(`${archiveName} could not be unpacked: ${(e as Error).message}`);
    }
    throwIfAborted(opts.signal);

    if (fileSha256(join(partial, ARTEFACTS.manifest)) !== manifestSha) {
      throw new ImageDownloadError(`the manifest inside ${archiveName} differs from ${manifestName}`);
    }
    step({ phase: 'verify', percent: SHARE.verify[0], message: 'checking every file of the image' });
    try {
      await verifyImageAsync(partial, {
        manifestSha256: manifestSha,
        signal: opts.signal,
        onFraction: (f) => step({ phase: 'verify', percent: at(SHARE.verify, f), message: 'checking every file of the image' }),
      });
    } catch (e) {
      if (e instanceof PrepareCancelled) throw e;
      throw new ImageDownloadError(`the downloaded image failed verification: ${(e as Error).message}`);
    }
    installImageDir(partial, final);
    step({ phase: 'install', percent: 100, message: 'sandbox image ready' });
    log(`image ${version} installed at ${final} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return imageInfo(final);
  } catch (e) {
    removeTree(partial);
    throw e;
  } finally {
    rmSync(archiveFile, { force: true });
  }
}
