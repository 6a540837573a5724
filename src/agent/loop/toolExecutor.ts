// Runs the tool calls of one assistant turn. Consecutive read-only calls run in
// parallel; a mutating call waits for everything before it and runs alone, so
// writes happen in the order the model asked for them. Every call yields exactly
// one tool_result — on success, error, unknown tool, timeout or cancellation —
// which keeps the transcript valid whatever happens. Tools run through the
// registry (schema check, errors turned into results), the same path its tests take.

import type Anthropic from '@anthropic-ai/sdk';
import type { TaskEventBody } from '../../shared/taskEvents';
import type { ToolRegistry } from '../tools/registry';
import type { AgentTool, ToolContext, ToolOutput } from '../tools/tool';

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface ToolRunOptions {
  registry: ToolRegistry;
  /** Why this (valid) call may not run (the policy refused, the person said no), or undefined when it may. */
  gate?(call: ToolCall, tool: AgentTool): Promise<string | undefined>;
  /** Builds the context for one call; `signal` is that call's own signal. */
  context(signal: AbortSignal, callId: string): ToolContext;
  signal: AbortSignal;
  timeoutMs: number;
  emit(event: TaskEventBody): void;
}

export interface ToolBatchResult {
  results: Anthropic.ToolResultBlockParam[];
  /** True when at least one mutating tool ran (approval check needed). */
  mutated: boolean;
}

const EVENT_OUTPUT_LIMIT = 4_000;

export async function runToolCalls(calls: ToolCall[], opts: ToolRunOptions): Promise<ToolBatchResult> {
  const results = new Array<Anthropic.ToolResultBlockParam>(calls.length);
  let mutated = false;
  let i = 0;
  while (i < calls.length) {
    const tool = opts.registry.get(calls[i].name);
    if (tool && !tool.readOnly) {
      mutated = true;
      results[i] = await runOne(calls[i], opts);
      i++;
      continue;
    }
    // A run of read-only (or unknown, which fail fast) calls: run them together.
    let j = i;
    while (j < calls.length && (opts.registry.get(calls[j].name)?.readOnly ?? true)) j++;
    const batch = calls.slice(i, j);
    const done = await Promise.all(batch.map((c) => runOne(c, opts)));
    done.forEach((r, k) => (results[i + k] = r));
    i = j;
  }
  return { results, mutated };
}

async function runOne(call: ToolCall, opts: ToolRunOptions): Promise<Anthropic.ToolResultBlockParam> {
  const tool = opts.registry.get(call.name);
  const fail = (text: string): Anthropic.ToolResultBlockParam => ({ type: 'tool_result', tool_use_id: call.id, is_error: true, content: text });

  if (opts.signal.aborted) return fail('Cancelled by the person before this tool ran.');
  if (!tool) {
    opts.emit({ type: 'tool.started', callId: call.id, name: call.name, summary: `Unknown tool ${call.name}`, input: call.input });
    const unknown = opts.registry.validate(call.name, call.input);
    return finish(call, opts, { content: unknown.ok ? `Unknown tool "${call.name}".` : unknown.message, isError: true, summary: `Unknown tool ${call.name}`, files: [] });
  }
  const input = (call.input ?? {}) as Record<string, unknown>;
  opts.emit({ type: 'tool.started', callId: call.id, name: call.name, summary: opts.registry.describe(call.name, input), input: call.input });

  const check = opts.registry.validate(call.name, input);
  if (!check.ok) return finish(call, opts, { content: `Invalid input: ${check.message}`, isError: true, summary: `Invalid input for ${call.name}`, files: [] });
  let refusal: string | undefined;
  try {
    refusal = await opts.gate?.({ ...call, input }, tool);
  } catch (err) {
    if (opts.signal.aborted) return finish(call, opts, { content: 'Cancelled by the person before this tool ran.', isError: true, summary: `${call.name} cancelled`, files: [] });
    throw err;
  }
  if (refusal) return finish(call, opts, { content: refusal, isError: true, summary: refusal, files: [] });

  const controller = new AbortController();
  let markCancelled!: (v: { kind: 'cancelled' }) => void;
  const cancelled = new Promise<{ kind: 'cancelled' }>((resolve) => (markCancelled = resolve));
  const onTaskAbort = () => {
    controller.abort(opts.signal.reason);
    markCancelled({ kind: 'cancelled' });
  };
  opts.signal.addEventListener('abort', onTaskAbort, { once: true });
  // A listener of tool.started may already have cancelled the task.
  if (opts.signal.aborted) onTaskAbort();
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      opts.registry.run(call.name, input, opts.context(controller.signal, call.id)).then((out) => ({ kind: 'done' as const, out })),
      new Promise<{ kind: 'timeout' }>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), opts.timeoutMs);
      }),
      cancelled,
    ]);
    if (outcome.kind === 'timeout') {
      controller.abort(new Error('timeout'));
      const after = opts.timeoutMs < 1000 ? `${opts.timeoutMs} ms` : `${Math.round(opts.timeoutMs / 1000)} s`;
      const text = `Timed out after ${after} and was stopped.`;
      return finish(call, opts, { content: text, isError: true, summary: `${call.name} timed out`, files: [] });
    }
    if (outcome.kind === 'cancelled') {
      return finish(call, opts, { content: 'Cancelled by the person while running.', isError: true, summary: `${call.name} cancelled`, files: [] });
    }
    return finish(call, opts, outcome.out);
  } catch (err) {
    if (opts.signal.aborted) {
      return finish(call, opts, { content: 'Cancelled by the person while running.', isError: true, summary: `${call.name} cancelled`, files: [] });
    }
    const message = err instanceof Error ? `${err.name === 'Error' ? '' : err.name + ': '}${err.message}` : String(err);
    return finish(call, opts, { content: `Tool failed: ${message}`, isError: true, summary: `${call.name} failed: ${message}`, files: [] });
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onTaskAbort);
  }
}

function finish(call: ToolCall, opts: ToolRunOptions, out: ToolOutput): Anthropic.ToolResultBlockParam {
  const ok = !out.isError;
  opts.emit({
    type: 'tool.finished',
    callId: call.id,
    name: call.name,
    ok,
    summary: out.summary,
    output: clip(contentText(out.content)),
    files: out.files,
    ...(out.untrusted?.length ? { untrusted: out.untrusted } : {}),
  });
  for (const f of out.files) {
    if (ok && f.action === 'created') opts.emit({ type: 'output.created', path: f.path });
  }
  return { type: 'tool_result', tool_use_id: call.id, content: out.content, ...(out.isError ? { is_error: true } : {}) };
}

/** The text of a tool_result content, for events and compaction. */
export function contentText(content: Anthropic.ToolResultBlockParam['content']): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('\n');
}

function clip(text: string): string {
  return text.length > EVENT_OUTPUT_LIMIT ? `${text.slice(0, EVENT_OUTPUT_LIMIT)}\n… (${text.length - EVENT_OUTPUT_LIMIT} more characters)` : text;
}
