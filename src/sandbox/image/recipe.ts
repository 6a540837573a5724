// Everything that decides what the guest image contains lives here, so that a
// change to the recipe is one edit and one version bump. The version names the
// cache directory: a host with an older image simply builds (or downloads) the
// new one next to it.

/** Bump whenever anything below, the init script or the build steps change. */
export const IMAGE_VERSION = 'trixie-2026.12.01-11';

export const DEBIAN_SUITE = 'trixie';
export const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
export const DEBIAN_SECURITY_MIRROR = 'http://deb.debian.org/debian-security';

/** Debian architecture names by Node's `process.arch`. */
export const DEBIAN_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/**
 * Packages in the rootfs on top of `--variant=minbase` (ROOTFS_PACKAGES, below): the agent's runtime
 * (Node 20 on trixie, matching the host), shell tools, socat (bridges vsock to
 * the agent's stdio under the vz driver), and the document tools the office
 * skills use inside the sandbox: LibreOffice headless (trixie's, 25.2 or later, computes
 * XLOOKUP/XMATCH, bookworm's 7.4 does not) with python3-uno, poppler, the
 * metric-compatible fonts (Calibri, Cambria, Arial/Times/Courier layouts),
 * python-docx/openpyxl, pandas and matplotlib. One image rather than an office
 * layer: see docs/sandbox-images.md ("One image") for the sizes and times.
 */
export const BASE_PACKAGES = ['nodejs', 'python3', 'bash', 'coreutils', 'findutils', 'grep', 'sed', 'socat'];

/** The document tools (listed apart so tests and docs can name them). */
export const OFFICE_PACKAGES = [
  'libreoffice-writer-nogui',
  'libreoffice-calc-nogui',
  'libreoffice-impress-nogui',
  'python3-uno',
  'poppler-utils',
  'fonts-crosextra-carlito',
  'fonts-crosextra-caladea',
  'fonts-liberation2',
  'python3-docx',
  'python3-openpyxl',
  'python3-pandas',
  'python3-matplotlib',
  // PDF work: qpdf (structure, repair, split/merge), pypdf (forms, pages from Python), OCR for scans.
  'qpdf',
  'python3-pypdf',
  'tesseract-ocr',
  'tesseract-ocr-eng',
];

export const ROOTFS_PACKAGES = [...BASE_PACKAGES, ...OFFICE_PACKAGES];

/** The kernel meta package; the build resolves it to the versioned package and downloads only that. */
export const KERNEL_META_PACKAGE: Record<string, string> = { amd64: 'linux-image-amd64', arm64: 'linux-image-arm64' };

/**
 * Kernel modules the initramfs loads, in this order (dependencies are resolved
 * from modules.dep and loaded first). Both transports are included so one
 * initramfs serves the qemu driver (virtio-mmio/pci, 9p, virtio-serial) and the
 * vz driver (virtio-pci, virtio-fs, vsock).
 */
export const INITRAMFS_MODULES = [
  'virtio_mmio',
  'virtio_pci',
  'virtio_console',
  '9pnet_virtio',
  '9p',
  'virtiofs',
  'vmw_vsock_virtio_transport',
  'overlay',
];

/**
 * Also in the initramfs but loaded only for a read-only ext4 root on
 * virtio-blk (lib/modules/load-order.blk): what a saved-and-restored guest
 * needs, since QEMU refuses to migrate while a 9p export is mounted
 * (bench/boot-snapshot.bench.ts). Kept off the normal boot path.
 */
export const INITRAMFS_BLOCK_ROOT_MODULES = ['virtio_blk', 'crc32c_generic', 'ext4'];

/** Directories created in the rootfs as mount points (the rootfs is mounted read-only in the VM). */
export const ROOTFS_MOUNT_POINTS = ['workspace', 'skills', 'scratch', 'opt/cowork', 'run', 'tmp', 'proc', 'sys', 'dev'];

/** The unprivileged account the guest agent runs as; its uid is remapped at boot to the folder owner's. */
export const GUEST_USER = { name: 'cowork', uid: 1000, gid: 1000, home: '/scratch/home' };

/** Artefact file names inside an image directory. */
export const ARTEFACTS = {
  kernel: 'vmlinux',
  initramfs: 'initramfs.cpio',
  rootfs: 'rootfs',
  manifest: 'manifest.json',
} as const;
