// The list of changes beside the document: filters by author and by kind (checkbox
// groups), and one row per visible change that selects it. Long lists draw their
// first rows and a "Show more" button, so 3,000 changes cost nothing until wanted.

import {
  authorSlot,
  CHANGE_KIND_LABELS,
  CHANGE_KINDS,
  countChanges,
  describeChange,
  type ChangeFilter,
  type ChangeKind,
  type ReviewChange,
} from '../../src/shared/docxReviewModel';
import { h } from '../dom';

const PAGE = 200;

export interface ChangesPanelActions {
  select(change: ReviewChange): void;
  filterChanged(filter: ChangeFilter): void;
}

export class ChangesPanel {
  readonly root: HTMLElement;
  private readonly authorBox: HTMLElement;
  private readonly kindBox: HTMLElement;
  private readonly list: HTMLElement;
  private readonly summary: HTMLElement;
  private changes: ReviewChange[] = [];
  private visible: ReviewChange[] = [];
  private authors: string[] = [];
  private filter: ChangeFilter = { authors: [], kinds: [] };
  private shown = PAGE;
  private selected: string | undefined;

  constructor(private readonly actions: ChangesPanelActions) {
    this.authorBox = h('fieldset', { class: 'filter' });
    this.kindBox = h('fieldset', { class: 'filter' });
    this.summary = h('p', { class: 'changes-summary', attrs: { 'aria-live': 'polite' } });
    this.list = h('ul', { class: 'change-list', attrs: { 'aria-label': 'Changes' } });
    this.root = h(
      'aside',
      { class: 'changes-panel', attrs: { 'aria-label': 'Changes and filters' } },
      h('h2', { class: 'panel-title', text: 'Changes' }),
      this.summary,
      this.authorBox,
      this.kindBox,
      this.list,
    );
  }

  setChanges(changes: ReviewChange[], authors: string[], visible: ReviewChange[], filter: ChangeFilter): void {
    this.changes = changes;
    this.authors = authors;
    this.visible = visible;
    this.filter = filter;
    this.drawFilters();
    this.drawList();
  }

  setSelected(id: string | undefined): void {
    if (this.selected === id) return;
    this.selected = id;
    for (const el of this.list.querySelectorAll('.change-row.selected')) el.classList.remove('selected');
    if (id === undefined) return;
    const idx = this.visible.findIndex((c) => c.id === id);
    if (idx >= this.shown) {
      this.shown = idx + PAGE;
      this.drawList();
    }
    const row = this.list.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    if (row) {
      row.classList.add('selected');
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  private drawFilters(): void {
    const counts = countChanges(this.changes);
    this.authorBox.replaceChildren(h('legend', { text: 'Authors' }));
    for (const a of this.authors) {
      const n = counts.byAuthor.get(a) ?? 0;
      if (n === 0) continue;
      this.authorBox.append(this.checkbox(`${a} (${n})`, this.filter.authors.includes(a), `swatch author-${authorSlot(this.authors, a)}`, (on) => this.toggle('authors', a, on)));
    }
    this.kindBox.replaceChildren(h('legend', { text: 'Kinds' }));
    for (const k of CHANGE_KINDS) {
      const n = counts.byKind.get(k) ?? 0;
      if (n === 0) continue;
      this.kindBox.append(this.checkbox(`${CHANGE_KIND_LABELS[k]} (${n})`, this.filter.kinds.includes(k), `swatch kind-${k}`, (on) => this.toggle('kinds', k, on)));
    }
  }

  private checkbox(label: string, checked: boolean, swatch: string, onChange: (on: boolean) => void): HTMLElement {
    const input = h('input', { attrs: { type: 'checkbox' }, on: { change: () => onChange(input.checked) } });
    input.checked = checked;
    return h('label', { class: 'check' }, input, h('span', { class: swatch, attrs: { 'aria-hidden': 'true' } }), label);
  }

  private toggle(which: 'authors', value: string, on: boolean): void;
  private toggle(which: 'kinds', value: ChangeKind, on: boolean): void;
  private toggle(which: 'authors' | 'kinds', value: string, on: boolean): void {
    const current = new Set<string>(this.filter[which]);
    if (on) current.add(value);
    else current.delete(value);
    this.shown = PAGE;
    this.actions.filterChanged({ ...this.filter, [which]: [...current] } as ChangeFilter);
  }

  private drawList(): void {
    const total = this.changes.length;
    const n = this.visible.length;
    this.summary.textContent = total === 0 ? 'No tracked changes.' : n === total ? `${total} change${total === 1 ? '' : 's'}` : `${n} of ${total} changes shown`;
    const rows: HTMLElement[] = [];
    for (const c of this.visible.slice(0, this.shown)) {
      const row = h(
        'li',
        { class: `change-row${c.id === this.selected ? ' selected' : ''}`, attrs: { 'data-id': c.id } },
        h(
          'button',
          { class: 'change-item', attrs: { type: 'button', 'aria-label': `Go to ${describeChange(c)}` }, on: { click: () => this.actions.select(c) } },
          h('span', { class: `swatch author-${authorSlot(this.authors, c.author)}`, attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'change-kind', text: CHANGE_KIND_LABELS[c.kind] }),
          h('span', { class: 'change-author', text: c.author }),
          h('span', { class: 'change-text', text: c.text || (c.where ?? '') }),
        ),
      );
      rows.push(row);
    }
    if (n > this.shown) {
      const more = h('button', {
        class: 'link-button',
        text: `Show ${Math.min(PAGE, n - this.shown)} more`,
        attrs: { type: 'button' },
        on: {
          click: () => {
            this.shown += PAGE;
            this.drawList();
          },
        },
      });
      rows.push(h('li', { class: 'more' }, more));
    }
    this.list.replaceChildren(...rows);
  }
}
