// The sidebar webview's entry point: registers the toolkit components, keeps
// the app state (environment, task list, the selected task folded by the pure
// reducer in src/shared/sidebarState.ts) and routes messages both ways.

import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeButton, vsCodeProgressRing, vsCodeTextArea } from '@vscode/webview-ui-toolkit';
import type { TaskEvent } from '../src/shared/taskEvents';
import { formatCost } from '../src/shared/format';
import type { ExtensionToWebview, TaskSummaryMessage } from '../src/shared/webviewProtocol';
import { reduceAll, reduceTask, type SidebarTaskState } from '../src/shared/sidebarState';
import { Composer } from './composer';
import { FORM_ERRORS_EVENT } from './formCard';
import { button, h, icon, setHidden, setText } from './dom';
import { Host, type PersistedUi } from './host';
import { keepPinnedPartsClear } from './stickyLayout';
import { statusGlyph, TaskPanel } from './taskPanel';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextArea(), vsCodeBadge(), vsCodeProgressRing());

class App {
  private readonly host = new Host();
  private ui: PersistedUi = this.host.loadUi();
  private switcherKey = '';
  private tasks: TaskSummaryMessage[] = [];
  private task: SidebarTaskState | undefined;
  private readonly expanded = new Set<string>();
  private awaitingStart = false;

  private readonly switcher: HTMLSelectElement;
  private readonly notice: HTMLElement;
  private readonly noticeText: HTMLElement;
  private readonly composer: Composer;
  private readonly panel: TaskPanel;

  constructor(root: HTMLElement) {
    const id = () => this.task?.taskId ?? '';
    this.switcher = h('select', { class: 'switcher', attrs: { 'aria-label': 'Switch task' }, on: { change: () => this.select(this.switcher.value || null) } });
    this.noticeText = h('span');
    this.notice = h('div', { class: 'notice', attrs: { role: 'alert' } }, icon('info'), this.noticeText, button('', { appearance: 'icon', label: 'Dismiss', icon: 'close', onClick: () => setHidden(this.notice, true) }));
    this.notice.hidden = true;
    this.composer = new Composer({
      start: (prompt) => {
        this.awaitingStart = true;
        this.host.post({ type: 'start', prompt });
      },
      setApiKey: () => this.host.post({ type: 'setApiKey' }),
      draftChanged: (draft) => this.save({ draft }),
    });
    this.panel = new TaskPanel({
      openFile: (path) => this.host.post({ type: 'openFile', taskId: id(), path }),
      openLink: (url) => this.host.post({ type: 'openLink', taskId: id(), url }),
      decidePlan: (decision, feedback) => this.host.post({ type: 'decidePlan', taskId: id(), decision, feedback }),
      decideApproval: (approvalId, approved, scope, choices) => this.host.post({ type: 'decideApproval', taskId: id(), approvalId, approved, ...(scope ? { scope } : {}), ...(choices ? { choices } : {}) }),
      answer: (questionId, answer) => this.host.post({ type: 'answer', taskId: id(), questionId, answer }),
      answerForm: (formId, action, values) => this.host.post({ type: 'answerForm', taskId: id(), formId, action, ...(values ? { values } : {}) }),
      setExpanded: (stepId, open) => (open ? this.expanded.add(stepId) : this.expanded.delete(stepId)),
      isExpanded: (stepId) => this.expanded.has(stepId),
      cancel: () => this.host.post({ type: 'cancel', taskId: id() }),
      redirect: (text) => this.host.post({ type: 'redirect', taskId: id(), text }),
      taskAction: (action) => this.host.post({ type: 'taskAction', taskId: id(), action }),
    });
    const topbar = h(
      'div',
      { class: 'topbar' },
      this.switcher,
      button('', { appearance: 'icon', label: 'New task', icon: 'add', onClick: () => this.select(null) }),
    );
    root.replaceChildren(topbar, this.notice, this.composer.root, this.panel.root);
    keepPinnedPartsClear(topbar, [this.panel.head], [this.panel.redirectRow]);
    this.composer.connected();
    this.composer.setDraft(this.ui.draft);
    this.showComposer(true);
    this.host.listen((m) => this.receive(m));
    this.host.post({ type: 'ready', selectedTaskId: this.ui.selectedTaskId });
  }

  private save(patch: Partial<PersistedUi>): void {
    this.ui = { ...this.ui, ...patch };
    this.host.saveUi(this.ui);
  }

  private select(taskId: string | null): void {
    this.host.post({ type: 'select', taskId });
  }

  private receive(m: ExtensionToWebview): void {
    switch (m.type) {
      case 'init':
        this.composer.setEnvironment(m.env);
        this.tasks = m.tasks;
        this.show(m.selectedTaskId, m.events);
        return;
      case 'env':
        this.composer.setEnvironment(m.env);
        return;
      case 'tasks':
        this.tasks = m.tasks;
        this.renderSwitcher();
        return;
      case 'select':
        if (m.taskId && this.awaitingStart) {
          this.awaitingStart = false;
          this.composer.clear();
        }
        this.show(m.taskId, m.events);
        return;
      case 'events':
        this.apply(m.events);
        return;
      case 'focusComposer':
        this.showComposer(true);
        if (m.prompt) this.composer.fill(m.prompt);
        return;
      case 'notice':
        if (m.level === 'error') this.awaitingStart = false;
        setText(this.noticeText, m.message);
        this.notice.className = `notice notice-${m.level}`;
        setHidden(this.notice, false);
        return;
      case 'formErrors': {
        if (m.taskId !== this.task?.taskId) return;
        const card = this.panel.root.querySelector(`[data-form-id="${CSS.escape(m.formId)}"]`);
        card?.dispatchEvent(new CustomEvent(FORM_ERRORS_EVENT, { detail: m.errors }));
        return;
      }
    }
  }

  private show(taskId: string | null, events: TaskEvent[]): void {
    this.save({ selectedTaskId: taskId });
    if (!taskId) {
      this.task = undefined;
      this.showComposer(true);
      this.renderSwitcher();
      return;
    }
    if (this.task?.taskId !== taskId) this.expanded.clear();
    this.task = reduceAll(taskId, events);
    this.showComposer(false);
    this.panel.render(this.task);
    this.renderSwitcher();
  }

  private apply(events: TaskEvent[]): void {
    if (!this.task) return;
    let next = this.task;
    for (const e of events) next = reduceTask(next, e);
    if (next === this.task) return;
    this.task = next;
    this.panel.render(next);
  }

  private showComposer(visible: boolean): void {
    setHidden(this.composer.root, !visible);
    setHidden(this.panel.root, visible);
    if (visible) this.composer.focus();
  }

  private renderSwitcher(): void {
    const selected = this.task?.taskId ?? '';
    const labels = this.tasks.map((t) => `${statusGlyph(t.status)} ${t.title} · ${formatCost(t.costUsd)}`);
    // Rebuilding the options closes an open dropdown: only do it when something shows differently.
    const key = JSON.stringify([this.tasks.map((t) => t.taskId), labels]);
    if (key === this.switcherKey) {
      this.switcher.value = selected;
      return;
    }
    this.switcherKey = key;
    const options = [h('option', { text: 'New task…', attrs: { value: '' } })];
    this.tasks.forEach((t, i) => options.push(h('option', { text: labels[i], attrs: { value: t.taskId } })));
    this.switcher.replaceChildren(...options);
    this.switcher.value = selected;
  }
}

const root = document.getElementById('app');
if (root) {
  try {
    new App(root);
  } catch (err) {
    root.textContent = `Cowork could not draw its sidebar: ${err instanceof Error ? err.message : String(err)}`;
  }
}
