// Worker-thread entry for transcode(): decoding a 12 MP photo in pure JS takes
// seconds, which must not freeze the extension host. One request per worker.

import { parentPort } from 'node:worker_threads';
import { ImageError, transcode, type TranscodeRequest } from './transcode';

parentPort?.once('message', (req: TranscodeRequest) => {
  try {
    const out = transcode(req);
    parentPort?.postMessage({ ok: true, result: out }, out.bytes ? [out.bytes.buffer as ArrayBuffer] : []);
  } catch (err) {
    parentPort?.postMessage({ ok: false, imageError: err instanceof ImageError, message: err instanceof Error ? err.message : String(err) });
  }
});
