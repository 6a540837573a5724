// What the person has already allowed beyond one call: "for this task" grants
// live as long as the task (its sub-agents share them), "always" grants in a
// store the host keeps (the CLI's ~/.cowork/tool-grants.json, the extension's
// global state). A grant is keyed by the tool's approval key, which names the
// server definition as well as the tool, so a changed server asks again.
// Grants only ever skip the question a tool call would have asked because it
// acts outside the sandbox; they never override a refusal.

import type { ApprovalScope, ConflictChoice } from '../../shared/taskEvents';
import type { ToolApprovalInfo } from '../tools/tool';

/** The host's persistent "always" grants. */
export interface GrantStore {
  has(key: string): boolean;
  add(key: string): void;
}

/** The person's answer to one approval question. */
export interface ApprovalAnswer {
  approved: boolean;
  /** How far a yes reaches; absent or 'once' for this call only. */
  scope?: ApprovalScope;
  /** For a batch: how each conflicting change is settled, by path (absent ones keep both). */
  choices?: Record<string, ConflictChoice>;
}

export class ToolGrants {
  private readonly forTask = new Set<string>();

  constructor(private readonly always?: GrantStore) {}

  /** The person already allowed calls of this tool (for this task, or always). */
  allows(info: ToolApprovalInfo | undefined): boolean {
    if (!info) return false;
    if (this.forTask.has(info.key)) return true;
    // An "always" kept from before counts only while the tool still offers it (a tool that now always asks, asks).
    return info.scopes.includes('always') && (this.always?.has(info.key) ?? false);
  }

  /**
   * Remembers a yes for as far as the person said, within what the tool offers. When the
   * host cannot keep an "always", the yes holds for this task and the sentence returned says why.
   */
  record(info: ToolApprovalInfo | undefined, answer: ApprovalAnswer): string | undefined {
    if (!info || !answer.approved || !answer.scope || answer.scope === 'once') return undefined;
    if (!info.scopes.includes(answer.scope)) return undefined;
    this.forTask.add(info.key);
    if (answer.scope !== 'always') return undefined;
    if (!this.always) return 'This host keeps no lasting approvals; the tool is allowed for this task only.';
    try {
      this.always.add(info.key);
    } catch (err) {
      return `Could not keep "always allow": ${(err as Error).message}. The tool is allowed for this task only.`;
    }
    return undefined;
  }
}
