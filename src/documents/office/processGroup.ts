// Runs one external program the document engine relies on (soffice, pdftoppm, tesseract)
// in its own process group, so a timeout or an abort kills it and everything it started
// (soffice forks soffice.bin), and helpers left behind when it exits go with it. The
// callers (office/libreOffice.ts, raster/runTool.ts) say what their errors are. Node only.

import { spawn } from 'node:child_process';

export interface GroupCall {
  program: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The error for a timeout, an abort, and a program that is not installed. */
  timedOut: () => Error;
  cancelled: () => Error;
  notFound: () => Error;
}

export interface GroupExit {
  code: number | null;
  /** Everything the program wrote to stdout. */
  stdout: string;
  /** The last 8,000 characters of stderr. */
  stderr: string;
  /** The last 8,000 characters of stdout and stderr as they came. */
  log: string;
}

const TAIL = 8000;

/** Resolves when the program exits on its own (any exit code); rejects on timeout, abort or spawn failure. */
export function runProcessGroup(call: GroupCall): Promise<GroupExit> {
  return new Promise<GroupExit>((done, fail) => {
    const child = spawn(call.program, call.args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: call.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let log = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      log = (log + b.toString()).slice(-TAIL);
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-TAIL);
      log = (log + b.toString()).slice(-TAIL);
    });
    let ended: Error | undefined;
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const stop = (why: () => Error): void => {
      ended ??= why();
      killGroup();
    };
    const timer = setTimeout(() => stop(call.timedOut), call.timeoutMs);
    const onAbort = (): void => stop(call.cancelled);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    if (call.signal?.aborted) onAbort();
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      fail(e.code === 'ENOENT' ? call.notFound() : e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      // Leftover helpers of this call (a crashed soffice.bin) go with it.
      killGroup();
      if (ended) fail(ended);
      else done({ code, stdout, stderr, log });
    });
  });
}
