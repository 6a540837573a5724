// The scripted model server: a node:http server speaking the Messages API, answering each
// POST /v1/messages with the next transcript turn, and recording everything it was sent.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultErrorMessage, errorBody, errorTypeForStatus } from './apiErrors';
import type { FailureKind, MessagesRequestBody, ModelServerFailure, RecordedRequest } from './apiTypes';
import { handleControl } from './control';
import { buildMessage, messageJson, newRequestId, streamEvents } from './messageEvents';
import { matchRequest } from './match';
import { cutNow, sendError, sendJson, sendSse, sleep } from './responses';
import { invalidWebSearchTool, searchWithoutTool } from './serverTools';
import { MAX_CACHE_BREAKPOINTS, PromptCache, countBreakpoints, estimateInputTokens, estimateOutputTokens } from './tokens';
import { normaliseTurns, orderOf, toAction, turnLabel, type ScriptedReply, type Transcript, type Turn, type TurnAction, type TurnInput, type TurnOrder } from './transcript';

export interface ModelServerOptions {
  /** Turns to play back. Default: none (every request fails as "exhausted" until one is loaded). */
  transcript?: Transcript | TurnInput[];
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /**
   * When set, requests carrying neither `x-api-key: KEY` nor `authorization: Bearer KEY` are answered
   * 401 authentication_error. (SDK 1.x sends an apiKey as `authorization: Bearer`.)
   */
  requireApiKey?: string;
  /** Prefixes shorter than this many (estimated) tokens are not cached. Default 0. */
  minCacheableTokens?: number;
}

const DEFAULT_CUT_REPLY: ScriptedReply = { content: [{ type: 'text', text: 'This reply is cut off before it finishes, on purpose.' }] };

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** What is wrong with a /v1/messages body, or undefined when it is usable. */
function invalidMessagesBody(body: MessagesRequestBody, countOnly: boolean): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Field required';
  if (!countOnly && typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  const breakpoints = countBreakpoints(body);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) {
    return `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`;
  }
  return invalidWebSearchTool(body);
}

