// The lighter driver: no VM, Linux namespaces through bubblewrap. The image's
// rootfs is / (read-only), the workspace is an overlay whose lower layer is the
// real folder, and the guest agent talks over stdio.
//
// bubblewrap 0.8 (Debian bookworm) has no --overlay, so the overlay is mounted
// first by `unshare --mount` in a private mount namespace (as root), or by
// `unshare --user --map-root-user --mount` (unprivileged, kernel >= 5.11), and
// bwrap binds the merged view at /workspace. As root on another user's folder,
// bwrap runs as that user (namespaceOwner.ts). The guarantee is the same: the
// real folder is only ever the read-only lower layer; every write lands in the
// upper dir, which the host's staging code reads.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duplex } from 'node:stream';
import { GUEST_PATHS, guestAgentArgs, type GuestConnection, type GuestDriver, type GuestStartOptions } from '../driver';
import { createPidsCgroup } from './namespaceCgroup';
import { foreignOwner, ownerViewArgv, OWNER_VIEW_AT, upperRootForOwner, type ViewSources } from './namespaceOwner';
import { overlayMountScript, overlayOptions } from './overlayMount';

/** The unprivileged user commands run as inside the sandbox. */
export const SANDBOX_UID = 1000;
const DEFAULT_SCRATCH_BYTES = 512 * 1024 * 1024;
const TMP_BYTES = 256 * 1024 * 1024;

export class NamespaceDriver implements GuestDriver {
  readonly name = 'namespace' as const;
  readonly isolation = 'namespace' as const;

