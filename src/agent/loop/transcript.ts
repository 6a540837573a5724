// The conversation sent to the model, kept valid at every moment: roles
// alternate, and every assistant `tool_use` is answered by a `tool_result` in the
// next user message (the API rejects a transcript that breaks either rule). The
// task runner only changes messages through this class, so a cancel, a crash or
// a reload can always send the transcript again.

import type Anthropic from '@anthropic-ai/sdk';

/** A conversation message (the API also has a 'system' role; the loop never uses it). */
export type MessageParam = Anthropic.Messages.UserMessageParam | Anthropic.Messages.AssistantMessageParam;
type Block = Anthropic.ContentBlockParam;

export class Transcript {
  private readonly list: MessageParam[];

  constructor(messages: MessageParam[] = []) {
    this.list = structuredClone(messages);
  }

  get messages(): readonly MessageParam[] {
    return this.list;
  }

  get length(): number {
    return this.list.length;
  }

  last(): MessageParam | undefined {
    return this.list[this.list.length - 1];
  }

  /** A snapshot safe to persist or hand out. */
  snapshot(): MessageParam[] {
    return structuredClone(this.list);
  }

  addAssistant(content: Block[]): void {
    if (content.length === 0) return; // the API rejects empty assistant messages
    const last = this.last();
    if (last?.role === 'assistant') {
      // A reply after pause_turn continues the same assistant message.
      const existing: Block[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
      last.content = [...existing, ...content];
      return;
    }
    this.list.push({ role: 'assistant', content });
  }

  /** Appends user blocks, merged into the last message when it is already a user message. */
  addUser(blocks: Block[]): void {
    if (blocks.length === 0) return;
    const last = this.last();
    if (last?.role === 'user') {
      const existing: Block[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
      // tool_result blocks must come first in a user message.
      const results = [...existing, ...blocks].filter((b) => b.type === 'tool_result');
      const rest = [...existing, ...blocks].filter((b) => b.type !== 'tool_result');
      last.content = [...results, ...rest];
      return;
    }
    this.list.push({ role: 'user', content: blocks });
  }

  /** tool_use blocks of the final assistant message that have no tool_result yet. */
  unansweredToolUses(): Anthropic.ToolUseBlockParam[] {
    const lastAssistantIndex = this.findLastIndex((m) => m.role === 'assistant');
    if (lastAssistantIndex < 0) return [];
    const assistant = this.list[lastAssistantIndex];
    if (typeof assistant.content === 'string') return [];
    const uses = assistant.content.filter((b): b is Anthropic.ToolUseBlockParam => b.type === 'tool_use');
    const answered = new Set<string>();
    for (const m of this.list.slice(lastAssistantIndex + 1)) {
      if (typeof m.content === 'string') continue;
      for (const b of m.content) if (b.type === 'tool_result') answered.add(b.tool_use_id);
    }
    return uses.filter((u) => !answered.has(u.id));
  }

  /** Answers every unanswered tool_use with an error result (after a cancel or crash). */
  closeUnanswered(reason: string): number {
    const open = this.unansweredToolUses();
    this.addUser(open.map((u) => ({ type: 'tool_result', tool_use_id: u.id, is_error: true, content: reason })));
    return open.length;
  }

  /** Direct access for compaction, which rewrites old tool results in place. */
  mutableMessages(): MessageParam[] {
    return this.list;
  }

  private findLastIndex(pred: (m: MessageParam) => boolean): number {
    for (let i = this.list.length - 1; i >= 0; i--) if (pred(this.list[i])) return i;
    return -1;
  }
}

/** Text blocks of an assistant message, joined (for refusals and summaries). */
export function textOf(content: MessageParam['content']): string {
  if (typeof content === 'string') return content;
  return content
    .filter((b): b is Anthropic.TextBlockParam => b.type === 'text')
    .map((b) => b.text)
    .join('');
}
