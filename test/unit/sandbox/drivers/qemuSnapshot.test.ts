// The qemu driver's snapshot path against the real image under TCG: the first
// start builds the snapshot (a cold boot that parks and is saved), later
// starts restore it. Every VM costs seconds, so the checks share guests:
// two restores of one snapshot (protocol, overlay writes, clock, randomness),
// then a truncated and a corrupted state file. Skipped, with the reason,
// without an image, QEMU or mke2fs.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestClient } from '../../../../src/sandbox/client';
import { QemuDriver } from '../../../../src/sandbox/drivers/qemu';
import { qemuArgs, type QemuConfig, type QemuConnection } from '../../../../src/sandbox/drivers/qemuConfig';
import { removeStateTree } from '../../../support/sandboxFixture';
import { SNAPSHOT_FILES, checkSnapshot, mke2fsPath, snapshotKey, type SnapshotKeyInputs } from '../../../../src/sandbox/drivers/qemuSnapshotStore';
import { goLine } from '../../../../src/sandbox/image/initScript';
import { findImage } from '../../../../src/sandbox/image/store';
import { guestTools } from '../../../support/sandboxFixture';
import { needsHost } from '../../../support/needs';

function missing(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${cmd} is not installed`;
  }
}

describe('qemu snapshot: command line, go line, key', () => {
  const config: QemuConfig = {
    qemu: 'qemu-system-x86_64', accel: 'tcg', kernel: '/img/vmlinux', initramfs: '/img/initramfs.cpio', rootfs: '/img/rootfs',
    folder: '/f', workspace: 'direct', toolsDir: '/t', skillDirs: { pdf: '/s/pdf' }, skillsView: '/state/skills', memoryMiB: 512, cpus: 1,
    controlSocket: '/run/c.sock', uid: 1000, gid: 1000, limits: { nproc: 64, scratchBytes: 1024 },
    snapshot: { rootDisk: '/snap/rootfs.ext4', goSocket: '/run/go.sock', qmpSocket: '/run/qmp.sock', incoming: '/snap/state' },
  };

  it('roots the guest on the read-only ext4 disk, adds the go port and QMP, restores with -incoming', () => {
    const args = qemuArgs(config);
    const line = args.join(' ');
    assert.ok(!line.includes('mount_tag=cowork-root'), 'no 9p root: it would block migration');
    assert.ok(line.includes('-drive if=none,id=root,file=/snap/rootfs.ext4,format=raw,readonly=on -device virtio-blk-device,drive=root'));
    // The disk is the first virtio device, before the 9p shares, in every launch (saved state depends on the order).
    assert.ok(line.indexOf('virtio-blk-device') < line.indexOf('virtio-9p-device'));
    assert.ok(line.includes('virtserialport,chardev=go,name=cowork-go'));
    assert.ok(line.includes('-qmp unix:/run/qmp.sock,server=on,wait=off'));
    assert.deepEqual(args.slice(-2), ['-incoming', "exec:cat '/snap/state'"]);
    const append = args[args.indexOf('-append') + 1] as string;
    assert.match(append, /cowork\.snapshot=1/);
    assert.match(append, /cowork\.skills= /, 'no skill names on the saved command line: /skills is one share');
    assert.ok(line.includes('mount_tag=cowork-skills') && !line.includes('cowork-skill0'), 'one skills device, whatever the session mounts');
    assert.ok(!qemuArgs({ ...config, snapshot: undefined }).join(' ').includes('cowork.snapshot'), 'a cold boot’s command line is unchanged');
    assert.throws(() => qemuArgs({ ...config, snapshot: { ...config.snapshot!, incoming: "/it's" } }), /not allowed/);
  });

  it('the go line carries clock, seed and session settings, and refuses a seed that is not hex', () => {
    const line = goLine({ nowMs: 1_700_000_000_999, seedHex: 'ab01', workspace: 'overlay', scratchBytes: 4096 });
    assert.equal(line, 'go time=1700000000 seed=ab01 ws=overlay scratch=4096\n');
    assert.throws(() => goLine({ nowMs: 0, seedHex: 'xyz', workspace: 'direct', scratchBytes: 0 }), /hex/);
  });

  it('finds mke2fs in /usr/sbin or /sbin, which an ordinary user\'s PATH lacks', function () {
    const sbin = ['/usr/sbin/mke2fs', '/sbin/mke2fs'].find((p) => existsSync(p));
    if (!sbin) return this.skip();
    assert.equal(mke2fsPath('/usr/local/bin:/usr/bin:/bin:/usr/games'), sbin);
  });

  it('the key ignores property order but changes with any input; a stale or missing snapshot is reported', () => {
    const inputs: SnapshotKeyInputs = {
      format: 2, imageVersion: 'v', imageManifest: 'm', agent: 'a', qemuVersion: 'q', accel: 'tcg',
      memoryMiB: 512, cpus: 1, uid: 1000, gid: 1000, nproc: 0, addressSpaceBytes: 0,
    };
    const reordered = Object.fromEntries(Object.entries(inputs).reverse()) as unknown as SnapshotKeyInputs;
    assert.equal(snapshotKey(reordered), snapshotKey(inputs));
    for (const [k, v] of [['agent', 'b'], ['qemuVersion', 'r'], ['memoryMiB', 1024], ['nproc', 64], ['uid', 501]] as const) {
      assert.notEqual(snapshotKey({ ...inputs, [k]: v }), snapshotKey(inputs), `${k} must change the key`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'cowork-snapkey-'));
    try {
      const key = snapshotKey(inputs);
      assert.deepEqual(checkSnapshot(dir, key), { ok: false, dir: join(dir, key), reason: 'no snapshot yet' });
      mkdirSync(join(dir, key));
      writeFileSync(join(dir, key, SNAPSHOT_FILES.meta), JSON.stringify({ key, inputs: { ...inputs, agent: 'other' } }));
      const stale = checkSnapshot(dir, key);
      assert.ok(!stale.ok && /stale/.test(stale.reason));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('qemu driver: snapshot restore (TCG)', function () {
  this.timeout(300_000);
  const image = findImage();
  const skip = process.platform !== 'linux' || process.arch !== 'x64'
    ? 'needs an x86_64 Linux host'
    : !image ? 'no guest image: run `npm run sandbox:image`' : missing('qemu-system-x86_64', ['--version']) ?? missing(mke2fsPath(), ['-V']);
  let root: string;
  let folder: string;
  let cache: string;
  const conns: QemuConnection[] = [];
  let log: string[] = [];
  let sessions = 0;

  before(function () {
    needsHost(this, skip);
    root = mkdtempSync(join(tmpdir(), 'cowork-snap-test-'));
    folder = join(root, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'from the host\n');
    cache = join(root, 'snapshots');
    mkdirSync(join(root, 'skill-demo'));
    writeFileSync(join(root, 'skill-demo', 'SKILL.md'), '# demo skill\n');
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', '1000:1000', folder]);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(log.slice(-60).join('\n'));
  });

  after(async () => {
    for (const c of conns) await c.stop();
    if (root) removeStateTree(root);
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
      skillDirs: { demo: join(root, 'skill-demo') },
      limits: { nproc: 256, scratchBytes: 64 * 2 ** 20 },
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
    // Skill names and the scratch size arrive with the go line, after the restore.
    assert.equal(await sh(a.client, 'cat /skills/demo/SKILL.md'), '# demo skill\n');
    assert.match(await sh(a.client, "awk '$2 == \"/scratch\" {print $4}' /proc/mounts"), /size=65536k/);
    const hello = await a.client.call('hello', {});
    assert.notEqual(hello.uid, 0, 'the agent must not run as root');

    // The saved guest's clock stopped at the save; the go line sets the host's. Checked on
    // the second start, which restores a snapshot saved at least 5 s before it began: a
    // clock left at the save would read before that start, a set one cannot. Only the
    // start is a bound: a starved TCG guest's clock lags the host's once it runs.
    const savedAt = statSync(stateFile()).mtimeMs / 1000;
    const wait = savedAt + 5 - Date.now() / 1000;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait * 1000));
    const beforeB = Date.now() / 1000;
    const b = await start();
    assert.ok(restored(b.lines) && !b.lines.some((l) => l.includes('building it')), 'the second start restores the same snapshot');
    const guestNow = Number((await sh(b.client, 'date +%s')).trim());
    const afterB = Date.now() / 1000;
    assert.ok(guestNow >= Math.floor(beforeB) - 1 && guestNow <= Math.ceil(afterB) + 1, `guest clock ${guestNow}, saved ${savedAt.toFixed(1)}, host ${beforeB.toFixed(1)}..${afterB.toFixed(1)}`);

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
