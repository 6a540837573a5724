// The qemu driver's snapshot path against the real image under TCG: the first
// start builds the snapshot (a cold boot that parks and is saved), later
// starts restore it. Every VM costs seconds, so the checks share guests:
// two restores of one snapshot (protocol, overlay writes, clock, randomness),
// then a truncated and a corrupted state file. Skipped, with the reason,
// without an image, QEMU or mke2fs.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestClient } from '../../src/sandbox/client';
import { QemuDriver, type QemuConnection } from '../../src/sandbox/drivers/qemu';
import { SNAPSHOT_FILES } from '../../src/sandbox/drivers/qemuSnapshotStore';
import { findImage } from '../../src/sandbox/image/store';
import { guestTools } from './sandboxFixture';

function missing(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${cmd} is not installed`;
  }
}

describe('qemu driver: snapshot restore (TCG)', function () {
  this.timeout(300_000);
  const image = findImage();
  const skip = process.platform !== 'linux' || process.arch !== 'x64'
    ? 'needs an x86_64 Linux host'
    : !image ? 'no guest image: run `npm run sandbox:image`' : missing('qemu-system-x86_64', ['--version']) ?? missing('mke2fs', ['-V']);
  let root: string;
  let folder: string;
  let cache: string;
  const conns: QemuConnection[] = [];
  let log: string[] = [];
  let sessions = 0;

  before(function () {
    if (skip) {
      console.log(`      skipped: ${skip}`);
      this.skip();
    }
    root = mkdtempSync(join(tmpdir(), 'cowork-snap-test-'));
    folder = join(root, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'from the host\n');
    cache = join(root, 'snapshots');
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', '1000:1000', folder]);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.slice(-60).join('\n'));
  });

  after(async () => {
    for (const c of conns) await c.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** One session as the manager sets it up: its own overlay upper dir. */
  async function start(): Promise<{ client: GuestClient; upperDir: string; lines: string[] }> {
    const state = join(root, `state${sessions++}`);
    const upperDir = join(state, 'upper');
    mkdirSync(upperDir, { recursive: true });
    mkdirSync(join(state, 'work'));
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', '1000:1000', state]);
    const lines: string[] = [];
    log = lines;
    const conn = await new QemuDriver({ accel: 'tcg', snapshot: true, snapshotCache: cache }).start({
      folder,
      imageDir: image!.dir,
      toolsDir: guestTools(),
      overlay: { upperDir, workDir: join(state, 'work') },
      limits: { nproc: 256 },
      memoryMiB: 512,
      log: (l) => lines.push(l),
    });
    conns.push(conn);
    return { client: new GuestClient(conn.stream), upperDir, lines };
  }

  const sh = async (client: GuestClient, command: string): Promise<string> => {
    const r = await client.call('exec', { shell: command, timeoutMs: 60_000 });
    assert.equal(r.exitCode, 0, `${command} failed: ${r.stderr}`);
    return r.stdout;
  };
  const restored = (lines: string[]) => lines.some((l) => l.includes('restored guest agent starting'));
  const stateFile = () => join(cache, readdirSync(cache)[0] as string, SNAPSHOT_FILES.state);

  it('restored guests serve the protocol, write to overlay.upperDir, take the host clock and differ in randomness', async () => {
    const a = await start();
    assert.ok(a.lines.some((l) => l.includes('building it')), 'the first start builds the snapshot');
    assert.ok(restored(a.lines), 'and then restores it');
    assert.equal(readdirSync(cache).length, 1);

    await a.client.call('ping', {});
    assert.equal(await sh(a.client, 'cat notes.txt'), 'from the host\n');
    await a.client.call('writeFile', { path: 'out.txt', data: 'from the guest\n', encoding: 'utf8' });
    assert.equal(readFileSync(join(a.upperDir, 'out.txt'), 'utf8'), 'from the guest\n');
    assert.ok(!readdirSync(folder).includes('out.txt'), 'the folder itself is never written');
    assert.equal((await sh(a.client, 'ulimit -u')).trim(), '256');
    const hello = await a.client.call('hello', {});
    assert.notEqual(hello.uid, 0, 'the agent must not run as root');

    // The saved guest's clock stopped at the save; the go line sets the host's.
    const guestNow = Number((await sh(a.client, 'date +%s')).trim());
    assert.ok(Math.abs(guestNow - Date.now() / 1000) < 5, `guest clock ${guestNow} vs host ${Date.now() / 1000}`);

    const b = await start();
    assert.ok(restored(b.lines) && !b.lines.some((l) => l.includes('building it')), 'the second start restores the same snapshot');
    const random = 'head -c 16 /dev/urandom | od -An -tx1 | tr -d " \\n"';
    const [ra, rb] = [await sh(a.client, random), await sh(b.client, random)];
    assert.match(ra, /^[0-9a-f]{32}$/);
    assert.notEqual(ra, rb, 'two restores of one snapshot must not draw the same random bytes');
    assert.equal((await sh(b.client, 'ls -A')).trim(), 'notes.txt', 'each session sees only its own overlay');
  });

  it('a truncated state file is detected and the snapshot rebuilt', async () => {
    const file = stateFile();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const c = await start();
    assert.ok(c.lines.some((l) => /truncated\?\); building it/.test(l)), 'the size check catches it');
    assert.ok(restored(c.lines));
    await c.client.call('ping', {});
  });

  it('a corrupted state file of the right size is not resumed: cold boot, rebuilt next time', async () => {
    const file = stateFile();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('corrupt!'), 0, 8, Math.floor(statSync(file).size / 2));
    closeSync(fd);
    const d = await start();
    assert.ok(d.lines.some((l) => /does not match its sha256/.test(l)), 'the hash check catches it');
    assert.ok(d.lines.some((l) => l.includes('cold boot instead')) && !restored(d.lines));
    assert.equal(await sh(d.client, 'cat notes.txt'), 'from the host\n');
    assert.equal(readdirSync(cache).length, 0, 'the bad snapshot is gone, so the next start rebuilds it');
  });
});
