// Prompt-caching breakpoints. The API caches the prefix up to each block marked
// `cache_control`; order is tools → system → messages. We mark four places (the
// API's maximum): the last tool, the last system block, and the last block of the
// two most recent user messages. The older user mark matches what the previous
// request wrote, the newer one writes the prefix the next request will read, so
// from the second turn on nearly all input tokens are cache reads.
// Marks are added to copies: the stored transcript never carries them.

import type Anthropic from '@anthropic-ai/sdk';

import type { MessageParam } from './transcript';
type Block = Anthropic.ContentBlockParam;

const EPHEMERAL: Anthropic.CacheControlEphemeral = { type: 'ephemeral' };

export function withCacheBreakpoints(
  tools: Anthropic.ToolUnion[],
  system: Anthropic.TextBlockParam[],
  messages: MessageParam[],
): { tools: Anthropic.ToolUnion[]; system: Anthropic.TextBlockParam[]; messages: MessageParam[] } {
  const markedTools = tools.map((t, i) => (i === tools.length - 1 ? ({ ...t, cache_control: EPHEMERAL } as Anthropic.ToolUnion) : t));
  const markedSystem = system.map((b, i) => (i === system.length - 1 ? { ...b, cache_control: EPHEMERAL } : b));

  const userIndexes: number[] = [];
  for (let i = messages.length - 1; i >= 0 && userIndexes.length < 2; i--) {
    if (messages[i].role === 'user') userIndexes.push(i);
  }
  const markedMessages = messages.map((m, i) => (userIndexes.includes(i) ? markLastBlock(m) : m));
  return { tools: markedTools, system: markedSystem, messages: markedMessages };
}

function markLastBlock(m: MessageParam): MessageParam {
  const blocks: Block[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : [...m.content];
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    // Thinking blocks cannot carry cache_control; every other user-side block can.
    if (b.type === 'thinking' || b.type === 'redacted_thinking') continue;
    blocks[i] = { ...b, cache_control: EPHEMERAL } as Block;
    break;
  }
  return { ...m, content: blocks };
}

/** Number of cache_control marks in a request body (used by tests and the bench). */
export function countBreakpoints(body: { tools?: unknown[]; system?: unknown; messages?: unknown[] }): number {
  return JSON.stringify(body).split('"cache_control"').length - 1;
}
