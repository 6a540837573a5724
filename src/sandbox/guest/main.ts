// The guest agent: the one program every driver starts inside its guest. It
// speaks the framed protocol on stdin/stdout (namespace driver) or on a
// virtio-serial port given with `--port PATH` (VM drivers), and serves file and
// command requests confined to /workspace and the session's scratch directory.
// Runs on Node 20 (Debian trixie): no Node 22+ APIs here.
//
// Options: --port PATH  --workspace DIR  --scratch DIR  --run-as UID:GID
//          --limit-nproc N  --limit-as BYTES

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { encodeFrame, FrameDecoder } from '../framing';
import { PROTOCOL_VERSION, type GuestToHost, type HostToGuest, type OpName, type Params, type RequestMessage } from '../protocol';
import { SandboxError } from '../session';
import { toSandboxError } from './errors';
import { runExec, killTree, type Limits } from './exec';
import { FileOps } from './files';
import { PathResolver } from './paths';
import { globFiles, grepFiles } from './search';

interface Args {
  port?: string;
  workspace: string;
  scratch: string;
  runAs?: { uid: number; gid: number };
  limits: Limits;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { workspace: '/workspace', scratch: '/scratch', limits: {} };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--port': args.port = value(); break;
      case '--workspace': args.workspace = value(); break;
      case '--scratch': args.scratch = value(); break;
      case '--run-as': {
        const [uid, gid] = value().split(':').map(Number);
        args.runAs = { uid, gid: Number.isFinite(gid) ? gid : uid };
        break;
      }
      case '--limit-nproc': args.limits.nproc = Number(value()); break;
      case '--limit-as': args.limits.addressSpaceBytes = Number(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return args;
}

const SESSION_ID = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;
const DEFAULT_MAX_OUTPUT = 1024 * 1024;
const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

class Agent {
  private readonly paths: PathResolver;
  private readonly files: FileOps;
  private readonly inflight = new Map<number, AbortController>();
  /** Leader pids of commands still running (or leaving background jobs), per session. */
  private readonly processes = new Map<string, Set<number>>();
  private readonly knownSessions = new Set<string>();

  constructor(
    private readonly args: Args,
    private readonly send: (m: GuestToHost) => void,
  ) {
    this.paths = new PathResolver(args.workspace, args.scratch);
    this.files = new FileOps(this.paths);
  }

  handle(msg: HostToGuest): void {
    if (msg.t === 'cancel') {
      this.inflight.get(msg.id)?.abort();
      return;
    }
    if (msg.t !== 'req' || typeof msg.id !== 'number') return;
    const ctl = new AbortController();
    this.inflight.set(msg.id, ctl);
    this.dispatch(msg, ctl.signal).then(
      (result) => this.reply({ t: 'res', id: msg.id, ok: true, result }),
      (err) => {
        const e = toSandboxError(err);
        this.reply({ t: 'res', id: msg.id, ok: false, error: { code: e.code, message: e.message } });
      },
    ).finally(() => this.inflight.delete(msg.id));
  }

  private reply(m: GuestToHost): void {
    try {
      this.send(m);
    } catch (err) {
      // A result too big for a frame becomes an error the caller can act on.
      const e = toSandboxError(err);
      this.send({ t: 'res', id: m.id, ok: false, error: { code: e.code, message: e.message } });
    }
  }

  private async session(id: string | undefined): Promise<string | undefined> {
    if (id === undefined) return undefined;
    if (!SESSION_ID.test(id) || id === '.' || id === '..') throw new SandboxError('EPROTO', `bad session id ${JSON.stringify(id)}`);
    // Sessions need no explicit open: after a guest restart the host just carries on.
    if (!this.knownSessions.has(id)) {
      await fsp.mkdir(path.posix.join(this.args.scratch, id), { recursive: true, mode: 0o700 });
      this.knownSessions.add(id);
    }
    return id;
  }

