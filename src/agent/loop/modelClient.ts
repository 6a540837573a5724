// One model request: streamed, with cache breakpoints, retried on transient
// failures. Retries live here rather than in the SDK (maxRetries: 0) so each
// wait is reported through `onRetry` and shown to the person as it happens.

import Anthropic from '@anthropic-ai/sdk';
import { withCacheBreakpoints } from './caching';
import type { MessageParam } from './transcript';
import { backoffDelay, CancelledError, classifyModelError, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

export interface ModelRequest {
  model: string;
  maxTokens: number;
  system: Anthropic.TextBlockParam[];
  tools: Anthropic.ToolUnion[];
  messages: MessageParam[];
}

export interface ModelCallHooks {
  /** A piece of visible text as it streams. Restarts from scratch after a retry. */
  onText?(delta: string): void;
  onRetry?(attempt: number, delayMs: number, reason: string): void;
}

export interface ModelClientOptions {
  apiKey: string;
  baseURL?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout for the HTTP call, ms (SDK default 10 minutes). */
  timeoutMs?: number;
  /** Turn prompt caching off (only for measurements). */
  caching?: boolean;
}

/** A request the API refused for good (401, 400, ...): the task must end. */
export class FatalModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalModelError';
  }
}

export class ModelClient {
  private readonly client: Anthropic;
  private readonly retry: RetryPolicy;
  private readonly caching: boolean;

  constructor(opts: ModelClientOptions) {
    if (!opts.apiKey) throw new FatalModelError('No API key: set ANTHROPIC_API_KEY or pass apiKey.');
    this.client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0, timeout: opts.timeoutMs });
    this.retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.caching = opts.caching ?? true;
  }

  /** Streams one request to completion. Throws CancelledError or FatalModelError. */
  async call(req: ModelRequest, signal: AbortSignal, hooks: ModelCallHooks = {}): Promise<Anthropic.Message> {
    const body = this.caching
      ? withCacheBreakpoints(req.tools, req.system, req.messages)
      : { tools: req.tools, system: req.system, messages: req.messages };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.streamOnce(req, body, signal, hooks);
      } catch (err) {
        const verdict = classifyModelError(err, signal);
        if (verdict.kind === 'cancelled') throw new CancelledError();
        if (verdict.kind === 'fatal') throw new FatalModelError(verdict.message);
        if (attempt >= this.retry.maxAttempts) {
          throw new FatalModelError(`Gave up after ${attempt} attempts: ${verdict.reason}.`);
        }
        const delay = backoffDelay(this.retry, attempt, verdict.retryAfterMs);
        hooks.onRetry?.(attempt, delay, verdict.reason);
        await this.retry.sleep(delay, signal);
      }
    }
  }

  private async streamOnce(
    req: ModelRequest,
    body: Pick<ModelRequest, 'tools' | 'system' | 'messages'>,
    signal: AbortSignal,
    hooks: ModelCallHooks,
  ): Promise<Anthropic.Message> {
    const stream = this.client.messages.stream(
      {
        model: req.model,
        max_tokens: req.maxTokens,
        system: body.system,
        messages: body.messages,
        ...(body.tools.length > 0 ? { tools: body.tools } : {}),
      },
      { signal },
    );
    if (hooks.onText) stream.on('text', (delta) => hooks.onText?.(delta));
    return await stream.finalMessage();
  }
}
