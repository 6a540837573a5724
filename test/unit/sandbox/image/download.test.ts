// The downloadable image end to end on a small real image directory: packed
// with packImage, served from 127.0.0.1, downloaded, verified and installed
// into an empty store; then every way a download goes wrong (changed bytes, a
// file cut short, a connection that dies, a 404, a server whose files agree
// with each other but not with the manifest, a cancel) leaves the store as it
// was, with an error that says what happened.

import { strict as assert } from 'node:assert';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zlib, createBrotliCompress } from 'node:zlib';
import { downloadImage, ImageDownloadError } from '../../../../src/sandbox/image/download';
import { fileSha256, treeSha256, verifyImage, writeManifest } from '../../../../src/sandbox/image/manifest';
import { packImage } from '../../../../src/sandbox/image/pack';
import { PrepareCancelled, type PrepareStep } from '../../../../src/sandbox/image/progress';
import { formatSums, parseSums, releaseFiles } from '../../../../src/sandbox/image/release';
import { findImage, imageInfo } from '../../../../src/sandbox/image/store';
import { removeTree } from '../../../../src/sandbox/image/tarExtract';
import { tarStream } from '../../../../src/sandbox/image/tarWrite';
import { startReleaseServer, type ReleaseServer } from '../../../support/releaseServer';

const VERSION = 'test-download-1';
const ARCH = 'amd64';

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function makeImage(dir: string): void {
  mkdirSync(join(dir, 'rootfs/usr/bin'), { recursive: true });
  // Incompressible, so the archive is big enough to cut and to abort half-way.
  writeFileSync(join(dir, 'vmlinux'), randomBytes(3 << 20));
  writeFileSync(join(dir, 'initramfs.cpio'), randomBytes(200_000));
  writeFileSync(join(dir, 'rootfs/usr/bin/node'), randomBytes(2 << 20));
  chmodSync(join(dir, 'rootfs/usr/bin/node'), 0o755);
  writeFileSync(join(dir, 'rootfs/etc-shadow'), 'x');
  chmodSync(join(dir, 'rootfs/etc-shadow'), 0o640);
  symlinkSync('usr/bin', join(dir, 'rootfs/bin'));
  mkdirSync(join(dir, 'rootfs/proc'));
  chmodSync(join(dir, 'rootfs/proc'), 0o555);
  writeManifest(dir, { version: VERSION, arch: ARCH, kernelRelease: '6.1.0-test' });
}

