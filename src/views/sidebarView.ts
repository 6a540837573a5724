// The "Task" webview view: owns the webview's lifetime and the extension end
// of the message protocol. The webview keeps no state the extension cannot
// rebuild: on every (re)load it says `ready` and gets an `init` with the task
// list and the selected task's whole log, so hiding, re-showing and reloading
// all end up drawing the same thing.

import * as vscode from 'vscode';
import { EventBatcher } from './eventBatcher';
import { parseWebviewMessage, type ExtensionToWebview, type SidebarEnvironment, type TaskSummaryMessage, type WebviewToExtension } from '../shared/webviewProtocol';
import { sidebarHtml, webviewRoots } from './sidebarHtml';
import type { TaskController } from './taskController';
import type { FormValues } from '../shared/elicitationForm';
import type { TaskEventHub } from './taskEventHub';

export const SIDEBAR_VIEW_ID = 'cowork.sidebar';

/** How often the task switcher list is refreshed while events stream in. */
const LIST_REFRESH_MS = 300;

export class SidebarView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private selected: string | null = null;
  private ready = false;
  private everReady = false;
  /** What to do once the webview says it is ready (e.g. focus the composer). */
  private pendingAfterReady: ExtensionToWebview[] = [];
  private readonly batcher = new EventBatcher((events) => this.post({ type: 'events', events }));
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hub: TaskEventHub,
    private readonly controller: TaskController,
    private readonly environment: () => Promise<SidebarEnvironment>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const sub = hub.onChange((c) => {
      if (c.kind === 'event') {
        if (c.event.taskId === this.selected) this.batcher.push(c.event);
        this.scheduleList();
      } else if (c.kind === 'removed' && c.taskId === this.selected) {
        this.select(null);
        this.scheduleList();
      } else {
        this.scheduleList();
      }
    });
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    this.everReady = false;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewRoots(this.extensionUri) };
    view.webview.html = sidebarHtml(view.webview, this.extensionUri);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      // A hidden webview view loses its page; it says `ready` again when shown.
      // If the page survived instead, a fresh init on re-show brings it up to date (harmless
      // when it did reload: that page asks for its own init).
      view.onDidChangeVisibility(() => {
        this.batcher.clear();
        if (!view.visible) this.ready = false;
        else if (this.everReady) void this.sendInit();
      }),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
        this.batcher.clear();
      }),
    );
  }

  /** Shows the sidebar with the composer focused, optionally pre-filled. */
  async showComposer(prompt?: string): Promise<void> {
    this.selected = null;
    await this.reveal();
    this.postWhenReady({ type: 'select', taskId: null, events: [] });
    this.postWhenReady({ type: 'focusComposer', prompt });
  }

  /** Shows a task in the sidebar. */
  async showTask(taskId: string): Promise<void> {
    await this.reveal();
    this.select(taskId);
  }

  async refreshEnvironment(): Promise<void> {
    if (this.ready) this.post({ type: 'env', env: await this.environment() });
  }

  get selectedTaskId(): string | null {
    return this.selected;
  }

  /** Shows the view and gives it keyboard focus (so the composer can take it). */
  private async reveal(): Promise<void> {
    if (this.view) this.view.show(false);
    else await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
  }

  private select(taskId: string | null): void {
    if (taskId !== null && !this.hub.has(taskId)) taskId = null;
    this.selected = taskId;
    // The replay includes everything buffered so far; sending both would duplicate.
    this.batcher.clear();
    this.postWhenReady({ type: 'select', taskId, events: taskId ? [...this.hub.eventsOf(taskId)] : [] });
  }

  private summaries(): TaskSummaryMessage[] {
    return this.hub.list.all().map((t) => ({ taskId: t.taskId, title: t.title, status: t.status, createdAt: t.createdAt, costUsd: t.costUsd }));
  }

  private scheduleList(): void {
    if (this.listTimer) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      if (this.ready) this.post({ type: 'tasks', tasks: this.summaries() });
    }, LIST_REFRESH_MS);
  }

  /** Everything the page needs to draw from scratch. */
  private async sendInit(): Promise<void> {
    const env = await this.environment();
    this.batcher.clear();
    this.post({ type: 'init', env, tasks: this.summaries(), selectedTaskId: this.selected, events: this.selected ? [...this.hub.eventsOf(this.selected)] : [] });
    this.ready = true;
    this.everReady = true;
  }

  private postWhenReady(msg: ExtensionToWebview): void {
    if (this.ready) this.post(msg);
    else this.pendingAfterReady.push(msg);
  }

  private post(msg: ExtensionToWebview): void {
    if (!this.view) return;
    void this.view.webview.postMessage(msg).then(undefined, (err: unknown) => this.log.warn(`sidebar post failed: ${String(err)}`));
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.error(`sidebar sent a malformed message, ignored: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.value);
    } catch (err) {
      this.log.error(`sidebar message ${parsed.value.type} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }

  private async handle(msg: WebviewToExtension): Promise<void> {
    const c = this.controller;
    switch (msg.type) {
      case 'ready': {
        // The extension's selection wins over the webview's remembered one, unless it has none.
        const selected = this.selected ?? msg.selectedTaskId;
        this.selected = selected && this.hub.has(selected) ? selected : null;
        await this.sendInit();
        const pending = this.pendingAfterReady;
        this.pendingAfterReady = [];
        for (const m of pending) this.post(m);
        return;
      }
      case 'start': {
        const id = await c.start(msg.prompt);
        if (id) this.select(id);
        else this.post({ type: 'notice', level: 'error', message: 'The task did not start. Your prompt is still in the box.' });
        return;
      }
      case 'select':
        return this.select(msg.taskId);
      case 'cancel':
        return c.cancel(msg.taskId);
      case 'redirect':
        return c.redirect(msg.taskId, msg.text);
      case 'decidePlan':
        return c.decidePlan(msg.taskId, msg.decision, msg.feedback);
      case 'decideApproval':
        return c.decideApproval(msg.taskId, msg.approvalId, msg.approved, msg.scope, msg.choices);
      case 'answer':
        return c.answer(msg.taskId, msg.questionId, msg.answer);
      case 'answerForm': {
        const check = await c.answerForm(msg.taskId, msg.formId, { action: msg.action, ...(msg.action === 'accept' ? { values: msg.values as FormValues } : {}) });
        if (check && !check.ok) this.post({ type: 'formErrors', taskId: msg.taskId, formId: msg.formId, errors: check.errors });
        return;
      }
      case 'openFile':
        return c.openFile(msg.taskId, msg.path);
      case 'openLink':
        return c.openLink(msg.url);
      case 'taskAction':
        switch (msg.action) {
          case 'retry': {
            const id = await c.retry(msg.taskId);
            if (id) this.select(id);
            return;
          }
          case 'resume':
            return c.resume(msg.taskId);
          case 'undo':
            return c.undo(msg.taskId);
          case 'revealOutputs':
            return c.revealOutputs(msg.taskId);
          case 'copyTranscript':
            return c.copyTranscript(msg.taskId);
        }
        return;
      case 'setApiKey':
        await vscode.commands.executeCommand('cowork.setApiKey');
        return;
      case 'prepareSandbox':
        await vscode.commands.executeCommand('cowork.prepareSandbox');
        return;
    }
  }

  dispose(): void {
    this.batcher.clear();
    if (this.listTimer) clearTimeout(this.listTimer);
    for (const d of this.disposables) d.dispose();
  }
}
