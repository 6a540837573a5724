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

export function workerRunner(opts: WorkerRunnerOptions): ReviewRunner {
  return (req) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(opts.script, {
        execArgv: opts.execArgv,
        resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? DEFAULT_HEAP_MB },
      });
      let settled = false;
      const done = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        fn();
      };
      const seconds = Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000);
      const timer = setTimeout(() => done(() => reject(new ReviewError(`reading the document took longer than ${seconds} s and was stopped`, 'TIMEOUT'))), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      worker.once('message', (reply: WorkerReply) => done(() => {
        try {
          resolve(unwrap(reply));
        } catch (err) {
          reject(err);
        }
      }));
      worker.once('error', (err: Error & { code?: string }) =>
        done(() =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ReviewError('the document needs more memory than the editor allows (is it a zip bomb?)', 'LIMIT_EXCEEDED')
              : new ReviewError(`the document reader failed: ${err.message}`),
          ),
        ),
      );
      worker.once('exit', (code) => done(() => reject(new ReviewError(`the document reader stopped unexpectedly (exit ${code})`))));
      // Copy, then transfer the copy: the caller keeps its bytes (undo needs them).
      const bytes = new Uint8Array(req.bytes);
      worker.postMessage({ ...req, bytes }, [bytes.buffer]);
    });
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
