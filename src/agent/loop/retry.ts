// Which model errors are worth retrying, and how long to wait. The SDK's own
// retries are off (maxRetries: 0) so every wait is visible to the person as a
// `retry` event; this module only decides, the caller sleeps and emits.

import Anthropic from '@anthropic-ai/sdk';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected so tests run without real waits. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  sleep: abortableSleep,
  random: Math.random,
};

export type ErrorVerdict =
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'cancelled' };

/** Classifies an error thrown by a streamed model request. */
export function classifyModelError(err: unknown, signal: AbortSignal): ErrorVerdict {
  if (signal.aborted || err instanceof Anthropic.APIUserAbortError) return { kind: 'cancelled' };
  if (err instanceof Anthropic.APIError && typeof err.status === 'number') {
    const status = err.status;
    const retryAfterMs = retryAfterFromHeaders(err.headers);
    if (status === 429) return { kind: 'retry', reason: 'rate limited (429)', retryAfterMs };
    if (status === 529) return { kind: 'retry', reason: 'model overloaded (529)', retryAfterMs };
    if (status === 408 || status >= 500) return { kind: 'retry', reason: `server error (${status})`, retryAfterMs };
    if (status === 401) return { kind: 'fatal', message: `The API key was rejected (401): ${apiText(err)}. Check ANTHROPIC_API_KEY.` };
    if (status === 403) return { kind: 'fatal', message: `Permission denied (403): ${apiText(err)}` };
    if (status === 400) return { kind: 'fatal', message: `The request was invalid (400): ${apiText(err)}` };
    return { kind: 'fatal', message: `The model API answered ${status}: ${apiText(err)}` };
  }
  if (err instanceof Anthropic.APIError) {
    // An `error` event inside an SSE stream carries a type but no HTTP status.
    const type = (err.error as { error?: { type?: string } } | undefined)?.error?.type ?? err.type ?? '';
    if (type === 'overloaded_error') return { kind: 'retry', reason: 'model overloaded (stream)' };
    if (type === 'rate_limit_error') return { kind: 'retry', reason: 'rate limited (stream)' };
    if (type === 'api_error' || err instanceof Anthropic.APIConnectionError) {
      return { kind: 'retry', reason: err instanceof Anthropic.APIConnectionError ? 'connection failed' : 'server error (stream)' };
    }
    return { kind: 'fatal', message: `Model API error: ${err.message}` };
  }
  // Anything else thrown while reading the stream is the connection dropping
  // (undici's "terminated", ECONNRESET, a truncated SSE body...).
  const msg = err instanceof Error ? err.message : String(err);
  return { kind: 'retry', reason: `connection dropped (${msg})` };
}

/** Delay before attempt `attempt` (1-based count of failures so far). */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter on the upper half: spreads clients out but never waits ~0.
  return Math.round(exp / 2 + (policy.random() * exp) / 2);
}

function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function apiText(err: InstanceType<typeof Anthropic.APIError>): string {
  return err.apiMessage ?? err.message;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Thrown wherever the task's signal interrupts a wait. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
