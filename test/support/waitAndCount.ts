// Two small helpers for tests that run tasks against the scripted model server in
// the same process: wait for a condition on what the task emitted, and find the
// requests of one conversation (a sub-agent's starts with its brief).

import type { ModelServer, RecordedRequest } from '../model-server';

/** Resolves once `pred` holds (checked every 20 ms); fails after `ms` naming `what`. */
export async function until(what: string, pred: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The Messages requests whose first message contains `needle`. */
export function requestsOpeningWith(server: ModelServer, needle: string): RecordedRequest[] {
  return server.messageRequests().filter((r) => {
    const c = r.body.messages?.[0]?.content;
    return (typeof c === 'string' ? c : (c ?? []).map((b) => (b.type === 'text' ? b.text : '')).join('')).includes(needle);
  });
}
