// The extension's "always allow this tool" answers, kept in the global state
// (per person and machine, not per workspace, like the CLI's file; the key names
// the server definition and, for a project server, its file). "Cowork: Forget
// Allowed Connector Tools" clears them.

import type * as vscode from 'vscode';
import type { GrantStore } from '../agent/approval/toolGrants';

const KEY = 'cowork.mcp.alwaysAllowedTools';

export class ToolGrantStore implements GrantStore {
  constructor(private readonly state: vscode.Memento) {}

  has(key: string): boolean {
    return this.keys().includes(key);
  }

  add(key: string): void {
    if (this.has(key)) return;
    void this.state.update(KEY, [...this.keys(), key]);
  }

  /** How many were forgotten. */
  async clear(): Promise<number> {
    const n = this.keys().length;
    await this.state.update(KEY, undefined);
    return n;
  }

  private keys(): string[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  }
}
