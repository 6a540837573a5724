// Loose shapes of what a Messages API client sends, as the scripted model server sees it.
// Deliberately independent of @anthropic-ai/sdk types: the server must accept anything the
// real client sends, and tests read these fields when asserting on recorded requests.

export interface RequestContentBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | RequestContentBlock[];
  is_error?: boolean;
  cache_control?: unknown;
  [key: string]: unknown;
}

export interface RequestMessage {
  role: string;
  content: string | RequestContentBlock[];
}

export interface RequestTool {
  name: string;
  description?: string;
  input_schema?: unknown;
  cache_control?: unknown;
  [key: string]: unknown;
}

/** Body of POST /v1/messages and POST /v1/messages/count_tokens (unknown fields are kept). */
export interface MessagesRequestBody {
  model?: string;
  max_tokens?: number;
  messages?: RequestMessage[];
  system?: string | RequestContentBlock[];
  tools?: RequestTool[];
  tool_choice?: unknown;
  stream?: boolean;
  thinking?: unknown;
  metadata?: unknown;
  /** Request-level (automatic) cache breakpoint: applies to the last cacheable block. */
  cache_control?: unknown;
  [key: string]: unknown;
}

/** One HTTP request the server received (control API calls are not recorded). */
export interface RecordedRequest {
  /** 0-based position among recorded requests. */
  index: number;
  method: string;
  /** Path without query string, e.g. "/v1/messages". */
  path: string;
  /** Query string without "?", "" if none. */
  query: string;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON body; {} when the body was empty or not JSON. */
  body: MessagesRequestBody;
  /** The body as received. */
  rawBody: string;
  /** When the body had been fully received, epoch milliseconds. */
  time: number;
  /** Index of the transcript turn that answered it, if one did. */
  turnIndex?: number;
}

/** Why a request was not answered from the script. */
export type FailureKind = 'mismatch' | 'exhausted' | 'invalid-request' | 'respond-threw' | 'unknown-route';

export interface ModelServerFailure {
  kind: FailureKind;
  /** Index into `requests` of the offending request. */
  requestIndex: number;
  /** Transcript turn involved (mismatch, respond-threw). */
  turnIndex?: number;
  turnLabel?: string;
  /** Human-readable summary, also sent to the client in the 400 error message. */
  message: string;
  /** Individual differences for a mismatch. */
  reasons: string[];
  time: number;
}

export interface ComputedUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}
