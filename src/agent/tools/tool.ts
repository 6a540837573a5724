// What every agent tool is: a name, a JSON schema the model fills in, and a run
// function over the task's sandbox session. Tools never talk to the person
// directly; they go through the context (askUser) so the views see events. Whether
// a call may run at all is the approval policy's decision, made by the loop.

import type Anthropic from '@anthropic-ai/sdk';
import type { FileTouch, TaskEventBody } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';

export interface ToolContext {
  readonly taskId: string;
  readonly session: SandboxSession;
  /** Aborted when the person cancels the task. */
  readonly signal: AbortSignal;
  emit(event: TaskEventBody): void;
  /** Ask the person a question; resolves with the answer. */
  askUser(question: string, choices?: string[]): Promise<string>;
}

/** Content blocks a tool may return to the model. */
export type ToolResultContent = Anthropic.ToolResultBlockParam['content'];

export interface ToolOutput {
  content: ToolResultContent;
  isError?: boolean;
  /** One line for the timeline, e.g. "Read notes.md (120 lines)". */
  summary: string;
  files: FileTouch[];
}

export interface AgentTool<Input = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Anthropic.Tool.InputSchema;
  /** Read-only tools may run while planning. */
  readonly readOnly: boolean;
  /** One line shown when the call starts, from its input. */
  describe(input: Input): string;
  /**
   * The paths (as the model gave them) this call involves, so the approval policy
   * can see whether any is outside the task folder. Added by the tools owner;
   * optional, so tools from elsewhere need not implement it.
   */
  paths?(input: Input): string[];
  run(input: Input, ctx: ToolContext): Promise<ToolOutput>;
}

/**
 * A tool of any input type, as lists of tools hold them. Its input is only known
 * once the tool registry has checked it against the tool's schema, so only the
 * registry calls it (see createToolRegistry).
 */
export type AnyAgentTool = AgentTool<never>;
