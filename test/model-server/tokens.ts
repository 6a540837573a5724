// Token estimates and prompt-cache accounting. Nothing here is a real tokenizer: every count is
// ceil(characters / 4) of a JSON serialization, documented in docs/model-server.md. What matters
// is that counts are deterministic, additive over the prompt, and move the way the real API's do.

import { createHash } from 'node:crypto';
import type { MessagesRequestBody, RequestContentBlock } from './apiTypes';
import type { ScriptedBlock } from './transcript';

export const CHARS_PER_TOKEN = 4;
/** The real API rejects requests with more cache_control breakpoints than this. */
export const MAX_CACHE_BREAKPOINTS = 4;
/** The real API looks back this many blocks from a breakpoint for an earlier cache entry. */
export const CACHE_LOOKBACK_BLOCKS = 20;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** One cacheable unit of the prompt, in the API's prefix order: tools, then system, then messages. */
export interface PromptSegment {
  /** Canonical serialization with cache_control removed (so moving a breakpoint changes nothing). */
  key: string;
  tokens: number;
  breakpoint: boolean;
}

function withoutCacheControl(value: object): string {
  return JSON.stringify(value, (k, v: unknown) => (k === 'cache_control' ? undefined : v));
}

function segment(kind: string, value: object, breakpoint: boolean): PromptSegment {
  const key = `${kind}:${withoutCacheControl(value)}`;
  return { key, tokens: estimateTokens(withoutCacheControl(value)), breakpoint };
}

function hasCacheControl(block: { cache_control?: unknown }): boolean {
  return block.cache_control !== undefined && block.cache_control !== null;
}

function blocksOf(content: string | RequestContentBlock[] | undefined): RequestContentBlock[] {
  if (content === undefined) return [];
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** Split a request's prompt into segments. A request-level cache_control marks the last segment. */
export function promptSegments(body: MessagesRequestBody): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const tool of body.tools ?? []) segments.push(segment('tool', tool, hasCacheControl(tool)));
  for (const block of blocksOf(body.system)) segments.push(segment('system', block, hasCacheControl(block)));
  (body.messages ?? []).forEach((message, i) => {
    for (const block of blocksOf(message.content)) {
      segments.push(segment(`${i}:${message.role}`, block, hasCacheControl(block)));
    }
  });
  if (hasCacheControl(body) && segments.length > 0) segments[segments.length - 1].breakpoint = true;
  return segments;
}

/** Estimated input tokens of a request (what count_tokens returns). */
export function estimateInputTokens(body: MessagesRequestBody): number {
  return promptSegments(body).reduce((sum, s) => sum + s.tokens, 0);
}

/** Estimated output tokens of a scripted reply (at least 1). */
export function estimateOutputTokens(content: ScriptedBlock[]): number {
  let chars = 0;
  for (const block of content) {
    if (block.type === 'text') chars += block.text.length;
    else if (block.type === 'thinking') chars += block.thinking.length;
    else if (block.type === 'web_search_tool_result') continue; // added by the API, not generated
    else chars += block.name.length + JSON.stringify(block.input).length;
  }
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN));
}

export function countBreakpoints(body: MessagesRequestBody): number {
  return promptSegments(body).filter((s) => s.breakpoint).length;
}

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * A model-wide prompt cache like the API's: each breakpoint writes the prefix ending there; a later
 * request reads the longest cached prefix found within CACHE_LOOKBACK_BLOCKS before any of its
 * breakpoints, and writes (cache_creation) the rest up to its last breakpoint. No TTL.
 */
export class PromptCache {
  private readonly entries = new Set<string>();

  /** @param minCacheableTokens prefixes shorter than this are never cached (real API: 1024+). */
  constructor(private readonly minCacheableTokens = 0) {}

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Account one request's input tokens and record its breakpoints as cached. */
  account(body: MessagesRequestBody): InputUsage {
    const segments = promptSegments(body);
    const total = segments.reduce((sum, s) => sum + s.tokens, 0);
    const hashes: string[] = [];
    const prefixTokens: number[] = [];
    let hash = `model:${body.model ?? ''}`;
    let tokens = 0;
    for (const s of segments) {
      hash = createHash('sha256').update(hash).update('\u0000').update(s.key).digest('hex');
      tokens += s.tokens;
      hashes.push(hash);
      prefixTokens.push(tokens);
    }
    const breakpoints = segments.flatMap((s, i) => (s.breakpoint ? [i] : []));
    if (breakpoints.length === 0) {
      return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    }
    let hit = -1;
    for (const b of breakpoints) {
      for (let j = b; j >= Math.max(0, b - CACHE_LOOKBACK_BLOCKS + 1) && j > hit; j--) {
        if (this.entries.has(hashes[j])) {
          hit = j;
          break;
        }
      }
    }
    const last = breakpoints[breakpoints.length - 1];
    const read = hit >= 0 ? prefixTokens[hit] : 0;
    const cacheable = prefixTokens[last] >= this.minCacheableTokens;
    const creation = cacheable ? prefixTokens[last] - read : 0;
    for (const b of breakpoints) {
      if (prefixTokens[b] >= this.minCacheableTokens) this.entries.add(hashes[b]);
    }
    return {
      input_tokens: total - read - creation,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: read,
    };
  }
}
