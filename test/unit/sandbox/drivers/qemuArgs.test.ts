// The qemu driver's command line, the overlay wrapper and driver selection,
// checked without booting anything.

import { strict as assert } from 'node:assert';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverName, GuestDriver } from '../../../../src/sandbox/driver';
import { ownerView, qemuArgs, type QemuConfig } from '../../../../src/sandbox/drivers/qemuConfig';
import { prepareSkillsView, qemuIdentity, sessionWrapper } from '../../../../src/sandbox/drivers/qemuSession';
import { autoOrder, selectDriver } from '../../../../src/sandbox/drivers/select';

const base: QemuConfig = {
  qemu: 'qemu-system-x86_64',
  accel: 'tcg',
  kernel: '/img/vmlinux',
  initramfs: '/img/initramfs.cpio',
  rootfs: '/img/rootfs',
  folder: '/home/ann/My, Folder',
  workspace: 'overlay',
  toolsDir: '/ext/dist',
  skillDirs: { xlsx: '/skills/xlsx', pdf: '/skills/pdf' },
  skillsView: '/state/skills',
  memoryMiB: 768,
  cpus: 2,
  controlSocket: '/tmp/q/control.sock',
  uid: 1000,
  gid: 1000,
};

function valueOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1] as string] : []));
}

describe('qemu driver: command line', () => {
  it('boots the microvm directly from the image, no defaults, no network device', () => {
    const args = qemuArgs(base);
    assert.deepEqual(valueOf(args, '-M'), ['microvm,pit=on,pic=on,rtc=on']);
    assert.deepEqual(valueOf(args, '-accel'), ['tcg']);
    assert.deepEqual(valueOf(args, '-kernel'), ['/img/vmlinux']);
    assert.deepEqual(valueOf(args, '-initrd'), ['/img/initramfs.cpio']);
    assert.deepEqual(valueOf(args, '-m'), ['768M']);
    assert.deepEqual(valueOf(args, '-smp'), ['2']);
    for (const f of ['-nodefaults', '-no-user-config', '-nographic', '-no-reboot']) assert.ok(args.includes(f), f);
    const joined = args.join(' ');
    assert.doesNotMatch(joined, /-netdev|-nic|-net |virtio-net|user,/);
  });

  it('uses KVM options only with kvm', () => {
    const args = qemuArgs({ ...base, accel: 'kvm' });
    assert.deepEqual(valueOf(args, '-accel'), ['kvm']);
    assert.deepEqual(valueOf(args, '-cpu'), ['host']);
    assert.doesNotMatch(valueOf(args, '-append')[0] ?? '', /lpj=/);
    assert.match(valueOf(args, '-append')[0] ?? '', /cowork\.jitless=0/);
    assert.match(valueOf(qemuArgs(base), '-append')[0] ?? '', /lpj=.* cowork\.jitless=1|cowork\.jitless=1.* lpj=/);
  });

  it('shares image, folder, tools and all skills (one share) read-only over 9p, commas escaped', () => {
    const args = qemuArgs(base);
    assert.deepEqual(valueOf(args, '-fsdev'), [
      'local,id=fs0,path=/img/rootfs,security_model=none,readonly=on',
      'local,id=fs1,path=/home/ann/My,, Folder,security_model=none,readonly=on',
      'local,id=fs2,path=/ext/dist,security_model=none,readonly=on',
      'local,id=fs3,path=/state/skills,security_model=none,readonly=on,multidevs=remap',
    ]);
    assert.deepEqual(valueOf(args, '-device').filter((d) => d.startsWith('virtio-9p')), [
      'virtio-9p-device,fsdev=fs0,mount_tag=cowork-root',
      'virtio-9p-device,fsdev=fs1,mount_tag=cowork-ws',
      'virtio-9p-device,fsdev=fs2,mount_tag=cowork-tools',
      'virtio-9p-device,fsdev=fs3,mount_tag=cowork-skills',
    ]);
    const append = valueOf(args, '-append')[0] ?? '';
    for (const p of ['cowork.transport=9p', 'cowork.ws=overlay', 'cowork.uid=1000', 'cowork.gid=1000', 'cowork.skills=', 'console=ttyS0']) {
      assert.ok(append.split(' ').includes(p), `${p} in ${append}`);
    }
  });

  it('keeps the device list and command line the same for 200 skills', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`skill-${i}`, `/lib/skill-${i}`]));
    const args = qemuArgs({ ...base, skillDirs: many });
    assert.deepEqual(valueOf(args, '-fsdev'), valueOf(qemuArgs(base), '-fsdev'));
    assert.deepEqual(valueOf(args, '-append'), valueOf(qemuArgs(base), '-append'));
  });

  it('makes only a host overlay writable', () => {
    const args = qemuArgs({ ...base, workspace: 'direct', folder: '/state/merged' });
    const fsdev = valueOf(args, '-fsdev');
    assert.equal(fsdev[1], 'local,id=fs1,path=/state/merged,security_model=none');
    assert.ok(fsdev.filter((f) => f !== fsdev[1]).every((f) => f.includes(',readonly=on')));
    assert.ok((valueOf(args, '-append')[0] ?? '').includes('cowork.ws=direct'));
  });

  it('connects the virtio-serial control port to the driver’s socket', () => {
    const args = qemuArgs(base);
    assert.deepEqual(valueOf(args, '-chardev'), ['socket,id=ctl,path=/tmp/q/control.sock']);
    assert.ok(valueOf(args, '-device').includes('virtserialport,chardev=ctl,name=cowork'));
  });

  it('wraps QEMU in a user and mount namespace: caller as uid 1000, the folder overlaid, skills bound into one folder', () => {
    const argv = sessionWrapper(
      { userns: true, overlay: { lower: '/home/a,b', upperDir: '/s/upper', workDir: '/s/work', merged: '/s/merged' }, skillsView: '/s/skills', skillDirs: { xlsx: '/lib/x', pdf: '/lib/p' } },
      ['qemu-system-x86_64', '-M', 'microvm'],
    );
    assert.deepEqual(argv.slice(0, 8), ['unshare', '--user', '--map-user=1000', '--map-group=1000', '--keep-caps', '--mount', '--propagation', 'private']);
    const at = argv.indexOf('cowork-vm');
    assert.deepEqual(argv.slice(at + 1, at + 7), ['/s/skills', '2', '/lib/p', 'pdf', '/lib/x', 'xlsx']);
    assert.match(argv[at + 7] ?? '', /^lowerdir=\/home\/a\\,b,upperdir=\/s\/upper,workdir=\/s\/work,userxattr$/);
    assert.deepEqual(argv.slice(at + 8), ['/s/merged', 'setpriv', '--pdeathsig', 'KILL', '--inh-caps=-all', '--ambient-caps=-all', '--bounding-set=-all', '--no-new-privs', 'qemu-system-x86_64', '-M', 'microvm']);
  });

  it('as root on a folder another user owns: mounts as root, then QEMU as the owner in its own user namespace', () => {
    const owner = { who: { uid: 1234, gid: 1235 }, viewDir: mkdtempSync(join(tmpdir(), 'cowork-view-')), sources: [['workspace', '/s/merged']] as Array<[string, string]> };
    const argv = sessionWrapper({ userns: false, owner, overlay: { lower: '/home/a', upperDir: '/s/upper', workDir: '/s/work', merged: '/s/merged' }, skillsView: '/s/skills', skillDirs: {} }, ['qemu']);
    rmSync(owner.viewDir, { recursive: true, force: true });
    assert.deepEqual(argv.slice(0, 4), ['unshare', '--mount', '--propagation', 'private']);
    const at = argv.indexOf('cowork-vm');
    // The overlay is mounted as real root (trusted.* xattrs), then the view script (a root shell that dies with the driver) runs the rest.
    assert.deepEqual(argv.slice(at + 1, at + 5), ['/s/skills', '0', 'lowerdir=/home/a,upperdir=/s/upper,workdir=/s/work', '/s/merged']);
    assert.deepEqual(argv.slice(at + 5, at + 10), ['setpriv', '--pdeathsig', 'KILL', '/bin/sh', '-c']);
    const rest = argv.slice(argv.indexOf('cowork-view') + 1);
    assert.deepEqual(rest, [
      owner.viewDir, '1234', '1235', 'workspace', '/s/merged', '--',
      'unshare', '--user', '--map-user=1000', '--map-group=1000',
      'setpriv', '--pdeathsig', 'KILL', '--inh-caps=-all', '--ambient-caps=-all', '--bounding-set=-all', '--no-new-privs', 'qemu',
    ]);
  });

  it("as the owner, QEMU opens every host path through the owner's view", () => {
    const { config, sources } = ownerView({
      ...base,
      kernel: '/root/img/vmlinux', initramfs: '/root/img/initramfs.cpio', rootfs: '/root/img/rootfs',
      folder: '/root/state/f/merged', toolsDir: '/opt/dist', skillsView: '/root/state/f/skills', controlSocket: '/tmp/cowork-qemu-x/control.sock',
      snapshot: { rootDisk: '/root/snap/k/rootfs.img', goSocket: '/tmp/cowork-qemu-x/go.sock', qmpSocket: '/tmp/cowork-qemu-x/qmp.sock', incoming: '/root/snap/k/state' },
    });
    const args = qemuArgs(config).join(' ');
    assert.doesNotMatch(args, /\/root\/|\/opt\/dist|cowork-qemu-x/, 'no host path left');
    assert.match(args, /-kernel \/tmp\/kernel\/vmlinux -initrd \/tmp\/initramfs\/initramfs.cpio/);
    assert.match(args, /path=\/tmp\/workspace,security_model=none/);
    assert.match(args, /exec:cat '\/tmp\/snapshot\/state'/);
    assert.match(args, /unix:\/tmp\/sockets\/qmp.sock/);
    assert.deepEqual(new Map(sources).get('sockets'), '/tmp/cowork-qemu-x');
    assert.deepEqual(new Map(sources).get('snapshot'), '/root/snap/k');
  });

  it('on a FUSE budget layer the overlay is fuse-overlayfs, also in the user namespace', () => {
    const argv = sessionWrapper({ userns: true, overlay: { lower: '/home/a', upperDir: '/s/upper', workDir: '/s/work', merged: '/s/merged', engine: 'fuse' }, skillsView: '/s/skills', skillDirs: {} }, ['qemu']);
    const at = argv.indexOf('cowork-vm');
    assert.match(argv[at - 1] ?? '', /fuse-overlayfs -f -o "\$1" "\$2" &/);
    assert.equal(argv[at + 3], 'lowerdir=/home/a,upperdir=/s/upper,workdir=/s/work,writeback=0');
  });
});

