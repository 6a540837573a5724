// The review editor's webview: a toolbar (next/previous, accept/reject the current
// change, the changes in the selection, all, all by an author), the document page,
// the comment margin and the list of changes with its filters. It keeps no document
// state of its own: every decision goes to the extension, which answers with the new
// state (`load`), so undo, redo, revert and reload all arrive the same way.

import { parseDocxExtensionMessage, type DocxToExtension, type DocxToWebview, type ReviewDecision } from '../../src/shared/docxReviewProtocol';
import {
  authorsOf,
  changeAfterDecision,
  describeChange,
  filterChanges,
  orderedIds,
  stepChange,
  type ChangeFilter,
  type ReviewChange,
} from '../../src/shared/docxReviewModel';
import { h, icon } from '../dom';
import { ChangesPanel } from './changesPanel';
import { CommentMargin } from './commentMargin';
import { DocumentView } from './documentView';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface UiState {
  filter: ChangeFilter;
  current?: string;
}

/** When this script started running, ms since the page's time origin. */
const SCRIPT_MS = performance.now();

class ReviewApp {
  private readonly api = acquireVsCodeApi();
  private ui: UiState;
  private version = -1;
  private changes: ReviewChange[] = [];
  private visible: ReviewChange[] = [];
  private authors: string[] = [];
  private busy = false;
  private firstScreenSent = false;

  private readonly toolbar: HTMLElement;
  private readonly status: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly authorSelect: HTMLSelectElement;
  private readonly scroller: HTMLElement;
  private readonly view: DocumentView;
  private readonly margin: CommentMargin;
  private readonly panel: ChangesPanel;
  private readonly buttons = new Map<string, HTMLButtonElement>();

