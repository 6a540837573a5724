// The initramfs /init: one script for every VM driver, switched by
// `cowork.transport` on the kernel command line:
//   9p        (qemu) shares over virtio-9p, control channel over virtio-serial
//   virtiofs  (vz)   shares over virtio-fs, control channel over vsock
// It mounts the image's rootfs read-only as /, the workspace at /workspace
// (either the host's overlay of the folder, read-write, or the folder as the
// read-only lower layer of an overlay in guest RAM), the extension's dist at /opt/cowork and skills under /skills, then
// runs the guest agent as an unprivileged user whose uid is the folder owner's
// (so files the host user can read, the agent can read). When the agent exits
// the VM powers off, which is how the host sees `exited`.

import type { GuestLimits } from '../driver';

/** 9p / virtio-fs mount tags, shared with the drivers. */
export const MOUNT_TAGS = {
  root: 'cowork-root',
  workspace: 'cowork-ws',
  tools: 'cowork-tools',
  /** qemu: every skill, one share (the host binds them into one folder). */
  skills: 'cowork-skills',
  /** vz: one virtio-fs device per skill (macOS has no bind mounts); names on the command line. */
  skill: (i: number) => `cowork-skill${i}`,
} as const;

/**
 * vz only: skills are separate devices named on the kernel command line, which
 * Linux caps at 2048 bytes on x86 and arm64 (COMMAND_LINE_SIZE). Checked here,
 * with room left for the other parameters, so too many skills are a clear error
 * instead of a guest that does not boot.
 */
export const MAX_CMDLINE_SKILL_BYTES = 1024;
export const MAX_CMDLINE_SKILLS = 32;

/** Name of the virtio-serial port the agent talks on (qemu). */
export const CONTROL_PORT_NAME = 'cowork';
/** Default vsock port the guest connects to on the host (vz). */
export const DEFAULT_VSOCK_PORT = 1024;

/** Printed on the console just before the agent starts; tests and logs key on it. */
export const INIT_READY_MARKER = 'cowork-init: agent starting';

/**
 * Snapshot mode (qemu, cowork.snapshot=1): init mounts the rootfs from a
 * read-only ext4 disk, starts the agent, prints this and waits for a "go"
 * line on the GO_PORT_NAME port. Nothing 9p is mounted while parked, since
 * QEMU refuses to migrate with a mounted 9p export; that is when the host saves it.
 */
export const INIT_PARKED_MARKER = 'cowork-init: parked';
/** virtio-serial port init reads the go line from (snapshot mode). */
export const GO_PORT_NAME = 'cowork-go';

/** Where the overlay's layers are inside the guest (for the staging code). */
export const OVERLAY_PATHS = { lower: '/run/cowork/lower', upper: '/run/cowork/upper', work: '/run/cowork/work' } as const;

export interface GuestCmdline {
  transport: '9p' | 'virtiofs';
  /**
   * overlay: the workspace share is the read-only lower layer of an overlay
   * in guest RAM. direct: the share is the host's own overlay, mounted read-write.
   */
  workspace?: 'overlay' | 'direct';
  uid: number;
  gid: number;
  /**
   * vz only: skill names; skill i is shared with tag MOUNT_TAGS.skill(i). qemu
   * passes none: its /skills is the one MOUNT_TAGS.skills share.
   */
  skills?: string[];
  vsockPort?: number;
  /**
   * Start the agent's Node without its JIT. Under TCG every JIT'd page is
   * translated again by QEMU; `node -e 0` measured 3.8 s with the JIT and
   * 2.8 s without in the same guest. Only the agent: commands run normally.
   */
  jitless?: boolean;
  /** Passed on to the agent (--limit-*) and to the /scratch tmpfs size. */
  limits?: GuestLimits;
  /** Serial console device (ttyS0 on x86 microvm, hvc0 on vz). */
  console: string;
  /** Park for a snapshot instead of booting through (qemu only; see INIT_PARKED_MARKER). */
  snapshot?: boolean;
}

/** What the host tells a parked guest after restoring it (one line on GO_PORT_NAME). */
export interface GoMessage {
  /** Host wall clock, ms since the epoch: the restored guest's clock is the saver's. */
  nowMs: number;
  /** Fresh entropy (hex) mixed into the kernel pool, then the CRNG is reseeded. */
  seedHex: string;
  workspace: 'overlay' | 'direct';
  scratchBytes: number;
}

