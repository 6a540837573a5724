// The wire protocol between the host (src/sandbox/client.ts) and the guest agent
// (src/sandbox/guest). Typed once here and bundled into both ends, so a field
// renamed on one side is a compile error on the other. Frames are a 4-byte
// big-endian length followed by that many bytes of UTF-8 JSON (see framing.ts).

import type { DirEntry, ExecResult, GrepMatch, ReadResult, SandboxErrorCode } from './session';

export const PROTOCOL_VERSION = 1;

/** Largest frame either end sends or accepts; bigger ones fail with ETOOBIG. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Largest file slice one readFile returns, so a response always fits a frame (base64 grows 4/3). */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

/** Every operation: its parameters and its result. */
export interface Operations {
  hello: { params: Record<string, never>; result: { version: number; node: string; pid: number; uid: number } };
  ping: { params: Record<string, never>; result: { now: number } };
  'session.open': { params: Record<string, never>; result: { scratch: string } };
  'session.close': { params: Record<string, never>; result: { killed: number } };
  exec: {
    params: {
      argv?: string[];
      shell?: string;
      cwd?: string;
      env?: Record<string, string>;
      stdin?: string;
      timeoutMs?: number;
      maxOutputBytes?: number;
    };
    result: ExecResult;
  };
  readFile: { params: { path: string; offset?: number; limit?: number; lines?: boolean }; result: ReadResult };
  writeFile: { params: { path: string; data: string; encoding: 'utf8' | 'base64' }; result: { size: number } };
  editFile: { params: { path: string; oldText: string; newText: string; all?: boolean }; result: { replacements: number } };
  list: { params: { path: string; depth?: number; limit?: number }; result: { entries: DirEntry[]; truncated: boolean } };
  stat: { params: { path: string }; result: DirEntry };
  /** Which of the given paths exist in the guest's view (lstat); used by staging to see opaque directories. */
  exists: { params: { paths: string[] }; result: { exists: boolean[] } };
  glob: { params: { pattern: string; cwd?: string; limit?: number }; result: { paths: string[]; truncated: boolean } };
  grep: {
    params: { pattern: string; path?: string; glob?: string; ignoreCase?: boolean; limit?: number };
    result: { matches: GrepMatch[]; truncated: boolean };
  };
  move: { params: { from: string; to: string }; result: Record<string, never> };
  delete: { params: { path: string; recursive?: boolean }; result: Record<string, never> };
  mkdir: { params: { path: string }; result: Record<string, never> };
}

export type OpName = keyof Operations;
export type Params<O extends OpName> = Operations[O]['params'];
export type Result<O extends OpName> = Operations[O]['result'];

export interface RequestMessage<O extends OpName = OpName> {
  t: 'req';
  id: number;
  op: O;
  /** The task session the request belongs to (scratch dir, process tracking); absent for hello/ping. */
  session?: string;
  params: Params<O>;
}

export interface ErrorBody {
  code: SandboxErrorCode;
  message: string;
}

export type ResponseMessage =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: ErrorBody };

/** A piece of a running exec's output, sent before its response. */
export interface ChunkMessage {
  t: 'chunk';
  id: number;
  stream: 'stdout' | 'stderr';
  data: string;
}

/** Host to guest: stop request `id` (an exec is killed with its whole process tree). */
export interface CancelMessage {
  t: 'cancel';
  id: number;
}

export type HostToGuest = RequestMessage | CancelMessage;
export type GuestToHost = ResponseMessage | ChunkMessage;

export const ERROR_CODES: readonly SandboxErrorCode[] = [
  'ENOENT', 'EEXIST', 'EISDIR', 'ENOTDIR', 'EOUTSIDE', 'ENOTUNIQUE', 'ENOMATCH', 'ETOOBIG',
  'ENOSPC', 'ETIMEDOUT', 'ECANCELLED', 'EGUESTDIED', 'EPROTO', 'EIO',
];

export function isErrorCode(code: unknown): code is SandboxErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}
