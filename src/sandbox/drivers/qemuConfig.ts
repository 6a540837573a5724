// The qemu guest's configuration and how it is launched, shared by a cold boot
// (qemu.ts) and a snapshot restore (qemuSnapshot.ts): the config and its QEMU
// argument list, the session's layout (host overlay, skills view, identity, the
// wrapper that runs QEMU in the session's namespaces) and the console watch.
// Both starts import it; neither imports the other's file.

import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { GuestConnection, GuestLimits, GuestStartOptions } from '../driver';
import { CONTROL_PORT_NAME, GO_PORT_NAME, INIT_READY_MARKER, MOUNT_TAGS, kernelCmdline } from '../image/initScript';
import type { ImageInfo } from '../image/store';
import { TIMER_ARGS } from './kvmProbe';
import { OWNER_VIEW_AT, type ViewSources } from './namespaceOwner';
import { prepareSkillsView, qemuIdentity, sessionWrapper, type QemuIdentity } from './qemuSession';

export interface QemuConfig {
  qemu: string;
  accel: 'kvm' | 'tcg';
  kernel: string;
  initramfs: string;
  rootfs: string;
  /** What the guest sees at /workspace: the folder itself, or the host's overlay of it (see `workspace`). */
  folder: string;
  workspace: 'overlay' | 'direct';
  toolsDir: string;
  /** Skill name -> host folder; all of them reach the guest as one share of `skillsView`. */
  skillDirs: Record<string, string>;
  /** The folder the skills are bound into (inside QEMU's mount namespace), shared as /skills. */
  skillsView: string;
  limits?: GuestLimits;
  memoryMiB: number;
  cpus: number;
  /** Unix socket the virtio-serial control port connects to. */
  controlSocket: string;
  uid: number;
  gid: number;
  /** Snapshot mode (qemuSnapshot.ts): ext4 root disk, go port, QMP, optionally restoring a saved state. */
  snapshot?: QemuSnapshotDevices;
}

export interface QemuSnapshotDevices {
  /** The rootfs as a read-only ext4 image (replaces the 9p root share, which would block migration). */
  rootDisk: string;
  /** Unix socket the go port (GO_PORT_NAME) connects to. */
  goSocket: string;
  /** QMP server socket QEMU creates. */
  qmpSocket: string;
  /** Saved migration stream to load instead of booting. */
  incoming?: string;
}

/** QEMU's option syntax doubles commas inside values. */
function q(value: string): string {
  return value.replace(/,/g, ',,');
}

