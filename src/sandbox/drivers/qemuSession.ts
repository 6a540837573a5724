// Where QEMU runs on the host: a private user and mount namespace per guest.
//
// uids through 9p. QEMU's 9p server (security_model=none) reports each file's
// owner as QEMU itself sees it, and the guest kernel checks permissions against
// those numbers. So QEMU runs in a user namespace that maps the host caller
// (an ordinary user, or root when the folder is root's) to uid/gid 1000, the
// uid the agent runs as in the guest: the person's own files appear as the
// agent's, and files of other host users appear as nobody (65534). Without the
// map an ordinary user's files appeared as root (--map-root-user) and root's
// files as root to an agent of uid 1000: writes got EACCES.
// Root working on a folder another user F owns (a dev container on a
// bind-mounted checkout) gets the same in two steps, as the namespace driver
// does (namespaceOwner.ts): root makes the mounts in a private mount
// namespace (F often cannot reach the state dir, the image or the tools, all
// under root's 0700 home, so each source QEMU opens is bound into a view moved
// onto /tmp, and QEMU is given those paths: ownerView in qemuConfig.ts), then drops to F
// and runs QEMU in a user namespace mapping F to 1000, exactly as F itself
// would. So QEMU is never root, and F's files appear as the agent's.
//
// In that namespace a short script (with the capabilities the new namespace
// grants, kept across exec by --keep-caps) mounts:
//   - the workspace overlay: the folder as lower layer, the session's upper dir
//     (where staging reads) as upper, at `merged`;
//   - every skill folder bound onto an empty folder of `skillsView`, so all
//     skills reach the guest through one 9p share whatever their number;
// then drops every capability and execs QEMU. The mounts are private to that
// namespace and vanish with QEMU.

import { chownSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ownerViewArgv, type SandboxOwner, type ViewSources } from './namespaceOwner';
import { overlayMountScript, overlayOptions, type OverlayEngine } from './overlayMount';

/** The uid/gid the agent runs as in a qemu guest, and what the host caller maps to. */
export const QEMU_GUEST_ID = 1000;

/**
 * Who the agent is in the guest (always 1000) and how QEMU gets there: in a
 * user namespace mapping the caller to it (`userns`), or, for root on a folder
 * of F's, mounts made as root and then QEMU run as `owner` in F's own.
 */
export interface QemuIdentity {
  uid: number;
  gid: number;
  userns: boolean;
  owner?: SandboxOwner;
}

export function qemuIdentity(folder: string, callerUid: number = process.getuid?.() ?? 0): QemuIdentity {
  const agent = { uid: QEMU_GUEST_ID, gid: QEMU_GUEST_ID };
  if (callerUid !== 0) return { ...agent, userns: true };
  const st = statSync(folder);
  if (st.uid === 0) return { ...agent, userns: true };
  return { ...agent, userns: false, owner: { uid: st.uid, gid: st.gid } };
}

/** The driver's sockets (and the folder QEMU creates its QMP socket in) become the owner's, who must connect to them. */
export function socketsForOwner(id: QemuIdentity, dir: string): void {
  if (!id.owner) return;
  for (const p of [dir, ...readdirSync(dir).map((n) => join(dir, n))]) chownSync(p, id.owner.uid, id.owner.gid);
}

/** Skill names become folder names in the skills view: no separators, no dot-names. */
const SKILL_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export interface SessionMounts {
  /** Map the caller to QEMU_GUEST_ID in a user namespace (see qemuIdentity); otherwise a mount namespace only, as root. */
  userns: boolean;
  /** Root on a folder of F's: after the mounts, QEMU runs as F (no user namespace at first then). */
  owner?: { who: SandboxOwner; viewDir: string; sources: ViewSources };
  /** The folder (lower layer), its session overlay and where to mount it; absent: the folder is shared as is. */
  overlay?: { lower: string; upperDir: string; workDir: string; merged: string; engine?: OverlayEngine };
  /** Empty folder that holds one empty folder per skill, bound over inside the namespace. */
  skillsView: string;
  /** Skill name -> host folder. */
  skillDirs: Record<string, string>;
}

/**
 * Creates `skillsView` with one empty folder per skill (old ones removed). The
 * folders are the mount points of the binds sessionWrapper makes; on the host
 * they stay empty.
 */
export function prepareSkillsView(view: string, skillDirs: Record<string, string>): void {
  mkdirSync(view, { recursive: true, mode: 0o755 });
  for (const old of readdirSync(view)) rmSync(join(view, old), { recursive: true, force: true });
  for (const name of Object.keys(skillDirs)) {
    if (!SKILL_NAME.test(name)) throw new Error(`skill name not allowed: ${JSON.stringify(name)}`);
    mkdirSync(join(view, name), { mode: 0o755 });
  }
}

// $1 skills view, $2 skill count, then count pairs (host folder, name), then
// the overlay options ('' for none) and where to mount it, then QEMU's argv.
// No read-only remount of the binds: the 9p share itself is readonly=on, and a
// remount would have to repeat every locked flag of the source mount.
const BIND_SKILLS = 'view=$1; n=$2; shift 2\nwhile [ "$n" -gt 0 ]; do mount --bind "$1" "$view/$2" || exit 1; shift 2; n=$((n-1)); done';

function script(engine: OverlayEngine): string {
  return [BIND_SKILLS, 'if [ -z "$1" ]; then shift 2 && exec "$@"; fi', overlayMountScript(engine)].join('\n');
}

/** In a user namespace QEMU needs no capability at all once the mounts are made. */
const DROP_CAPS = ['--inh-caps=-all', '--ambient-caps=-all', '--bounding-set=-all', '--no-new-privs'];
/**
 * QEMU dies with the process that started it (the extension host, the CLI): killed, that process
 * would otherwise leave a running guest holding the folder's overlay. Set last, right before QEMU,
 * since the kernel clears it on a change of credentials.
 */
const DIE_WITH_PARENT = ['--pdeathsig', 'KILL'];

/** The argv that runs `command` (QEMU) inside the session's namespaces with these mounts. */
export function sessionWrapper(m: SessionMounts, command: string[]): string[] {
  const o = m.overlay;
  // overlayOptions' last argument: whether the mount is made as real root (trusted.* xattrs) or in a user namespace (userxattr).
  // A FUSE overlay mounted by root serves only root unless told otherwise.
  const opts = o ? overlayOptions(o.lower, o, o.engine, !m.userns) + (m.owner && o.engine === 'fuse' ? ',allow_other' : '') : '';
  const skills = Object.keys(m.skillDirs).sort();
  const qemu = ['setpriv', ...DIE_WITH_PARENT, ...(m.userns || m.owner ? DROP_CAPS : []), ...command];
  const ownersUserns = ['unshare', '--user', `--map-user=${QEMU_GUEST_ID}`, `--map-group=${QEMU_GUEST_ID}`];
  return [
    'unshare',
    ...(m.userns ? ['--user', `--map-user=${QEMU_GUEST_ID}`, `--map-group=${QEMU_GUEST_ID}`, '--keep-caps'] : []),
    '--mount', '--propagation', 'private',
    '/bin/sh', '-c', script(o?.engine ?? 'kernel'), 'cowork-vm', m.skillsView, String(skills.length),
    ...skills.flatMap((s) => [m.skillDirs[s] as string, s]),
    opts, o?.merged ?? '',
    ...(m.owner ? ownerViewArgv(m.owner.viewDir, m.owner.who, m.owner.sources, [...ownersUserns, ...qemu]) : qemu),
  ];
}
