// The vz driver: the exact vfkit command line, and the socket handling with a
// stand-in for vfkit (a small Node program that, like vfkit in `listen` mode
// once the guest connects, connects to the driver's Unix socket and then acts
// as the guest agent's end). A real boot runs only on macOS with vfkit.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VzDriver, vfkitArgs } from '../../../../src/sandbox/drivers/vz';
import { writeManifest } from '../../../../src/sandbox/image/manifest';

describe('vz driver: vfkit command line', () => {
  it('boots kernel+initrd, shares over virtio-fs, talks over vsock, has no network device', () => {
    const args = vfkitArgs({
      kernel: '/img/Image',
      initramfs: '/img/initramfs.cpio',
      rootfs: '/img/rootfs',
      folder: '/Users/ann/Reports',
      toolsDir: '/ext/dist',
      skillDirs: { pdf: '/skills/pdf' },
      memoryMiB: 1024,
      cpus: 2,
      vsockSocket: '/tmp/vz/vsock.sock',
      vsockPort: 1024,
      consoleLog: '/tmp/vz/console.log',
      uid: 501,
      gid: 20,
    });
    const cmdline =
      'console=hvc0 quiet loglevel=1 panic=-1 rdinit=/init cowork.transport=virtiofs cowork.ws=overlay cowork.uid=501 cowork.gid=20 ' +
      'cowork.skills=pdf cowork.vsock=1024 cowork.jitless=0 cowork.nproc=0 cowork.as=0 cowork.scratch=0';
    assert.deepEqual(args, [
      '--cpus', '2',
      '--memory', '1024',
      '--bootloader', `linux,kernel=/img/Image,initrd=/img/initramfs.cpio,cmdline="${cmdline}"`,
      '--device', 'virtio-fs,sharedDir=/img/rootfs,mountTag=cowork-root',
      '--device', 'virtio-fs,sharedDir=/Users/ann/Reports,mountTag=cowork-ws',
      '--device', 'virtio-fs,sharedDir=/ext/dist,mountTag=cowork-tools',
      '--device', 'virtio-fs,sharedDir=/skills/pdf,mountTag=cowork-skill0',
      '--device', 'virtio-vsock,port=1024,socketURL=/tmp/vz/vsock.sock,listen',
      '--device', 'virtio-serial,logFilePath=/tmp/vz/console.log',
    ]);
  });

  it('refuses paths vfkit cannot parse', () => {
    const c = { kernel: '/k', initramfs: '/i', rootfs: '/r', folder: '/Users/a,b', toolsDir: '/t', skillDirs: {}, memoryMiB: 1, cpus: 1, vsockSocket: '/s', vsockPort: 1, consoleLog: '/c', uid: 1, gid: 1 };
    assert.throws(() => vfkitArgs(c), /not supported by vfkit/);
  });

  it('takes up to 32 skills (one device each, named on the command line) and refuses more, clearly', () => {
    const c = { kernel: '/k', initramfs: '/i', rootfs: '/r', folder: '/Users/a', toolsDir: '/t', memoryMiB: 1, cpus: 1, vsockSocket: '/s', vsockPort: 1, consoleLog: '/c', uid: 501, gid: 20 };
    const skills = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`skill-${i}`, `/Users/a/skills/${i}`]));
    const args = vfkitArgs({ ...c, skillDirs: skills(32) });
    assert.equal(args.filter((a) => a.includes('mountTag=cowork-skill')).length, 32);
    assert.throws(() => vfkitArgs({ ...c, skillDirs: skills(33) }), /too many skills for this driver: 33 skills/);
  });
});

