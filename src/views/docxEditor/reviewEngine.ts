// The worker's work: run one request against the document engine and turn the result
// (or the engine's DocumentError) into a reply. Plain Node, no vscode: it runs in the
// worker thread, inline in unit tests, and in the bench.

import { isDocumentError } from '../../documents/ooxml/documentError';
import { applyDecision, readReviewDocument } from './engineView';
import type { WorkerReply, WorkerRequest } from './workerMessages';

export function runRequest(req: WorkerRequest): WorkerReply {
  const started = performance.now();
  try {
    const bytes = toBytes(req.bytes);
    if (req.op === 'open') return { ok: true, view: readReviewDocument(bytes), ms: performance.now() - started };
    const out = applyDecision(bytes, req.decision);
    return { ok: true, bytes: out, view: readReviewDocument(out), ms: performance.now() - started };
  } catch (err) {
    if (isDocumentError(err)) return { ok: false, message: err.message, code: err.code };
    if (err instanceof RangeError) return { ok: false, message: `the document is too large or too deeply nested to review (${err.message})`, code: 'LIMIT_EXCEEDED' };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Bytes that arrived through postMessage may be a plain Uint8Array; the engine wants a Buffer view. */
function toBytes(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
