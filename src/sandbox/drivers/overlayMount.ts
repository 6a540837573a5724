// How the drivers mount the workspace overlay inside their private mount
// namespace (the folder as the read-only lower layer, staging's upper and work
// dirs on top). The kernel's overlayfs, except on a FUSE budget layer
// (staging/writeBudget.ts), which overlayfs refuses as an upper layer: there
// fuse-overlayfs does the same job in user space.

import type { GuestStartOptions } from '../driver';

export type OverlayEngine = NonNullable<NonNullable<GuestStartOptions['overlay']>['engine']>;

/** overlayfs mount options quote their separators with backslashes. */
function kernelEscape(p: string): string {
  return p.replace(/[\\,:]/g, (c) => `\\${c}`);
}

/** The `-o` option string for lower/upper/work. */
export function overlayOptions(lower: string, overlay: { upperDir: string; workDir: string }, engine: OverlayEngine = 'kernel', root = process.getuid?.() === 0): string {
  if (engine === 'fuse') {
    const bad = [lower, overlay.upperDir, overlay.workDir].find((p) => /[,:]/.test(p));
    if (bad) throw new Error(`fuse-overlayfs cannot take a path with "," or ":" in it: ${bad}`);
    // writeback=0: with FUSE's writeback cache a write() past the budget "succeeds" into the page
    // cache and only the flush fails, so `head -c 100G` would never see ENOSPC. Without it, it does.
    return `lowerdir=${lower},upperdir=${overlay.upperDir},workdir=${overlay.workDir},writeback=0`;
  }
  const e = kernelEscape;
  // An unprivileged overlay keeps its metadata in user.* xattrs (Linux >= 5.11).
  return `lowerdir=${e(lower)},upperdir=${e(overlay.upperDir)},workdir=${e(overlay.workDir)}${root ? '' : ',userxattr'}`;
}

/**
 * Shell that mounts the overlay with options "$1" at "$2", then `shift 2 &&
 * exec "$@"`. fuse-overlayfs runs in the foreground under the shell, killed
 * when the exec'd command (same process) exits, and it holds the driver's
 * stdio: the driver sees the guest gone only once the overlay is gone too,
 * so staging never edits layers a daemon still serves.
 */
export function overlayMountScript(engine: OverlayEngine = 'kernel'): string {
  if (engine === 'kernel') return 'mount -t overlay cowork -o "$1" "$2" && shift 2 && exec "$@"';
  return [
    'setpriv --pdeathsig KILL fuse-overlayfs -f -o "$1" "$2" &',
    'n=0; until mountpoint -q "$2"; do kill -0 $! 2>/dev/null || { echo "fuse-overlayfs failed" >&2; exit 1; }; n=$((n+1)); [ $n -lt 500 ] || { echo "fuse-overlayfs did not mount" >&2; exit 1; }; sleep 0.02; done',
    'shift 2 && exec "$@"',
  ].join('\n');
}
