// A server's sampling request (`sampling/createMessage`): the server asks the
// model for a completion. Cowork answers only for a server the person enabled
// sampling for, and only while one of that server's tool calls is running in a
// task: the request then goes through the task's own model client on the host
// (the API key never reaches the server), to the configured model the server's
// preferences point at (samplingModel.ts), with its maxTokens capped; its usage
// counts in the task's, and the person sees it, model and all, as a step of the
// task. Anything else is refused with an error that says why and how to allow it.

import type Anthropic from '@anthropic-ai/sdk';
import type { ModelTurn } from '../tools/tool';
import { McpError, type CreateMessageRequest, type CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerPermissions } from './permissions';
import { chooseSamplingModel, type SamplingModels } from './samplingModel';

export interface SamplingModelRequest {
  system: string;
  messages: ModelTurn[];
  maxTokens: number;
  /** One of the task's configured models. */
  model: string;
}

/** The task side of a running tool call, which a sampling request is answered through. */
export interface SamplingCaller {
  /** One tool-less request to one of the task's models; resolves with its text. */
  askModel?(request: SamplingModelRequest): Promise<string>;
  /** The task's configured models, which the server's preferences choose between. */
  models?: SamplingModels;
  /** Shows the request and its answer in the task's steps. */
  show?(step: { id: string; summary: string; detail: string; done?: { ok: boolean; summary: string; output: string } }): void;
}

/** The JSON-RPC code the MCP spec names for a request the person (or their settings) rejected. */
export const USER_REJECTED = -1;
/** The most tokens one sampling request may ask for, whatever the server says. */
export const MAX_SAMPLING_TOKENS = 4096;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function permissionHint(server: string): string {
  return `set "sampling": true for "${server}" in the cowork.mcp.permissions setting (CLI: "permissions" in ~/.cowork/mcp.json), or use "Allow Sampling" on it in the Connectors view`;
}

let counter = 0;

export async function answerSampling(server: string, params: CreateMessageRequest['params'], perms: ServerPermissions, caller: SamplingCaller | undefined): Promise<CreateMessageResult> {
  if (!perms.sampling) throw new McpError(USER_REJECTED, `Cowork refused this sampling request: the person has not enabled sampling for connector "${server}". To allow it, ${permissionHint(server)}.`);
  if (!caller?.askModel) throw new McpError(USER_REJECTED, `Cowork refused this sampling request: connector "${server}" may ask the model only during one of its tool calls in a task.`);
  if ((params as { tools?: unknown[] }).tools?.length) throw new McpError(USER_REJECTED, 'Cowork refused this sampling request: tools inside sampling requests are not supported.');
  const messages = params.messages.map(toApiMessage);
  const prompt = messages.map((m) => `${m.role}: ${textOf(m.content)}`).join('\n');
  const id = `sampling-${++counter}`;
  const summary = `${server} asks the model: ${oneLine(lastUserText(messages) || prompt)}`;
  const maxTokens = Math.max(1, Math.min(Math.floor(params.maxTokens), MAX_SAMPLING_TOKENS));
  const choice = caller.models ? chooseSamplingModel(params.modelPreferences, caller.models) : { model: 'unknown', why: 'no model configured' };
  const capped = maxTokens < params.maxTokens ? ` (the server asked for ${params.maxTokens}; capped at ${MAX_SAMPLING_TOKENS})` : '';
  const head = `model: ${choice.model}, chosen by ${choice.why}\nmax tokens: ${maxTokens}${capped}\n`;
  caller.show?.({ id, summary, detail: `${head}${params.systemPrompt ? `system: ${params.systemPrompt}\n` : ''}${prompt}` });
  try {
    const text = await caller.askModel({ system: params.systemPrompt ?? '', messages, maxTokens, model: choice.model });
    caller.show?.({ id, summary, detail: '', done: { ok: true, summary: `${server} asked ${choice.model}: ${oneLine(text)}`, output: text } });
    return { role: 'assistant', content: { type: 'text', text }, model: choice.model, stopReason: 'endTurn' };
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    caller.show?.({ id, summary, detail: '', done: { ok: false, summary: `${server}'s sampling request failed`, output: message } });
    throw new McpError(-32603, `Cowork could not answer the sampling request: ${message}`);
  }
}

type SamplingContent = { type: string; text?: string; data?: string; mimeType?: string };

function toApiMessage(m: CreateMessageRequest['params']['messages'][number]): ModelTurn {
  const parts = (Array.isArray(m.content) ? m.content : [m.content]) as SamplingContent[];
  const blocks: Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam> = [];
  for (const c of parts) {
    if (c.type === 'text' && typeof c.text === 'string') blocks.push({ type: 'text', text: c.text });
    else if (c.type === 'image' && c.data && c.mimeType && IMAGE_TYPES.has(c.mimeType)) blocks.push({ type: 'image', source: { type: 'base64', media_type: c.mimeType as 'image/png', data: c.data } });
    else blocks.push({ type: 'text', text: `[${c.type} content${c.mimeType ? ` (${c.mimeType})` : ''} left out: not supported]` });
  }
  // Only user turns may carry images; an assistant turn keeps its text.
  const content = m.role === 'assistant' ? blocks.filter((b): b is Anthropic.TextBlockParam => b.type === 'text') : blocks;
  return { role: m.role, content: content.length > 0 ? content : [{ type: 'text', text: '(empty)' }] };
}

function textOf(content: ModelTurn['content']): string {
  if (typeof content === 'string') return content;
  return content.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join(' ');
}

function lastUserText(messages: ModelTurn[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return last ? textOf(last.content) : '';
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 100 ? `${line.slice(0, 97)}…` : line;
}