describe('vz driver: socket handling (stand-in vfkit)', function () {
  this.timeout(20_000);
  let root: string;
  let imageDir: string;
  let folder: string;

  // Parses --device virtio-vsock,...,socketURL=X like vfkit, connects to X and echoes
  // bytes back upper-cased; MODE=silent never connects, MODE=crash exits at once.
  const STANDIN = `#!/usr/bin/env node
const net = require('net');
const args = process.argv.slice(2);
const dev = args.find((a) => a.startsWith('virtio-vsock,'));
const url = /socketURL=([^,]+)/.exec(dev)[1];
if (process.env.MODE === 'crash') { console.error('vfkit: VZErrorDomain Code=2 invalid kernel'); process.exit(1); }
if (process.env.MODE !== 'silent') {
  setTimeout(() => {
    const s = net.connect(url);
    s.on('data', (d) => s.write(d.toString().toUpperCase()));
    s.on('end', () => process.exit(0));
  }, 100);
}
setInterval(() => {}, 1000);
`;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cowork-vz-test-'));
    imageDir = join(root, 'image');
    mkdirSync(join(imageDir, 'rootfs'), { recursive: true });
    writeFileSync(join(imageDir, 'vmlinux'), 'k');
    writeFileSync(join(imageDir, 'initramfs.cpio'), 'i');
    writeManifest(imageDir, { version: 't', arch: 'arm64', kernelRelease: 't' });
    folder = join(root, 'folder');
    mkdirSync(folder);
    writeFileSync(join(root, 'vfkit'), STANDIN);
    chmodSync(join(root, 'vfkit'), 0o755);
  });
  afterEach(() => {
    delete process.env.MODE;
    rmSync(root, { recursive: true, force: true });
  });

  it('returns the guest’s connection as the stream; stop ends it and exited resolves', async () => {
    const conn = await new VzDriver({ vfkit: join(root, 'vfkit') }).start({ folder, imageDir, toolsDir: root });
    assert.equal(conn.driver, 'vz');
    assert.equal(conn.isolation, 'vm');
    const reply = new Promise<string>((res) => conn.stream.once('data', (d: Buffer) => res(d.toString())));
    conn.stream.write('ping');
    assert.equal(await reply, 'PING');
    await conn.stop();
    assert.deepEqual(await conn.exited, { code: 0, reason: 'guest powered off' });
  });

  it('fails the boot with vfkit’s own message when it exits, and on timeout', async () => {
    process.env.MODE = 'crash';
    await assert.rejects(new VzDriver({ vfkit: join(root, 'vfkit') }).start({ folder, imageDir, toolsDir: root }), /invalid kernel/);
    process.env.MODE = 'silent';
    await assert.rejects(new VzDriver({ vfkit: join(root, 'vfkit'), bootTimeoutMs: 500 }).start({ folder, imageDir, toolsDir: root }), /did not connect within 500 ms/);
  });

  it('resolves exited when vfkit is killed', async () => {
    const conn = await new VzDriver({ vfkit: join(root, 'vfkit') }).start({ folder, imageDir, toolsDir: root });
    assert.ok(conn.pid);
    process.kill(conn.pid, 'SIGKILL');
    assert.match((await conn.exited).reason, /SIGKILL/);
  });
});

describe('vz driver: real boot (macOS only)', function () {
  this.timeout(120_000);
  before(function () {
    let why: string | undefined;
    if (process.platform !== 'darwin') why = 'needs macOS (Apple Virtualization framework via vfkit)';
    else {
      try {
        execFileSync('vfkit', ['--version'], { stdio: 'ignore' });
      } catch {
        why = 'vfkit is not installed (brew install vfkit)';
      }
    }
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });

  it('boots the arm64 image and the agent answers hello', async () => {
    const { findImage } = await import('../../../../src/sandbox/image/store');
    const { GuestClient } = await import('../../../../src/sandbox/client');
    const image = findImage();
    assert.ok(image, 'build the image first: npm run sandbox:image');
    const folder = mkdtempSync(join(tmpdir(), 'cowork-vz-real-'));
    writeFileSync(join(folder, 'a.txt'), 'a');
    const conn = await new VzDriver().start({ folder, imageDir: image.dir, toolsDir: join(process.cwd(), 'dist') });
    try {
      const client = new GuestClient(conn.stream);
      assert.notEqual((await client.call('hello', {})).uid, 0);
      const ls = await client.call('exec', { shell: 'ls /workspace; ls /sys/class/net' });
      assert.equal(ls.stdout, 'a.txt\nlo\n');
    } finally {
      await conn.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
