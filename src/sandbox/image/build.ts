// Builds the guest image on this machine: mmdebstrap makes the rootfs; the
// kernel and a static busybox are fetched as .debs from the same mirror inside
// that build (so no host apt state is needed), then unpacked to produce the
// uncompressed kernel and the initramfs. Root uses mmdebstrap's root mode, an
// ordinary user its unshare mode (buildHost.ts). Everything is written to a
// temporary sibling directory and renamed into place, so an interrupted build
// never leaves something findImage() would accept.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBuildHost, type BuildMode } from './buildHost';
import { buildInitramfs } from './initramfs';
import { verifyImageAsync, writeManifest } from './manifest';
import { monotonic, PrepareCancelled, throwIfAborted, type StepListener } from './progress';
import {
  ARTEFACTS,
  DEBIAN_ARCH,
  DEBIAN_MIRROR,
  DEBIAN_SECURITY_MIRROR,
  DEBIAN_SUITE,
  GUEST_USER,
  IMAGE_VERSION,
  KERNEL_META_PACKAGE,
  ROOTFS_MOUNT_POINTS,
  ROOTFS_PACKAGES,
} from './recipe';
import { findImage, imageDir, imageInfo, installImageDir, type ImageInfo } from './store';
import { extractTar, removeTree } from './tarExtract';
import { extractKernel } from './vmlinux';

export type BuildProgress = (step: string) => void;

export interface BuildOptions {
  /** Rebuild even when a complete image of this version exists. */
  force?: boolean;
  /** Debian architecture; defaults to the host's. */
  arch?: string;
  /** Phases and percent, for a progress bar. */
  onStep?: StepListener;
  /** Stops the build (mmdebstrap gets SIGTERM and cleans up); the call then rejects with PrepareCancelled. */
  signal?: AbortSignal;
}

/** mmdebstrap's log lines that start a phase, with the overall percent reached there. */
const MMDEBSTRAP_PHASES: Array<[RegExp, number, string]> = [
  [/running apt-get update/, 2, 'reading the Debian package lists'],
  [/downloading packages/, 5, 'downloading Debian packages'],
  [/extracting archives/, 25, 'unpacking the base system'],
  [/installing essential packages/, 30, 'installing the base system'],
  [/installing remaining packages/, 40, 'installing packages'],
  [/running --customize-hook/, 80, 'setting up the guest'],
  [/cleaning package lists/, 84, 'cleaning up'],
  [/creating tarball/, 85, 'writing the root filesystem'],
];

interface RunOptions {
  progress: BuildProgress;
  signal?: AbortSignal;
  /** Receives stdout as a byte stream instead of as log lines. */
  stdout?: (out: NodeJS.ReadableStream) => Promise<unknown>;
}