  async available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (process.platform !== 'linux') return { ok: false, reason: 'the namespace driver needs Linux' };
    for (const tool of ['bwrap', 'unshare']) {
      const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
      if (r.error || r.status !== 0) return { ok: false, reason: `${tool} is not installed (apt install bubblewrap util-linux)` };
    }
    if (!fs.readFileSync('/proc/filesystems', 'utf8').includes('overlay')) return { ok: false, reason: 'the kernel has no overlayfs' };
    return { ok: true };
  }

  async start(opts: GuestStartOptions): Promise<GuestConnection> {
    if (!opts.overlay) throw new Error('namespace driver: opts.overlay (upper and work dirs) is required');
    const rootfs = path.join(opts.imageDir, 'rootfs');
    if (!fs.existsSync(path.join(rootfs, 'usr/bin/node'))) throw new Error(`namespace driver: no node in image rootfs ${rootfs}`);
    const agent = path.join(opts.toolsDir, 'guest-agent.js');
    if (!fs.existsSync(agent)) throw new Error(`namespace driver: ${agent} is missing (run npm run build)`);
    const lower = fs.realpathSync(opts.folder);
    const { upperDir, workDir } = opts.overlay;
    const merged = path.join(path.dirname(upperDir), 'merged');
    fs.mkdirSync(merged, { recursive: true });

    const root = process.getuid?.() === 0;
    const limits = opts.limits ?? {};
    // Root on another user's folder: bwrap runs as that owner, on binds it can reach (namespaceOwner.ts).
    const owner = foreignOwner(lower);
    const skillDirs = Object.entries(opts.skillDirs ?? {});
    const view: ViewSources = [['rootfs', rootfs], ['tools', opts.toolsDir], ['workspace', merged], ...skillDirs.map(([name, dir]): [string, string] => [`skills/${name}`, dir])];
    const src = (name: string, host: string): string => (owner ? `${OWNER_VIEW_AT}/${name}` : host);
    if (owner) upperRootForOwner(lower, upperDir, owner);
    const bwrap = [
      'bwrap',
      ...rootfsMounts(rootfs, src('rootfs', rootfs)),
      '--dev', '/dev',
      '--proc', '/proc',
      '--size', String(TMP_BYTES), '--tmpfs', '/tmp',
      '--perms', '1777', '--size', String(limits.scratchBytes ?? DEFAULT_SCRATCH_BYTES), '--tmpfs', GUEST_PATHS.scratch,
      '--bind', src('workspace', merged), GUEST_PATHS.workspace,
      '--ro-bind', src('tools', opts.toolsDir), GUEST_PATHS.tools,
      '--dir', GUEST_PATHS.skills,
      ...skillDirs.flatMap(([name, dir]) => ['--ro-bind', src(`skills/${name}`, dir), `${GUEST_PATHS.skills}/${name}`]),
      '--remount-ro', '/',
      '--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
      '--uid', String(SANDBOX_UID), '--gid', String(SANDBOX_UID),
      '--hostname', 'cowork',
      '--clearenv', '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'LANG', 'C.UTF-8',
      '--chdir', GUEST_PATHS.workspace,
      '/usr/bin/node', `${GUEST_PATHS.tools}/guest-agent.js`, ...guestAgentArgs(limits),
    ];
    // fuse-overlayfs mounted by root serves only root unless told otherwise.
    const overlayOpts = overlayOptions(lower, { upperDir, workDir }, opts.overlay.engine, root) + (owner && opts.overlay.engine === 'fuse' ? ',allow_other' : '');
    // The kernel only bounds RLIMIT_NPROC for non-root users; as root a pids cgroup does it.
    const cgroup = root && limits.nproc ? createPidsCgroup(limits.nproc + 64) : undefined;
    const script = (cgroup ? 'echo $$ > "$CGROUP_PROCS" || exit 1\n' : '') + overlayMountScript(opts.overlay.engine);
    const argv = [
      ...(root ? ['--mount'] : ['--user', '--map-root-user', '--mount']),
      '--propagation', 'private',
      '/bin/sh', '-c', script, 'cowork-ns', overlayOpts, merged,
      ...(owner ? ownerViewArgv(path.join(path.dirname(upperDir), 'owner-view'), owner, view, bwrap) : bwrap),
    ];
    opts.log?.(`namespace: unshare ${argv.join(' ')}`);
    const child = spawn('unshare', argv, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(cgroup ? { CGROUP_PROCS: cgroup.procsFile } : {}) },
    });
    let stderrTail = '';
    child.stderr.on('data', (b: Buffer) => {
      const text = b.toString('utf8');
      stderrTail = (stderrTail + text).slice(-4000);
      for (const line of text.split('\n')) if (line) opts.log?.(`guest: ${line}`);
    });
    const exited = new Promise<{ code: number | null; reason: string }>((resolve) => {
      const done = (code: number | null, reason: string) => {
        cgroup?.remove();
        resolve({ code, reason });
      };
      child.on('error', (err) => done(null, `cannot start unshare: ${err.message}`));
      child.on('close', (code, signal) => {
        const why = stderrTail.trim() ? `: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}` : '';
        done(code, `guest exited (${signal ?? `code ${code}`})${why}`);
      });
    });
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    void exited.then(() => opts.signal?.removeEventListener('abort', onAbort));

    const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
    stream.on('error', () => undefined); // surfaced through `exited` and the client
    return {
      stream,
      pid: child.pid,
      driver: 'namespace',
      isolation: 'namespace',
      exited,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  }
}

/**
 * The image's top-level entries, bound read-only one by one onto bwrap's tmpfs
 * root, so the mount points this driver adds (/workspace, /scratch, /skills,
 * /opt/cowork) need not exist in the image. /opt is rebuilt the same way.
 * `from`: where bwrap finds the rootfs (the owner's view of it, namespaceOwner.ts).
 */
function rootfsMounts(rootfs: string, from: string = rootfs): string[] {
  const skip = new Set(['proc', 'dev', 'tmp', 'sys', 'workspace', 'scratch', 'skills', 'opt']);
  const args: string[] = [];
  for (const name of fs.readdirSync(rootfs).sort()) {
    if (skip.has(name)) continue;
    const abs = path.join(rootfs, name);
    const st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) args.push('--symlink', fs.readlinkSync(abs), `/${name}`);
    else if (st.isDirectory()) args.push('--ro-bind', path.join(from, name), `/${name}`);
  }
  args.push('--dir', '/opt');
  const opt = path.join(rootfs, 'opt');
  if (fs.existsSync(opt)) {
    for (const name of fs.readdirSync(opt)) if (name !== 'cowork') args.push('--ro-bind', path.join(from, 'opt', name), `/opt/${name}`);
  }
  return args;
}
