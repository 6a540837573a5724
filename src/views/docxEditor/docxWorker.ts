// Worker-thread entry of the review editor (bundled as dist/docx-worker.js): reads a
// .docx into the editor's view and applies accept/reject decisions through the engine,
// so a 300-page document never blocks the extension host's event loop. One request
// at a time; the worker stays warm between them, and the host terminates it (and starts
// another for the next request) when one fails, runs out of memory or takes too long.

import { parentPort } from 'node:worker_threads';
import { runRequest } from './reviewEngine';
import type { WorkerRequest } from './workerMessages';

parentPort?.on('message', (req: WorkerRequest) => {
  const reply = runRequest(req);
  const transfer = reply.ok && reply.bytes ? [reply.bytes.buffer as ArrayBuffer] : [];
  parentPort?.postMessage(reply, transfer);
});