function run(cmd: string, args: string[], o: RunOptions): Promise<void> {
  throwIfAborted(o.signal);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let consumed: Promise<unknown> = Promise.resolve();
    const onData = (b: Buffer): void => {
      tail = (tail + b.toString()).slice(-4000);
      for (const line of b.toString().split('\n')) if (line.trim()) o.progress(`  ${line.trim()}`);
    };
    // SIGTERM, not SIGKILL: mmdebstrap unmounts and removes its chroot on TERM.
    const onAbort = (): void => void child.kill('SIGTERM');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.stdout) {
      consumed = o.stdout(child.stdout).catch((e: unknown) => {
        child.kill('SIGTERM');
        throw e;
      });
      consumed.catch(() => undefined);
    } else child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message} (is it installed?)`)));
    child.on('close', (code) => {
      o.signal?.removeEventListener('abort', onAbort);
      consumed.then(
        () => {
          if (o.signal?.aborted) reject(new PrepareCancelled());
          else if (code === 0) resolve();
          else reject(new Error(`${cmd} exited with ${code}:\n${tail}`));
        },
        (e: unknown) => reject(o.signal?.aborted ? new PrepareCancelled() : e),
      );
    });
  });
}

/** The shell hooks mmdebstrap runs inside the new rootfs ($1 is its path). */
function customizeHooks(arch: string, debsOut: string): string[] {
  const u = GUEST_USER;
  const meta = KERNEL_META_PACKAGE[arch];
  return [
    // The agent's account; init renumbers it to the folder owner's uid at boot.
    `echo '${u.name}:x:${u.uid}:${u.gid}:cowork agent:${u.home}:/bin/bash' >> "$1/etc/passwd"`,
    `echo '${u.name}:x:${u.gid}:' >> "$1/etc/group"`,
    `echo '${u.name}:!:19000::::::' >> "$1/etc/shadow"`,
    `for d in ${ROOTFS_MOUNT_POINTS.join(' ')}; do mkdir -p "$1/$d"; done`,
    // Kernel and busybox come from the same mirror and snapshot as the rootfs but stay out of it.
    `chroot "$1" sh -c 'mkdir -p /tmp/cowork-debs && cd /tmp/cowork-debs && apt-get download -q busybox-static $(apt-cache depends ${meta} | sed -n "s/.*Depends: //p" | grep "^linux-image-")'`,
    // copy-out is done by mmdebstrap outside the chroot, as the calling user: in
    // unshare mode the chroot's root cannot write to that user's files.
    `copy-out /tmp/cowork-debs ${debsOut}`,
    `rm -rf "$1"/tmp/cowork-debs`,
    // The VM never needs these, and every file is one more thing to hash and share.
    `rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*`,
  ];
}

/**
 * mmdebstrap writes the rootfs as a tar stream (the same bytes in root and
 * unshare mode), unpacked here as the calling user: an ordinary user's image
 * is owned by that user, without the subordinate-id owners a directory
 * target would get, and without device nodes (every driver mounts /dev).
 */
async function buildRootfs(mode: BuildMode, arch: string, rootfs: string, debsOut: string, o: RunOptions, onStep: StepListener): Promise<void> {
  const args = [
    `--mode=${mode}`,
    '--format=tar',
    '--variant=minbase',
    `--architectures=${arch}`,
    `--include=${ROOTFS_PACKAGES.join(',')}`,
    // Keep docs and translations out: smaller rootfs, faster to hash and share.
    '--dpkgopt=path-exclude=/usr/share/man/*',
    '--dpkgopt=path-exclude=/usr/share/doc/*',
    '--dpkgopt=path-include=/usr/share/doc/*/copyright',
    '--dpkgopt=path-exclude=/usr/share/locale/*',
    '--dpkgopt=path-exclude=/usr/share/info/*',
    ...customizeHooks(arch, debsOut).map((h) => `--customize-hook=${h}`),
    DEBIAN_SUITE,
    '-',
    `deb ${DEBIAN_MIRROR} ${DEBIAN_SUITE} main`,
    `deb ${DEBIAN_MIRROR} ${DEBIAN_SUITE}-updates main`,
    `deb ${DEBIAN_SECURITY_MIRROR} ${DEBIAN_SUITE}-security main`,
  ];
  const progress: BuildProgress = (line) => {
    for (const [re, percent, message] of MMDEBSTRAP_PHASES) if (re.test(line)) onStep({ phase: 'build', percent, message });
    o.progress(line);
  };
  await run('mmdebstrap', args, {
    ...o,
    progress,
    stdout: async (out) => {
      const r = await extractTar(out as AsyncIterable<Buffer>, rootfs);
      o.progress(`  rootfs unpacked: ${r.files} files, ${r.dirs} directories, ${r.symlinks} links; left out ${r.skipped.length} device nodes`);
    },
  });
}

function findDeb(dir: string, prefix: string): string {
  const f = readdirSync(dir).find((n) => n.startsWith(prefix) && n.endsWith('.deb'));
  if (!f) throw new Error(`no ${prefix}*.deb was downloaded into ${dir}`);
  return join(dir, f);
}

/**
 * Returns the current image, building it first when absent (or when `force`).
 * Needs mmdebstrap and dpkg-deb, network access to the Debian mirror, and
 * either root or, for an ordinary user, working user namespaces with a
 * subordinate id range (checkBuildHost names what is missing).
 */
export async function buildImage(progress: BuildProgress = () => undefined, opts: BuildOptions = {}): Promise<ImageInfo> {
  const arch = opts.arch ?? DEBIAN_ARCH[process.arch];
  if (!arch || !KERNEL_META_PACKAGE[arch]) throw new Error(`no guest image recipe for architecture ${process.arch}`);
  const existing = findImage();
  if (existing && !opts.force) {
    progress(`image ${IMAGE_VERSION} already present at ${existing.dir}`);
    return existing;
  }
  const mode = checkBuildHost();
  const onStep = monotonic(opts.onStep ?? (() => undefined));
  const o: RunOptions = { progress, signal: opts.signal };
  const final = imageDir();
  const tmp = `${final}.partial-${process.pid}`;
  removeTree(tmp);
  mkdirSync(tmp, { recursive: true });
  try {
    const debsOut = join(tmp, '.debs');
    mkdirSync(debsOut);
    const t0 = Date.now();
    progress(`rootfs: mmdebstrap ${DEBIAN_SUITE}, ${mode} mode (${ROOTFS_PACKAGES.join(' ')})`);
    onStep({ phase: 'build', percent: 0, message: `building the sandbox image (Debian ${DEBIAN_SUITE})` });
    await buildRootfs(mode, arch, join(tmp, ARTEFACTS.rootfs), debsOut, o, onStep);
    progress(`rootfs done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const debs = join(debsOut, 'cowork-debs');
    const unpacked = join(tmp, '.unpacked');
    onStep({ phase: 'build', percent: 90, message: 'extracting the kernel' });
    await run('dpkg-deb', ['-x', findDeb(debs, 'linux-image-'), unpacked], o);
    await run('dpkg-deb', ['-x', findDeb(debs, 'busybox-static'), unpacked], o);
    // Merged /usr (trixie) ships modules and busybox under usr/; bookworm's packages did not.
    const inUsr = (rel: string): string => (existsSync(join(unpacked, 'usr', rel)) ? join(unpacked, 'usr', rel) : join(unpacked, rel));
    const modulesRoot = inUsr('lib/modules');
    const release = existsSync(modulesRoot) ? readdirSync(modulesRoot)[0] : undefined;
    if (!release) throw new Error('kernel package has no /lib/modules/<release> (nor /usr/lib/modules)');

    progress(`kernel ${release}: extracting the uncompressed kernel`);
    writeFileSync(join(tmp, ARTEFACTS.kernel), extractKernel(readFileSync(join(unpacked, 'boot', `vmlinuz-${release}`)), arch));

    const { cpio, modules } = buildInitramfs({
      busybox: readFileSync(inUsr('bin/busybox')),
      modulesDir: join(modulesRoot, release),
    });
    writeFileSync(join(tmp, ARTEFACTS.initramfs), cpio);
    progress(`initramfs: ${(cpio.length / 1024).toFixed(0)} KiB, modules ${modules.join(' ')}`);
    removeTree(unpacked);
    removeTree(debsOut);
    throwIfAborted(opts.signal);

    progress('manifest: hashing artefacts');
    onStep({ phase: 'verify', percent: 94, message: 'checking the image' });
    writeManifest(tmp, { version: IMAGE_VERSION, arch, kernelRelease: release });
    await verifyImageAsync(tmp, { signal: opts.signal, onFraction: (f) => onStep({ phase: 'verify', percent: 94 + 5 * f, message: 'checking the image' }) });

    installImageDir(tmp, final);
    onStep({ phase: 'install', percent: 100, message: 'sandbox image ready' });
    progress(`image ${IMAGE_VERSION} ready at ${final} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return imageInfo(final);
  } catch (e) {
    removeTree(tmp);
    throw e;
  }
}
