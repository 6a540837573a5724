// The contract between the agent's tools and the sandbox. The agent only ever
// sees this interface; drivers (qemu, vz, namespace) differ only in how they
// start the guest that serves it. Paths are relative to the task's folder
// (POSIX separators); the guest resolves them inside its own view of the disk.

import type { ChangeItem, ConflictChoice } from '../shared/taskEvents';
import type { LaterChanges } from '../shared/undoLaterWork';
import type { DriverName } from './driver';

export type SandboxErrorCode =
  | 'ENOENT' // no such file
  | 'EEXIST'
  | 'EISDIR'
  | 'ENOTDIR'
  | 'EOUTSIDE' // path escapes the folder the guest can see
  | 'ENOTUNIQUE' // edit: the string occurs more than once
  | 'ENOMATCH' // edit: the string does not occur
  | 'ETOOBIG' // message or file over the protocol's size limit
  | 'ENOSPC'
  | 'ETIMEDOUT'
  | 'ECANCELLED'
  | 'EGUESTDIED' // the guest stopped; the session reconnects on next use
  | 'EPROTO'
  | 'EBUSY' // every lane of the folder is in use
  | 'ECONFLICT' // apply or undo would overwrite a change made since (the error lists the files)
  | 'EUNDONE' // undo: the task is already undone (nothing was changed)
  | 'EIO';

export class SandboxError extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

/** Apply or undo refused because files changed since (another task, the person): `files` names them. */
export class ConflictError extends SandboxError {
  constructor(
    message: string,
    readonly files: string[],
  ) {
    super('ECONFLICT', message);
  }
}

/** A guest that could not start; names the driver that tried, for the "sandbox failed" line. */
export class GuestStartError extends SandboxError {
  constructor(
    readonly driver: DriverName,
    readonly isolation: 'vm' | 'namespace',
    message: string,
    code: SandboxErrorCode = 'EGUESTDIED',
  ) {
    super(code, message);
    this.name = 'GuestStartError';
  }
}

/** What an apply did beyond applying: the task's versions saved beside the folder's ('both'), by path. */
export interface ApplyOutcome {
  savedBeside: Record<string, string>;
  /** Conflicting changes dropped for the folder's version ('theirs', and 'both' after the copy). */
  keptTheirs: string[];
}

export interface UndoOptions {
  /** Files changed after the task: restore them anyway, or leave them as they are now. */
  laterChanges?: LaterChanges;
  /**
   * The later work the person was shown when choosing `laterChanges`. If the folder now has
   * later work outside it (a file changed after the question), the undo refuses with a
   * ConflictError naming all of it, and nothing is touched. Absent: the choice covers whatever is there.
   */
  shown?: readonly string[];
}

export interface ReadOptions {
  /** Byte offset (binary) or 0-based line offset (text, when `lines` is true). */
  offset?: number;
  limit?: number;
  lines?: boolean;
}

export interface ReadResult {
  /** True when the content is not UTF-8 text (NUL bytes or invalid sequences). */
  binary: boolean;
  /** UTF-8 text, or base64 when binary. */
  data: string;
  encoding: 'utf8' | 'base64';
  /** Size of the whole file in bytes. */
  size: number;
  /** True when offset/limit cut the file. */
  truncated: boolean;
  /** For text read by lines: total number of lines in the file. */
  totalLines?: number;
}

export interface DirEntry {
  name: string;
  /** Path relative to the folder. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  mtimeMs: number;
}

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

export interface ExecRequest {
  /** Run through `bash -lc` when a string; exec directly when argv. */
  command: string | string[];
  /** Relative to the folder; defaults to the folder root. */
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
  /** Cap on stdout+stderr kept; the rest is dropped and `truncated` set. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

export interface ExecChunk {
  stream: 'stdout' | 'stderr';
  data: string;
}

/** What a task has changed, relative to the folder as it was when the task started. */
export interface ChangeSet {
  items: ChangeItem[];
}

export interface SandboxSession {
  readonly id: string;
  /** The host folder the guest sees. */
  readonly folder: string;
  readonly driver: 'qemu' | 'vz' | 'namespace';
  readonly isolation: 'vm' | 'namespace';
  /** Set when the person should know something about this sandbox: a VM that failed and fell back, a write budget not enforced. */
  readonly notice?: string;

  readFile(path: string, opts?: ReadOptions): Promise<ReadResult>;
  /** Atomic: the file is either the old or the new content, never a mix. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** Exact string replacement; ENOMATCH / ENOTUNIQUE unless `all`. */
  editFile(path: string, oldText: string, newText: string, all?: boolean): Promise<{ replacements: number }>;
  list(path: string, opts?: { depth?: number; limit?: number }): Promise<DirEntry[]>;
  stat(path: string): Promise<DirEntry>;
  glob(pattern: string, opts?: { cwd?: string; limit?: number }): Promise<string[]>;
  grep(pattern: string, opts?: { path?: string; glob?: string; ignoreCase?: boolean; limit?: number }): Promise<GrepMatch[]>;
  move(from: string, to: string): Promise<void>;
  delete(path: string, opts?: { recursive?: boolean }): Promise<void>;
  mkdir(path: string): Promise<void>;
  exec(req: ExecRequest, onChunk?: (c: ExecChunk) => void, signal?: AbortSignal): Promise<ExecResult>;

  /**
   * Staged changes not yet applied to the real folder (modifications, deletions, renames of files
   * that existed before); `conflict` marks one whose file changed on disk since the task read it.
   */
  pendingChanges(): Promise<ChangeSet>;
  /**
   * Apply the given staged changes (default: all) to the real folder as one atomic batch. A
   * conflicting change needs a choice in `choices` (by path), else nothing is applied and it
   * fails with ConflictError (ECONFLICT) naming the files.
   */
  applyChanges(paths?: string[], choices?: Record<string, ConflictChoice>): Promise<ApplyOutcome | void>;
  /** Drop staged changes (default: all): the real folder keeps its files. */
  discardChanges(paths?: string[]): Promise<void>;
  /**
   * Restore the folder byte for byte to how it was before the task. Files changed after the task
   * (by another task, the person) fail it with ConflictError naming them, unless `laterChanges`
   * says to overwrite them (their current bytes are kept in the task's trash) or keep them.
   */
  undoTask(opts?: UndoOptions): Promise<void>;
  close(): Promise<void>;
}
