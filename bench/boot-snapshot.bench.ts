// Prototype measurement for the TCG boot target: restore an already-booted
// guest instead of booting it. Boots the image's kernel with a read-only ext4
// copy of the rootfs on virtio-blk (QEMU refuses to migrate while a 9p export
// is mounted, so this guest mounts no share), starts the real guest agent,
// saves the paused VM with QEMU migration to a file, then times restores
// (`-incoming "exec:cat FILE"` + `cont`) to the agent's `hello`.
// Not yet in the driver: mounting the workspace/tools/skills shares after the
// restore (see the "Sandbox (VM boot)" notes in RESULTS.md).
// Needs e2fsprogs (mke2fs -d, debugfs). Run: npx tsx bench/boot-snapshot.bench.ts [--runs N]

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GuestClient } from '../src/sandbox/client';
import { TIMER_ARGS } from '../src/sandbox/drivers/kvmProbe';
import { readCpio, writeCpio } from '../src/sandbox/image/cpio';
import { findImage } from '../src/sandbox/image/store';
import { guestTools, tempDir } from '../test/unit/sandboxFixture';
import { percentile, writeResultsSection } from './results';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

/** The prototype's /init: block root, agent parked on the control port, no shares. */
const PARK_INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/load-order /lib/modules/load-order.blk); do insmod /lib/modules/$m; done
R=/newroot
n=0; until mount -t ext4 -o ro,noload /dev/vda $R 2>/dev/null; do n=$((n+1)); [ $n -gt 300 ] && { echo "cowork-init: FAILED: root"; reboot -f; }; sleep 0.01; done
mount -t tmpfs tmpfs $R/run; mount -t tmpfs -o mode=1777 tmpfs $R/tmp; mount -t tmpfs tmpfs $R/scratch
mkdir -p $R/scratch/home; chown 1000:1000 $R/scratch $R/scratch/home
mount -t proc proc $R/proc; mount -t sysfs sys $R/sys; mount -t devtmpfs dev $R/dev; mkdir -p $R/dev/virtio-ports
until grep -qx cowork /sys/class/virtio-ports/*/name 2>/dev/null; do sleep 0.01; done
for p in /sys/class/virtio-ports/*; do name=$(cat $p/name); dev=\${p##*/}; ln -sf /dev/$dev $R/dev/virtio-ports/$name; chown 1000:1000 $R/dev/$dev; done
chroot $R /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups --no-new-privs /usr/bin/env -i HOME=/scratch/home PATH=/usr/bin:/bin \\
  /bin/sh -c "cd / && exec node --jitless --no-expose-wasm /opt/cowork/guest-agent.js --port /dev/virtio-ports/cowork"
