// The abort signals of the requests a server sends us (elicitation, sampling),
// aborted when the server cancels one with notifications/cancelled or the
// connection closes. The SDK (1.32) keeps such signals too, but drops a
// cancellation whose requestId is 0 (it tests the id for truthiness), and 0 is a
// server's first request id; so the connection keeps its own, by id.

import type { RequestId } from '@modelcontextprotocol/sdk/types.js';

export class ServerRequestSignals {
  private readonly open = new Map<RequestId, AbortController>();

  /** A signal for one request: aborted by `cancel(id)` or when `sdkSignal` aborts; `done` forgets it. */
  track(id: RequestId, sdkSignal: AbortSignal): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    const onSdkAbort = () => controller.abort(sdkSignal.reason);
    if (sdkSignal.aborted) onSdkAbort();
    else sdkSignal.addEventListener('abort', onSdkAbort, { once: true });
    this.open.set(id, controller);
    return {
      signal: controller.signal,
      done: () => {
        sdkSignal.removeEventListener('abort', onSdkAbort);
        if (this.open.get(id) === controller) this.open.delete(id);
      },
    };
  }

  /** The server's notifications/cancelled for `id` (an unknown id is ignored, as the spec says). */
  cancel(id: RequestId | undefined, reason?: string): void {
    if (id === undefined) return;
    this.open.get(id)?.abort(reason ?? 'cancelled by the server');
  }
}