describe('qemu driver: who the agent is', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cowork-qemu-id-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an ordinary user, or root on its own folder: uid 1000 in a user namespace', () => {
    assert.deepEqual(qemuIdentity(dir, 1002), { uid: 1000, gid: 1000, userns: true });
    if (process.getuid?.() === 0) assert.deepEqual(qemuIdentity(dir, 0), { uid: 1000, gid: 1000, userns: true });
  });

  it('root on a folder another user owns: still uid 1000, QEMU run as that owner', function () {
    if (process.getuid?.() !== 0) return this.skip(); // only root can give a folder away
    chownSync(dir, 1234, 1235);
    assert.deepEqual(qemuIdentity(dir, 0), { uid: 1000, gid: 1000, userns: false, owner: { uid: 1234, gid: 1235 } });
  });

  it('the skills view: one empty folder per skill, old ones gone, odd names refused', () => {
    const view = join(dir, 'skills');
    prepareSkillsView(view, { a: '/x', b: '/y' });
    prepareSkillsView(view, { b: '/y', c: '/z' });
    assert.deepEqual(readdirSync(view).sort(), ['b', 'c']);
    assert.throws(() => prepareSkillsView(view, { '../up': '/x' }), /skill name not allowed/);
    assert.throws(() => prepareSkillsView(view, { '.hidden': '/x' }), /skill name not allowed/);
  });
});