export function goLine(m: GoMessage): string {
  if (!/^[0-9a-f]+$/.test(m.seedHex)) throw new Error('seed must be hex');
  const secs = Math.floor(m.nowMs / 1000);
  return `go time=${secs} seed=${m.seedHex} ws=${m.workspace} scratch=${Math.floor(m.scratchBytes)}\n`;
}

export function kernelCmdline(c: GuestCmdline): string {
  const skills = c.skills ?? [];
  for (const s of skills) if (!/^[A-Za-z0-9._-]+$/.test(s)) throw new Error(`skill name not allowed on the kernel command line: ${s}`);
  const skillBytes = skills.join(':').length;
  if (skills.length > MAX_CMDLINE_SKILLS || skillBytes > MAX_CMDLINE_SKILL_BYTES) {
    throw new Error(`too many skills for this driver: ${skills.length} skills (${skillBytes} bytes of names); at most ${MAX_CMDLINE_SKILLS} and ${MAX_CMDLINE_SKILL_BYTES} bytes fit on the kernel command line`);
  }
  return [
    `console=${c.console}`,
    // Kernel messages over an emulated UART cost real time under TCG.
    'quiet',
    'loglevel=1',
    'panic=-1',
    'rdinit=/init',
    `cowork.transport=${c.transport}`,
    `cowork.ws=${c.workspace ?? 'overlay'}`,
    `cowork.uid=${c.uid}`,
    `cowork.gid=${c.gid}`,
    // ':' not ',': vfkit's option parser splits on commas.
    `cowork.skills=${skills.join(':')}`,
    `cowork.vsock=${c.vsockPort ?? DEFAULT_VSOCK_PORT}`,
    `cowork.jitless=${c.jitless ? 1 : 0}`,
    `cowork.nproc=${Math.floor(c.limits?.nproc ?? 0)}`,
    `cowork.as=${Math.floor(c.limits?.addressSpaceBytes ?? 0)}`,
    `cowork.scratch=${Math.floor(c.limits?.scratchBytes ?? 0)}`,
    // Only when set, so every other command line stays as it was.
    ...(c.snapshot ? ['cowork.snapshot=1'] : []),
  ].join(' ');
}

export const INIT_SCRIPT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

fail() { echo "cowork-init: FAILED: $*"; sleep 1; reboot -f; }

transport=9p ws=overlay uid=1000 gid=1000 skills= vsock=${DEFAULT_VSOCK_PORT} nproc=0 as=0 scratch=0 jitless=0 snapshot=0
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    cowork.transport=*) transport="\${arg#*=}" ;;
    cowork.ws=*) ws="\${arg#*=}" ;;
    cowork.uid=*) uid="\${arg#*=}" ;;
    cowork.gid=*) gid="\${arg#*=}" ;;
    cowork.skills=*) skills="\${arg#*=}" ;;
    cowork.vsock=*) vsock="\${arg#*=}" ;;
    cowork.nproc=*) nproc="\${arg#*=}" ;;
    cowork.jitless=*) jitless="\${arg#*=}" ;;
    cowork.as=*) as="\${arg#*=}" ;;
    cowork.scratch=*) scratch="\${arg#*=}" ;;
    cowork.snapshot=*) snapshot="\${arg#*=}" ;;
  esac
done

for m in $(cat /lib/modules/load-order); do
  insmod "/lib/modules/$m" 2>/dev/null || grep -q "^$(basename "$m" .ko) " /proc/modules || fail "insmod $m"
done

# share TAG DIR [9p cache mode]: every share is mounted read-only.
if [ "$transport" = virtiofs ]; then
  share() { mount -t virtiofs -o ro "$1" "$2"; }
  share_rw() { mount -t virtiofs "$1" "$2"; }
