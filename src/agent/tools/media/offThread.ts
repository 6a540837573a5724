// Runs transcode() in a worker thread when the worker bundle is present next to
// this code (dist/image-worker.js in the packaged extension), inline otherwise.
// The result is the same either way; only the event loop's freedom differs.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ImageError, transcode, type TranscodeRequest, type TranscodeResult } from './transcode';

export type Transcoder = (req: TranscodeRequest) => Promise<TranscodeResult>;

export interface WorkerTranscoderOptions {
  /** The worker script. */
  script: string;
  /** Extra node flags for the worker (tests use a TypeScript loader). */
  execArgv?: string[];
  timeoutMs?: number;
}

export const inlineTranscoder: Transcoder = async (req) => transcode(req);

export function workerTranscoder(opts: WorkerTranscoderOptions): Transcoder {
  return (req) =>
    new Promise<TranscodeResult>((resolve, reject) => {
      const worker = new Worker(opts.script, { execArgv: opts.execArgv });
      let settled = false;
      const done = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        fn();
      };
      const timer = setTimeout(() => done(() => reject(new ImageError('decoding the image took too long'))), opts.timeoutMs ?? 120_000);
      worker.once('message', (msg: { ok: true; result: TranscodeResult } | { ok: false; imageError: boolean; message: string }) =>
        done(() => (msg.ok ? resolve(msg.result) : reject(msg.imageError ? new ImageError(msg.message) : new Error(msg.message)))),
      );
      worker.once('error', (err) => done(() => reject(err)));
      worker.once('exit', (code) => done(() => reject(new Error(`the image worker exited (code ${code})`))));
      // Copy, then transfer the copy: the caller keeps its buffer.
      const bytes = new Uint8Array(req.bytes);
      worker.postMessage({ ...req, bytes }, [bytes.buffer]);
    });
}

let chosen: Transcoder | undefined;

/** The worker when its bundle sits beside this code, else inline. */
export function defaultTranscoder(): Transcoder {
  if (!chosen) {
    const script = path.join(__dirname, 'image-worker.js');
    chosen = fs.existsSync(script) ? workerTranscoder({ script }) : inlineTranscoder;
  }
  return chosen;
}