describe('sandbox driver selection', () => {
  const fake = (avail: Partial<Record<DriverName, string | true>>) => (name: DriverName): GuestDriver => ({
    name,
    isolation: name === 'namespace' ? 'namespace' : 'vm',
    available: async () => (avail[name] === true ? { ok: true } : { ok: false, reason: avail[name] ?? 'absent' }),
    start: () => Promise.reject(new Error('not in this test')),
  });

  it('auto prefers a VM and falls back to namespaces only where no VM can run', async () => {
    assert.deepEqual(autoOrder('linux'), ['qemu', 'namespace']);
    assert.deepEqual(autoOrder('darwin'), ['vz']);
    assert.equal((await selectDriver('auto', fake({ qemu: true, namespace: true }), 'linux')).driver.name, 'qemu');
    const fallback = await selectDriver('auto', fake({ qemu: 'no qemu', namespace: true }), 'linux');
    assert.equal(fallback.driver.name, 'namespace');
    assert.deepEqual(fallback.notes, ['qemu: unavailable: no qemu', 'namespace: selected (namespace isolation)']);
    assert.equal((await selectDriver('auto', fake({ vz: true }), 'darwin')).driver.name, 'vz');
  });

  it('an explicit choice never downgrades', async () => {
    await assert.rejects(selectDriver('qemu', fake({ qemu: 'qemu-system-x86_64 not found', namespace: true }), 'linux'), /qemu-system-x86_64 not found/);
    await assert.rejects(selectDriver('auto', fake({}), 'win32'), /no sandbox driver for platform win32/);
  });
});
