// TEST FIXTURE ONLY: a SandboxSession that works straight on a host temp folder,
// with no guest and no isolation. It lets the tool tests run without the sandbox
// engineer's namespace driver. It keeps the contract's observable behaviour
// (relative paths, EOUTSIDE on escapes, ENOMATCH/ENOTUNIQUE, binary detection,
// line reads, exec with timeout and output cap) and tracks changes against a
// snapshot of the folder taken when the session opened, so pendingChanges and
// undoTask mean something. Unlike the real sandbox it writes live (no overlay).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChangeItem } from '../../src/shared/taskEvents';
import {
  SandboxError,
  type ChangeSet,
  type DirEntry,
  type ExecChunk,
  type ExecRequest,
  type ExecResult,
  type GrepMatch,
  type ReadOptions,
  type ReadResult,
  type SandboxSession,
} from '../../src/sandbox/session';

/** Make a fresh temp folder holding `files` (relative path → content). */
export function makeTempFolder(files: Record<string, string | Uint8Array> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-fixture-'));
  for (const [rel, data] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
  }
  return dir;
}

function mapNodeError(err: unknown, rel: string): SandboxError {
  if (err instanceof SandboxError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const msg = `${rel}: ${(err as Error)?.message ?? String(err)}`;
  switch (code) {
    case 'ENOENT':
    case 'EEXIST':
    case 'EISDIR':
    case 'ENOTDIR':
    case 'ENOSPC':
      return new SandboxError(code, msg);
    default:
      return new SandboxError('EIO', msg);
  }
}

function isBinary(buf: Buffer): boolean {
  if (buf.includes(0)) return true;
  return !isValidUtf8(buf);
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Convert a shell-ish glob to a RegExp over POSIX relative paths. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        // `**/` matches zero or more directories
        if (pattern[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += '(?:' + pattern.slice(i + 1, end).split(',').map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|') + ')';
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

export class HostFolderSession implements SandboxSession {
  readonly id = `fixture-${Math.random().toString(36).slice(2, 8)}`;
  readonly driver = 'namespace' as const;
  readonly isolation = 'namespace' as const;
  /** Content of every file when the session opened, by relative path. */
  private readonly baseline = new Map<string, Buffer>();

  constructor(readonly folder: string) {
    for (const rel of this.walk('')) this.baseline.set(rel, fs.readFileSync(path.join(folder, rel)));
  }

  private abs(rel: string): string {
    const r = rel.startsWith('/workspace/') ? rel.slice('/workspace/'.length) : rel === '/workspace' ? '.' : rel;
    if (path.isAbsolute(r)) throw new SandboxError('EOUTSIDE', `${rel} is outside the folder`);
    const abs = path.resolve(this.folder, r);
    if (abs !== this.folder && !abs.startsWith(this.folder + path.sep)) throw new SandboxError('EOUTSIDE', `${rel} is outside the folder`);
    return abs;
  }

  private relOf(abs: string): string {
    return path.relative(this.folder, abs).split(path.sep).join('/');
  }

  /** All files (not dirs) below `rel`, as relative paths. */
  private walk(rel: string): string[] {
    const out: string[] = [];
    const root = rel ? path.join(this.folder, rel) : this.folder;
    const visit = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else if (e.isFile()) out.push(this.relOf(p));
      }
    };
    if (fs.existsSync(root) && fs.statSync(root).isDirectory()) visit(root);
    return out.sort();
  }

  async readFile(rel: string, opts: ReadOptions = {}): Promise<ReadResult> {
    const abs = this.abs(rel);
    let buf: Buffer;
    try {
      if (fs.statSync(abs).isDirectory()) throw new SandboxError('EISDIR', `${rel} is a directory`);
      buf = fs.readFileSync(abs);
    } catch (err) {
      throw mapNodeError(err, rel);
    }
    const size = buf.length;
    if (opts.lines) {
      if (isBinary(buf)) return { binary: true, data: buf.subarray(0, 64 * 1024).toString('base64'), encoding: 'base64', size, truncated: true };
      const all = buf.toString('utf8').split('\n');
      if (all.length > 1 && all[all.length - 1] === '') all.pop();
      const start = opts.offset ?? 0;
      const end = opts.limit === undefined ? all.length : Math.min(all.length, start + opts.limit);
      const slice = all.slice(start, end);
      return { binary: false, data: slice.join('\n'), encoding: 'utf8', size, truncated: start > 0 || end < all.length, totalLines: all.length };
    }
    const start = opts.offset ?? 0;
    const end = opts.limit === undefined ? size : Math.min(size, start + opts.limit);
    const part = buf.subarray(start, end);
    const binary = isBinary(part);
    return { binary, data: binary ? part.toString('base64') : part.toString('utf8'), encoding: binary ? 'base64' : 'utf8', size, truncated: start > 0 || end < size };
  }

  async writeFile(rel: string, data: string | Uint8Array): Promise<void> {
    const abs = this.abs(rel);
    try {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      const tmp = abs + `.tmp-${process.pid}`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, abs);
    } catch (err) {
      throw mapNodeError(err, rel);
    }
  }

  async editFile(rel: string, oldText: string, newText: string, all = false): Promise<{ replacements: number }> {
    // Straight from disk, like the guest: never through a (possibly capped) readFile.
    let text: string;
    try {
      text = fs.readFileSync(this.abs(rel), 'utf8');
    } catch (err) {
      throw mapNodeError(err, rel);
    }
    const count = text.split(oldText).length - 1;
    if (count === 0) throw new SandboxError('ENOMATCH', `${rel}: text not found`);
    if (count > 1 && !all) throw new SandboxError('ENOTUNIQUE', `${rel}: text occurs ${count} times`);
    const next = all ? text.split(oldText).join(newText) : text.replace(oldText, () => newText);
    await this.writeFile(rel, next);
    return { replacements: all ? count : 1 };
  }

  async list(rel: string, opts: { depth?: number; limit?: number } = {}): Promise<DirEntry[]> {
    const abs = this.abs(rel);
    const depth = opts.depth ?? 1;
    const limit = opts.limit ?? Infinity;
    const out: DirEntry[] = [];
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw new SandboxError('ENOTDIR', `${rel}: not a directory`);
    const visit = (dir: string, level: number): void => {
      let names: fs.Dirent[];
      try {
        names = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        throw mapNodeError(err, rel);
      }
      for (const e of names.sort((a, b) => a.name.localeCompare(b.name))) {
        if (out.length >= limit) return;
        const p = path.join(dir, e.name);
        out.push(this.entry(p, e.name));
        if (e.isDirectory() && level < depth) visit(p, level + 1);
      }
    };
    visit(abs, 1);
    return out;
  }

  private entry(abs: string, name: string): DirEntry {
    const st = fs.lstatSync(abs);
    const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
    return { name, path: this.relOf(abs), type, size: st.size, mtimeMs: st.mtimeMs };
  }

  async stat(rel: string): Promise<DirEntry> {
    const abs = this.abs(rel);
    try {
      return this.entry(abs, path.basename(abs));
    } catch (err) {
      throw mapNodeError(err, rel);
    }
  }

  async glob(pattern: string, opts: { cwd?: string; limit?: number } = {}): Promise<string[]> {
    const cwd = opts.cwd ?? '';
    const re = globToRegExp(pattern);
    const base = cwd ? this.relOf(this.abs(cwd)) : '';
    // Like the real guest: paths relative to cwd.
    const hits = this.walk(base)
      .map((f) => (base ? f.slice(base.length + 1) : f))
      .filter((f) => re.test(f));
    return hits.slice(0, opts.limit ?? hits.length);
  }

  async grep(pattern: string, opts: { path?: string; glob?: string; ignoreCase?: boolean; limit?: number } = {}): Promise<GrepMatch[]> {
    let re: RegExp;
    try {
      re = new RegExp(pattern, opts.ignoreCase ? 'i' : '');
    } catch (err) {
      throw new SandboxError('EPROTO', `bad pattern: ${(err as Error).message}`);
    }
    const base = opts.path ? this.relOf(this.abs(opts.path)) : '';
    const fileGlob = opts.glob ? globToRegExp(opts.glob.includes('/') ? opts.glob : `**/${opts.glob}`) : undefined;
    const files = base && fs.existsSync(this.abs(base)) && fs.statSync(this.abs(base)).isFile() ? [base] : this.walk(base);
    const out: GrepMatch[] = [];
    for (const f of files) {
      if (fileGlob && !fileGlob.test(f)) continue;
      const buf = fs.readFileSync(this.abs(f));
      if (isBinary(buf)) continue;
      const lines = buf.toString('utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (re.test(lines[i])) {
          out.push({ path: f, line: i + 1, text: lines[i] });
          if (opts.limit !== undefined && out.length >= opts.limit) return out;
        }
      }
    }
    return out;
  }

  async move(from: string, to: string): Promise<void> {
    const a = this.abs(from);
    const b = this.abs(to);
    try {
      if (!fs.existsSync(a)) throw new SandboxError('ENOENT', `${from}: no such file`);
      if (fs.existsSync(b)) throw new SandboxError('EEXIST', `${to} already exists`);
      fs.mkdirSync(path.dirname(b), { recursive: true });
      fs.renameSync(a, b);
    } catch (err) {
      throw mapNodeError(err, from);
    }
  }

  async delete(rel: string, opts: { recursive?: boolean } = {}): Promise<void> {
    const abs = this.abs(rel);
    try {
      if (fs.statSync(abs).isDirectory()) {
        if (!opts.recursive) throw new SandboxError('EISDIR', `${rel} is a directory`);
        fs.rmSync(abs, { recursive: true });
      } else fs.unlinkSync(abs);
    } catch (err) {
      throw mapNodeError(err, rel);
    }
  }

  async mkdir(rel: string): Promise<void> {
    fs.mkdirSync(this.abs(rel), { recursive: true });
  }

  exec(req: ExecRequest, onChunk?: (c: ExecChunk) => void, signal?: AbortSignal): Promise<ExecResult> {
    const started = Date.now();
    const cwd = req.cwd ? this.abs(req.cwd) : this.folder;
    const argv = typeof req.command === 'string' ? ['bash', '-c', req.command] : req.command;
    const cap = req.maxOutputBytes ?? 1024 * 1024;
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...req.env }, detached: true });
      let stdout = '';
      let stderr = '';
      let kept = 0;
      let truncated = false;
      let timedOut = false;
      const kill = (): void => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      };
      const timer = req.timeoutMs ? setTimeout(() => ((timedOut = true), kill()), req.timeoutMs) : undefined;
      const onAbort = (): void => kill();
      signal?.addEventListener('abort', onAbort);
      const take = (stream: 'stdout' | 'stderr') => (d: Buffer) => {
        const s = d.toString('utf8');
        onChunk?.({ stream, data: s });
        const room = cap - kept;
        if (room <= 0) return void (truncated = true);
        const part = s.length > room ? ((truncated = true), s.slice(0, room)) : s;
        kept += part.length;
        if (stream === 'stdout') stdout += part;
        else stderr += part;
      };
      child.stdout.on('data', take('stdout'));
      child.stderr.on('data', take('stderr'));
      child.on('error', (err) => reject(new SandboxError('EIO', err.message)));
      if (req.stdin !== undefined) child.stdin.end(req.stdin);
      else child.stdin.end();
      child.on('close', (code, sig) => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return reject(new SandboxError('ECANCELLED', 'cancelled'));
        resolve({ exitCode: code, signal: sig, stdout, stderr, truncated, timedOut, durationMs: Date.now() - started });
      });
    });
  }

  async pendingChanges(): Promise<ChangeSet> {
    const items: ChangeItem[] = [];
    const now = new Set(this.walk(''));
    for (const [rel, old] of this.baseline) {
      if (!now.has(rel)) items.push({ kind: 'deleted', path: rel, size: old.length });
      else if (!fs.readFileSync(this.abs(rel)).equals(old)) items.push({ kind: 'modified', path: rel });
    }
    return { items };
  }

  /** The fixture writes live, so applying means accepting the current state as the new baseline. */
  async applyChanges(paths?: string[]): Promise<void> {
    for (const item of (await this.pendingChanges()).items) {
      if (paths && !paths.includes(item.path)) continue;
      if (item.kind === 'deleted') this.baseline.delete(item.path);
      else this.baseline.set(item.path, fs.readFileSync(this.abs(item.path)));
    }
  }

  async discardChanges(paths?: string[]): Promise<void> {
    for (const item of (await this.pendingChanges()).items) {
      if (paths && !paths.includes(item.path)) continue;
      await this.writeFile(item.path, this.baseline.get(item.path) ?? Buffer.alloc(0));
    }
  }

  async undoTask(): Promise<void> {
    for (const rel of this.walk('')) if (!this.baseline.has(rel)) fs.unlinkSync(this.abs(rel));
    for (const [rel, data] of this.baseline) await this.writeFile(rel, data);
  }

  async close(): Promise<void> {}
}
