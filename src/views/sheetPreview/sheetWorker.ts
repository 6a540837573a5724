// Worker-thread entry of the spreadsheet preview (bundled as dist/sheet-worker.js):
// one worker per open file reads it with the engine and keeps its rows, so a
// 100,000-row sheet never blocks the extension host and a hostile file can only
// exhaust the worker's own heap.

import { parentPort } from 'node:worker_threads';
import { serveReader } from './gridReader';
import type { ReaderMessage, ReaderRequest } from './gridMessages';

const port = parentPort;
if (port) {
  const handle = serveReader((msg: ReaderMessage) => port.postMessage(msg));
  port.on('message', (req: ReaderRequest) => handle(req));
}
