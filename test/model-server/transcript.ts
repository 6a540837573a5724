// The transcript format: an ordered list of assistant turns the scripted model server plays back,
// one per POST /v1/messages. JSON files use the same shape (minus functions); see
// docs/model-server.md for the authoring guide.

import type { RecordedRequest } from './apiTypes';
import type { ScriptedCitation, ScriptedServerToolUseBlock, ScriptedWebSearchResultBlock } from './serverTools';

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'pause_turn'
  | 'refusal'
  | 'stop_sequence'
  | 'model_context_window_exceeded';

export const STOP_REASONS: readonly StopReason[] = [
  'end_turn',
  'tool_use',
  'max_tokens',
  'pause_turn',
  'refusal',
  'stop_sequence',
  'model_context_window_exceeded',
];

export interface ScriptedTextBlock {
  type: 'text';
  text: string;
  /** Web search results this text cites (streamed as citations_delta events). */
  citations?: ScriptedCitation[];
}

export interface ScriptedToolUseBlock {
  type: 'tool_use';
  /** Defaults to "toolu_ms_<turn>_<block>". Give one when a later turn matches on it. */
  id?: string;
  name: string;
  input: Record<string, unknown>;
}

export interface ScriptedThinkingBlock {
  type: 'thinking';
  thinking: string;
  /** Defaults to a fixed fake signature. */
  signature?: string;
}

export type ScriptedBlock =
  | ScriptedTextBlock
  | ScriptedToolUseBlock
  | ScriptedThinkingBlock
  | ScriptedServerToolUseBlock
  | ScriptedWebSearchResultBlock;

/** Any field given replaces the computed value; the rest are computed (see docs). */
export interface UsageOverride {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface ScriptedReply {
  content: ScriptedBlock[];
  /** Default: "tool_use" when content has a tool_use block, else "end_turn". */
  stop_reason?: StopReason;
  /** Reported with stop_reason "stop_sequence". Default null. */
  stop_sequence?: string | null;
  usage?: UsageOverride;
  /** Model name to report. Default: the request's model. */
  model?: string;
  /** Streaming only: wait this long before each SSE event (simulates slow generation). */
  eventDelayMs?: number;
  /** Wait this long before sending response headers (time to first byte). */
  initialDelayMs?: number;
  /** Streaming only: characters per text_delta / thinking_delta. Default 16. */
  textChunkSize?: number;
  /** Streaming only: characters per input_json_delta partial_json. Default 12. */
  jsonChunkSize?: number;
}

export interface ScriptedError {
  /** HTTP status, e.g. 400, 401, 429, 500, 529. */
  status: number;
  /** API error type. Default derived from status (429 → rate_limit_error, 529 → overloaded_error, ...). */
  type?: string;
  /** Default: a generic message for the type. */
  message?: string;
  /** Seconds, sent as the retry-after header (fractions allowed; the SDK honours them). */
  retryAfter?: number;
  /** Sent as error.details (the SDK maps some details.error_code values to specific error classes). */
  details?: Record<string, unknown>;
  /** Extra response headers, e.g. { "x-should-retry": "false" }. */
  headers?: Record<string, string>;
  /**
   * Streaming requests only: answer 200, send this many SSE events of `reply` (or a short default
   * text reply), then an SSE `error` event carrying this error — like an overload mid-stream.
   */
  inStreamAfterEvents?: number;
  reply?: ScriptedReply;
}

export interface ScriptedCut {
  /**
   * Streaming: send headers and this many SSE events of `reply`, then destroy the socket.
   * Non-streaming: destroy the socket before any response.
   */
  afterEvents: number;
  /** What is being streamed when the cut happens. Default: a short text reply. */
  reply?: ScriptedReply;
}

/**
 * Checks a turn makes against the request it answers; all given checks must pass. On a mismatch the
 * server answers 400 invalid_request_error, records a failure and does NOT consume the turn.
 */
export interface TurnMatch {
  /** The last user message's text (string content or text blocks) contains this. */
  lastUserText?: string;
  /** The first user message's text contains this (tells apart concurrent conversations, e.g. sub-agents by their brief). */
  firstUserText?: string;
  /** The last user message carries tool_result blocks for all these tool_use ids. */
  toolResultFor?: string | string[];
  /** Some tool_result block of the last user message contains this text. */
  toolResultIncludes?: string;
  /** request.model equals this. */
  model?: string;
  /** The system prompt (string or joined text blocks) contains this. */
  systemIncludes?: string;
  /** request.tools contains tools with all these names. */
  toolsInclude?: string[];
  /** request.stream equals this (absent stream counts as false). */
  stream?: boolean;
  /** request.messages has exactly this many messages. */
  messageCount?: number;
}

interface TurnBase {
  /** Shown in failure messages; defaults to "turn <index>". */
  label?: string;
  match?: TurnMatch;
}

export interface ReplyTurn extends TurnBase {
  reply: ScriptedReply;
}

export interface ErrorTurn extends TurnBase {
  error: ScriptedError;
}

export interface CutTurn extends TurnBase {
  cut: ScriptedCut;
}

/** What a turn (or a respond hook) tells the server to do. */
export type TurnAction = { reply: ScriptedReply } | { error: ScriptedError } | { cut: ScriptedCut };

/**
 * In-memory only: compute the answer from the request. Return a ScriptedReply, or a TurnAction to
 * answer with an error or a cut. A throw is answered 500 api_error and recorded as a failure.
 */
export type RespondFn = (request: RecordedRequest) => ScriptedReply | TurnAction | Promise<ScriptedReply | TurnAction>;

export interface RespondTurn extends TurnBase {
  respond: RespondFn;
}

export type Turn = ReplyTurn | ErrorTurn | CutTurn | RespondTurn;

/** A bare function is shorthand for `{ respond: fn }`. */
export type TurnInput = Turn | RespondFn;

/**
 * How a request picks its turn: 'sequential' (default) takes the next unplayed turn, which must
 * match; 'byMatch' takes the first unplayed turn whose `match` holds, so concurrent conversations
 * (sub-agents running in parallel) each follow their own turns whatever order they arrive in.
 */
export type TurnOrder = 'sequential' | 'byMatch';
export const TURN_ORDERS: readonly TurnOrder[] = ['sequential', 'byMatch'];

export interface Transcript {
  name?: string;
  description?: string;
  order?: TurnOrder;
  turns: TurnInput[];
}

export function orderOf(transcript: Transcript | TurnInput[]): TurnOrder {
  return Array.isArray(transcript) ? 'sequential' : (transcript.order ?? 'sequential');
}

/** Normalise what callers pass (a transcript or a bare list of turns) to a list of Turn objects. */
export function normaliseTurns(transcript: Transcript | TurnInput[]): Turn[] {
  const turns = Array.isArray(transcript) ? transcript : transcript.turns;
  return turns.map((turn) => (typeof turn === 'function' ? { respond: turn } : turn));
}

export function turnLabel(turn: Turn, index: number): string {
  return turn.label ? `turn ${index} ("${turn.label}")` : `turn ${index}`;
}

/** Turn a respond hook's result into an action. */
export function toAction(result: ScriptedReply | TurnAction): TurnAction {
  return 'content' in result ? { reply: result } : result;
}
