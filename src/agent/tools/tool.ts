// What every agent tool is: a name, a JSON schema the model fills in, and a run
// function over the task's sandbox session. Tools never talk to the person
// directly; they go through the context (askUser) so the views see events. Whether
// a call may run at all is the approval policy's decision, made by the loop.

import type Anthropic from '@anthropic-ai/sdk';
import type { ApprovalScope, FileTouch, TaskEventBody, ToolCallApproval, UntrustedSource } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';
import type { SubAgentRunner } from './subAgentRunner';
import type { ElicitationForm, FormAnswer } from '../../shared/elicitationForm';

export interface ToolContext {
  readonly taskId: string;
  readonly session: SandboxSession;
  /** Aborted when the person cancels the task. */
  readonly signal: AbortSignal;
  emit(event: TaskEventBody): void;
  /** Ask the person a question; resolves with the answer. */
  askUser(question: string, choices?: string[]): Promise<string>;
  /**
   * Put a connector's form in front of the person; resolves with their answer, its values already
   * checked. When `withdrawn` aborts (the server cancelled its request), the form closes: 'cancel'.
   */
  askForm?(form: ElicitationForm, withdrawn?: AbortSignal): Promise<FormAnswer>;
  /** Starts sub-agents in this task's session; absent where delegating is not allowed (e.g. past the depth limit). */
  readonly subAgents?: SubAgentRunner;
  /** The model's id for this call (tool_use id), where the loop knows it. */
  readonly callId?: string;
  /** The task's phase when the call was made ('planning' only lets a plannable tool act read-only). */
  readonly phase?: 'planning' | 'running';
  /**
   * Puts a decision about this call in front of the person (approval.needed with the
   * call); for tools that need a permission of their own, such as web_fetch's domains.
   */
  askApproval?(request: Omit<ToolCallApproval, 'callId'>): Promise<{ approved: boolean; scope?: ApprovalScope }>;
  /** One request to the task's small model, without tools; its usage counts in the task's. */
  askSmallModel?(request: SmallModelRequest): Promise<string>;
  /** The model askSmallModel uses unless a request names the task's own model. */
  readonly smallModelName?: string;
  /** The task's own model (a request to askSmallModel may name it instead). */
  readonly mainModelName?: string;
}

export interface SmallModelRequest {
  system: string;
  text: string;
  /** A whole conversation instead of `text` (a connector's sampling request). */
  messages?: ModelTurn[];
  maxTokens: number;
  /** The task's own model instead of the small one (a connector's sampling preferences chose it); any other name is ignored. */
  model?: string;
}

/** One turn of a conversation a tool sends to the model. */
export interface ModelTurn {
  role: 'user' | 'assistant';
  content: string | Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam>;
}

/** Content blocks a tool may return to the model. */
export type ToolResultContent = Anthropic.ToolResultBlockParam['content'];

export interface ToolOutput {
  content: ToolResultContent;
  isError?: boolean;
  /** One line for the timeline, e.g. "Read notes.md (120 lines)". */
  summary: string;
  files: FileTouch[];
  /**
   * Where outside content in `content` came from (a web page, a file, a connector…): kept
   * on the task's trail and shown with the next request for approval (untrustedTrail.ts).
   */
  untrusted?: UntrustedSource[];
}

/** Which approval choices a tool offers and what a yes is remembered under (see approval/toolGrants.ts). */
export interface ToolApprovalInfo {
  /** Stable across runs for the same tool of the same server definition. */
  key: string;
  /** Choices the person may be offered; ['once'] means every call asks. */
  scopes: ApprovalScope[];
}

export interface AgentTool<Input = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Anthropic.Tool.InputSchema;
  /** Read-only tools may run while planning. */
  readonly readOnly: boolean;
  /**
   * For a tool that acts outside the sandbox: whether its `readOnly` also lets it run
   * without asking (default yes). False for a connector tool whose server merely claims
   * read-only (readOnlyHint) and the person has not allowed that for the server.
   */
  readonly readOnlyTrusted?: boolean;
  /**
   * A tool that changes things but whose planning-phase calls it keeps read-only itself
   * (delegate: only research sub-agents with read-only tools while planning). Offered
   * and allowed while planning; `ctx.phase` tells it which phase it runs in.
   */
  readonly plannable?: boolean;
  /** One line shown when the call starts, from its input. */
  describe(input: Input): string;
  /**
   * The paths (as the model gave them) this call involves, so the approval policy
   * can see whether any is outside the task folder. Added by the tools owner;
   * optional, so tools from elsewhere need not implement it.
   */
  paths?(input: Input): string[];
  /**
   * For a tool that acts outside the sandbox: what a yes is remembered under and
   * which scopes ("for this task", "always") the person may choose. Absent: every call asks.
   */
  readonly approval?: ToolApprovalInfo;
  /** For a connector tool: its server and the server's own name for it, shown when the person is asked. */
  readonly connector?: { server: string; tool: string };
  run(input: Input, ctx: ToolContext): Promise<ToolOutput>;
}

/**
 * A tool of any input type, as lists of tools hold them. Its input is only known
 * once the tool registry has checked it against the tool's schema, so only the
 * registry calls it (see createToolRegistry).
 */
export type AnyAgentTool = AgentTool<never>;