else
  # msize: 9p's default 8 KiB messages make every read a round trip.
  share() { mount -t 9p -o "trans=virtio,version=9p2000.L,msize=524288,ro,cache=\${3:-none}" "$1" "$2"; }
  # cache=none: every write() goes to the host at once, so the host's ENOSPC (the write budget)
  # reaches the writer. Not cache=mmap: since 9p moved onto netfs (6.x) that mode is buffered
  # writeback, write() "succeeds" into the page cache, and past the budget the writeback fails
  # for good (the writer sleeps in dirty throttling, or the tail is dropped with exit 0).
  # The price: a writable shared mmap of a workspace file gets EINVAL (docs/sandbox.md).
  share_rw() { mount -t 9p -o "trans=virtio,version=9p2000.L,msize=524288,cache=none" "$1" "$2"; }
fi

R=/newroot
mkdir -p $R
if [ "$snapshot" = 1 ]; then
  # A read-only ext4 root on virtio-blk: unlike 9p, it does not block migration.
  for m in $(cat /lib/modules/load-order.blk); do
    insmod "/lib/modules/$m" 2>/dev/null || grep -q "^$(basename "$m" .ko) " /proc/modules || fail "insmod $m"
  done
  n=0; until mount -t ext4 -o ro,noload /dev/vda $R 2>/dev/null; do n=$((n+1)); [ $n -gt 300 ] && fail "mount root disk"; sleep 0.01; done
else
  # Shares may appear a moment after their driver loads.
  n=0; until share ${MOUNT_TAGS.root} $R loose 2>/dev/null; do n=$((n+1)); [ $n -gt 200 ] && fail "mount root"; sleep 0.01; done
fi
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs $R/run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs $R/tmp
if [ "$scratch" -gt 0 ]; then ssize=",size=$scratch"; else ssize=; fi
mount -t tmpfs -o mode=755,nosuid,nodev$ssize tmpfs $R/scratch
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs $R/skills
mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm $R/dev/virtio-ports
mount -t devpts -o newinstance,ptmxmode=0666 devpts $R/dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs $R/dev/shm

mount_shares() {
if [ "$ws" = direct ]; then
  # The host already layered the folder (its overlay upper dir is where staging looks): share it as is.
  share_rw ${MOUNT_TAGS.workspace} $R/workspace || fail "mount workspace"
else
  # No host overlay (vz: macOS has none): the folder is the read-only lower layer, writes stay in guest RAM.
  L=$R${OVERLAY_PATHS.lower} U=$R${OVERLAY_PATHS.upper} W=$R${OVERLAY_PATHS.work}
  mkdir -p $L $U $W
  share ${MOUNT_TAGS.workspace} $L || fail "mount workspace"
  chown $uid:$gid $U
  chmod 755 $U
  mount -t overlay overlay -o lowerdir=$L,upperdir=$U,workdir=$W $R/workspace || fail "overlay"
fi
share ${MOUNT_TAGS.tools} $R/opt/cowork loose || fail "mount tools"

if [ "$transport" = 9p ]; then
  # qemu: one share holds every skill (the host bound them into one folder), read-only.
  share ${MOUNT_TAGS.skills} $R/skills || fail "mount skills"
else
  i=0
  for s in $(echo "$skills" | tr : ' '); do
    mkdir -p "$R/skills/$s"
    share "cowork-skill$i" "$R/skills/$s" || fail "mount skill $s"
    i=$((i+1))
  done
  mount -o remount,ro $R/skills
fi
}
[ "$snapshot" = 1 ] || mount_shares

# The agent's account: the image's user, renumbered to the folder owner.
mkdir -p $R/run/cowork/etc $R/scratch/home
sed "s/^cowork:x:[0-9]*:[0-9]*:/cowork:x:$uid:$gid:/" $R/etc/passwd > $R/run/cowork/etc/passwd
sed "s/^cowork:x:[0-9]*:/cowork:x:$gid:/" $R/etc/group > $R/run/cowork/etc/group
mount --bind $R/run/cowork/etc/passwd $R/etc/passwd
mount --bind $R/run/cowork/etc/group $R/etc/group
chown $uid:$gid $R/scratch/home
chown $uid:$gid $R/scratch
hostname cowork

# The same limits the agent applies under every driver (see guestAgentArgs in driver.ts).
agent_limits() {
  [ "$nproc" -gt 0 ] && printf ' --limit-nproc %s' "$nproc"
  [ "$as" -gt 0 ] && printf ' --limit-as %s' "$as"
  true
}
node=node
[ "$jitless" = 1 ] && node="node --jitless --no-expose-wasm"
if [ "$transport" = virtiofs ]; then
  # macOS has no AF_VSOCK: vfkit exposes the host end as a Unix socket; socat
  # bridges the guest's vsock connection to the agent's stdio.
  agent="exec socat VSOCK-CONNECT:2:$vsock EXEC:'$node /opt/cowork/guest-agent.js$(agent_limits)'"