export class ModelServer {
  private turns: Turn[] = [];
  private nextTurn = 0;
  /** 'byMatch' only: which turns have been played (they may be played out of order). */
  private played = new Set<number>();
  private order: TurnOrder = 'sequential';
  private readonly recorded: RecordedRequest[] = [];
  private readonly failed: ModelServerFailure[] = [];
  private readonly cache: PromptCache;
  private readonly http: Server;
  private address: AddressInfo | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: ModelServerOptions = {}) {
    this.cache = new PromptCache(options.minCacheableTokens ?? 0);
    if (options.transcript) {
      this.turns = normaliseTurns(options.transcript);
      this.order = orderOf(options.transcript);
    }
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendError(res, { status: 500, type: 'api_error', message: `model-server bug: ${String(err)}`, requestId: newRequestId() });
        else res.destroy();
      });
    });
  }

  /** Start listening; resolves once the port is known. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.address = this.http.address() as AddressInfo;
    return this;
  }

  /** Base URL for the SDK: `new Anthropic({ apiKey: 'test', baseURL: server.url })`. */
  get url(): string {
    if (!this.address) throw new Error('model server is not listening yet');
    return `http://${this.address.address}:${this.address.port}`;
  }

  get port(): number {
    return this.address?.port ?? 0;
  }

  /** Every request received, oldest first (control API calls excluded). */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Requests the script could not answer (mismatch, exhausted, invalid, unknown route, hook threw). */
  get failures(): readonly ModelServerFailure[] {
    return this.failed;
  }

  /** Turns not yet played. */
  get remaining(): number {
    return this.turns.length - this.used;
  }

  /** Turns played so far. */
  get used(): number {
    return this.order === 'byMatch' ? this.played.size : this.nextTurn;
  }

  get totalTurns(): number {
    return this.turns.length;
  }

  /** Only the POST /v1/messages requests. */
  messageRequests(): RecordedRequest[] {
    return this.recorded.filter((r) => r.method === 'POST' && r.path === '/v1/messages');
  }

  /**
   * Resolves once at least `count` requests have been recorded (since the last reset), e.g. to wait
   * for an agent running elsewhere to make its next call. Rejects after `timeoutMs`.
   */
  async waitForRequests(count: number, timeoutMs = 5000): Promise<readonly RecordedRequest[]> {
    if (this.recorded.length < count) {
      await new Promise<void>((resolve, reject) => {
        const waiter = { count, resolve: () => (clearTimeout(timer), resolve()) };
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new Error(`model server: waited ${timeoutMs} ms for ${count} requests, got ${this.recorded.length}`));
        }, timeoutMs);
        this.waiters.push(waiter);
      });
    }
    return this.recorded;
  }

  /** Load a new script and forget requests, failures and the prompt cache. */
  reset(transcript: Transcript | TurnInput[] = []): void {
    this.turns = normaliseTurns(transcript);
    this.order = orderOf(transcript);
    this.nextTurn = 0;
    this.played = new Set();
    this.recorded.length = 0;
    this.failed.length = 0;
    this.cache.clear();
  }

  /** Throw a descriptive error if any request failed or turns are left unplayed. */
  assertComplete(): void {
    const problems = this.failed.map((f) => `request #${f.requestIndex}: ${f.message}`);
    if (this.remaining > 0) problems.push(`${this.remaining} of ${this.turns.length} turns were never requested`);
    if (problems.length > 0) throw new Error(`model server script not completed cleanly:\n- ${problems.join('\n- ')}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private fail(kind: FailureKind, requestIndex: number, message: string, reasons: string[] = [], turnIndex?: number): ModelServerFailure {
    const turn = turnIndex === undefined ? undefined : this.turns[turnIndex];
    const failure: ModelServerFailure = { kind, requestIndex, message, reasons, time: Date.now(), turnIndex, turnLabel: turn?.label };
    this.failed.push(failure);
    return failure;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const [path, query = ''] = (req.url ?? '/').split('?', 2);
    if (path.startsWith('/__control/')) {
      await handleControl(this, req.method ?? 'GET', path, rawBody, res);
      return;
    }
    const parsed = parseJson(rawBody);
    const body = (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {}) as MessagesRequestBody;
    const record: RecordedRequest = { index: this.recorded.length, method: req.method ?? 'GET', path, query, headers: flatHeaders(req), body, rawBody, time: Date.now() };
    this.recorded.push(record);
    const ready = this.waiters.filter((w) => w.count <= this.recorded.length);
    this.waiters = this.waiters.filter((w) => w.count > this.recorded.length);
    ready.forEach((w) => w.resolve());
    const requestId = newRequestId();

    const isMessages = path === '/v1/messages' || path === '/v1/messages/count_tokens';
    if (!isMessages || req.method !== 'POST') {
      const message = `model-server: no route for ${req.method} ${path}`;
      this.fail('unknown-route', record.index, message);
      sendError(res, { status: 404, type: 'not_found_error', message, requestId });
      return;
    }
    const apiKey = this.options.requireApiKey;
    if (apiKey !== undefined && record.headers['x-api-key'] !== apiKey && record.headers.authorization !== `Bearer ${apiKey}`) {
      sendError(res, { status: 401, type: 'authentication_error', message: 'invalid x-api-key', requestId });
      return;
    }
    const countOnly = path === '/v1/messages/count_tokens';
    const invalid = parsed.ok ? invalidMessagesBody(body, countOnly) : `request body is not valid JSON: ${parsed.error}`;
    if (invalid) {
      this.fail('invalid-request', record.index, invalid);
      sendError(res, { status: 400, type: 'invalid_request_error', message: invalid, requestId });
      return;
    }
    if (countOnly) {
      sendJson(res, 200, { input_tokens: estimateInputTokens(body) }, requestId);
      return;
    }
    await this.answerFromScript(record, res, requestId);
  }

  private async answerFromScript(record: RecordedRequest, res: ServerResponse, requestId: string): Promise<void> {
    const noRetry = { 'x-should-retry': 'false' };
    const picked = this.order === 'byMatch' ? this.pickByMatch(record) : { turnIndex: this.nextTurn, reasons: undefined };
    if (picked.reasons) {
      const message = `model-server: no unplayed turn matched the request: ${picked.reasons.join('; ')}`;
      this.fail('mismatch', record.index, message, picked.reasons);
      sendError(res, { status: 400, type: 'invalid_request_error', message, requestId, headers: noRetry });
      return;
    }
    const turnIndex = picked.turnIndex;
    const turn = this.turns[turnIndex];
    if (!turn) {
      const message = `model-server: transcript exhausted: request #${record.index} arrived but all ${this.turns.length} turns were used`;
      this.fail('exhausted', record.index, message);
      sendError(res, { status: 400, type: 'invalid_request_error', message, requestId, headers: noRetry });
      return;
    }
    const label = turnLabel(turn, turnIndex);
    const reasons = matchRequest(turn.match, record.body);
    if (reasons.length > 0) {
      const message = `model-server: ${label} did not match the request: ${reasons.join('; ')}`;
      this.fail('mismatch', record.index, message, reasons, turnIndex);
      sendError(res, { status: 400, type: 'invalid_request_error', message, requestId, headers: noRetry });
      return;
    }
    if (this.order === 'byMatch') this.played.add(turnIndex);
    else this.nextTurn++;
    record.turnIndex = turnIndex;

    let action: TurnAction;
    if ('respond' in turn) {
      try {
        action = toAction(await turn.respond(record));
      } catch (err) {
        const message = `model-server: respond hook of ${label} threw: ${(err as Error).message ?? String(err)}`;
        this.fail('respond-threw', record.index, message, [], turnIndex);
        sendError(res, { status: 500, type: 'api_error', message, requestId, headers: noRetry });
        return;
      }
    } else {
      action = turn;
    }
    await this.perform(action, record, res, requestId, turnIndex);
  }

  /** 'byMatch': the first unplayed turn whose match holds; past the end when all are played; reasons when none matched. */
  private pickByMatch(record: RecordedRequest): { turnIndex: number; reasons?: string[] } {
    const reasons: string[] = [];
    for (let i = 0; i < this.turns.length; i++) {
      if (this.played.has(i)) continue;
      const why = matchRequest(this.turns[i].match, record.body);
      if (why.length === 0) return { turnIndex: i };
      if (reasons.length < 4) reasons.push(`${turnLabel(this.turns[i], i)}: ${why.join(', ')}`);
    }
    return reasons.length > 0 ? { turnIndex: -1, reasons } : { turnIndex: this.turns.length };
  }

  private async perform(action: TurnAction, record: RecordedRequest, res: ServerResponse, requestId: string, turnIndex: number): Promise<void> {
    const streaming = record.body.stream === true;
    if ('reply' in action) {
      await this.sendReply(action.reply, record, res, requestId, turnIndex, {});
      return;
    }
    if ('cut' in action) {
      if (!streaming) {
        await sleep(action.cut.reply?.initialDelayMs ?? 0);
        return cutNow(res);
      }
      await this.sendReply(action.cut.reply ?? DEFAULT_CUT_REPLY, record, res, requestId, turnIndex, { cutAfterEvents: action.cut.afterEvents });
      return;
    }
    const { error } = action;
    const type = error.type ?? errorTypeForStatus(error.status);
    const message = error.message ?? defaultErrorMessage(type);
    if (streaming && error.inStreamAfterEvents !== undefined) {
      const body = errorBody(type, message, requestId, error.details);
      await this.sendReply(error.reply ?? DEFAULT_CUT_REPLY, record, res, requestId, turnIndex, { errorAfterEvents: { count: error.inStreamAfterEvents, body } });
      return;
    }
    sendError(res, { status: error.status, type, message, requestId, retryAfter: error.retryAfter, headers: error.headers, details: error.details });
  }

  private async sendReply(
    reply: ScriptedReply,
    record: RecordedRequest,
    res: ServerResponse,
    requestId: string,
    turnIndex: number,
    interrupt: { cutAfterEvents?: number; errorAfterEvents?: { count: number; body: unknown } },
  ): Promise<void> {
    if (searchWithoutTool(record.body, reply.content)) {
      const message = `model-server: turn ${turnIndex} searches the web but request #${record.index} does not declare the web_search tool`;
      this.fail('mismatch', record.index, message, ['web_search tool not declared'], turnIndex);
      sendError(res, { status: 400, type: 'invalid_request_error', message, requestId, headers: { 'x-should-retry': 'false' } });
      return;
    }
    const input = this.cache.account(record.body);
    const usage = { ...input, output_tokens: estimateOutputTokens(reply.content), ...reply.usage };
    const message = buildMessage(reply, record.body.model ?? 'unknown-model', usage, turnIndex);
    await sleep(reply.initialDelayMs ?? 0);
    if (record.body.stream === true) {
      await sendSse(res, streamEvents(message, reply), { requestId, eventDelayMs: reply.eventDelayMs, ...interrupt });
    } else {
      sendJson(res, 200, messageJson(message), requestId);
    }
  }
}

/** Create a server and start listening. */
export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  return new ModelServer(options).listen();
}
