// The selected task: its header (status, sandbox, token and cost meter, Cancel),
// the timeline, the redirect box while it runs and the follow-up actions once it
// has ended. Persistent elements are updated in place so typing in the redirect
// box survives the stream of updates.

import type { TaskAction } from '../src/shared/webviewProtocol';
import { formatCost, formatTokens } from '../src/shared/format';
import { isRunning, type SandboxView, type SidebarTaskState } from '../src/shared/sidebarState';
import { button, custom, h, setHidden, setText, textArea, type ValueElement } from './dom';
import type { StepActions } from './stepViews';
import { Timeline } from './timeline';

export interface TaskPanelActions extends StepActions {
  cancel(): void;
  redirect(text: string): void;
  taskAction(action: TaskAction): void;
}

const STATUS_LABELS: Record<SidebarTaskState['status'], string> = {
  queued: 'Queued',
  planning: 'Planning',
  waiting: 'Waiting for you',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function sandboxLabel(s: SandboxView | undefined, status: SidebarTaskState['status']): string {
  // The agent reports the sandbox once it is up; until then a running task is booting it.
  if (!s) return status === 'planning' || status === 'running' ? 'Sandbox starting…' : 'Sandbox not started';
  const isolation = s.isolation === 'vm' ? 'VM isolation' : 'lighter isolation (namespace, shares the host kernel)';
  const state = { booting: 'booting…', ready: 'ready', stopped: 'stopped', failed: 'failed' }[s.state];
  return `Sandbox ${state} · ${s.driver} · ${isolation}${s.detail ? ` · ${s.detail}` : ''}`;
}

export function meterLabel(state: SidebarTaskState): string {
  const u = state.usage;
  if (!u) return 'No tokens used yet';
  return `${formatTokens(u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens)} in · ${formatTokens(u.outputTokens)} out · ${formatCost(u.costUsd)}`;
}

export class TaskPanel {
  readonly root: HTMLElement;
  readonly timeline: Timeline;
  /** The header (title, status, sandbox, meter) and the redirect box: pinned while the view scrolls when it is tall enough. */
  readonly head: HTMLElement;
  readonly redirectRow: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly ring: HTMLElement;
  private readonly sandbox: HTMLElement;
  private readonly meter: HTMLElement;
  private readonly cancelButton: HTMLElement;
  private readonly redirectBox: ValueElement;
  private readonly endActions: HTMLElement;
  private readonly resumeButton: HTMLElement;
  private readonly undoButton: HTMLElement;
  private readonly outputsButton: HTMLElement;
  private lastTaskId: string | null = null;

  constructor(private readonly actions: TaskPanelActions) {
    this.timeline = new Timeline(actions);
    this.title = h('h2', { class: 'task-title' });
    this.status = custom('vscode-badge', { class: 'status' });
    this.ring = custom('vscode-progress-ring', { class: 'ring', attrs: { 'aria-label': 'Working' } });
    this.sandbox = h('div', { class: 'sandbox' });
    this.meter = h('div', { class: 'meter', attrs: { 'aria-label': 'Tokens and cost' } });
    this.cancelButton = button('Cancel', { label: 'Cancel task', appearance: 'secondary', icon: 'debug-stop', onClick: () => actions.cancel() });
    this.redirectBox = textArea('Redirect the task', { rows: 2, placeholder: 'Tell Cowork to change course; it reads this at its next step', onSubmit: () => this.sendRedirect() });
    this.redirectRow = h('div', { class: 'redirect-row' }, this.redirectBox, button('Send', { label: 'Send redirect', appearance: 'secondary', icon: 'send', onClick: () => this.sendRedirect() }));
    this.resumeButton = button('Resume', { appearance: 'secondary', icon: 'debug-continue', onClick: () => actions.taskAction('resume') });
    this.undoButton = button('Undo task', { appearance: 'secondary', icon: 'discard', onClick: () => actions.taskAction('undo') });
    this.outputsButton = button('Reveal outputs', { appearance: 'secondary', icon: 'go-to-file', onClick: () => actions.taskAction('revealOutputs') });
    this.endActions = h(
      'div',
      { class: 'row end-actions', attrs: { role: 'group', 'aria-label': 'Task actions' } },
      button('Retry', { appearance: 'secondary', icon: 'refresh', onClick: () => actions.taskAction('retry') }),
      this.resumeButton,
      this.undoButton,
      this.outputsButton,
      button('Copy transcript', { appearance: 'secondary', icon: 'copy', onClick: () => actions.taskAction('copyTranscript') }),
    );
    this.head = h('header', { class: 'task-head' }, h('div', { class: 'row title-row' }, this.title, this.status, this.ring), this.sandbox, h('div', { class: 'row meter-row' }, this.meter, this.cancelButton));
    this.root = h(
      'section',
      { class: 'task', attrs: { 'aria-label': 'Task' } },
      this.head,
      this.timeline.root,
      this.redirectRow,
      this.endActions,
    );
  }

  render(state: SidebarTaskState): void {
    if (state.taskId !== this.lastTaskId) {
      this.lastTaskId = state.taskId;
      this.redirectBox.value = '';
    }
    const running = isRunning(state);
    setText(this.title, state.title);
    this.title.title = state.prompt;
    setText(this.status, state.undone ? `${STATUS_LABELS[state.status]} · undone` : STATUS_LABELS[state.status]);
    this.status.className = `status status-${state.status}`;
    setHidden(this.ring, !(state.status === 'running' || state.status === 'planning'));
    const sandbox = sandboxLabel(state.sandbox, state.status);
    setText(this.sandbox, sandbox);
    this.sandbox.title = sandbox; // the line is cut to one line with an ellipsis
    this.sandbox.className = `sandbox sandbox-${state.sandbox?.isolation ?? 'none'}`;
    setText(this.meter, meterLabel(state));
    if (state.usage) this.meter.title = `Cache read ${state.usage.cacheReadTokens} · cache write ${state.usage.cacheWriteTokens} tokens`;
    setHidden(this.cancelButton, !running);
    setHidden(this.redirectRow, !(state.status === 'running' || state.status === 'planning'));
    setHidden(this.endActions, running);
    setHidden(this.resumeButton, !(state.status === 'failed' || state.status === 'cancelled'));
    const touched = state.outputs.length > 0 || state.steps.some((s) => s.kind === 'tool' && s.files.some((f) => f.action !== 'read'));
    setHidden(this.undoButton, !touched || state.undone === true);
    setHidden(this.outputsButton, state.outputs.length === 0);
    this.timeline.render(state);
  }

  private sendRedirect(): void {
    const text = this.redirectBox.value.trim();
    if (!text) return;
    this.actions.redirect(text);
    this.redirectBox.value = '';
  }
}

/** An icon-only status dot for the switcher entries. */
export function statusGlyph(status: SidebarTaskState['status']): string {
  return { queued: '◷', planning: '…', waiting: '●', running: '▶', done: '✓', failed: '✗', cancelled: '⊘' }[status];
}
