// Registers the Cowork commands. Item commands accept what the tree passes (a
// task node), `{ taskId }` from automation, or nothing: then they act on the
// task shown in the sidebar, or ask which task.

import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKey';
import type { SandboxPreparer } from './sandboxPrep';
import type { SidebarView } from './sidebarView';
import type { TaskController } from './taskController';
import type { TaskEventHub } from './taskEventHub';
import { isActive, type TaskSummary } from './taskListModel';

export interface CommandDeps {
  controller: TaskController;
  sidebar: SidebarView;
  hub: TaskEventHub;
  keys: ApiKeyStore;
  sandbox: SandboxPreparer;
  log: vscode.LogOutputChannel;
}

/** `cowork.newTask` argument for tests and automation: start right away. */
export interface NewTaskArgs {
  prompt: string;
  folder?: string;
}

function isNewTaskArgs(v: unknown): v is NewTaskArgs {
  return typeof v === 'object' && v !== null && typeof (v as NewTaskArgs).prompt === 'string' && ['string', 'undefined'].includes(typeof (v as NewTaskArgs).folder);
}

/** The task id carried by a command argument, if any. */
export function taskIdOfArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { taskId?: unknown }).taskId === 'string') return (arg as { taskId: string }).taskId;
  return undefined;
}

async function pickTask(deps: CommandDeps, arg: unknown, filter: (t: TaskSummary) => boolean, placeHolder: string): Promise<string | undefined> {
  const explicit = taskIdOfArg(arg);
  if (explicit) {
    if (deps.hub.list.get(explicit)) return explicit;
    void vscode.window.showErrorMessage(`Cowork: there is no task ${explicit}.`);
    return undefined;
  }
  const selected = deps.sidebar.selectedTaskId;
  const current = selected ? deps.hub.list.get(selected) : undefined;
  if (current && filter(current)) return current.taskId;
  const candidates = deps.hub.list.all().filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Cowork: no task to do that with.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0].taskId;
  const pick = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.title, description: t.status, taskId: t.taskId })),
    { placeHolder },
  );
  return pick?.taskId;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const { controller, sidebar, keys, log } = deps;
  const any = () => true;
  const reg = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('cowork.newTask', async (arg?: unknown) => {
    if (arg !== undefined && isNewTaskArgs(arg)) {
      const id = await controller.start(arg.prompt, arg.folder);
      if (id) await sidebar.showTask(id);
      return id;
    }
    await sidebar.showComposer();
    return undefined;
  });
  reg('cowork.cancelTask', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, (t) => isActive(t.status), 'Task to cancel');
    if (id) await controller.cancel(id);
  });
  reg('cowork.retryTask', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, (t) => !isActive(t.status), 'Task to retry');
    const newId = id && (await controller.retry(id));
    if (newId) await sidebar.showTask(newId);
    return newId || undefined;
  });
  reg('cowork.resumeTask', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, (t) => t.status === 'failed' || t.status === 'cancelled', 'Task to resume');
    if (!id) return;
    await controller.resume(id);
    await sidebar.showTask(id);
  });
  reg('cowork.undoTask', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, (t) => !isActive(t.status) && t.touchedFiles && !t.undone, 'Task to undo');
    if (id) await controller.undo(id);
  });
  reg('cowork.revealOutputs', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, (t) => t.outputs.length > 0, 'Task whose outputs to reveal');
    if (id) await controller.revealOutputs(id);
  });
  reg('cowork.copyTranscript', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, any, 'Task whose transcript to copy');
    if (id) await controller.copyTranscript(id);
  });
  reg('cowork.deleteTask', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, (t) => !isActive(t.status), 'Task to delete from the history');
    if (id) await controller.deleteFromHistory(id);
  });
  reg('cowork.openInSidebar', async (arg?: unknown) => {
    const id = await pickTask(deps, arg, any, 'Task to open');
    if (id) await sidebar.showTask(id);
  });
  reg('cowork.setApiKey', async () => {
    if (await keys.prompt()) {
      log.info('API key stored in secret storage');
      void vscode.window.showInformationMessage('Cowork: API key saved in secret storage.');
    }
  });
  reg('cowork.clearApiKey', async () => {
    await keys.clear();
    log.info('API key removed from secret storage');
    const env = process.env.ANTHROPIC_API_KEY ? ' ANTHROPIC_API_KEY from the environment is still used.' : '';
    void vscode.window.showInformationMessage(`Cowork: API key removed.${env}`);
  });
  reg('cowork.showLog', () => log.show());
  reg('cowork.prepareSandbox', async () => {
    const info = await deps.sandbox.prepare();
    return info?.dir;
  });
}
