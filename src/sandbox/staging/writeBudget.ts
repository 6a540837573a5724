// The write budget: how many bytes a task may leave in the folder's overlay
// upper layer (everything it writes under /workspace lands there, whatever the
// driver: the overlay is mounted on the host and VMs reach it through 9p or
// virtio-fs). The layers live on a filesystem of exactly that size: a sparse
// ext4 image (it takes host disk only as the task writes), mounted at
// <state>/layers. Past it the filesystem returns ENOSPC to the writer, inside
// the guest, and the host disk never holds more than the image.
//  - root with loop devices: the kernel mounts the image (`loop,discard`: freed
//    blocks go back to the host); the drivers' kernel overlayfs sits on it.
//  - everyone else: fuse2fs mounts it as the user (FUSE, no root), and since
//    overlayfs refuses a FUSE upper layer, the drivers mount fuse-overlayfs
//    instead, which marks deletions with `.wh.<name>` files (staging reads both).
// See docs/sandbox.md ("Write budget") for why not tmpfs or quotas.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { hostTool } from '../hostTools';

const run = promisify(execFile);

export const GiB = 1024 * 1024 * 1024;
export const MiB = 1024 * 1024;
/** The default budget, unless a quarter of the free disk is smaller. */
export const DEFAULT_BUDGET_BYTES = 10 * GiB;
/** ext4 needs a little room of its own; smaller budgets are refused. */
export const MIN_BUDGET_BYTES = 8 * MiB;

/** "512M", "10G", "10GiB", "1.5g", "1048576" (bytes) → bytes; undefined for anything else. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: MiB, g: GiB, t: 1024 * GiB }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

export function formatSize(bytes: number): string {
  if (bytes >= GiB) return `${+(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The budget for a new layer: the requested size (default 10 GiB), but never
 * more than a quarter of the free space where the state lives, so even a full
 * budget plus the copies of new files promoted into the folder leave the disk
 * at least half of what was free.
 */
export function effectiveBudget(requested: number | undefined, freeBytes: number): number {
  const want = requested ?? DEFAULT_BUDGET_BYTES;
  return Math.max(MIN_BUDGET_BYTES, Math.min(want, Math.floor(freeBytes / 4)));
}

export async function freeBytesAt(dir: string): Promise<number> {
  const s = await fsp.statfs(dir);
  return s.bavail * s.bsize;
}

/** How the layer's image is mounted, and so which overlay the drivers put on it. */
export type LayerEngine = 'loop' | 'fuse';

/** The way this host can mount a budget layer, or why it cannot. */
export function layerEngine(): { engine: LayerEngine } | { unsupported: string } {
  if (process.platform !== 'linux') return { unsupported: `write budgets are enforced by the Linux sandbox drivers only (${process.platform})` };
  // COWORK_BUDGET_LAYER=fuse takes the ordinary user's way as root too (containers without loop devices, tests, bench).
  const forceFuse = process.env.COWORK_BUDGET_LAYER === 'fuse';
  if (!forceFuse && process.getuid?.() === 0 && fs.existsSync('/dev/loop-control')) return { engine: 'loop' };
  const missing = ['fuse2fs', 'fuse-overlayfs', 'fusermount3'].filter((tool) => !onPath(tool));
  if (missing.length > 0) return { unsupported: `${missing.join(', ')} not installed (apt install fuse2fs fuse-overlayfs fuse3)` };
  if (!fs.existsSync('/dev/fuse')) return { unsupported: 'no /dev/fuse' };
  return { engine: 'fuse' };
}

/** Why a budget cannot be enforced here, or undefined when it can. */
export function budgetUnsupported(): string | undefined {
  const e = layerEngine();
  return 'unsupported' in e ? e.unsupported : undefined;
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => d && fs.existsSync(path.join(d, tool)));
}

/** Whether `dir` is a mount point, from /proc/self/mountinfo (field 5, octal escapes). */
export function isMountPoint(dir: string): boolean {
  let info: string;
  try {
    info = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return false;
  }
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return info.split('\n').some((line) => unescape(line.split(' ')[4] ?? '') === dir);
}

/**
 * The image size whose free space after mkfs is about `budget`: ext4 keeps a
 * 4 MiB journal (-J size=4), inode tables (256 bytes per 16 KiB, 1.6%), group
 * metadata and the 0.1% reserve (-m 0.1) of its own.
 */
export function imageBytesFor(budget: number): number {
  const raw = budget + Math.ceil(budget / 40) + Math.ceil(budget / 1000) + 6 * MiB;
  return Math.ceil(raw / (4 * 1024)) * 4 * 1024;
}

/** One folder's budget layer: <state>/layers.img mounted at <state>/layers, holding upper/ and work/. */
export class BudgetLayer {
  readonly image: string;
  readonly mountDir: string;
  /** The size of the mounted layer (the budget it enforces), once mounted. */
  bytes = 0;

  constructor(
    stateDir: string,
    private readonly requested: number | undefined,
    readonly engine: LayerEngine,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.image = path.join(stateDir, 'layers.img');
    this.mountDir = path.join(stateDir, 'layers');
  }

  get upper(): string {
    return path.join(this.mountDir, 'upper');
  }

  get work(): string {
    return path.join(this.mountDir, 'work');
  }

