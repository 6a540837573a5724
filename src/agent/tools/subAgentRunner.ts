// The contract between the delegate tool and whatever runs sub-agents (the task
// loop, src/agent/loop/subAgents.ts). Tools sit below the loop, so the tool only
// knows this interface; the task that owns the sandbox session implements it.

import type { FileTouch } from '../../shared/taskEvents';
import type { CustomAgent } from '../customAgents/customAgent';

/** Research sub-agents read and report (a smaller model by default); work sub-agents may change files. */
export type SubAgentKind = 'research' | 'work';

export interface SubAgentSpec {
  /** Short, unique within one call; prefixes the child's steps ("[prices] Read a.csv"). */
  name: string;
  brief: string;
  kind: SubAgentKind;
  /** Tool names the child may use; default: read-only tools for research, all (but delegate) for work. */
  tools?: string[];
  /** A model id, or 'inherit' (the parent's model) or 'small' (the task's small model). */
  model?: string;
  /** The custom agent it runs as: its instructions come before the brief. */
  agent?: Pick<CustomAgent, 'name' | 'instructions' | 'file'>;
  /** Where the child's findings go; written from its report when the child did not write it itself. */
  outputFile?: string;
}

export interface SubAgentResult {
  name: string;
  childId: string;
  outcome: 'done' | 'failed' | 'cancelled';
  /** The child's final reply, capped; for a failed child, why it failed. */
  report: string;
  /** Files the child created, changed, moved or deleted (its writes are the parent's staged changes). */
  files: FileTouch[];
}

export interface SubAgentRunner {
  /**
   * Runs the children in parallel in the parent's session; resolves when all have ended. Cancelling `signal` cancels them all.
   * `readOnly` (a call made while planning) gives every child read-only tools only. `callId` (the delegate
   * call's tool_use id) ties the children to the call, so the same call run again after a reload resumes them.
   */
  run(specs: SubAgentSpec[], signal: AbortSignal, opts?: { readOnly?: boolean; callId?: string }): Promise<SubAgentResult[]>;
  /** Tool names a child may be given (validates a spec's `tools`). */
  toolNames(): string[];
  /** Of those, the ones that change nothing (what a child started while planning may use). */
  readOnlyToolNames(): string[];
  /** Custom agents a spec may name (docs/agent.md, Custom agents). */
  agents(): readonly CustomAgent[];
  /** Longest report a child returns, in characters. */
  readonly reportChars: number;
}
