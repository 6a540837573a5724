// The namespace driver when the host runs as root on a folder another user
// owns (a dev container on a bind-mounted checkout, CI jobs run as root on a
// user's clone). bwrap maps the sandbox's uid 1000 to the uid that runs it, so
// as root the person's files (uid F) would appear as nobody and nothing in the
// folder could be changed. So here bwrap runs as F: its user namespace maps
// 1000 to F, the person's files appear as the agent's own, and files of other
// users (root's included) as nobody, as for an ordinary user.
//
// F may not be able to reach what bwrap binds: the image, the tools and the
// overlay usually sit under root's home (0700). So, still as root in the
// driver's private mount namespace and after the overlay is mounted, a small
// tmpfs gets one bind per source (image rootfs, tools, workspace, skills) and
// is moved onto /tmp (in that namespace only: the host's /tmp is untouched);
// then root drops to F (setpriv, no groups, no capabilities) and runs bwrap
// with paths under /tmp (as a child: see OWNER_VIEW_SCRIPT). The overlay root (the upper dir) is given to F, with
// the folder's mode, so the agent can create files at the top of /workspace.
// (Why not bwrap --userns with a map 1000 → F made by root: bwrap then does
// its set-up as the sandbox uid anyway, and sets the uid before the gid.)

import * as fs from 'node:fs';

/** Who runs bwrap: the folder's owner when the host is root and the owner is not. */
export interface SandboxOwner {
  uid: number;
  gid: number;
}

/** The folder owner bwrap must run as, or undefined when it runs as the caller (an ordinary user, or root on root's folder). */
export function foreignOwner(folder: string, callerUid: number = process.getuid?.() ?? 0): SandboxOwner | undefined {
  if (callerUid !== 0) return undefined;
  const st = fs.statSync(folder);
  return st.uid === 0 ? undefined : { uid: st.uid, gid: st.gid };
}

/** Where the sources are reachable for the owner, inside the driver's mount namespace. */
export const OWNER_VIEW_AT = '/tmp';

/** The sources to bind into the view: name in the view → host path. */
export type ViewSources = Array<[string, string]>;

/**
 * Shell run after the overlay mount: "$1" the view's mount point (an empty dir
 * in the state dir), "$2" uid, "$3" gid, then name/path pairs, then `--` and
 * the bwrap command line, which it execs as that uid/gid.
 */
export const OWNER_VIEW_SCRIPT = [
  'view=$1; uid=$2; gid=$3; shift 3',
  'mount -t tmpfs -o mode=0755,size=1m cowork-view "$view" || exit 1',
  // --rbind: a source may hold mounts of its own (qemu's skills view: one bind per skill).
  'while [ "$1" != -- ]; do mkdir -p "$view/$1" && mount --rbind "$2" "$view/$1" || exit 1; shift 2; done',
  'shift',
  `mount --move "$view" ${OWNER_VIEW_AT} || exit 1`,
  // Not exec'd: this shell stays root, the parent of fuse-overlayfs (FUSE layer), whose parent-death
  // signal an exiting process of the owner's would not be allowed to send: it would outlive the guest,
  // holding the driver's stdio and the budget layer (seen: the layer stayed mounted after dispose).
  'setpriv --reuid="$uid" --regid="$gid" --clear-groups --inh-caps=-all --bounding-set=-all "$@"',
].join('\n');

/** argv (after the overlay's own) that builds the view and runs `command` as the owner. */
export function ownerViewArgv(view: string, owner: SandboxOwner, sources: ViewSources, command: string[]): string[] {
  fs.mkdirSync(view, { recursive: true, mode: 0o700 });
  // The shell dies with the driver's process (bwrap, its child, dies with it: --die-with-parent).
  return ['setpriv', '--pdeathsig', 'KILL', '/bin/sh', '-c', OWNER_VIEW_SCRIPT, 'cowork-view', view, String(owner.uid), String(owner.gid), ...sources.flat(), '--', ...command];
}

/** Gives the overlay's root to the owner, with the folder's mode (undone by the fallback if a VM took it). */
export function upperRootForOwner(folder: string, upperDir: string, owner: SandboxOwner): void {
  const st = fs.statSync(upperDir);
  if (st.uid !== owner.uid || st.gid !== owner.gid) fs.chownSync(upperDir, owner.uid, owner.gid);
  fs.chmodSync(upperDir, fs.statSync(folder).mode & 0o7777);
}
