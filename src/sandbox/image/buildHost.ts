// Can this machine build the image, and how? Root uses mmdebstrap's root
// mode; an ordinary user uses its unshare mode, which needs user namespaces,
// newuidmap/newgidmap (package uidmap) and a subordinate uid and gid range of
// at least 65536 ids in /etc/subuid and /etc/subgid. Every missing piece is
// named with the command that fixes it, before anything is downloaded.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { userInfo } from 'node:os';

export type BuildMode = 'root' | 'unshare';

export class BuildUnavailableError extends Error {
  constructor(readonly missing: string[]) {
    super(`cannot build the sandbox image on this machine:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
    this.name = 'BuildUnavailableError';
  }
}

/** What the check reads; tests substitute files and users. */
export interface HostView {
  platform: NodeJS.Platform;
  uid: number;
  user: string;
  /** Reads a file, undefined when absent. */
  read(path: string): string | undefined;
  /** Whether a command is on PATH. */
  has(cmd: string): boolean;
  /** Tries a user namespace; the reason when it fails. */
  probeUserns(): string | undefined;
}

export function realHost(): HostView {
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(delimiter).concat(['/usr/sbin', '/sbin']);
  return {
    platform: process.platform,
    uid: process.getuid?.() ?? -1,
    user: userInfo().username,
    read: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    has: (cmd) => dirs.some((d) => existsSync(join(d, cmd))),
    probeUserns: probeUserNamespace,
  };
}

/** Ids in the subordinate ranges of `user` (or its uid) in an /etc/subuid-style file. */
export function subordinateCount(text: string | undefined, user: string, uid: number): number {
  let n = 0;
  for (const line of (text ?? '').split('\n')) {
    const [who, start, count] = line.trim().split(':');
    if (!who || start === undefined || count === undefined) continue;
    if (who === user || who === String(uid)) n += Number(count) || 0;
  }
  return n;
}

const MIN_SUBIDS = 65536;

/** The mmdebstrap mode to use, or BuildUnavailableError listing everything missing. */
export function checkBuildHost(host: HostView = realHost()): BuildMode {
  const missing: string[] = [];
  if (host.platform !== 'linux') {
    throw new BuildUnavailableError([
      `building needs Linux (this is ${host.platform}); download a prebuilt image instead: set cowork.sandbox.imageUrl (or COWORK_IMAGE_URL for the CLI)`,
    ]);
  }
  for (const [cmd, pkg] of [
    ['mmdebstrap', 'mmdebstrap'],
    ['dpkg-deb', 'dpkg'],
  ] as const) {
    if (!host.has(cmd)) missing.push(`${cmd} is not installed (apt-get install ${pkg})`);
  }
  if (host.uid === 0) {
    if (missing.length) throw new BuildUnavailableError(missing);
    return 'root';
  }
  for (const cmd of ['newuidmap', 'newgidmap']) if (!host.has(cmd)) missing.push(`${cmd} is not installed (apt-get install uidmap)`);
  const maxNs = host.read('/proc/sys/user/max_user_namespaces')?.trim();
  if (maxNs === '0') missing.push('user namespaces are disabled (user.max_user_namespaces = 0; as root: sysctl -w user.max_user_namespaces=15000)');
  if (host.read('/proc/sys/kernel/unprivileged_userns_clone')?.trim() === '0') {
    missing.push('unprivileged user namespaces are disabled (as root: sysctl -w kernel.unprivileged_userns_clone=1)');
  }
  if (host.read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns')?.trim() === '1') {
    missing.push(
      'AppArmor restricts unprivileged user namespaces (as root: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or build as root, or download an image)',
    );
  }
  if (!missing.some((m) => m.includes('namespaces'))) {
    const probe = host.probeUserns();
    if (probe) missing.push(probe);
  }
  for (const [file, flag] of [
    ['/etc/subuid', '--add-subuids'],
    ['/etc/subgid', '--add-subgids'],
  ] as const) {
    const n = subordinateCount(host.read(file), host.user, host.uid);
    if (n < MIN_SUBIDS) {
      missing.push(
        `${n === 0 ? 'no' : `only ${n}`} subordinate ${file === '/etc/subuid' ? 'uid' : 'gid'} range for ${host.user} in ${file} (need ${MIN_SUBIDS}; as root: usermod ${flag} 100000-165535 ${host.user})`,
      );
    }
  }
  if (missing.length) throw new BuildUnavailableError(missing);
  return 'unshare';
}

/** A last check that user namespaces really work (a sysctl can be fine while a policy forbids them). */
export function probeUserNamespace(): string | undefined {
  try {
    execFileSync('unshare', ['--user', '--map-root-user', 'true'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
    return undefined;
  } catch (e) {
    const err = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return `user namespaces do not work here (unshare --user failed${err ? `: ${err}` : ''})`;
  }
}