reboot -f
`;

function qmp(path: string, command: string, args?: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    let buf = '';
    let step = 0;
    s.on('error', reject);
    s.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"event"')) continue;
        if (step === 0) s.write('{"execute":"qmp_capabilities"}\n');
        else if (step === 1) s.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}) }) + '\n');
        else {
          s.end();
          resolve(line);
        }
        step++;
      }
    });
  });
}

async function runStatus(path: string): Promise<string | undefined> {
  return /"status": "([a-z-]+)"/.exec(await qmp(path, 'query-status').catch(() => ''))?.[1];
}

interface Vm {
  child: ChildProcess;
  client: GuestClient;
  qmpPath: string;
  helloMs: number;
}

async function startVm(dir: string, tag: string, kernel: string, initramfs: string, disk: string, incoming?: string): Promise<Vm> {
  const sock = join(dir, `${tag}.sock`);
  const qmpPath = join(dir, `${tag}.qmp`);
  const server = createServer();
  await new Promise<void>((r) => server.listen(sock, r));
  const accepted = new Promise<Socket>((r) => server.once('connection', r));
  const t0 = performance.now();
  const child = spawn('qemu-system-x86_64', [
    '-M', 'microvm,pit=on,pic=on,rtc=on', '-accel', 'tcg', '-m', '512', '-smp', '1',
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot', '-serial', 'stdio',
    '-kernel', kernel, '-initrd', initramfs, '-append', `console=ttyS0 quiet loglevel=1 panic=-1 pci=off ${TIMER_ARGS}`,
    '-drive', `if=none,id=root,file=${disk},format=raw,readonly=on`, '-device', 'virtio-blk-device,drive=root',
    '-chardev', `socket,id=ctl,path=${sock}`, '-device', 'virtio-serial-device', '-device', 'virtserialport,chardev=ctl,name=cowork',
    '-qmp', `unix:${qmpPath},server=on,wait=off`,
    ...(incoming ? ['-incoming', `exec:cat ${incoming}`] : []),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => process.stdout.write(`[${tag}] ${d}`));
  child.stderr?.on('data', (d: Buffer) => process.stdout.write(`[${tag}] ${d}`));
  const stream = await accepted;
  server.close();
  if (incoming) {
    // The saved VM was paused and QEMU restores that run state: resume it once loaded.
    for (;;) {
      const st = await runStatus(qmpPath);
      if (st === 'paused' || st === 'postmigrate') {
        await qmp(qmpPath, 'cont');
        break;
      }
      if (st === 'running') break;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const client = new GuestClient(stream);
  await client.call('hello', {});
  return { child, client, qmpPath, helloMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const image = findImage();
  if (!image) throw new Error('no sandbox image: run `npm run sandbox:image` first');
  const dir = tempDir('boot-snapshot');
  const disk = join(dir, 'root.img');
  execFileSync('mke2fs', ['-q', '-F', '-t', 'ext4', '-d', image.rootfs, disk, '1G']);
  execFileSync('debugfs', ['-w', '-R', `write ${join(guestTools(), 'guest-agent.js')} /opt/cowork/guest-agent.js`, disk], { stdio: 'ignore' });
  const initramfs = join(dir, 'initramfs.cpio');
  writeFileSync(initramfs, writeCpio(readCpio(readFileSync(image.initramfs)).map((e) => (e.path === 'init' ? { ...e, data: PARK_INIT } : e))));

  const cold = await startVm(dir, 'cold', image.kernel, initramfs, disk);
  console.log(`cold boot to hello: ${cold.helloMs.toFixed(0)} ms`);
  const state = join(dir, 'state');
  const t = performance.now();
  await qmp(cold.qmpPath, 'stop');
  await qmp(cold.qmpPath, 'migrate', { uri: `exec:cat > ${state}` });
  while (!(await qmp(cold.qmpPath, 'query-migrate')).includes('"completed"')) await new Promise((r) => setTimeout(r, 100));
  const saveMs = performance.now() - t;
  cold.child.kill('SIGKILL');
  const stateMiB = statSync(state).size / 2 ** 20;
  console.log(`saved ${stateMiB.toFixed(0)} MiB in ${saveMs.toFixed(0)} ms`);

  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const vm = await startVm(dir, `warm${i}`, image.kernel, initramfs, disk, state);
    const r = await vm.client.call('exec', { shell: 'echo ok' });
    if (r.stdout !== 'ok\n') throw new Error(`restored guest did not run a command: ${JSON.stringify(r)}`);
    console.log(`restore ${i + 1}: hello after ${vm.helloMs.toFixed(0)} ms`);
    warm.push(vm.helloMs);
    vm.child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  const table = [
    '| qemu TCG, ext4 root on virtio-blk | ms |',
    '|---|---|',
    `| cold boot to agent hello (1 run) | ${cold.helloMs.toFixed(0)} |`,
    `| save (stop + migrate to file, ${stateMiB.toFixed(0)} MiB) | ${saveMs.toFixed(0)} |`,
    `| restore to agent hello, median of ${RUNS} | ${percentile(warm, 50).toFixed(0)} |`,
    `| restore to agent hello, range | ${Math.min(...warm).toFixed(0)}–${Math.max(...warm).toFixed(0)} |`,
  ].join('\n');
  console.log(table);
  writeResultsSection(
    'Sandbox (VM boot, snapshot restore prototype)',
    `bench/boot-snapshot.bench.ts: image ${image.version}, 1 vCPU, 512 MiB. The guest here mounts no share (QEMU blocks migration while a 9p export is mounted), so this measures the restore path alone; mounting the folder, tools and skills after the restore is the piece still to build into the qemu driver.\n\n${table}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