/** The full QEMU argument list (pure, so tests can check it exactly). */
export function qemuArgs(c: QemuConfig): string[] {
  const snap = c.snapshot;
  const shares: Array<[string, string]> = [
    ...(snap ? [] : [[MOUNT_TAGS.root, c.rootfs] as [string, string]]),
    [MOUNT_TAGS.workspace, c.folder],
    [MOUNT_TAGS.tools, c.toolsDir],
    // One device whatever the number of skills: the device list (and so a saved guest) never changes with them.
    [MOUNT_TAGS.skills, c.skillsView],
  ];
  const cmdline = [
    // A parked guest learns the workspace mode and scratch size from its go line. No skill names: /skills is one share.
    snap
      ? kernelCmdline({ transport: '9p', uid: c.uid, gid: c.gid, limits: { nproc: c.limits?.nproc, addressSpaceBytes: c.limits?.addressSpaceBytes }, jitless: c.accel === 'tcg', console: 'ttyS0', snapshot: true })
      : kernelCmdline({ transport: '9p', workspace: c.workspace, uid: c.uid, gid: c.gid, limits: c.limits, jitless: c.accel === 'tcg', console: 'ttyS0' }),
    // microvm has no PCI bus; skip probing for one.
    'pci=off',
    ...(c.accel === 'tcg' ? [TIMER_ARGS] : []),
  ].join(' ');
  const args = [
    // PIT and PIC: without them TCG guests may never finish timer calibration.
    '-M', c.accel === 'kvm' ? 'microvm,rtc=on' : 'microvm,pit=on,pic=on,rtc=on',
    '-accel', c.accel,
    ...(c.accel === 'kvm' ? ['-cpu', 'host'] : []),
    '-m', `${c.memoryMiB}M`,
    '-smp', String(c.cpus),
    '-nodefaults', '-no-user-config', '-nographic', '-no-reboot',
    '-serial', 'stdio',
    '-kernel', c.kernel,
    '-initrd', c.initramfs,
    '-append', cmdline,
  ];
  // Device order is part of a saved guest: the restoring QEMU builds the same list.
  if (snap) args.push('-drive', `if=none,id=root,file=${q(snap.rootDisk)},format=raw,readonly=on`, '-device', 'virtio-blk-device,drive=root');
  shares.forEach(([tag, path], i) => {
    // Only a host-side overlay is ever writable; the folder itself never is.
    const ro = tag === MOUNT_TAGS.workspace && c.workspace === 'direct' ? '' : ',readonly=on';
    // The skills view holds one bind mount per skill: several devices, so remap inode numbers.
    const devs = tag === MOUNT_TAGS.skills ? ',multidevs=remap' : '';
    args.push('-fsdev', `local,id=fs${i},path=${q(path)},security_model=none${ro}${devs}`);
    args.push('-device', `virtio-9p-device,fsdev=fs${i},mount_tag=${tag}`);
  });
  args.push('-chardev', `socket,id=ctl,path=${q(c.controlSocket)}`);
  args.push('-device', 'virtio-serial-device', '-device', `virtserialport,chardev=ctl,name=${CONTROL_PORT_NAME}`);
  if (snap) {
    args.push('-chardev', `socket,id=go,path=${q(snap.goSocket)}`, '-device', `virtserialport,chardev=go,name=${GO_PORT_NAME}`);
    args.push('-qmp', `unix:${q(snap.qmpSocket)},server=on,wait=off`);
    if (snap.incoming) {
      if (snap.incoming.includes("'")) throw new Error(`snapshot path not allowed: ${snap.incoming}`);
      args.push('-incoming', `exec:cat '${snap.incoming}'`);
    }
  }
  return args;
}

/** A GuestConnection plus the QEMU process id (for diagnostics and tests). */
export interface QemuConnection extends GuestConnection {
  readonly pid: number | undefined;
}

/**
 * What a cold boot and a restore share: the session's view of the folder (the
 * host overlay at `merged`), the skills view, the QEMU config without
 * per-launch sockets, and the wrapper that runs QEMU in the session's user and
 * mount namespace (qemuSession.ts).
 */
export interface SessionLayout {
  /** The session's QEMU config without the per-launch sockets. */
  config: Omit<QemuConfig, 'controlSocket' | 'snapshot'>;
  /** Who the agent is and how QEMU gets there (qemuSession.ts). */
  identity: QemuIdentity;
  /** The argv that runs QEMU with config `c` in the session's user and mount namespace (qemuSession.ts). */
  wrap(c: QemuConfig): string[];
  /**
   * The same user namespace and parent-death signal, without the folder's overlay or skills: for
   * the snapshot build, whose shares are empty stand-ins, so its QEMU runs as the session's will
   * (root on another user's folder builds it as for a folder of its own: the agent is 1000 either way).
   */
  wrapBare(c: QemuConfig, skillsView: string): string[];
}

