// The extension's connectors (the setting, the person's ~/.cowork/mcp.json and the
// folder's files, as the CLI reads them): one ConnectorSet per task folder, started when the
// first task of that folder needs it and kept for the window's later tasks.
// Project servers need a trusted workspace and a yes in a modal dialog, which is
// remembered (workspaceState) for that exact definition; inputs are asked with
// an input box and kept in SecretStorage. A changed setting or config file
// retires the folder's set, so the next task starts the servers afresh. What the
// person allows each server (cowork.mcp.permissions: sampling, read-only tools
// without asking, switched-off tools) applies at once, without a restart; the
// Connectors view's actions start, stop and restart single servers and keep a
// log channel per server.

import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectorSources, describeOrigin, readConnectorConfigs, SETTING_NAME, userConnectorFile } from '../agent/connectors/configFiles';
import { ConnectorSet, type ConnectorStatus } from '../agent/connectors/connectorSet';
import type { ServerToolEntry } from '../agent/connectors/connectorTool';
import { parsePermissions, PERMISSIONS_SETTING, permissionsOf, withPermission, type PermissionTable, type ServerPermissions } from '../agent/connectors/permissions';
import { storedInputs, type SecretStore } from '../agent/connectors/secrets';
import type { SignInHost } from '../agent/connectors/mcpConnection';
import type { ConnectorConfig } from '../agent/connectors/serverConfig';

const APPROVED_KEY = 'cowork.mcp.approvedServers';
const DENIED_KEY = 'cowork.mcp.deniedServers';

export interface ConnectorView {
  folder: string;
  status: ConnectorStatus;
  origin: string;
  fingerprint: string;
  /** An http/sse server, which may hold a sign-in. */
  remote: boolean;
  config: ConnectorConfig;
  tools: ServerToolEntry[];
  permissions: ServerPermissions;
}

