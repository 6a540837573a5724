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
  /** A content block finished streaming (in order; again after a retry, like the text). */
  onBlock?(block: Anthropic.ContentBlock): void;
}

export interface ModelClientOptions {
  apiKey: string;
  baseURL?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout for the HTTP call, ms (SDK default 10 minutes). */
  timeoutMs?: number;
  /** Turn prompt caching off (only for measurements). */
  caching?: boolean;
  /**
   * A stream with no event for this long is treated as dropped and retried (default 300 s;
   * the SDK hides `ping` events, so this must outlast a long prefill or silent thinking).
   */
  streamIdleMs?: number;
}

/** A request the API refused for good (401, 400, ...): the task must end. */
export class FatalModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalModelError';
  }
}

/** No stream event arrived for too long; retried like a dropped connection. */
export class StreamStalledError extends Error {
  constructor(ms: number) {
    super(`no data from the model for ${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`);
    this.name = 'StreamStalledError';
  }
}

export class ModelClient {
  private readonly client: Anthropic;
  private readonly retry: RetryPolicy;
  private readonly caching: boolean;
  private readonly streamIdleMs: number;

  constructor(opts: ModelClientOptions) {
    if (!opts.apiKey) throw new FatalModelError('No API key: set ANTHROPIC_API_KEY or pass apiKey.');
    this.client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0, timeout: opts.timeoutMs });
    this.retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.caching = opts.caching ?? true;
    this.streamIdleMs = opts.streamIdleMs ?? 300_000;
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
    if (hooks.onBlock) stream.on('contentBlock', (block) => hooks.onBlock?.(block));
    // A connection can stay open yet send nothing; without this watchdog the task would hang.
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        stream.abort();
      }, this.streamIdleMs);
    };
    arm();
    stream.on('streamEvent', arm);
    try {
      return await stream.finalMessage();
    } catch (err) {
      if (stalled && !signal.aborted) throw new StreamStalledError(this.streamIdleMs);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