export function sessionLayout(qemu: string, o: GuestStartOptions, img: ImageInfo, accel: 'kvm' | 'tcg'): SessionLayout {
  const overlay = o.overlay;
  // Per-session folders next to the overlay layers; without an overlay (tests), a temp folder.
  const sessionDir = overlay ? dirname(overlay.upperDir) : mkdtempSync(join(tmpdir(), 'cowork-qemu-view-'));
  const merged = overlay ? join(sessionDir, 'merged') : undefined;
  if (merged) mkdirSync(merged, { recursive: true });
  const id = qemuIdentity(o.folder);
  if (overlay) upperRootLikeFolder(o.folder, overlay.upperDir, id);
  const skillDirs = o.skillDirs ?? {};
  const skillsView = join(sessionDir, 'skills');
  prepareSkillsView(skillsView, skillDirs);
  return {
    config: {
      qemu,
      accel,
      kernel: img.kernel,
      initramfs: img.initramfs,
      rootfs: img.rootfs,
      folder: merged ?? o.folder,
      workspace: merged ? 'direct' : 'overlay',
      toolsDir: o.toolsDir,
      skillDirs,
      skillsView,
      limits: o.limits,
      memoryMiB: o.memoryMiB ?? 1024,
      cpus: o.cpus ?? 1,
      uid: id.uid,
      gid: id.gid,
    },
    identity: id,
    wrap: (c) => {
      const view = id.owner ? ownerView(c) : undefined;
      const owner = id.owner && view ? { who: id.owner, viewDir: join(sessionDir, 'owner-view'), sources: view.sources } : undefined;
      return sessionWrapper(
        { userns: id.userns, owner, overlay: overlay && merged ? { lower: realpathSync(o.folder), ...overlay, merged } : undefined, skillsView, skillDirs },
        [qemu, ...qemuArgs(view?.config ?? c)],
      );
    },
    wrapBare: (c, bareSkillsView) => sessionWrapper({ userns: id.userns || !!id.owner, skillsView: bareSkillsView, skillDirs: {} }, [qemu, ...qemuArgs(c)]),
  };
}

/**
 * The overlay's root directory takes owner and mode from the upper dir: it must
 * be the agent's, i.e. the uid QEMU maps to the agent: the host caller's (also
 * when an older version gave it to another uid), or the folder owner's when
 * QEMU runs as that owner; and it gets the folder's mode.
 */
function upperRootLikeFolder(folder: string, upperDir: string, id: QemuIdentity): void {
  if (process.getuid?.() === 0) {
    const [uid, gid] = id.owner ? [id.owner.uid, id.owner.gid] : [0, 0];
    const st = statSync(upperDir);
    if (st.uid !== uid || st.gid !== gid) chownSync(upperDir, uid, gid);
  }
  chmodSync(upperDir, statSync(folder).mode & 0o7777);
}

/**
 * The config QEMU gets when it runs as the folder's owner: every host path it
 * opens replaced by its place in the owner's view (one bind per folder, see
 * namespaceOwner.ts), and the binds to make.
 */
export function ownerView(c: QemuConfig): { config: QemuConfig; sources: ViewSources } {
  const sources: ViewSources = [];
  const dir = (name: string, host: string): string => {
    sources.push([name, host]);
    return `${OWNER_VIEW_AT}/${name}`;
  };
  const file = (name: string, host: string): string => join(dir(name, dirname(host)), basename(host));
  const sockets = dir('sockets', dirname(c.controlSocket));
  const snap = c.snapshot;
  const saved = snap ? dir('snapshot', dirname(snap.rootDisk)) : '';
  if (snap?.incoming && dirname(snap.incoming) !== dirname(snap.rootDisk)) throw new Error('snapshot state and disk must share a folder');
  const config: QemuConfig = {
    ...c,
    kernel: file('kernel', c.kernel),
    initramfs: file('initramfs', c.initramfs),
    rootfs: dir('rootfs', c.rootfs),
    folder: dir('workspace', c.folder),
    toolsDir: dir('tools', c.toolsDir),
    skillsView: dir('skills', c.skillsView),
    controlSocket: join(sockets, basename(c.controlSocket)),
    snapshot: snap && {
      rootDisk: join(saved, basename(snap.rootDisk)),
      goSocket: join(sockets, basename(snap.goSocket)),
      qmpSocket: join(sockets, basename(snap.qmpSocket)),
      incoming: snap.incoming && join(saved, basename(snap.incoming)),
    },
  };
  return { config, sources };
}

/** Resolves once the init prints `marker` (its ready marker by default); rejects on its failure line. Logs every console line. */
export function consoleReady(child: ChildProcess, log: (line: string) => void, marker: string = INIT_READY_MARKER): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const onData = (b: Buffer): void => {
      pending += b.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        log(`guest: ${line}`);
        if (line.includes(marker)) resolve();
        const failed = /cowork-init: FAILED: (.*)/.exec(line);
        if (failed) reject(new Error(`guest init failed: ${failed[1]}`));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}
