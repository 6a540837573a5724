// What the person can do to tasks, whether from a command, a tree item or the
// sidebar: checks the preconditions (trust, folder, key, agent), calls the
// backend, and turns every failure into a clear message plus a log line.

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKey';
import type { SandboxPreparer } from './sandboxPrep';
import type { TaskBackend } from './taskBackend';
import type { ApprovalScope, ConflictChoice } from '../shared/taskEvents';
import type { FormAnswer, FormCheck } from '../shared/elicitationForm';
import type { TaskEventHub } from './taskEventHub';
import { LATER_WORK_BUTTONS, alreadyUndoneMessage, laterWorkQuestion, undoDeciding, undoneMessage } from './undoDecision';

export interface TaskControllerDeps {
  hub: TaskEventHub;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
  /** The backend, or why there is none (e.g. a module failed to load). */
  backend: () => TaskBackend | { unavailable: string };
  /** Prepares the sandbox image (download or build, with progress) when a task needs it and it is missing. */
  sandbox: Pick<SandboxPreparer, 'ensure' | 'present'>;
}

/** The folder a new task works on: the active editor's workspace folder, else the first. */
export function defaultFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** Resolves a task-relative path, refusing anything that escapes the task's folder. */
export function resolveInFolder(folder: string, relative: string): string | undefined {
  const abs = path.resolve(folder, relative);
  const rel = path.relative(folder, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return abs;
}

export class TaskController {
  constructor(private readonly deps: TaskControllerDeps) {}

  private backendOrExplain(): TaskBackend | undefined {
    const b = this.deps.backend();
    if ('unavailable' in b) {
      void vscode.window.showErrorMessage(`Cowork cannot run tasks: ${b.unavailable}`, 'Show Log').then((c) => {
        if (c) this.deps.log.show();
      });
      return undefined;
    }
    return b;
  }

  /** Runs an action, logging and showing any failure instead of throwing. */
  private async attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`${what} failed: ${message}`);
      void vscode.window.showErrorMessage(`Cowork: ${what} failed: ${message}`);
      return undefined;
    }
  }

  /** Untrusted folders show history but run nothing (see capabilities in package.json). */
  private async checkTrusted(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    this.deps.log.warn('not running a task: this folder is not trusted');
    const c = await vscode.window.showWarningMessage('Cowork does not run tasks in an untrusted folder. Trust the folder to run tasks.', 'Manage Workspace Trust');
    if (c) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  /** Starts a task; returns its id, or undefined after explaining why not. */
  async start(prompt: string, folder?: string): Promise<string | undefined> {
    const text = prompt.trim();
    if (!text) {
      void vscode.window.showWarningMessage('Describe the task first.');
      return undefined;
    }
    if (!(await this.checkTrusted())) return undefined;
    const target = folder ?? defaultFolder();
    if (!target) {
      this.deps.log.warn('not starting: no folder is open');
      void vscode.window.showWarningMessage('Open a folder first: Cowork works on the files of a folder on disk.');
      return undefined;
    }
    const stat = await fs.stat(target).catch(() => undefined);
    if (!stat?.isDirectory()) {
      void vscode.window.showErrorMessage(`Cowork: ${target} is not a folder on disk.`);
      return undefined;
    }
    if (!(await this.deps.keys.has())) this.deps.log.warn('no API key set: asking for one before starting');
    if (!(await this.deps.keys.require())) return undefined;
    const backend = this.backendOrExplain();
    if (!backend) return undefined;
    if (!this.deps.sandbox.present()) this.deps.log.warn('the sandbox image is missing: preparing it before the task starts');
    if (!(await this.deps.sandbox.ensure())) return undefined;
    return this.attempt('Starting the task', async () => {
      const id = await backend.start({ prompt: text, folder: target });
      this.deps.log.info(`task ${id} started in ${target}`);
      return id;
    });
  }

  async cancel(taskId: string): Promise<void> {
    const b = this.backendOrExplain();
    if (b) await this.attempt('Cancelling', () => b.cancel(taskId));
  }

  async redirect(taskId: string, text: string): Promise<void> {
    const b = this.backendOrExplain();
    if (b && text.trim()) await this.attempt('Redirecting', () => b.redirect(taskId, text.trim()));
  }

  async decidePlan(taskId: string, decision: 'approved' | 'edited' | 'rejected', feedback?: string): Promise<void> {
    if (decision === 'edited' && !feedback?.trim()) {
      void vscode.window.showWarningMessage('Say what to change in the plan first.');
      return;
    }
    const b = this.backendOrExplain();
    if (b) await this.attempt('Deciding on the plan', () => b.decidePlan(taskId, decision, feedback?.trim() || undefined));
  }

  async decideApproval(taskId: string, approvalId: string, approved: boolean, scope?: ApprovalScope, choices?: Record<string, ConflictChoice>): Promise<void> {
    const b = this.backendOrExplain();
    if (b) await this.attempt(approved ? 'Approving' : 'Refusing', () => b.decideApproval(taskId, approvalId, approved, scope, choices));
  }

  async answer(taskId: string, questionId: string, answer: string): Promise<void> {
    const b = this.backendOrExplain();
    if (b && answer.trim()) await this.attempt('Answering', () => b.answerQuestion(taskId, questionId, answer.trim()));
  }

  /** Undefined when it could not be answered at all (explained already); else the host's check of the values. */
  async answerForm(taskId: string, formId: string, answer: FormAnswer): Promise<FormCheck | undefined> {
    const b = this.backendOrExplain();
    return b ? this.attempt('Answering the form', () => b.answerForm(taskId, formId, answer)) : undefined;
  }

  async retry(taskId: string): Promise<string | undefined> {
    if (!(await this.checkTrusted()) || !(await this.deps.keys.require())) return undefined;
    const b = this.backendOrExplain();
    return b ? this.attempt('Retrying', () => b.retry(taskId)) : undefined;
  }

  async resume(taskId: string): Promise<void> {
    if (!(await this.checkTrusted()) || !(await this.deps.keys.require())) return;
    const b = this.backendOrExplain();
    if (b) await this.attempt('Resuming', () => b.resume(taskId));
  }

  async undo(taskId: string): Promise<void> {
    const title = this.deps.hub.list.get(taskId)?.title ?? taskId;
    if (this.deps.hub.list.get(taskId)?.undone) {
      void vscode.window.showInformationMessage(alreadyUndoneMessage(title));
      return;
    }
    const ok = await vscode.window.showWarningMessage(`Undo "${title}"? Its folder goes back to exactly how it was before the task.`, { modal: true }, 'Undo Task');
    if (ok !== 'Undo Task') return;
    const b = this.backendOrExplain();
    if (!b) return;
    // Files changed after the task are named before anything is touched; the person decides.
    const ask = async (files: string[]): Promise<string | undefined> => {
      const q = laterWorkQuestion(title, files);
      return vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, ...LATER_WORK_BUTTONS);
    };
    const d = await this.attempt('Undoing the task', () => undoDeciding((answer) => b.undo(taskId, answer), ask));
    if (!d) return;
    if (d.status === 'alreadyUndone') {
      void vscode.window.showInformationMessage(alreadyUndoneMessage(title));
      return;
    }
    if (d.status === 'cancelled') {
      this.deps.log.info(`undo of task ${taskId} cancelled: later changes to ${d.laterWork.join(', ')}`);
      return;
    }
    this.deps.log.info(`task ${taskId} undone${d.kept.length ? `, later changes kept: ${d.kept.join(', ')}` : ''}${d.overwritten.length ? `, later changes overwritten: ${d.overwritten.join(', ')}` : ''}`);
    void vscode.window.showInformationMessage(undoneMessage(title, d));
  }

  async deleteFromHistory(taskId: string): Promise<void> {
    const t = this.deps.hub.list.get(taskId);
    const ok = await vscode.window.showWarningMessage(
      `Delete "${t?.title ?? taskId}" from the history? Files it made stay in your folder.`,
      { modal: true },
      'Delete',
    );
    if (ok !== 'Delete') return;
    const b = this.backendOrExplain();
    if (b && (await this.attempt('Deleting the task', () => b.deleteFromHistory(taskId).then(() => true)))) this.deps.hub.remove(taskId);
  }

  async copyTranscript(taskId: string): Promise<void> {
    const b = this.backendOrExplain();
    if (!b) return;
    const text = await this.attempt('Copying the transcript', () => b.transcript(taskId));
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage('Transcript copied to the clipboard.');
  }

  /** Opens a searched or cited page in the browser; VS Code asks before opening a domain it does not trust. */
  async openLink(url: string): Promise<void> {
    if (!/^https?:\/\//i.test(url)) {
      this.deps.log.warn(`refused to open ${url}: not an http(s) address`);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }

  /** Opens a file of a task in its editor (office documents open in theirs via vscode.open). */
  async openFile(taskId: string, relative: string): Promise<void> {
    const folder = this.deps.hub.list.get(taskId)?.folder;
    const abs = folder ? resolveInFolder(folder, relative) : undefined;
    if (!abs) {
      this.deps.log.warn(`refused to open ${relative}: outside the folder of task ${taskId}`);
      void vscode.window.showErrorMessage(`Cowork: ${relative} is not inside the task's folder.`);
      return;
    }
    if (!(await fs.stat(abs).catch(() => undefined))) {
      void vscode.window.showWarningMessage(`Cowork: ${relative} is not in the folder (deleted, moved, or not applied yet).`);
      return;
    }
    await this.attempt(`Opening ${relative}`, () => Promise.resolve(vscode.commands.executeCommand('vscode.open', vscode.Uri.file(abs))));
  }

  async revealOutputs(taskId: string): Promise<void> {
    const outputs = this.deps.hub.list.get(taskId)?.outputs ?? [];
    if (outputs.length === 0) {
      void vscode.window.showInformationMessage('This task has not created any outputs.');
      return;
    }
    const pick = outputs.length === 1 ? outputs[0] : await vscode.window.showQuickPick(outputs, { title: 'Reveal Outputs', placeHolder: 'Output to open' });
    if (!pick) return;
    const folder = this.deps.hub.list.get(taskId)?.folder ?? '';
    const abs = resolveInFolder(folder, pick);
    if (abs) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(abs));
    await this.openFile(taskId, pick);
  }
}
