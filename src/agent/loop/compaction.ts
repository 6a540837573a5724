// Keeping a long task inside the model's context window. When the prompt nears
// the window, older tool results (the bulk of a desk task's tokens: file
// contents, listings, command output) are replaced by a short placeholder, or
// summarised by the smaller model. The person's request (first user message),
// the plan (propose_plan call and its answer) and loaded skill text
// (activate_skill results) are never touched, and neither are the latest results.

import type Anthropic from '@anthropic-ai/sdk';
import { contentText } from './toolExecutor';

import type { MessageParam } from './transcript';

export const CLEARED_PLACEHOLDER = '[Older tool result cleared to free context. Re-run the tool if you need it again.]';

export interface CompactionSettings {
  /** Model context window, tokens. */
  contextWindow: number;
  /** Compact when the next prompt is estimated above this share of the window. */
  threshold: number;
  /** The most recent user messages whose tool results are always kept. */
  keepRecentUserMessages: number;
  /** Tool names whose results are never cleared. */
  preserveTools: ReadonlySet<string>;
  /** When given, cleared results are summarised by this (the small model); otherwise just cleared. */
  summarise?: (text: string) => Promise<string>;
}

export interface CompactionResult {
  cleared: number;
  /** Characters removed from the transcript (approximate tokens × 4). */
  charsRemoved: number;
  summarised: boolean;
}

/** Rough token count: the API's tokenizers average about 4 characters per token on text/JSON. */
export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value).length / 4);
}

/**
 * Tracks how full the context is: the last response's authoritative prompt size,
 * plus an estimate of what was appended since.
 */
export class ContextMeter {
  private baseTokens = 0;
  private baseChars = 0;

  /** After a response: its prompt + output tokens, and the transcript size that produced them. */
  observe(promptAndOutputTokens: number, transcriptChars: number): void {
    this.baseTokens = promptAndOutputTokens;
    this.baseChars = transcriptChars;
  }

  /** After compaction removed text. */
  shrink(charsRemoved: number, transcriptChars: number): void {
    this.baseTokens = Math.max(0, this.baseTokens - Math.ceil(charsRemoved / 4));
    this.baseChars = transcriptChars;
  }

  estimate(transcriptChars: number, fixedPartTokens: number): number {
    if (this.baseTokens === 0) return fixedPartTokens + Math.ceil(transcriptChars / 4);
    return this.baseTokens + Math.ceil(Math.max(0, transcriptChars - this.baseChars) / 4);
  }
}

export function needsCompaction(estimatedTokens: number, s: CompactionSettings): boolean {
  return estimatedTokens > s.contextWindow * s.threshold;
}

/** Rewrites old tool results in place. Returns what was done (cleared 0 when nothing could go). */
export async function compactTranscript(messages: MessageParam[], s: CompactionSettings): Promise<CompactionResult> {
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    if (m.role !== 'assistant' || typeof m.content === 'string') continue;
    for (const b of m.content) if (b.type === 'tool_use') toolNames.set(b.id, b.name);
  }
  const userIndexes = messages.flatMap((m, i) => (m.role === 'user' ? [i] : []));
  const protectedFrom = userIndexes.length > s.keepRecentUserMessages ? userIndexes[userIndexes.length - s.keepRecentUserMessages] : 0;

  const victims: Anthropic.ToolResultBlockParam[] = [];
  for (let i = 1; i < protectedFrom; i++) {
    const m = messages[i];
    if (m.role !== 'user' || typeof m.content === 'string') continue;
    for (const b of m.content) {
      if (b.type !== 'tool_result') continue;
      if (s.preserveTools.has(toolNames.get(b.tool_use_id) ?? '')) continue;
      const text = contentText(b.content);
      if (text === CLEARED_PLACEHOLDER || text.startsWith('[Earlier tool results')) continue;
      victims.push(b);
    }
  }
  if (victims.length === 0) return { cleared: 0, charsRemoved: 0, summarised: false };

  const before = JSON.stringify(victims).length;
  let summary: string | undefined;
  if (s.summarise) {
    const material = victims
      .map((b) => `### ${toolNames.get(b.tool_use_id) ?? 'tool'} (${b.tool_use_id})\n${contentText(b.content).slice(0, 8_000)}`)
      .join('\n\n');
    try {
      summary = await s.summarise(material);
    } catch (err) {
      if ((err as Error)?.name === 'CancelledError') throw err;
      summary = undefined; // fall back to plain clearing; the task goes on either way
    }
  }
  victims.forEach((b, i) => {
    const last = i === victims.length - 1;
    b.content = summary && last ? `[Earlier tool results were cleared to free context. Summary of them:]\n${summary}` : CLEARED_PLACEHOLDER;
    delete b.is_error;
  });
  const after = JSON.stringify(victims).length;
  return { cleared: victims.length, charsRemoved: Math.max(0, before - after), summarised: summary !== undefined };
}

export const SUMMARY_INSTRUCTIONS =
  'You compress the working memory of an agent doing desk work in a folder. Summarise the tool results below ' +
  'in at most 300 words: keep file paths, names, counts, dates, amounts and any facts the agent will need to ' +
  'finish its task; drop raw listings and file contents. Plain text, no preamble.';
