// Builds the extension's long-lived services and wires them together. The one
// place that knows which concrete modules implement what; extension.ts only
// calls this and registers the result.

import * as vscode from 'vscode';
import { ApiKeyStore } from './apiKey';
import { registerCommands } from './commands';
import type { SidebarEnvironment } from './protocol';
import { SandboxPreparer } from './sandboxPrep';
import { SIDEBAR_VIEW_ID, SidebarView } from './sidebarView';
import { defaultFolder, TaskController } from './taskController';
import type { TaskBackend } from './taskBackend';
import { TaskEventHub } from './taskEventHub';
import { TasksTreeProvider } from './tasksTreeProvider';

export interface Services {
  hub: TaskEventHub;
  keys: ApiKeyStore;
  controller: TaskController;
  sidebar: SidebarView;
  tree: TasksTreeProvider;
}

export function settings() {
  const c = vscode.workspace.getConfiguration('cowork');
  return {
    model: c.get<string>('model', 'claude-sonnet-5-5'),
    summaryModel: c.get<string>('summaryModel', 'claude-haiku-4-5'),
    apiBaseUrl: c.get<string>('apiBaseUrl', '').trim() || undefined,
    maxParallelTasks: Math.max(1, Math.floor(c.get<number>('maxParallelTasks', 2))),
    driver: c.get<'auto' | 'qemu' | 'vz' | 'namespace'>('sandbox.driver', 'auto'),
    idleTimeoutSeconds: Math.max(0, c.get<number>('sandbox.idleTimeoutSeconds', 300)),
    planFirst: c.get<boolean>('planFirst', true),
    approvals: c.get<string>('approvals', 'ask'),
  };
}

export type Settings = ReturnType<typeof settings>;

export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const hub = new TaskEventHub();
  const keys = new ApiKeyStore(context.secrets);
  const sandbox = new SandboxPreparer(log);
  const slot: { backend: TaskBackend | { unavailable: string } } = { backend: { unavailable: 'the agent runner is not part of this build yet.' } };

  const controller = new TaskController({ hub, keys, log, backend: () => slot.backend });
  const environment = async (): Promise<SidebarEnvironment> => ({
    folder: defaultFolder() ?? null,
    hasApiKey: await keys.has(),
    trusted: vscode.workspace.isTrusted,
    planFirst: settings().planFirst,
  });
  const sidebar = new SidebarView(context.extensionUri, hub, controller, environment, log);
  const tree = new TasksTreeProvider(hub);

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar),
    sidebar,
    tree,
    keys,
    keys.onDidChange(() => void sidebar.refreshEnvironment()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void sidebar.refreshEnvironment()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void sidebar.refreshEnvironment()),
    vscode.window.onDidChangeActiveTextEditor(() => void sidebar.refreshEnvironment()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('cowork')) return;
      const b = slot.backend;
      if (e.affectsConfiguration('cowork.maxParallelTasks') && !('unavailable' in b)) b.setMaxParallel(settings().maxParallelTasks);
      void sidebar.refreshEnvironment();
    }),
  );
  registerCommands(context, { controller, sidebar, hub, keys, sandbox, log });
  return { hub, keys, controller, sidebar, tree };
}
