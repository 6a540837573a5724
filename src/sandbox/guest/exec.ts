// Runs commands for a session. Each command leads its own session and process
// group (setsid), so a timeout or cancel can kill the whole tree: the group, the
// session, and anything descended from them that moved elsewhere. Resource
// limits (processes, address space) are set with bash's ulimit before exec, as
// Node cannot call setrlimit and cgroups are not available everywhere.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { SandboxError, type ExecResult } from '../session';

export interface Limits {
  /** RLIMIT_NPROC for commands (counts every process of the uid, the agent's threads included). */
  nproc?: number;
  /** RLIMIT_AS for each command process, bytes. */
  addressSpaceBytes?: number;
}

export interface ExecSpec {
  /** Exec'd directly (after the limits are set). */
  argv?: string[];
  /** Run by `bash -lc`, limits set first in the same shell (one bash, not two). */
  shell?: string;
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
  maxOutputBytes: number;
  /** When the agent runs as root (VM guests), commands drop to this user. */
  runAs?: { uid: number; gid: number };
  limits: Limits;
  onChunk(stream: 'stdout' | 'stderr', data: string): void;
  signal: AbortSignal;
  /** Called with the leader pid so the session can kill leftovers when it closes. */
  track(pid: number, alive: boolean): void;
}

/** After the leader exits, how long to wait for background children holding stdout. */
const STDIO_GRACE_MS = 200;

export function limitPrologue(limits: Limits): string {
  const parts = ['ulimit -c 0'];
  if (limits.nproc) parts.push(`ulimit -u ${Math.floor(limits.nproc)}`);
  if (limits.addressSpaceBytes) parts.push(`ulimit -v ${Math.floor(limits.addressSpaceBytes / 1024)}`);
  return parts.join('; ') + '; ';
}

export function runExec(spec: ExecSpec): Promise<ExecResult> {
  const started = Date.now();
  return new Promise<ExecResult>((resolve, reject) => {
    if (spec.signal.aborted) return reject(new SandboxError('ECANCELLED', 'cancelled before start'));
    // ulimit without -S sets the hard limit too, so the command cannot raise it again.
    const wrapped = spec.shell !== undefined
      ? ['-lc', `${limitPrologue(spec.limits)}\n${spec.shell}`]
      : ['-c', limitPrologue(spec.limits) + 'exec "$@"', 'cowork-exec', ...(spec.argv ?? [])];
    const child = spawn('/bin/bash', wrapped, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true, // setsid: own session and process group
      stdio: ['pipe', 'pipe', 'pipe'],
      uid: spec.runAs?.uid,
      gid: spec.runAs?.gid,
    });
    const pid = child.pid;
    let out = '';
    let err = '';
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    let cancelled = false;
    let exit: { code: number | null; signal: string | null } | undefined;
    let settled = false;

    const take = (stream: 'stdout' | 'stderr') => (buf: Buffer) => {
      if (kept >= spec.maxOutputBytes) {
        truncated = true;
        return;
      }
      let piece = buf;
      if (kept + buf.length > spec.maxOutputBytes) {
        piece = buf.subarray(0, spec.maxOutputBytes - kept);
        truncated = true;
      }
      kept += piece.length;
      const text = piece.toString('utf8');
      if (stream === 'stdout') out += text;
      else err += text;
      spec.onChunk(stream, text);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    child.stdin.on('error', () => undefined); // the command may not read its stdin
    child.stdin.end(spec.stdin ?? '');

    const timer = spec.timeoutMs && spec.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          if (pid) killTree(pid);
        }, spec.timeoutMs)
      : undefined;
    const onAbort = () => {
      cancelled = true;
      if (pid) killTree(pid);
    };
    spec.signal.addEventListener('abort', onAbort, { once: true });
    if (pid) spec.track(pid, true);

    const finish = () => {
      if (settled || !exit) return;
      settled = true;
      if (timer) clearTimeout(timer);
      spec.signal.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      if (pid) {
        // Timeouts and cancels leave nothing behind; a normal exit leaves
        // deliberate background jobs to the session, which kills them on close.
        if (timedOut || cancelled) killTree(pid);
        spec.track(pid, timedOut || cancelled ? false : groupAlive(pid));
      }
      if (cancelled) return reject(new SandboxError('ECANCELLED', 'command cancelled'));
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        stdout: out,
        stderr: err,
        truncated,
        timedOut,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (e) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      reject(new SandboxError('EIO', `cannot start command: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      setTimeout(finish, STDIO_GRACE_MS).unref();
    });
    child.on('close', () => {
      if (exit) finish();
    });
  });
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  sid: number;
}

function readProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z' || f[0] === 'X') continue; // dead, waiting to be reaped
      out.push({ pid: Number(name), ppid: Number(f[1]), pgrp: Number(f[2]), sid: Number(f[3]) });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Pids in the group or session led by `leader`, plus all their descendants. */
export function treeOf(leader: number, procs = readProcs()): number[] {
  const members = new Set<number>();
  for (const p of procs) if (p.pid === leader || p.pgrp === leader || p.sid === leader) members.add(p.pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  members.delete(process.pid);
  return [...members];
}

export function groupAlive(leader: number): boolean {
  return treeOf(leader).length > 0;
}

/**
 * SIGKILL the tree, again and again until nothing of it is left (fork loops race
 * the first pass). Members are listed before anything is killed, so children that
 * left the group with setsid are found while their parents still tie them in.
 */
export function killTree(leader: number): number {
  let killed = 0;
  for (let round = 0; round < 50; round++) {
    const pids = treeOf(leader);
    try {
      process.kill(-leader, 'SIGKILL');
    } catch {
      // group already gone
    }
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // gone
      }
    }
  }
  return killed;
}
