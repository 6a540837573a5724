// Checking a turn's `match` against the request it is about to answer. Returns the list of
// differences (empty when everything matched), each phrased so a failing test explains itself.

import type { MessagesRequestBody, RequestContentBlock, RequestMessage } from './apiTypes';
import type { TurnMatch } from './transcript';

const PREVIEW_CHARS = 120;

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > PREVIEW_CHARS ? `${oneLine.slice(0, PREVIEW_CHARS)}…` : oneLine);
}

function blocks(content: RequestMessage['content'] | undefined): RequestContentBlock[] {
  if (content === undefined) return [];
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function textOf(content: string | RequestContentBlock[] | undefined): string {
  return blocks(content)
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text)
    .join('\n');
}

function lastUserMessage(body: MessagesRequestBody): RequestMessage | undefined {
  const messages = body.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') return messages[i];
  }
  return undefined;
}

function toolResults(message: RequestMessage | undefined): RequestContentBlock[] {
  return blocks(message?.content).filter((b) => b.type === 'tool_result');
}

/** Text of the system prompt: the string, or its text blocks joined with newlines. */
export function systemText(body: MessagesRequestBody): string {
  return textOf(body.system);
}

/** Text of the last user message (string content or text blocks; tool results excluded). */
export function lastUserText(body: MessagesRequestBody): string {
  return textOf(lastUserMessage(body)?.content);
}

export function matchRequest(match: TurnMatch | undefined, body: MessagesRequestBody): string[] {
  if (!match) return [];
  const reasons: string[] = [];
  const lastUser = lastUserMessage(body);

  if (match.lastUserText !== undefined) {
    const text = textOf(lastUser?.content);
    if (!text.includes(match.lastUserText)) {
      reasons.push(`lastUserText: expected the last user message to contain ${JSON.stringify(match.lastUserText)}, got ${preview(text)}`);
    }
  }
  if (match.firstUserText !== undefined) {
    const first = (body.messages ?? []).find((m) => m.role === 'user');
    const text = textOf(first?.content);
    if (!text.includes(match.firstUserText)) {
      reasons.push(`firstUserText: expected the first user message to contain ${JSON.stringify(match.firstUserText)}, got ${preview(text)}`);
    }
  }
  if (match.toolResultFor !== undefined) {
    const wanted = Array.isArray(match.toolResultFor) ? match.toolResultFor : [match.toolResultFor];
    const got = toolResults(lastUser).map((b) => b.tool_use_id ?? '');
    const missing = wanted.filter((id) => !got.includes(id));
    if (missing.length > 0) {
      reasons.push(`toolResultFor: no tool_result for ${missing.join(', ')} in the last user message (it has: ${got.length ? got.join(', ') : 'none'})`);
    }
  }
  if (match.toolResultIncludes !== undefined) {
    const texts = toolResults(lastUser).map((b) => (typeof b.content === 'string' ? b.content : textOf(b.content)));
    if (!texts.some((t) => t.includes(match.toolResultIncludes as string))) {
      reasons.push(`toolResultIncludes: no tool_result in the last user message contains ${JSON.stringify(match.toolResultIncludes)} (got ${texts.length ? texts.map(preview).join(', ') : 'no tool results'})`);
    }
  }
  if (match.model !== undefined && body.model !== match.model) {
    reasons.push(`model: expected ${JSON.stringify(match.model)}, got ${JSON.stringify(body.model)}`);
  }
  if (match.systemIncludes !== undefined) {
    const system = systemText(body);
    if (!system.includes(match.systemIncludes)) {
      reasons.push(`systemIncludes: expected the system prompt to contain ${JSON.stringify(match.systemIncludes)}, got ${preview(system)}`);
    }
  }
  if (match.toolsInclude !== undefined) {
    const names = (body.tools ?? []).map((t) => t.name);
    const missing = match.toolsInclude.filter((name) => !names.includes(name));
    if (missing.length > 0) {
      reasons.push(`toolsInclude: missing tool(s) ${missing.join(', ')} (request has: ${names.length ? names.join(', ') : 'none'})`);
    }
  }
  if (match.stream !== undefined && (body.stream === true) !== match.stream) {
    reasons.push(`stream: expected ${match.stream}, got ${body.stream === true}`);
  }
  if (match.messageCount !== undefined && (body.messages ?? []).length !== match.messageCount) {
    reasons.push(`messageCount: expected ${match.messageCount} messages, got ${(body.messages ?? []).length}`);
  }
  return reasons;
}