describe('sandbox image: pack, download, verify, install', function () {
  this.timeout(60_000);
  let tmp: string;
  let release: string;
  let server: ReleaseServer;
  let store: string;
  let savedCache: string | undefined;
  const files = releaseFiles(VERSION, ARCH, 'brotli');

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cowork-dl-'));
    makeImage(join(tmp, 'image'));
    release = join(tmp, 'release');
    const packed = await packImage(imageInfo(join(tmp, 'image')), release);
    assert.deepEqual(readdirSync(release).sort(), [files.archive, files.manifest, files.sums].sort());
    assert.equal(parseSums(readFileSync(join(release, files.sums), 'utf8'))[files.archive], packed.archiveSha256);
    server = await startReleaseServer(release);
    savedCache = process.env.COWORK_IMAGE_CACHE;
  });
  after(async () => {
    await server?.close();
    if (savedCache === undefined) delete process.env.COWORK_IMAGE_CACHE;
    else process.env.COWORK_IMAGE_CACHE = savedCache;
    removeTree(tmp);
  });
  beforeEach(() => {
    store = mkdtempSync(join(tmp, 'store-'));
    process.env.COWORK_IMAGE_CACHE = store;
    for (const f of Object.values(files)) server.fault(f, undefined);
    server.throttle(files.archive, undefined);
  });

  /** Nothing an image search would find, and no temporary files either. */
  function assertStoreEmpty(): void {
    assert.equal(findImage(VERSION), undefined);
    assert.deepEqual(readdirSync(store), []);
  }

  it('downloads with progress, checks every sha256, and installs an image that verifies and matches the original', async () => {
    const steps: PrepareStep[] = [];
    const img = await downloadImage({ url: server.url, version: VERSION, arch: ARCH, onStep: (s) => steps.push(s) });
    assert.equal(img.dir, join(store, VERSION));
    assert.deepEqual(findImage(VERSION), img);
    verifyImage(img.dir);
    assert.equal(treeSha256(img.rootfs), treeSha256(join(tmp, 'image/rootfs')));
    assert.equal(fileSha256(img.manifest), fileSha256(join(tmp, 'image/manifest.json')));
    assert.deepEqual(readdirSync(store), [VERSION]);
    // Phases in order, percent never going back, ending at 100.
    const phases = [...new Set(steps.map((s) => s.phase))];
    assert.deepEqual(phases, ['download', 'unpack', 'verify', 'install']);
    for (let i = 1; i < steps.length; i++) assert.ok(steps[i]!.percent >= steps[i - 1]!.percent);
    assert.equal(steps.at(-1)!.percent, 100);
    assert.ok(steps.some((s) => /downloading \d+ of \d+ MiB/.test(s.message)));
  });

  it('a gzip release (--gzip) downloads the same way', async () => {
    const out = join(tmp, 'release-gz');
    await packImage(imageInfo(join(tmp, 'image')), out, { compression: 'gzip' });
    const gz = await startReleaseServer(out);
    try {
      const img = await downloadImage({ url: gz.url, version: VERSION, arch: ARCH });
      assert.equal(treeSha256(img.rootfs), treeSha256(join(tmp, 'image/rootfs')));
      assert.ok(gz.hits.includes(releaseFiles(VERSION, ARCH, 'gzip').archive));
    } finally {
      await gz.close();
    }
  });

  it('a corrupted archive: refused by its sha256 before unpacking, nothing installed', async () => {
    server.fault(files.archive, { kind: 'corrupt', at: 4000 });
    await assert.rejects(downloadImage({ url: server.url, version: VERSION, arch: ARCH }), (e: unknown) => {
      assert.ok(e instanceof ImageDownloadError);
      assert.match(e.message, /does not match its sha256 .*corrupt or truncated; nothing was installed/);
      return true;
    });
    assertStoreEmpty();
  });

  it('a truncated archive (served short at its short length): refused, nothing installed', async () => {
    server.fault(files.archive, { kind: 'truncate', bytes: 1_000_000 });
    await assert.rejects(downloadImage({ url: server.url, version: VERSION, arch: ARCH }), /does not match its sha256/);
    assertStoreEmpty();
  });

  it('a connection that dies half-way: an interrupted download, nothing installed', async () => {
    server.fault(files.archive, { kind: 'cut', bytes: 1_500_000 });
    await assert.rejects(downloadImage({ url: server.url, version: VERSION, arch: ARCH }), /was interrupted after 1 MiB of 5 MiB|is truncated: got/);
    assertStoreEmpty();
  });

  it('no such release, a failing server, an unreachable one: errors that name the URL', async () => {
    await assert.rejects(downloadImage({ url: server.url, version: 'no-such-version', arch: ARCH }), /cowork-image-no-such-version-amd64\.sha256: HTTP 404/);
    server.fault(files.manifest, { kind: 'status', code: 500 });
    await assert.rejects(downloadImage({ url: server.url, version: VERSION, arch: ARCH }), /manifest\.json: HTTP 500/);
    const closed = await freePort();
    await assert.rejects(downloadImage({ url: `http://127.0.0.1:${closed}/releases`, version: VERSION, arch: ARCH }), new RegExp(`could not fetch http://127\\.0\\.0\\.1:${closed}/releases/.*ECONNREFUSED`));
    assertStoreEmpty();
  });

  it('files that agree with each other but not with the manifest (a tampered release): fails verification, nothing installed', async () => {
    // Repack an image whose rootfs changed after its manifest was written.
    const bad = join(tmp, 'tampered');
    makeImage(join(bad, 'image'));
    const out = join(bad, 'release');
    await packImage(imageInfo(join(bad, 'image')), out);
    // Change a rootfs file after the manifest was written, and repack with a matching sha256 list.
    writeFileSync(join(bad, 'image/rootfs/usr/bin/node'), 'evil');
    const img = join(bad, 'image');
    await pipeline(
      Readable.from(tarStream(['manifest.json', 'vmlinux', 'initramfs.cpio', 'rootfs'].map((a) => [a, join(img, a)]))),
      // Quality 1: the default (11) spends minutes on these incompressible bytes on a loaded machine.
      createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } }),
      createWriteStream(join(out, files.archive)),
    );
    writeFileSync(join(out, files.sums), formatSums({ [files.archive]: fileSha256(join(out, files.archive)), [files.manifest]: fileSha256(join(out, files.manifest)) }));
    const evil = await startReleaseServer(out);
    try {
      await assert.rejects(downloadImage({ url: evil.url, version: VERSION, arch: ARCH }), /failed verification: image artefact rootfs does not match its manifest/);
    } finally {
      await evil.close();
    }
    assertStoreEmpty();
    // A pinned manifest digest refuses a manifest that merely matches the server's list.
    await assert.rejects(downloadImage({ url: server.url, version: VERSION, arch: ARCH, manifestSha256: '0'.repeat(64) }), /not the manifest this version expects/);
    assertStoreEmpty();
  });

  it('cancelled half-way: PrepareCancelled, nothing installed, and a second try succeeds', async () => {
    server.throttle(files.archive, 20);
    const ac = new AbortController();
    const p = downloadImage({
      url: server.url,
      version: VERSION,
      arch: ARCH,
      signal: ac.signal,
      onStep: (s) => {
        if (s.percent > 10) ac.abort();
      },
    });
    await assert.rejects(p, PrepareCancelled);
    assertStoreEmpty();
    server.throttle(files.archive, undefined);
    await downloadImage({ url: server.url, version: VERSION, arch: ARCH });
    assert.ok(findImage(VERSION));
  });
});