export class ConnectorService implements vscode.Disposable {
  private readonly sets = new Map<string, Promise<ConnectorSet>>();
  private readonly problems = new Map<string, string[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly serverLogs = new Map<string, vscode.LogOutputChannel>();
  private permissionTable: { table: PermissionTable; problems: string[] } = { table: {}, problems: [] };
  private permissionWrites: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.vscode/mcp.json,.mcp.json}');
    // The person's ~/.cowork/mcp.json (what `cowork connectors add` writes) lies outside the workspace.
    const userFile = userConnectorFile();
    const userWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(userFile)), path.basename(userFile)));
    const retire = () => void this.restartAll();
    this.readPermissions();
    this.disposables.push(
      watcher,
      userWatcher,
      ...[watcher, userWatcher].flatMap((w) => [w.onDidChange(retire), w.onDidCreate(retire), w.onDidDelete(retire)]),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTING_NAME)) retire();
        else if (e.affectsConfiguration(PERMISSIONS_SETTING)) void this.permissionsChanged();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(retire),
      this.changed,
    );
  }

  /** The started connector set of a folder (shared by its tasks); undefined when none is configured. */
  async forFolder(folder: string): Promise<ConnectorSet | undefined> {
    let pending = this.sets.get(folder);
    if (!pending) {
      pending = this.start(folder);
      this.sets.set(folder, pending);
    }
    const set = await pending;
    return set.configs.length > 0 ? set : undefined;
  }

  /** What the Connectors view shows, for every folder whose set has started. */
  async views(): Promise<{ items: ConnectorView[]; problems: string[] }> {
    const items: ConnectorView[] = [];
    const problems: string[] = [];
    for (const [folder, pending] of this.sets) {
      const set = await pending.catch(() => undefined);
      if (!set) continue;
      problems.push(...(this.problems.get(folder) ?? []), ...set.problems());
      for (const status of set.statuses()) {
        const cfg = set.configs.find((c) => c.name === status.name)!;
        items.push({
          folder,
          status,
          origin: describeOrigin(status.origin, folder),
          fingerprint: cfg.fingerprint,
          remote: cfg.transport.type !== 'stdio',
          config: cfg,
          tools: set.serverTools(cfg.name),
          permissions: set.permissionsOf(cfg.name),
        });
      }
    }
    return { items, problems: [...this.permissionTable.problems, ...problems] };
  }

  /** Names already defined for a folder (Add Connector must not reuse one). */
  definedNames(folder: string | undefined): string[] {
    const setting = vscode.workspace.getConfiguration().get<unknown>(SETTING_NAME, {});
    return readConnectorConfigs(connectorSources(folder, setting)).servers.map((s) => s.name);
  }

  /** Start, stop or restart one server from the view; a failure is shown, not thrown. */
  async runAction(view: ConnectorView, action: 'start' | 'stop' | 'restart'): Promise<void> {
    const set = await this.sets.get(view.folder)?.catch(() => undefined);
    try {
      if (!set) throw new Error(`connector ${view.status.name} is not running`);
      await set[action](view.status.name);
    } catch (err) {
      void vscode.window.showErrorMessage(`Connector ${view.status.name}: ${(err as Error).message}`);
    }
    this.changed.fire();
  }

  /** Changes what the person allows a server; written to their user settings (never the workspace's). */
  setPermission(server: string, change: (current: ServerPermissions) => Partial<ServerPermissions>): Promise<void> {
    // One change at a time, each on the value the previous one wrote: two quick clicks must not undo each other.
    this.permissionWrites = this.permissionWrites.then(async () => {
      this.readPermissions();
      const table = withPermission(this.permissionTable.table, server, change(permissionsOf(this.permissionTable.table, server)));
      await vscode.workspace.getConfiguration().update(PERMISSIONS_SETTING, table, vscode.ConfigurationTarget.Global);
      await this.permissionsChanged();
    });
    const done = this.permissionWrites;
    this.permissionWrites = done.catch(() => undefined);
    return done;
  }

  /** The server's own log channel: its stderr and state changes, never secrets. */
  showLog(server: string): void {
    this.serverLog(server).show(true);
  }

  /** Starts the connectors of the first workspace folder now (Show Connectors, Restart). */
  async startDefault(folder: string | undefined): Promise<void> {
    if (folder) await this.forFolder(folder);
    this.changed.fire();
  }

  /** Remembers the person's decision for a project server and restarts its folder's set. */
  async decide(view: ConnectorView, allow: boolean): Promise<void> {
    await this.remember(allow ? APPROVED_KEY : DENIED_KEY, view.fingerprint, allow ? DENIED_KEY : APPROVED_KEY);
    await this.restart(view.folder);
  }

  /** Sign In (the view's action on a server that needs it): the browser, then its tools. */
  async signIn(view: ConnectorView): Promise<void> {
    const set = await this.sets.get(view.folder)?.catch(() => undefined);
    await set?.signIn(view.status.name).catch((err: Error) => void vscode.window.showErrorMessage(err.message));
    this.changed.fire();
  }

  /** Sign Out: forgets the server's tokens and registration; it asks again at its next start. */
  async signOut(view: ConnectorView): Promise<void> {
    const set = await this.sets.get(view.folder)?.catch(() => undefined);
    await set?.signOut(view.status.name);
    this.changed.fire();
  }

  async restartAll(): Promise<void> {
    for (const folder of [...this.sets.keys()]) await this.restart(folder);
    this.changed.fire();
  }

  private async restart(folder: string): Promise<void> {
    const old = this.sets.get(folder);
    this.sets.delete(folder);
    (await old?.catch(() => undefined))?.dispose().catch(() => undefined);
    this.sets.set(folder, this.start(folder));
    this.changed.fire();
  }

  private readPermissions(): void {
    this.permissionTable = parsePermissions(vscode.workspace.getConfiguration().get<unknown>(PERMISSIONS_SETTING, {}), PERMISSIONS_SETTING);
  }

  private async permissionsChanged(): Promise<void> {
    this.readPermissions();
    for (const pending of this.sets.values()) (await pending.catch(() => undefined))?.permissionsChanged();
    this.changed.fire();
  }

  private serverLog(server: string): vscode.LogOutputChannel {
    let channel = this.serverLogs.get(server);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Cowork Connector: ${server}`, { log: true });
      this.serverLogs.set(server, channel);
      this.disposables.push(channel);
    }
    return channel;
  }

  private async start(folder: string): Promise<ConnectorSet> {
    const setting = vscode.workspace.getConfiguration().get<unknown>(SETTING_NAME, {});
    const parsed = readConnectorConfigs(connectorSources(folder, setting));
    this.problems.set(folder, parsed.problems.map((p) => `${p.source}${p.server ? ` (${p.server})` : ''}: ${p.message}`));
    for (const p of this.problems.get(folder) ?? []) this.log.warn(`connector config ${p}`);
    const secrets = secretStore(this.context.secrets);
    const set = new ConnectorSet(parsed.servers, {
      variables: { folder, env: process.env, home: os.homedir(), resolveInput: storedInputs(secrets, askInput) },
      trusted: vscode.workspace.isTrusted,
      approveProjectServer: (cfg) => this.approve(cfg, folder),
      log: (line, server) => {
        this.log.info(`mcp: ${line}`);
        if (server) this.serverLog(server).info(line);
      },
      permissions: () => this.permissionTable.table,
      // OAuth tokens of remote servers: SecretStorage too, never settings or the guest.
      secrets,
      signIn: signInHost,
    });
    set.onDidChange(() => this.changed.fire());
    await set.startAll();
    this.changed.fire();
    return set;
  }

  private async approve(cfg: ConnectorConfig, folder: string): Promise<boolean> {
    const approved = this.context.workspaceState.get<string[]>(APPROVED_KEY, []);
    if (approved.includes(cfg.fingerprint)) return true;
    if (this.context.workspaceState.get<string[]>(DENIED_KEY, []).includes(cfg.fingerprint)) return false;
    const t = cfg.transport;
    const runs = t.type === 'stdio' ? [t.command, ...t.args].join(' ') : `${t.type} ${t.url}`;
    const choice = await vscode.window.showWarningMessage(
      `Start the connector "${cfg.name}" from ${describeOrigin(cfg.origin, folder)}?`,
      { modal: true, detail: `It runs on this computer, outside the sandbox: ${runs}\nOnly allow connectors you trust.` },
      'Allow',
      "Don't Allow",
    );
    if (choice === undefined) return false; // dismissed: ask again next time
    await this.remember(choice === 'Allow' ? APPROVED_KEY : DENIED_KEY, cfg.fingerprint, choice === 'Allow' ? DENIED_KEY : APPROVED_KEY);
    return choice === 'Allow';
  }

  private async remember(key: string, fingerprint: string, otherKey: string): Promise<void> {
    const state = this.context.workspaceState;
    await state.update(key, [...new Set([...state.get<string[]>(key, []), fingerprint])]);
    await state.update(otherKey, state.get<string[]>(otherKey, []).filter((f) => f !== fingerprint));
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    const sets = [...this.sets.values()];
    this.sets.clear();
    await Promise.all(sets.map(async (p) => (await p.catch(() => undefined))?.dispose()));
  }
}

function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => secrets.get(key),
    set: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}

/** A modal before the browser opens (so a task start never surprises the person with a page); "Not Now" leaves "needs sign-in". */
const signInHost: SignInHost = {
  confirm: async (server, url) =>
    (await vscode.window.showInformationMessage(`The connector "${server}" needs you to sign in.`, { modal: true, detail: `Your browser opens ${new URL(url).origin}. The sign-in comes back to this computer only.` }, 'Sign In')) === 'Sign In',
  openBrowser: async (url) => void (await vscode.env.openExternal(vscode.Uri.parse(url, true))),
  askClientId: async (server) =>
    (await vscode.window.showInputBox({ title: `Connector ${server}`, prompt: 'Its sign-in server does not register apps by itself: the client id you registered for Cowork there', ignoreFocusOut: true }))?.trim() || undefined,
};

async function askInput(server: string, input: { description: string; password: boolean; default?: string }): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Connector ${server}`,
    prompt: input.description,
    password: input.password,
    value: input.default,
    ignoreFocusOut: true,
  });
}
