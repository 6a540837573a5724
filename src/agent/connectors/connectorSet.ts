// The connectors of one host (the extension window or a CLI run): which may
// start (project servers need a trusted folder and the person's approval of that
// exact definition), their state, and the agent tools they offer right now. A
// server that fails is reported and left out; the others carry on.

import type { ConnectorToolInfo, ServerToolEntry } from './connectorTool';
import { adaptTools } from './connectorTool';
import { McpConnection, type ConnectorState, type SignInHost } from './mcpConnection';
import { permissionsOf, type PermissionTable, type ServerPermissions } from './permissions';
import type { SecretStore } from './secrets';
import type { ConnectorConfig, ConnectorOrigin } from './serverConfig';
import type { VariableContext } from './variables';

export type ConnectorStatusState = ConnectorState | 'untrusted' | 'declined';

export interface ConnectorStatus {
  name: string;
  origin: ConnectorOrigin;
  state: ConnectorStatusState;
  reason?: string;
  toolCount: number;
  /** Stopped from the Connectors view (not by a crash). */
  stoppedByPerson?: boolean;
}

export interface ConnectorSetOptions {
  variables: VariableContext;
  /** Whether project servers may run at all (VS Code: workspace trust; CLI: always). */
  trusted: boolean;
  /** May this project server start? The host remembers yes per `fingerprint` and asks only once. */
  approveProjectServer(config: ConnectorConfig): Promise<boolean>;
  /** A line for the connectors' log, with the server it is about. */
  log?(line: string, server?: string): void;
  /** What the person allows each server (read when tools are listed; call permissionsChanged() after a change). */
  permissions?(): PermissionTable;
  startupTimeoutMs?: number;
  /** Where remote servers' OAuth records are kept (the host's secret store). */
  secrets?: SecretStore;
  /** Signs the person in to a remote server that asks for it. */
  signIn?: SignInHost;
}

export class ConnectorSet {
  private readonly connections = new Map<string, McpConnection>();
  private readonly blocked = new Map<string, { state: 'untrusted' | 'declined'; reason: string }>();
  /** Servers the person stopped: not offered, and not started again by a call. */
  private readonly stoppedByPerson = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private toolCache?: ConnectorToolInfo[];
  private toolProblems: string[] = [];
  /** Bumped whenever the offered tools may have changed. */
  version = 0;

  constructor(
    readonly configs: readonly ConnectorConfig[],
    private readonly opts: ConnectorSetOptions,
  ) {}

  /** Decides which servers may run, then starts those in parallel. Never throws: failures are statuses. */
  async startAll(): Promise<void> {
    const allowed: ConnectorConfig[] = [];
    // Approvals one at a time: a terminal can only ask one question at once.
    for (const cfg of this.configs) {
      if (!cfg.origin.project) allowed.push(cfg);
      else if (!this.opts.trusted) this.blocked.set(cfg.name, { state: 'untrusted', reason: 'project connectors run only in a trusted workspace' });
      else if (await this.opts.approveProjectServer(cfg).catch(() => false)) allowed.push(cfg);
      else this.blocked.set(cfg.name, { state: 'declined', reason: 'not approved to start' });
    }
    await Promise.all(allowed.map((cfg) => this.startOne(cfg)));
  }

  private async startOne(cfg: ConnectorConfig): Promise<void> {
    const conn = new McpConnection(cfg, {
      variables: this.opts.variables,
      startupTimeoutMs: this.opts.startupTimeoutMs,
      log: (line) => this.opts.log?.(line, cfg.name),
      permissions: () => this.permissionsOf(cfg.name),
      ...(this.opts.secrets ? { secrets: this.opts.secrets } : {}),
      ...(this.opts.signIn ? { signIn: this.opts.signIn } : {}),
      onToolsChanged: () => this.changed(),
      onStateChanged: () => this.notify(),
    });
    this.connections.set(cfg.name, conn);
    try {
      await conn.start();
    } catch {
      // The connection holds the reason; its status says it.
    }
    this.changed();
  }