else
  # vport<N>p<M>: N counts every virtio device, so look the port up by name.
  n=0; until grep -qx ${CONTROL_PORT_NAME} /sys/class/virtio-ports/*/name 2>/dev/null; do n=$((n+1)); [ $n -gt 200 ] && fail "no virtio-serial port"; sleep 0.01; done
  [ "$snapshot" = 1 ] && { n=0; until grep -qx ${GO_PORT_NAME} /sys/class/virtio-ports/*/name 2>/dev/null; do n=$((n+1)); [ $n -gt 200 ] && fail "no go port"; sleep 0.01; done; }
  for p in /sys/class/virtio-ports/*; do
    [ -e "$p/name" ] || continue
    name=$(cat "$p/name"); dev=\${p##*/}
    ln -sf "/dev/$dev" "$R/dev/virtio-ports/$name"
    # The go port stays root's: nothing the agent runs may talk to init.
    [ "$name" = ${GO_PORT_NAME} ] || chown $uid:$gid "$R/dev/$dev"
  done
  [ -e $R/dev/virtio-ports/${CONTROL_PORT_NAME} ] || fail "no virtio-serial port ${CONTROL_PORT_NAME}"
  agent="exec $node /opt/cowork/guest-agent.js --port /dev/virtio-ports/${CONTROL_PORT_NAME}$(agent_limits)"
fi

run_agent() {
  chroot $R /usr/bin/setpriv --reuid=$uid --regid=$gid --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all \\
    /usr/bin/env -i HOME=/scratch/home USER=cowork PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \\
    /bin/sh -c "cd $1 && $agent"
}

if [ "$snapshot" = 1 ]; then
  # The agent runs from a tmpfs copy so the tools share can be unmounted
  # again before the host saves the guest (the snapshot is keyed by its digest).
  mkdir -p $R/run/cowork/agent
  share ${MOUNT_TAGS.tools} $R/opt/cowork loose || fail "mount tools"
  cp $R/opt/cowork/guest-agent.js $R/run/cowork/agent/ || fail "copy agent"
  umount $R/opt/cowork || fail "unmount tools"
  agent=$(echo "$agent" | sed "s#/opt/cowork/guest-agent.js#/run/cowork/agent/guest-agent.js#")
  run_agent / &
  apid=$!
  echo "${INIT_PARKED_MARKER}"
  # Blocks until a host (the restoring one) sends its go line.
  # (A read with no host connected returns end-of-file at once: try again.)
  go=; n=0
  until [ -n "$go" ]; do read -r go < $R/dev/virtio-ports/${GO_PORT_NAME} || sleep 0.02; n=$((n+1)); [ $n -gt 100000 ] && fail "no go line"; done
  for kv in $go; do
    case "$kv" in
      time=*) date -u -s "@\${kv#*=}" >/dev/null || fail "set clock" ;;
      seed=*) seed="\${kv#*=}" ;;
      ws=*) ws="\${kv#*=}" ;;
      scratch=*) scratch="\${kv#*=}" ;;
    esac
  done
  # Every restore of one snapshot starts with the same CRNG state: mix in the
  # host's seed and force a reseed (RNDRESEEDCRNG), or all would draw the same bytes.
  chroot $R /usr/bin/perl -e 'open(my $f, ">", "/dev/urandom") or die; syswrite($f, pack("H*", $ARGV[0])); ioctl($f, 0x5207, 0) or die "reseed: $!\\n"' "$seed" || fail "reseed"
  [ "$scratch" -gt 0 ] && { mount -o remount,size=$scratch $R/scratch || fail "scratch size"; }
  mount_shares
  echo "${INIT_READY_MARKER}"
  wait $apid
else
  echo "${INIT_READY_MARKER}"
  run_agent /workspace
fi
echo "cowork-init: agent exited ($?)"
sync
if [ "$transport" = virtiofs ]; then poweroff -f; else reboot -f; fi
`;
