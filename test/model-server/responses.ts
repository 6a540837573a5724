// Low-level HTTP writers: JSON replies, API errors, and SSE streams that can be slowed down,
// cut (socket destroyed) or ended with an in-stream `error` event.

import type { ServerResponse } from 'node:http';
import { errorBody } from './apiErrors';
import { formatSse, type SseEvent } from './messageEvents';

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** True once the client went away (or we cut it); writers stop early. */
function gone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string, extraHeaders: Record<string, string> = {}): void {
  if (gone(res)) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': requestId,
    ...extraHeaders,
  });
  res.end(text);
}

export interface ErrorOptions {
  status: number;
  type: string;
  message: string;
  requestId: string;
  retryAfter?: number;
  headers?: Record<string, string>;
  details?: Record<string, unknown>;
}

export function sendError(res: ServerResponse, options: ErrorOptions): void {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  sendJson(res, options.status, errorBody(options.type, options.message, options.requestId, options.details), options.requestId, headers);
}

export interface StreamOptions {
  requestId: string;
  eventDelayMs?: number;
  /** Destroy the socket after this many events. */
  cutAfterEvents?: number;
  /** Send this many events, then an SSE `error` event with this body, then end. */
  errorAfterEvents?: { count: number; body: unknown };
}

/** Resolves once the chunk was handed to the socket (so a following destroy() does not drop it). */
function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    res.write(chunk, () => resolve());
  });
}

/** Write an SSE response. Resolves when done, cut, or the client disconnected. */
export async function sendSse(res: ServerResponse, events: SseEvent[], options: StreamOptions): Promise<void> {
  if (gone(res)) return;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': options.requestId,
  });
  res.flushHeaders();
  const limit = options.cutAfterEvents ?? options.errorAfterEvents?.count ?? events.length;
  for (let i = 0; i < Math.min(limit, events.length); i++) {
    await sleep(options.eventDelayMs ?? 0);
    if (gone(res)) return;
    await write(res, formatSse(events[i]));
  }
  if (options.cutAfterEvents !== undefined) {
    res.socket?.destroy();
    return;
  }
  if (options.errorAfterEvents && !gone(res)) {
    await write(res, `event: error\ndata: ${JSON.stringify(options.errorAfterEvents.body)}\n\n`);
  }
  if (!gone(res)) res.end();
}

/** Drop the connection without any response (a non-streaming request being cut). */
export function cutNow(res: ServerResponse): void {
  res.socket?.destroy();
}
