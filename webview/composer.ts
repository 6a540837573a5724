// The composer: the prompt box, the folder the task will work on, starter
// suggestions, and whatever stands in the way of starting (no folder, no API
// key, untrusted folder).

import type { SidebarEnvironment } from '../src/shared/webviewProtocol';
import { button, h, icon, setHidden, setText, textArea, type ValueElement } from './dom';
import { SUGGESTIONS } from './suggestions';

export interface ComposerActions {
  start(prompt: string): void;
  setApiKey(): void;
  draftChanged(text: string): void;
}

export class Composer {
  readonly root: HTMLElement;
  private readonly prompt: ValueElement;
  private readonly folder: HTMLElement;
  private readonly blocker: HTMLElement;
  private readonly blockerText: HTMLElement;
  private readonly keyButton: HTMLElement;
  private readonly startButton: HTMLElement;
  private env: SidebarEnvironment | undefined;

  constructor(private readonly actions: ComposerActions) {
    this.prompt = textArea('', { rows: 6, class: 'prompt', placeholder: 'Describe the desk work, e.g. "turn these receipt photos into an expense report"', onSubmit: () => this.submit() });
    this.prompt.addEventListener('input', () => actions.draftChanged(this.prompt.value));
    this.folder = h('span', { class: 'folder-path' });
    this.blockerText = h('span');
    this.keyButton = button('Set API Key', { appearance: 'secondary', icon: 'key', onClick: () => actions.setApiKey() });
    this.blocker = h('div', { class: 'blocker', attrs: { role: 'status' } }, icon('warning'), this.blockerText, this.keyButton);
    this.startButton = button('Start', { label: 'Start task', icon: 'play', onClick: () => this.submit() });
    const suggestions = h(
      'div',
      { class: 'suggestions', attrs: { role: 'group', 'aria-label': 'Suggestions' } },
      ...SUGGESTIONS.map((s) =>
        button(s.label, {
          appearance: 'secondary',
          icon: s.icon,
          title: 'Fill the prompt box with an example',
          class: 'suggestion',
          onClick: () => this.fill(s.prompt),
        }),
      ),
    );
    this.root = h(
      'section',
      { class: 'composer', attrs: { 'aria-label': 'New task' } },
      h('h2', { class: 'composer-title', text: 'What should Cowork do?' }),
      h('div', { class: 'folder', title: 'The folder this task works on' }, icon('folder'), this.folder),
      this.prompt,
      suggestions,
      h('div', { class: 'row start-row' }, this.startButton, h('span', { class: 'hint', text: 'Ctrl+Enter to start' })),
      this.blocker,
    );
  }

  /** Call once the root is in the document: the toolkit resets aria-label on connect. */
  connected(): void {
    this.prompt.setAttribute('aria-label', 'Task prompt');
  }

  setEnvironment(env: SidebarEnvironment): void {
    this.env = env;
    setText(this.folder, env.folder ?? 'No folder open');
    const reason = !env.folder
      ? 'Open a folder first: Cowork works on the files of a folder on disk.'
      : !env.trusted
        ? 'This folder is not trusted, so Cowork only shows history here.'
        : !env.hasApiKey
          ? 'Cowork needs an Anthropic API key.'
          : '';
    setText(this.blockerText, reason);
    setHidden(this.blocker, reason === '');
    setHidden(this.keyButton, !(env.folder && env.trusted && !env.hasApiKey));
  }

  setDraft(text: string): void {
    this.prompt.value = text;
  }

  fill(text: string): void {
    this.prompt.value = text;
    this.actions.draftChanged(text);
    this.focus();
  }

  focus(): void {
    // The toolkit delegates focus to its inner textarea.
    this.prompt.focus();
  }

  clear(): void {
    this.prompt.value = '';
    this.actions.draftChanged('');
  }

  private submit(): void {
    const text = this.prompt.value.trim();
    if (!text) {
      this.focus();
      return;
    }
    // The extension checks key, trust and folder again and explains; no need to block here
    // unless nothing could possibly work.
    if (this.env && !this.env.folder) return;
    this.actions.start(text);
  }
}
