// The qemu driver's command line, the overlay wrapper and driver selection,
// checked without booting anything.

import { strict as assert } from 'node:assert';
import type { DriverName, GuestDriver } from '../../../../src/sandbox/driver';
import { overlayWrapper, qemuArgs, type QemuConfig } from '../../../../src/sandbox/drivers/qemu';
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
  memoryMiB: 768,
  cpus: 2,
  controlSocket: '/tmp/q/control.sock',
  uid: 1001,
  gid: 1002,
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

  it('shares image, folder, tools and skills read-only over 9p, commas escaped', () => {
    const args = qemuArgs(base);
    assert.deepEqual(valueOf(args, '-fsdev'), [
      'local,id=fs0,path=/img/rootfs,security_model=none,readonly=on',
      'local,id=fs1,path=/home/ann/My,, Folder,security_model=none,readonly=on',
      'local,id=fs2,path=/ext/dist,security_model=none,readonly=on',
      'local,id=fs3,path=/skills/pdf,security_model=none,readonly=on',
      'local,id=fs4,path=/skills/xlsx,security_model=none,readonly=on',
    ]);
    assert.deepEqual(valueOf(args, '-device').filter((d) => d.startsWith('virtio-9p')), [
      'virtio-9p-device,fsdev=fs0,mount_tag=cowork-root',
      'virtio-9p-device,fsdev=fs1,mount_tag=cowork-ws',
      'virtio-9p-device,fsdev=fs2,mount_tag=cowork-tools',
      'virtio-9p-device,fsdev=fs3,mount_tag=cowork-skill0',
      'virtio-9p-device,fsdev=fs4,mount_tag=cowork-skill1',
    ]);
    const append = valueOf(args, '-append')[0] ?? '';
    for (const p of ['cowork.transport=9p', 'cowork.ws=overlay', 'cowork.uid=1001', 'cowork.gid=1002', 'cowork.skills=pdf:xlsx', 'console=ttyS0']) {
      assert.ok(append.split(' ').includes(p), `${p} in ${append}`);
    }
  });

  it('makes only a host overlay writable', () => {
    const args = qemuArgs({ ...base, workspace: 'direct', folder: '/state/merged' });
    const fsdev = valueOf(args, '-fsdev');
    assert.equal(fsdev[1], 'local,id=fs1,path=/state/merged,security_model=none');
    assert.ok(fsdev.filter((f) => f !== fsdev[1]).every((f) => f.endsWith(',readonly=on')));
    assert.ok((valueOf(args, '-append')[0] ?? '').includes('cowork.ws=direct'));
  });

  it('connects the virtio-serial control port to the driver’s socket', () => {
    const args = qemuArgs(base);
    assert.deepEqual(valueOf(args, '-chardev'), ['socket,id=ctl,path=/tmp/q/control.sock']);
    assert.ok(valueOf(args, '-device').includes('virtserialport,chardev=ctl,name=cowork'));
  });

  it('wraps QEMU in a mount namespace that overlays the folder', () => {
    const argv = overlayWrapper('/home/a,b', { upperDir: '/s/upper', workDir: '/s/work' }, '/s/merged', ['qemu-system-x86_64', '-M', 'microvm']);
    assert.equal(argv[0], 'unshare');
    const opts = argv[argv.indexOf('cowork-vm') + 1] ?? '';
    assert.match(opts, /^lowerdir=\/home\/a\\,b,upperdir=\/s\/upper,workdir=\/s\/work/);
    assert.deepEqual(argv.slice(-4), ['/s/merged', 'qemu-system-x86_64', '-M', 'microvm']);
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