  /** Signs in to a server that needs it (the browser), then offers its tools. */
  async signIn(name: string): Promise<void> {
    const conn = this.connections.get(name);
    if (!conn) throw new Error(`connector ${name} is not running`);
    try {
      await conn.signIn();
    } finally {
      this.changed();
    }
  }

  /** Forgets a remote server's sign-in; it asks again at its next start. */
  async signOut(name: string): Promise<void> {
    await this.connections.get(name)?.signOut();
    this.changed();
  }

  /** Stops a server at the person's request: its tools leave the task's list until start(). */
  async stop(name: string): Promise<void> {
    const conn = this.connections.get(name);
    if (!conn) throw new Error(`connector ${name} is not running`);
    this.stoppedByPerson.add(name);
    await conn.stop();
    this.opts.log?.(`${name}: stopped by you`, name);
    this.changed();
  }

  /** Starts a server the person stopped, or one that failed; rejects with the reason when it cannot start. */
  async start(name: string): Promise<void> {
    const conn = this.connections.get(name);
    if (!conn) throw new Error(this.blocked.get(name)?.reason ?? `connector ${name} is not configured`);
    this.stoppedByPerson.delete(name);
    try {
      await conn.start();
    } finally {
      this.changed();
    }
  }

  /** Stop then start (the view's Restart on one server). */
  async restart(name: string): Promise<void> {
    await this.connections.get(name)?.stop();
    await this.start(name);
  }

  /** The person's permissions changed: tool lists and approvals are rebuilt for the next request. */
  permissionsChanged(): void {
    this.changed();
  }

  permissionsOf(name: string): ServerPermissions {
    return permissionsOf(this.opts.permissions?.(), name);
  }

  /** Every tool a server has listed, the switched-off ones marked (the Connectors view's children). */
  serverTools(name: string): ServerToolEntry[] {
    const conn = this.connections.get(name);
    if (!conn) return [];
    const off = new Set(this.permissionsOf(name).disabledTools);
    return conn.tools.map((t) => ({ mcpName: t.name, ...(t.title ? { title: t.title } : {}), readOnlyHint: t.annotations?.readOnlyHint === true, enabled: !off.has(t.name) }));
  }

  connection(name: string): McpConnection | undefined {
    return this.connections.get(name);
  }

  /** Running (or once-running) connections, in config order; not the ones the person stopped. */
  active(): McpConnection[] {
    return this.configs
      .map((c) => this.connections.get(c.name))
      .filter((c): c is McpConnection => c !== undefined && !this.stoppedByPerson.has(c.name) && c.tools.length + (c.state === 'ready' ? 1 : 0) > 0);
  }

  statuses(): ConnectorStatus[] {
    const tools = this.tools();
    return this.configs.map((cfg) => {
      const blocked = this.blocked.get(cfg.name);
      const conn = this.connections.get(cfg.name);
      const state: ConnectorStatusState = blocked?.state ?? conn?.state ?? 'stopped';
      const reason = blocked?.reason ?? conn?.reason;
      return {
        name: cfg.name,
        origin: cfg.origin,
        state,
        ...(reason ? { reason } : {}),
        toolCount: tools.filter((t) => t.server === cfg.name).length,
        ...(this.stoppedByPerson.has(cfg.name) ? { stoppedByPerson: true } : {}),
      };
    });
  }

  /**
   * The tools on offer, in config order then the server's order. A server that
   * crashed keeps its tools: calling one starts it again.
   */
  tools(): ConnectorToolInfo[] {
    if (!this.toolCache) {
      const all: ConnectorToolInfo[] = [];
      const problems: string[] = [];
      for (const conn of this.active()) {
        const r = adaptTools(conn, this.permissionsOf(conn.name));
        all.push(...r.tools);
        problems.push(...r.problems);
      }
      this.toolCache = all;
      this.toolProblems = problems;
    }
    return this.toolCache;
  }

  /** Tools left out (bad schemas, clashing names), as sentences. */
  problems(): string[] {
    this.tools();
    return [...this.toolProblems];
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.stop()));
    this.connections.clear();
  }

  private changed(): void {
    this.toolCache = undefined;
    this.version++;
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
