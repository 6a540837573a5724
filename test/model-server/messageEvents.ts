// Turning a scripted reply into what the API sends: a Message object (non-streaming) or the
// ordered list of SSE events (streaming) the SDK's MessageStream reassembles.

import { randomBytes } from 'node:crypto';
import type { ComputedUsage } from './apiTypes';
import { citationBlock, countSearches, searchResultBlock, serverToolUseId } from './serverTools';
import type { ScriptedBlock, ScriptedReply, StopReason } from './transcript';

export const DEFAULT_SIGNATURE = 'model-server-fake-signature';
const DEFAULT_TEXT_CHUNK = 16;
const DEFAULT_JSON_CHUNK = 12;

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface BuiltMessage {
  id: string;
  model: string;
  content: Record<string, unknown>[];
  stop_reason: StopReason;
  stop_sequence: string | null;
  usage: ComputedUsage;
  /** Web searches the reply performed (usage.server_tool_use.web_search_requests). */
  webSearches: number;
}

export function newMessageId(): string {
  return `msg_ms_${randomBytes(12).toString('hex')}`;
}

export function newRequestId(): string {
  return `req_ms_${randomBytes(12).toString('hex')}`;
}

export function defaultStopReason(reply: ScriptedReply): StopReason {
  return reply.stop_reason ?? (reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
}

/** The final content blocks as the API returns them (tool ids filled in). */
export function finalBlock(block: ScriptedBlock, turnIndex: number, blockIndex: number, content: ScriptedBlock[] = [block]): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return block.citations ? { type: 'text', text: block.text, citations: block.citations.map(citationBlock) } : { type: 'text', text: block.text };
    case 'server_tool_use':
      return { type: 'server_tool_use', id: block.id ?? serverToolUseId(turnIndex, blockIndex), name: block.name, input: block.input };
    case 'web_search_tool_result': {
      let call = blockIndex - 1;
      while (call >= 0 && content[call].type !== 'server_tool_use') call--;
      const callBlock = content[call] as { id?: string } | undefined;
      const toolUseId = block.tool_use_id ?? (callBlock ? (callBlock.id ?? serverToolUseId(turnIndex, call)) : `srvtoolu_ms_${turnIndex}_missing`);
      return searchResultBlock(block, toolUseId);
    }
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature ?? DEFAULT_SIGNATURE };
    case 'tool_use':
      return { type: 'tool_use', id: block.id ?? `toolu_ms_${turnIndex}_${blockIndex}`, name: block.name, input: block.input };
  }
}

export function buildMessage(reply: ScriptedReply, model: string, usage: ComputedUsage, turnIndex: number): BuiltMessage {
  return {
    id: newMessageId(),
    model: reply.model ?? model,
    content: reply.content.map((b, i) => finalBlock(b, turnIndex, i, reply.content)),
    stop_reason: defaultStopReason(reply),
    stop_sequence: reply.stop_sequence ?? null,
    usage,
    webSearches: countSearches(reply.content),
  };
}

function serverToolUsage(webSearches: number): Record<string, number> | null {
  return webSearches > 0 ? { web_search_requests: webSearches, web_fetch_requests: 0 } : null;
}

function fullUsage(usage: ComputedUsage, webSearches = 0): Record<string, unknown> {
  return {
    ...usage,
    cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    server_tool_use: serverToolUsage(webSearches),
    service_tier: 'standard',
  };
}

/** The JSON body of a non-streaming reply. */
export function messageJson(message: BuiltMessage): Record<string, unknown> {
  return {
    id: message.id,
    type: 'message',
    role: 'assistant',
    model: message.model,
    content: message.content,
    stop_reason: message.stop_reason,
    stop_sequence: message.stop_sequence,
    container: null,
    stop_details: null,
    usage: fullUsage(message.usage, message.webSearches),
  };
}

function chunks(text: string, size: number): string[] {
  const step = Math.max(1, Math.floor(size));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += step) out.push(text.slice(i, i + step));
  return out;
}

function blockEvents(block: Record<string, unknown>, index: number, reply: ScriptedReply): SseEvent[] {
  const textChunk = reply.textChunkSize ?? DEFAULT_TEXT_CHUNK;
  const delta = (d: Record<string, unknown>): SseEvent => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: d } });
  const start = (content_block: Record<string, unknown>): SseEvent => ({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block } });
  const events: SseEvent[] = [];
  if (block.type === 'text') {
    events.push(start({ type: 'text', text: '' }));
    for (const citation of (block.citations as Record<string, unknown>[] | undefined) ?? []) events.push(delta({ type: 'citations_delta', citation }));
    for (const part of chunks(block.text as string, textChunk)) events.push(delta({ type: 'text_delta', text: part }));
  } else if (block.type === 'thinking') {
    events.push(start({ type: 'thinking', thinking: '', signature: '' }));
    for (const part of chunks(block.thinking as string, textChunk)) events.push(delta({ type: 'thinking_delta', thinking: part }));
    events.push(delta({ type: 'signature_delta', signature: block.signature }));
  } else if (block.type === 'web_search_tool_result') {
    // The API sends the finished result in one piece.
    events.push(start(block));
  } else {
    // tool_use and server_tool_use stream their input as JSON fragments alike.
    events.push(start({ type: block.type, id: block.id, name: block.name, input: {} }));
    const json = JSON.stringify(block.input);
    for (const part of chunks(json, reply.jsonChunkSize ?? DEFAULT_JSON_CHUNK)) events.push(delta({ type: 'input_json_delta', partial_json: part }));
  }
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  return events;
}

/**
 * The SSE events of a streamed reply, in the API's order: message_start, then per block
 * content_block_start / content_block_delta* / content_block_stop (with a ping after the first
 * start), message_delta (stop_reason, cumulative usage), message_stop.
 */
export function streamEvents(message: BuiltMessage, reply: ScriptedReply): SseEvent[] {
  const { usage } = message;
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          ...messageJson(message),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: fullUsage({ ...usage, output_tokens: Math.min(1, usage.output_tokens) }),
        },
      },
    },
  ];
  message.content.forEach((block, index) => {
    const parts = blockEvents(block, index, reply);
    events.push(...parts);
    if (index === 0) events.splice(2, 0, { event: 'ping', data: { type: 'ping' } });
  });
  if (message.content.length === 0) events.push({ event: 'ping', data: { type: 'ping' } });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
        server_tool_use: serverToolUsage(message.webSearches),
      },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

export function formatSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
