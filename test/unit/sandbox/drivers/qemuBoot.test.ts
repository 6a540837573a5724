// Boots the real image under QEMU (TCG here) once and talks to the real guest
// agent through the qemu driver. Each boot costs seconds, so this file holds
// every VM check and shares one guest between them. Skipped, with the reason,
// when there is no image (`npm run sandbox:image`) or no QEMU.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { GuestClient } from '../../../../src/sandbox/client';
import { QemuDriver } from '../../../../src/sandbox/drivers/qemu';
import type { QemuConnection } from '../../../../src/sandbox/drivers/qemuConfig';
import { runProbe } from '../../../../src/sandbox/drivers/kvmProbe';
import { findImage } from '../../../../src/sandbox/image/store';
import { removeStateTree } from '../../../support/sandboxFixture';
import { needsHost } from '../../../support/needs';

function qemuMissing(): string | undefined {
  try {
    execFileSync('qemu-system-x86_64', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'qemu-system-x86_64 is not installed';
  }
}

describe('qemu driver: real guest boot (TCG)', function () {
  this.timeout(180_000);
  const image = findImage();
  const skip = process.platform !== 'linux' || process.arch !== 'x64' ? 'needs an x86_64 Linux host' : !image ? 'no guest image: run `npm run sandbox:image`' : qemuMissing();
  let root: string;
  let folder: string;
  let upperDir: string;
  let conn: QemuConnection;
  let client: GuestClient;
  const guestLog: string[] = [];

  before(async function () {
    needsHost(this, skip);
    root = mkdtempSync(join(tmpdir(), 'cowork-qemu-test-'));
    folder = join(root, 'folder');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'notes.txt'), 'hello from the host\n');
    writeFileSync(join(folder, 'sub', 'deep.txt'), 'deep\n');
    writeFileSync(join(root, 'sibling-secret.txt'), 'must stay invisible\n');
    // As on a real desktop, the folder belongs to an ordinary user (the agent takes that uid).
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', '1000:1000', folder]);
    const tools = join(root, 'tools');
    buildSync({ entryPoints: ['src/sandbox/guest/main.ts'], outfile: join(tools, 'guest-agent.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
    // The manager's layout: the host overlays the folder with the session's upper dir.
    upperDir = join(root, 'state', 'upper');
    mkdirSync(upperDir, { recursive: true });
    // Left owned by whoever runs the test (root in CI): the driver must make the
    // overlay's root writable for the agent itself, as the manager creates it this way.
    mkdirSync(join(root, 'state', 'work'));
    conn = await new QemuDriver({ accel: 'tcg' }).start({
      folder,
      imageDir: image!.dir,
      toolsDir: tools,
      overlay: { upperDir, workDir: join(root, 'state', 'work') },
      limits: { nproc: 256 },
      memoryMiB: 512,
      log: (l) => guestLog.push(l),
    });
    client = new GuestClient(conn.stream);
  });

  afterEach(function () {
    // The guest's console is the only record of what init did: show it when a check fails.
    if (this.currentTest?.state === 'failed') console.log(guestLog.slice(-40).join('\n'));
  });

  after(async () => {
    if (conn) await conn.stop();
    if (root) removeStateTree(root);
  });

  const sh = async (command: string): Promise<string> => {
    const r = await client.call('exec', { shell: command, timeoutMs: 60_000 });
    assert.equal(r.exitCode, 0, `${command} failed: ${r.stderr}`);
    return r.stdout;
  };

  it('reaches the agent: hello and ping round trip', async () => {
    const hello = await client.call('hello', {});
    assert.match(hello.node, /^v20\./, 'the guest runs trixie Node 20');
    assert.notEqual(hello.uid, 0, 'the agent must not run as root');
    const ping = await client.call('ping', {});
    assert.equal(typeof ping.now, 'number');
  });

  it('exec runs in /workspace, which holds exactly the folder', async () => {
    assert.equal((await sh('pwd')).trim(), '/workspace');
    assert.deepEqual((await sh('ls -A /workspace')).trim().split('\n').sort(), readdirSync(folder).sort());
    assert.equal(await sh('cat sub/deep.txt'), 'deep\n');
    assert.ok(!(await sh('ls -A /workspace/..')).includes('sibling-secret'), 'the folder’s parent is not visible');
    const shares = (await sh("awk '$3 == \"9p\" {print $1}' /proc/mounts")).trim().split('\n').sort();
    assert.deepEqual(shares, ['cowork-root', 'cowork-skills', 'cowork-tools', 'cowork-ws'], 'only the image, the tools, the (empty) skills view and the folder are shared');
  });

  it('writes land in the host overlay upper dir, never in the folder', async () => {
    await sh('echo new > created.txt && echo changed > notes.txt && rm sub/deep.txt');
    assert.equal(await sh('cat created.txt notes.txt'), 'new\nchanged\n');
    assert.equal(readFileSync(join(upperDir, 'created.txt'), 'utf8'), 'new\n');
    assert.equal(readFileSync(join(upperDir, 'notes.txt'), 'utf8'), 'changed\n');
    assert.ok(lstatSync(join(upperDir, 'sub', 'deep.txt')).isCharacterDevice(), 'a deletion is an overlay whiteout');
    assert.ok(!existsSync(join(folder, 'created.txt')));
    assert.ok(existsSync(join(folder, 'sub', 'deep.txt')));
    assert.equal(execFileSync('cat', [join(folder, 'notes.txt')]).toString(), 'hello from the host\n');
  });

  it('passes the limits on to the agent', async () => {
    assert.equal((await sh('ulimit -u')).trim(), '256');
  });

  it('has no network interface but lo', async () => {
    assert.equal((await sh('ls /sys/class/net')).trim(), 'lo');
  });

  it('resolves exited when the guest is killed', async () => {
    assert.ok(conn.pid);
    process.kill(conn.pid, 'SIGKILL');
    const e = await conn.exited;
    assert.match(e.reason, /SIGKILL/);
    // EGUESTDIED whichever way the stream ended (a clean close or ECONNRESET).
    await assert.rejects(client.call('ping', {}), (e: Error & { code?: string }) => e.code === 'EGUESTDIED' || /stopped/.test(e.message));
  });
});

describe('qemu driver: clean stop', function () {
  this.timeout(180_000);
  const image = findImage();
  before(function () {
    const why = process.platform !== 'linux' || process.arch !== 'x64' ? 'needs an x86_64 Linux host' : !image ? 'no guest image: run `npm run sandbox:image`' : qemuMissing();
    needsHost(this, why);
  });

  it('stop() closes the channel, the agent exits and the guest powers itself off', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cowork-qemu-stop-'));
    try {
      const tools = join(root, 'tools');
      buildSync({ entryPoints: ['src/sandbox/guest/main.ts'], outfile: join(tools, 'guest-agent.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
      const conn = await new QemuDriver({ accel: 'tcg' }).start({ folder: root, imageDir: image!.dir, toolsDir: tools, memoryMiB: 512 });
      await new GuestClient(conn.stream).call('hello', {});
      await conn.stop();
      assert.deepEqual(await conn.exited, { code: 0, reason: 'guest powered off' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('KVM probe mechanism (run under TCG)', function () {
  this.timeout(60_000);
  const image = findImage();
  before(function () {
    const why = !image ? 'no guest image: run `npm run sandbox:image`' : qemuMissing();
    needsHost(this, why);
  });

  it('passes when the guest kernel boots, fails on a hang or a bad kernel', async () => {
    assert.deepEqual(await runProbe('qemu-system-x86_64', image!.kernel, 'tcg', 45_000), { ok: true, reason: 'tcg guest kernel booted' });
    const hung = await runProbe('qemu-system-x86_64', image!.kernel, 'tcg', 300);
    assert.equal(hung.ok, false);
    assert.match(hung.reason, /hung/);
    const bad = await runProbe('qemu-system-x86_64', image!.initramfs, 'tcg', 45_000);
    assert.equal(bad.ok, false);
  });
});