  private async dispatch(msg: RequestMessage, signal: AbortSignal): Promise<unknown> {
    const s = await this.session(msg.session);
    const p = msg.params as Params<OpName> & Record<string, unknown>;
    switch (msg.op) {
      case 'hello':
        return { version: PROTOCOL_VERSION, node: process.version, pid: process.pid, uid: process.getuid?.() ?? -1 };
      case 'ping':
        return { now: Date.now() };
      case 'session.open':
        return { scratch: this.paths.scratchFor(s) ?? '' };
      case 'session.close':
        return this.closeSession(s);
      case 'exec':
        return this.exec(msg as RequestMessage<'exec'>, s, signal);
      case 'readFile': {
        const q = msg.params as Params<'readFile'>;
        return this.files.readFile(q.path, s, q);
      }
      case 'writeFile': {
        const q = msg.params as Params<'writeFile'>;
        return this.files.writeFile(q.path, s, q.data, q.encoding === 'base64' ? 'base64' : 'utf8');
      }
      case 'editFile': {
        const q = msg.params as Params<'editFile'>;
        return this.files.editFile(q.path, s, q.oldText, q.newText, !!q.all);
      }
      case 'list': {
        const q = msg.params as Params<'list'>;
        return this.files.list(q.path, s, q.depth ?? 1, q.limit ?? 1000);
      }
      case 'stat':
        return this.files.stat((p as Params<'stat'>).path, s);
      case 'exists':
        return { exists: await this.files.exists((p as Params<'exists'>).paths, s) };
      case 'glob': {
        const q = msg.params as Params<'glob'>;
        const root = this.paths.resolve(q.cwd ?? '.', s, true).real;
        return globFiles(root, q.pattern, q.limit ?? 1000);
      }
      case 'grep': {
        const q = msg.params as Params<'grep'>;
        const target = this.paths.resolve(q.path ?? '.', s, true).real;
        return grepFiles(target, { pattern: q.pattern, ignoreCase: q.ignoreCase, glob: q.glob, limit: q.limit ?? 200 }, (a) => this.paths.displayOf(a));
      }
      case 'move': {
        const q = msg.params as Params<'move'>;
        await this.files.move(q.from, q.to, s);
        return {};
      }
      case 'delete': {
        const q = msg.params as Params<'delete'>;
        await this.files.delete(q.path, s, !!q.recursive);
        return {};
      }
      case 'mkdir':
        await this.files.mkdir((p as Params<'mkdir'>).path, s);
        return {};
      default:
        throw new SandboxError('EPROTO', `unknown operation ${JSON.stringify((msg as { op: unknown }).op)}`);
    }
  }

  private async exec(msg: RequestMessage<'exec'>, s: string | undefined, signal: AbortSignal): Promise<unknown> {
    const q = msg.params;
    let command: { argv?: string[]; shell?: string };
    if (Array.isArray(q.argv) && q.argv.length > 0 && q.argv.every((a) => typeof a === 'string')) command = { argv: q.argv };
    else if (typeof q.shell === 'string') command = { shell: q.shell };
    else throw new SandboxError('EPROTO', 'exec needs argv (non-empty) or shell');
    const cwd = this.paths.resolve(q.cwd ?? '.', s, true).real;
    const cwdStat = await fsp.stat(cwd);
    if (!cwdStat.isDirectory()) throw new SandboxError('ENOTDIR', `${q.cwd}: working directory is not a directory`);
    const home = this.paths.scratchFor(s) ?? '/tmp';
    const env: Record<string, string> = { PATH: BASE_PATH, HOME: home, TMPDIR: home, LANG: 'C.UTF-8', ...(q.env ?? {}) };
    const key = s ?? '';
    const run = () => runExec({
      ...command,
      cwd,
      env,
      stdin: q.stdin,
      timeoutMs: q.timeoutMs,
      maxOutputBytes: q.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
      runAs: this.args.runAs && process.getuid?.() === 0 ? this.args.runAs : undefined,
      limits: this.args.limits,
      signal,
      onChunk: (stream, data) => this.send({ t: 'chunk', id: msg.id, stream, data }),
      track: (pid, alive) => {
        let set = this.processes.get(key);
        if (!set) this.processes.set(key, (set = new Set()));
        if (alive) set.add(pid);
        else set.delete(pid);
      },
    });
    try {
      return await run();
    } catch (err) {
      // Out of processes: most likely a background job gone wild (a fork bomb
      // left running). Reclaim every leftover background tree and try once more.
      if (!(err instanceof SandboxError && /EAGAIN/.test(err.message))) throw err;
      for (const [, pids] of this.processes) for (const pid of pids) killTree(pid);
      this.processes.clear();
      return run();
    }
  }

  private async closeSession(s: string | undefined): Promise<{ killed: number }> {
    let killed = 0;
    const key = s ?? '';
    for (const pid of this.processes.get(key) ?? []) killed += killTree(pid);
    this.processes.delete(key);
    if (s) this.knownSessions.delete(s);
    if (s) await fsp.rm(path.posix.join(this.args.scratch, s), { recursive: true, force: true });
    return { killed };
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let input: NodeJS.ReadableStream;
  let output: NodeJS.WritableStream;
  if (args.port) {
    const fd = fs.openSync(args.port, 'r+');
    input = fs.createReadStream('', { fd, autoClose: false });
    output = fs.createWriteStream('', { fd, autoClose: false });
  } else {
    input = process.stdin;
    output = process.stdout;
  }
  const agent = new Agent(args, (m) => output.write(encodeFrame(m)));
  const decoder = new FrameDecoder({
    message: (m) => agent.handle(m as HostToGuest),
    error: (e) => process.stderr.write(`guest-agent: dropped frame: ${e.message}\n`),
  });
  input.on('data', (chunk: Buffer) => decoder.push(chunk));
  // The host went away: nothing left to serve.
  input.on('end', () => process.exit(0));
  output.on('error', () => process.exit(0));
  process.on('uncaughtException', (err) => process.stderr.write(`guest-agent: ${err.stack ?? err}\n`));
  // Start libuv's thread pool now, while the process limit still has room for it.
  fs.stat('/', () => undefined);
}

main();
