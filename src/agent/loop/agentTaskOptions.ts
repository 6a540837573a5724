// What a host gives an AgentTask: the folder and prompt, the model and its
// credentials, the sandbox, tools and approval policy, and the knobs (tuning) a
// host or a test may turn. Types only; agentTask.ts re-exports them.

import type { Usage } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';
import type { ApprovalPolicy } from '../approval/approvalPolicy';
import type { GrantStore, ToolGrants } from '../approval/toolGrants';
import type { CustomAgent } from '../customAgents/customAgent';
import type { ToolRegistry } from '../tools/registry';
import type { WebSearchSettings } from '../web/webSearch';
import type { EventBus } from './eventBus';
import type { RetryPolicy } from './retry';
import type { SubAgentRecords } from './subAgentRecords';
import type { PersonChannel } from './subAgents';
import type { LoopOutcome } from './turnLoop';

export interface AgentTaskOptions {
  /** Defaults to a new id (newTaskId). */
  taskId?: string;
  /**
   * The task's event log when the host created the task before it runs (queued in
   * the extension): it has announced task.created, and the task numbers its events
   * after the ones already in it. Without it the task starts its own log at 0.
   */
  log?: EventBus;
  /** Host folder the task works in. */
  folder: string;
  prompt: string;
  title?: string;
  model?: string;
  /** Model for summaries during compaction. */
  smallModel?: string;
  apiKey: string;
  baseURL?: string;
  /** Opens the sandbox session for the folder; the task closes it when it ends. */
  openSession(folder: string, signal: AbortSignal): Promise<SandboxSession>;
  /** The tools the model may call; every call is checked and run through it. */
  tools: ToolRegistry;
  /** Decides every tool call and every staged batch: run, ask the person, or refuse. */
  policy: ApprovalPolicy;
  /** Where the person's "always allow this tool" answers are kept (the host's); without it "always" lasts the task. */
  grantStore?: GrantStore;
  /** A sub-agent's: the parent's grants, so "for this task" covers the children too. */
  grants?: ToolGrants;
  /** Skills catalog text for the system prompt (the activate_skill tool comes with `tools`). */
  skillsCatalog?: string;
  /** Custom agents the delegate tool may name; their names and descriptions go in the system prompt. */
  customAgents?: readonly CustomAgent[];
  /** Let the model search the web (the API's server-side tool); off when absent. */
  webSearch?: WebSearchSettings;
  /**
   * Levels of sub-agents below this task that the delegate tool may start (default 1: this
   * task's children cannot delegate further; 0 turns delegating off).
   */
  subAgentDepth?: number;
  /** Cap on a sub-agent's report in characters (default 4000). */
  subAgentReportChars?: number;
  /** Where this task's sub-agents are kept across a reload (the host's store); without it a resumed delegate call starts over. */
  subAgentRecords?: SubAgentRecords;
  /** A sub-agent's: questions and tool-call approvals go to the parent's person instead of this task's own events. */
  person?: PersonChannel;
  /** A sub-agent's: the parent's session, used as is; neither closed nor settled by this task. */
  sharedSession?: SandboxSession;
  options?: AgentTaskTuning;
}

export interface AgentTaskTuning {
  /** Propose a plan before working (default true). */
  plan?: boolean;
  maxTokens?: number;
  maxTurns?: number;
  /** Continuations in a row after max_tokens before giving up (default 4). */
  maxContinuations?: number;
  toolTimeoutMs?: number;
  /** Override the model's context window (tests use a tiny one). */
  contextWindow?: number;
  /** Share of the window at which older tool results are cleared (default 0.8). */
  compactionThreshold?: number;
  /** 'clear' replaces old results with a placeholder; 'summarise' asks the small model first. */
  compaction?: 'clear' | 'summarise';
  /** Tool results never cleared (default: activate_skill). */
  preserveTools?: string[];
  retry?: Partial<RetryPolicy>;
  /** A model stream silent this long is retried as dropped (default 300 s). */
  streamIdleMs?: number;
  /** Prompt caching breakpoints (default true; off only to measure what caching saves). */
  promptCaching?: boolean;
  /** Leave the session open after the task ends (e.g. for undo); default false. */
  keepSession?: boolean;
}

export interface TaskResult extends LoopOutcome {
  usage: Usage;
}