  /** Mounts the layer, creating its image first when there is none (or a crash left it mounted: reused). */
  async mount(): Promise<void> {
    await fsp.mkdir(this.mountDir, { recursive: true, mode: 0o700 });
    // A fuse2fs that died leaves a mount point that answers ENOTCONN: drop it and mount again.
    if (isMountPoint(this.mountDir) && !(await fsp.stat(this.mountDir).then(() => true, () => false))) await this.unmount();
    if (!isMountPoint(this.mountDir)) {
      const fresh = !fs.existsSync(this.image);
      if (fresh) await this.create();
      if (this.engine === 'loop') await run('mount', ['-t', 'ext4', '-o', 'loop,discard,nosuid,nodev', this.image, this.mountDir]);
      // fakeroot: the image's own permission checks pass for its owner, who is the only one reaching it.
      else await run('fuse2fs', [this.image, this.mountDir, '-o', 'fakeroot']);
      if (fresh) await this.trimToBudget();
    }
    const meta = JSON.parse(await fsp.readFile(`${this.image}.json`, 'utf8').catch(() => '{}')) as { budgetBytes?: number };
    this.bytes = meta.budgetBytes ?? (await this.usage()).free;
    await fsp.mkdir(this.upper, { recursive: true });
    await fsp.mkdir(this.work, { recursive: true });
  }

  private async create(): Promise<void> {
    const bytes = effectiveBudget(this.requested, await freeBytesAt(path.dirname(this.image)));
    if (this.requested !== undefined && bytes < this.requested) {
      this.log(`write budget: ${formatSize(this.requested)} asked, ${formatSize(bytes)} used (a quarter of the free disk)`);
    }
    const tmp = `${this.image}.new`;
    await fsp.rm(tmp, { force: true });
    const fh = await fsp.open(tmp, 'w', 0o600);
    await fh.truncate(imageBytesFor(bytes)); // sparse: no blocks until written
    await fh.close();
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    // -m 0.1: a token reserve. Not 0: fuse2fs lets nobody use reserved blocks and, when the count is 0,
    // reserves 10% of the image instead, which swallowed the slack below, so a task on the FUSE layer
    // that used up its budget could not even delete a file (its whiteout found no room). One inode per 16 KiB.
    await run(hostTool('mkfs.ext4'), ['-q', '-F', '-m', '0.1', '-i', '16384', '-J', 'size=4', '-E', `root_owner=${uid}:${gid}`, '-L', 'cowork-layer', tmp]);
    await fsp.writeFile(`${this.image}.json`, JSON.stringify({ budgetBytes: bytes }));
    await fsp.rename(tmp, this.image);
  }

  /**
   * ext4's overhead is only estimated by imageBytesFor; whatever is free beyond
   * the budget goes into a preallocated file next to upper/ (unwritten extents:
   * no data written, no host blocks), so the task can write exactly the budget.
   * Of that, `slack` is kept apart: a full filesystem cannot even record a
   * deletion (a whiteout needs an inode and maybe a directory block), so when
   * the budget runs out the slack is given back (releaseSlack) and the task can
   * delete what it wrote.
   */
  private async trimToBudget(): Promise<void> {
    const meta = JSON.parse(await fsp.readFile(`${this.image}.json`, 'utf8')) as { budgetBytes: number };
    const extra = (await this.usage()).free - meta.budgetBytes;
    const slack = Math.min(this.slackBytes(meta.budgetBytes), Math.max(0, extra));
    if (extra - slack > 64 * 1024) await run('fallocate', ['-l', String(extra - slack), path.join(this.mountDir, 'reserve')]);
    if (slack > 0) await run('fallocate', ['-l', String(slack), this.slackFile]);
  }

  private slackBytes(budget: number): number {
    return Math.min(4 * MiB, Math.max(256 * 1024, Math.floor(budget / 100)));
  }

  private get slackFile(): string {
    return path.join(this.mountDir, 'slack');
  }

  /** Frees the slack so a task that used up its budget can still delete files. */
  async releaseSlack(): Promise<void> {
    await fsp.rm(this.slackFile, { force: true });
  }

  /** Sets the slack aside again once the task has freed room for it (twice its size). */
  async restoreSlack(): Promise<void> {
    if (fs.existsSync(this.slackFile)) return;
    const slack = this.slackBytes(this.bytes);
    if ((await this.usage()).free < 2 * slack) return;
    await run('fallocate', ['-l', String(slack), this.slackFile]).catch(() => undefined);
  }

  /**
   * Bytes used and free on the layer (what the task has left). On the loop layer the overlay writes with
   * its mounter's (root's) credentials, which may use ext4's reserved blocks; fuse2fs lets nobody use them.
   */
  async usage(): Promise<{ used: number; free: number }> {
    const s = await fsp.statfs(this.mountDir);
    return { used: (s.blocks - s.bfree) * s.bsize, free: (this.engine === 'loop' ? s.bfree : s.bavail) * s.bsize };
  }

  /** Unmounts the layer (the guest must be stopped). */
  async unmount(): Promise<void> {
    if (!isMountPoint(this.mountDir)) return;
    if (this.engine === 'loop') await run('umount', [this.mountDir]);
    else await run('fusermount3', ['-u', this.mountDir]);
  }

  /** An empty layer sized afresh (the budget setting or the free disk may have changed). Guest must be stopped. */
  async recreate(): Promise<void> {
    await this.unmount();
    await fsp.rm(this.image, { force: true });
    await fsp.rm(`${this.image}.json`, { force: true });
    await this.mount();
  }
}
