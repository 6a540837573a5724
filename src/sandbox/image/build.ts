// Builds the guest image on this machine: mmdebstrap makes the rootfs; the
// kernel and a static busybox are fetched as .debs from the same mirror inside
// that build (so no host apt state is needed), then unpacked to produce the
// uncompressed kernel and the initramfs. Everything is written to a temporary
// sibling directory and renamed into place, so an interrupted build never
// leaves something findImage() would accept.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInitramfs } from './initramfs';
import { verifyImage, writeManifest } from './manifest';
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
import { findImage, imageDir, imageInfo, type ImageInfo } from './store';
import { extractKernel } from './vmlinux';

export type BuildProgress = (step: string) => void;

export interface BuildOptions {
  /** Rebuild even when a complete image of this version exists. */
  force?: boolean;
  /** Debian architecture; defaults to the host's. */
  arch?: string;
}

function run(cmd: string, args: string[], progress: BuildProgress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (b: Buffer): void => {
      tail = (tail + b.toString()).slice(-4000);
      for (const line of b.toString().split('\n')) if (line.trim()) progress(`  ${line.trim()}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message} (is it installed?)`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}:\n${tail}`))));
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
    `chroot "$1" sh -c 'cd /tmp && apt-get download -q busybox-static $(apt-cache depends ${meta} | sed -n "s/.*Depends: //p" | grep "^linux-image-")'`,
    `mkdir -p '${debsOut}' && mv "$1"/tmp/*.deb '${debsOut}/'`,
    // The VM never needs these, and every file is one more thing to hash and share.
    `rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*`,
  ];
}

async function buildRootfs(arch: string, rootfs: string, debsOut: string, progress: BuildProgress): Promise<void> {
  const args = [
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
    rootfs,
    `deb ${DEBIAN_MIRROR} ${DEBIAN_SUITE} main`,
    `deb ${DEBIAN_MIRROR} ${DEBIAN_SUITE}-updates main`,
    `deb ${DEBIAN_SECURITY_MIRROR} ${DEBIAN_SUITE}-security main`,
  ];
  await run('mmdebstrap', args, progress);
}

function findDeb(dir: string, prefix: string): string {
  const f = readdirSync(dir).find((n) => n.startsWith(prefix) && n.endsWith('.deb'));
  if (!f) throw new Error(`no ${prefix}*.deb was downloaded into ${dir}`);
  return join(dir, f);
}

/**
 * Returns the current image, building it first when absent (or when `force`).
 * Needs root (or mmdebstrap's unshare mode), mmdebstrap, dpkg-deb, xz and
 * network access to the Debian mirror.
 */
export async function buildImage(progress: BuildProgress = () => undefined, opts: BuildOptions = {}): Promise<ImageInfo> {
  const arch = opts.arch ?? DEBIAN_ARCH[process.arch];
  if (!arch || !KERNEL_META_PACKAGE[arch]) throw new Error(`no guest image recipe for architecture ${process.arch}`);
  const existing = findImage();
  if (existing && !opts.force) {
    progress(`image ${IMAGE_VERSION} already present at ${existing.dir}`);
    return existing;
  }
  const final = imageDir();
  const tmp = `${final}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const debs = join(tmp, '.debs');
    const t0 = Date.now();
    progress(`rootfs: mmdebstrap ${DEBIAN_SUITE} (${ROOTFS_PACKAGES.join(' ')})`);
    await buildRootfs(arch, join(tmp, ARTEFACTS.rootfs), debs, progress);
    progress(`rootfs done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const unpacked = join(tmp, '.unpacked');
    await run('dpkg-deb', ['-x', findDeb(debs, 'linux-image-'), unpacked], progress);
    await run('dpkg-deb', ['-x', findDeb(debs, 'busybox-static'), unpacked], progress);
    const release = readdirSync(join(unpacked, 'lib/modules'))[0];
    if (!release) throw new Error('kernel package has no /lib/modules/<release>');

    progress(`kernel ${release}: extracting the uncompressed kernel`);
    writeFileSync(join(tmp, ARTEFACTS.kernel), extractKernel(readFileSync(join(unpacked, 'boot', `vmlinuz-${release}`)), arch));

    const { cpio, modules } = buildInitramfs({
      busybox: readFileSync(join(unpacked, 'bin/busybox')),
      modulesDir: join(unpacked, 'lib/modules', release),
    });
    writeFileSync(join(tmp, ARTEFACTS.initramfs), cpio);
    progress(`initramfs: ${(cpio.length / 1024).toFixed(0)} KiB, modules ${modules.join(' ')}`);
    rmSync(unpacked, { recursive: true, force: true });
    rmSync(debs, { recursive: true, force: true });

    progress('manifest: hashing artefacts');
    writeManifest(tmp, { version: IMAGE_VERSION, arch, kernelRelease: release });
    verifyImage(tmp);

    if (existsSync(final)) rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
    progress(`image ${IMAGE_VERSION} ready at ${final} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return imageInfo(final);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