  constructor(private readonly root: HTMLElement) {
    const saved = this.api.getState() as Partial<UiState> | undefined;
    this.ui = { filter: { authors: saved?.filter?.authors ?? [], kinds: saved?.filter?.kinds ?? [] }, current: saved?.current };
    this.view = new DocumentView(() => this.margin.queueLayout());
    this.margin = new CommentMargin(this.view.root);
    this.panel = new ChangesPanel({ select: (c) => this.select(c.id, true), filterChanged: (f) => this.setFilter(f) });
    this.status = h('span', { class: 'status', attrs: { 'aria-live': 'polite' } });
    this.authorSelect = h('select', { class: 'author-select', attrs: { 'aria-label': 'Author' } });
    this.toolbar = h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Review' } },
      this.button('prev', 'Previous change', 'arrow-up', '', () => this.step(-1)),
      this.button('next', 'Next change', 'arrow-down', '', () => this.step(1)),
      h('span', { class: 'sep' }),
      this.button('accept', 'Accept change', 'check', 'Accept', () => this.decideCurrent('accept')),
      this.button('reject', 'Reject change', 'close', 'Reject', () => this.decideCurrent('reject')),
      h('span', { class: 'sep' }),
      this.button('acceptSel', 'Accept changes in selection', 'pass', 'Accept selection', () => this.decideSelection('accept')),
      this.button('rejectSel', 'Reject changes in selection', 'circle-slash', 'Reject selection', () => this.decideSelection('reject')),
      h('span', { class: 'sep' }),
      this.button('acceptAll', 'Accept all', 'check-all', 'Accept all', () => this.decide({ action: 'accept', scope: 'all' })),
      this.button('rejectAll', 'Reject all', 'clear-all', 'Reject all', () => this.decide({ action: 'reject', scope: 'all' })),
      h('span', { class: 'sep' }),
      this.authorSelect,
      this.button('acceptAuthor', 'Accept all by author', 'check-all', 'Accept author', () => this.decideAuthor('accept')),
      this.button('rejectAuthor', 'Reject all by author', 'clear-all', 'Reject author', () => this.decideAuthor('reject')),
      this.status,
    );
    this.notice = h('div', { class: 'notice', attrs: { role: 'alert' } });
    this.notice.hidden = true;
    this.scroller = h('div', { class: 'doc-area' }, this.view.root, this.margin.root);
    window.addEventListener('message', (ev: MessageEvent) => {
      const parsed = parseDocxExtensionMessage(ev.data);
      if (!parsed.ok) console.error(`[cowork] dropped a malformed message from the extension: ${parsed.error}`);
      else this.receive(parsed.value);
    });
    window.addEventListener('resize', () => this.margin.queueLayout());
    this.post({ type: 'ready' });
  }

  private button(key: string, label: string, codicon: string, text: string, onClick: () => void): HTMLButtonElement {
    const b = h('button', { class: text ? 'tb-button' : 'tb-button icon-only', title: label, attrs: { type: 'button', 'aria-label': label }, on: { click: () => onClick() } }, icon(codicon), text || null);
    this.buttons.set(key, b);
    return b;
  }

  private post(msg: DocxToExtension): void {
    this.api.postMessage(msg);
  }

  private receive(m: DocxToWebview): void {
    switch (m.type) {
      case 'load':
        return this.load(m);
      case 'blocks':
        if (m.version === this.version) this.view.add(m.start, m.blocks);
        return;
      case 'failed':
        return this.fail(m.message, m.code);
      case 'busy':
        this.busy = m.busy;
        this.root.setAttribute('aria-busy', String(m.busy));
        this.updateButtons();
        return;
      case 'notice':
        return this.showNotice(m.level, m.message, m.reload === true);
    }
  }

  private load(m: Extract<DocxToWebview, { type: 'load' }>): void {
    const arrived = performance.now();
    const first = this.version < 0;
    const before = this.changes;
    const keepBlock = first ? 0 : this.view.firstVisibleBlock(this.scroller);
    this.version = m.version;
    this.changes = m.changes;
    this.authors = authorsOf(m);
    this.ui.filter = { authors: this.ui.filter.authors.filter((a) => this.authors.includes(a)), kinds: this.ui.filter.kinds };
    this.visible = filterChanges(this.changes, this.ui.filter);
    if (first) this.root.replaceChildren(this.toolbar, this.notice, h('div', { class: 'layout' }, this.scroller, this.panel.root));
    this.root.setAttribute('aria-busy', 'false');
    document.title = m.fileName;
    this.drawAuthors();
    this.panel.setChanges(this.changes, this.authors, this.visible, this.ui.filter);
    this.margin.setComments(m.comments, this.authors);
    this.view.reset(m.blockCount, m.blocks, m.changes, this.authors);
    if (m.notes.length) this.showNotice('info', m.notes.join(' '), false);
    if (!this.firstScreenSent) {
      this.firstScreenSent = true;
      this.post({ type: 'rendered', version: m.version, blocks: this.view.renderedCount, ms: performance.now(), scriptMs: SCRIPT_MS, loadMs: arrived });
    }
    // After a decision: the next change still there; after undo/redo/reload: the same one, same place.
    const focus = m.focus && before.length ? changeAfterDecision(before, m.changes, m.focus, this.ui.filter) : undefined;
    const still = this.ui.current && this.changes.some((c) => c.id === this.ui.current) ? this.ui.current : undefined;
    if (focus) this.select(focus.id, true);
    else {
      this.select(still, false);
      if (keepBlock > 0) this.view.whenRendered(keepBlock, () => this.view.blockElement(keepBlock)?.scrollIntoView({ block: 'start' }));
    }
    this.updateButtons();
  }

  private drawAuthors(): void {
    const previous = this.authorSelect.value;
    const withChanges = this.authors.filter((a) => this.changes.some((c) => c.author === a));
    this.authorSelect.replaceChildren(...withChanges.map((a) => h('option', { text: a, attrs: { value: a } })));
    if (withChanges.includes(previous)) this.authorSelect.value = previous;
  }

  private setFilter(filter: ChangeFilter): void {
    this.ui.filter = filter;
    this.visible = filterChanges(this.changes, filter);
    this.panel.setChanges(this.changes, this.authors, this.visible, filter);
    if (this.ui.current && !this.visible.some((c) => c.id === this.ui.current)) this.select(undefined, false);
    this.saveUi();
    this.updateButtons();
  }

  private step(dir: 1 | -1): void {
    const next = stepChange(this.visible, this.ui.current, dir);
    if (next) this.select(next.id, true);
  }

  /** Makes a change the current one: marked in the page and the list, scrolled to when asked. */
  private select(id: string | undefined, reveal: boolean): void {
    for (const el of this.view.root.querySelectorAll('.rev.current')) el.classList.remove('current');
    this.ui.current = id;
    this.panel.setSelected(id);
    this.saveUi();
    this.updateButtons();
    const change = id ? this.changes.find((c) => c.id === id) : undefined;
    if (!change) return;
    const mark = (): void => {
      const els = this.view.elementsOf(change.id);
      for (const el of els) el.classList.add('current');
      if (reveal && els[0]) els[0].scrollIntoView({ block: 'center' });
    };
    if (change.block >= 0) {
      this.view.renderUpTo(change.block);
      this.view.whenRendered(change.block, mark);
    } else mark();
  }

  private decideCurrent(action: 'accept' | 'reject'): void {
    const id = this.ui.current;
    if (id) this.decide({ action, scope: 'ids', ids: [id] }, id);
  }

  private decideSelection(action: 'accept' | 'reject'): void {
    const ids = this.selectedChangeIds();
    if (ids.length === 0) {
      this.showNotice('info', 'Select some text with changes in it first.', false);
      return;
    }
    this.decide({ action, scope: 'ids', ids });
  }

  private decideAuthor(action: 'accept' | 'reject'): void {
    const author = this.authorSelect.value;
    if (author) this.decide({ action, scope: 'author', author });
  }

  private decide(decision: ReviewDecision, focus?: string): void {
    if (this.busy) return;
    this.busy = true;
    this.updateButtons();
    this.notice.hidden = true;
    this.post({ type: 'decide', decision, focus });
  }

  /** Changes under the text selection (or the one the caret is in), in document order. */
  private selectedChangeIds(): string[] {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return [];
    const ids = new Set<string>();
    for (let i = 0; i < sel.rangeCount; i++) {
      const range = sel.getRangeAt(i);
      if (!this.view.root.contains(range.commonAncestorContainer)) continue;
      const start = closestChange(range.startContainer);
      if (start) ids.add(start);
      for (const el of this.view.root.querySelectorAll<HTMLElement>('[data-change]')) {
        if (range.intersectsNode(el) && el.dataset.change) ids.add(el.dataset.change);
      }
    }
    return orderedIds(this.changes, ids);
  }

  private updateButtons(): void {
    const has = this.changes.length > 0;
    const current = this.ui.current !== undefined;
    const set = (key: string, enabled: boolean): void => {
      const b = this.buttons.get(key);
      if (b) b.disabled = this.busy || !enabled;
    };
    set('prev', this.visible.length > 0);
    set('next', this.visible.length > 0);
    set('accept', current);
    set('reject', current);
    for (const k of ['acceptSel', 'rejectSel', 'acceptAll', 'rejectAll']) set(k, has);
    set('acceptAuthor', this.authorSelect.options.length > 0);
    set('rejectAuthor', this.authorSelect.options.length > 0);
    this.authorSelect.disabled = this.busy || this.authorSelect.options.length === 0;
    const i = this.visible.findIndex((c) => c.id === this.ui.current);
    const change = i >= 0 ? this.visible[i] : undefined;
    this.status.textContent = this.busy ? 'Applying…' : change ? `Change ${i + 1} of ${this.visible.length}` : has ? `${this.visible.length} changes` : 'No tracked changes';
    this.status.title = change ? describeChange(change) : '';
  }

  private showNotice(level: 'info' | 'error', message: string, reload: boolean): void {
    this.notice.className = `notice${level === 'error' ? ' notice-error' : ''}`;
    const close = h('button', { class: 'tb-button icon-only', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => (this.notice.hidden = true) } }, icon('close'));
    const again = reload ? h('button', { class: 'tb-button', attrs: { type: 'button' }, text: 'Reload from disk', on: { click: () => this.post({ type: 'reload' }) } }) : null;
    this.notice.replaceChildren(icon(level === 'error' ? 'error' : 'info'), h('span', { class: 'notice-text', text: message }), again ?? '', close);
    this.notice.hidden = false;
  }

  private fail(message: string, code?: string): void {
    this.version = -1;
    this.root.setAttribute('aria-busy', 'false');
    this.root.replaceChildren(
      h(
        'div',
        { class: 'failure', attrs: { role: 'alert' } },
        h('h2', {}, icon('error'), ' This document cannot be opened for review'),
        h('p', { class: 'failure-message', text: message }),
        code ? h('p', { class: 'hint', text: `Reason code: ${code}` }) : null,
        h('p', { class: 'hint', text: 'The file was not changed. Use "Reopen Editor With…" to open it another way.' }),
      ),
    );
  }

  private saveUi(): void {
    this.api.setState(this.ui);
  }
}

function closestChange(node: Node): string | undefined {
  const el = node instanceof HTMLElement ? node : node.parentElement;
  return el?.closest<HTMLElement>('[data-change]')?.dataset.change;
}

const app = document.getElementById('app');
if (app) new ReviewApp(app);
