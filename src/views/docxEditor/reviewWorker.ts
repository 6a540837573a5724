// Runs review requests (open, decide) in a worker thread: dist/docx-worker.js beside
// the extension bundle, or inline when that bundle is absent (unit tests from source).
// The worker gets a heap limit and a deadline, so a file that defeats the engine's own
// limits still ends in a clear error instead of a frozen or crashed extension host.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runRequest } from './reviewEngine';
import { ReviewError, type WorkerReply, type WorkerRequest } from './workerMessages';

export type ReviewRunner = (req: WorkerRequest) => Promise<Extract<WorkerReply, { ok: true }>>;

export interface WorkerRunnerOptions {
  script: string;
  /** Extra node flags for the worker (tests use a TypeScript loader). */
  execArgv?: string[];
  timeoutMs?: number;
  /** Old-generation heap of the worker, MiB. */
  maxHeapMb?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_HEAP_MB = 2048;

function unwrap(reply: WorkerReply): Extract<WorkerReply, { ok: true }> {
  if (!reply.ok) throw new ReviewError(reply.message, reply.code);
  return reply;
}

export const inlineRunner: ReviewRunner = async (req) => unwrap(runRequest(req));

/**
 * One warm worker serves requests one at a time (a fresh thread per request would pay
 * its start-up and a cold JIT on every open and every decision). A request that errs,
 * runs out of memory or passes the deadline takes the worker down with it; the next
 * request starts a new one.
 */
export function workerRunner(opts: WorkerRunnerOptions): ReviewRunner {
  let worker: Worker | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const runOne = (req: WorkerRequest): Promise<Extract<WorkerReply, { ok: true }>> =>
    new Promise((resolve, reject) => {
      const w = (worker ??= spawnWorker(opts));
      const finish = (fn: () => void, kill: boolean): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (kill) {
          if (worker === w) worker = undefined;
          void w.terminate();
        }
        fn();
      };
      const onMessage = (reply: WorkerReply): void =>
        finish(() => {
          try {
            resolve(unwrap(reply));
          } catch (err) {
            reject(err);
          }
        }, false);
      const onError = (err: Error & { code?: string }): void =>
        finish(
          () =>
            reject(
              err.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? new ReviewError('the document needs more memory than the editor allows (is it a zip bomb?)', 'LIMIT_EXCEEDED')
                : new ReviewError(`the document reader failed: ${err.message}`),
            ),
          true,
        );
      const onExit = (code: number): void => finish(() => reject(new ReviewError(`the document reader stopped unexpectedly (exit ${code})`)), true);
      const timer = setTimeout(
        () => finish(() => reject(new ReviewError(`reading the document took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`, 'TIMEOUT')), true),
        timeoutMs,
      );
      w.on('message', onMessage);
      w.once('error', onError);
      w.once('exit', onExit);
      // Copy, then transfer the copy: the caller keeps its bytes (undo needs them).
      const bytes = new Uint8Array(req.bytes);
      w.postMessage({ ...req, bytes }, [bytes.buffer]);
    });

  return (req) => {
    const run = chain.then(() => runOne(req));
    chain = run.catch(() => undefined);
    return run;
  };
}

function spawnWorker(opts: WorkerRunnerOptions): Worker {
  const w = new Worker(opts.script, { execArgv: opts.execArgv, resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? DEFAULT_HEAP_MB } });
  w.unref(); // an idle reader never keeps the extension host (or a test run) alive
  return w;
}

let chosen: ReviewRunner | undefined;

/** The worker when dist/docx-worker.js sits beside this code (the packaged extension), else inline. */
export function defaultRunner(): ReviewRunner {
  if (!chosen) {
    const script = path.join(__dirname, 'docx-worker.js');
    chosen = fs.existsSync(script) ? workerRunner({ script }) : inlineRunner;
  }
  return chosen;
}
