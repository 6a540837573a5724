// The spreadsheet preview's webview: a formula bar (the selected cell's address and
// its formula, or its value), the grid, a status line and the sheet tabs. It holds
// only the pages of rows near what is shown; everything else stays with the reader
// in the extension, asked for page by page as the person scrolls.

import type { GridLayout, SheetTab, SheetToExtension, SheetToWebview } from '../../src/shared/sheetPreviewProtocol';
import { h, icon } from '../dom';
import { columnName, GridGeometry } from './gridGeometry';
import { GridView, type CellPos } from './gridView';

interface VsCodeApi {
  postMessage(msg: SheetToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Rows per page request, and pages kept around the view. */
const PAGE = 200;
const KEEP_PAGES = 40;

class SheetApp {
  private readonly api = acquireVsCodeApi();
  private readonly nameBox = h('div', { class: 'name-box', attrs: { 'aria-label': 'Cell address', role: 'status' } });
  private readonly contents = h('div', { class: 'contents', attrs: { 'aria-label': 'Cell contents' } });
  private readonly status = h('div', { class: 'status', attrs: { role: 'status' } });
  private readonly note = h('div', { class: 'note', attrs: { role: 'note' } });
  private readonly tabs = h('div', { class: 'sheet-tabs', attrs: { role: 'tablist', 'aria-label': 'Sheets' } });
  private readonly failure = h('div', { class: 'failure', attrs: { role: 'alert' } });
  private readonly grid: GridView;
  private sheets: SheetTab[] = [];
  private active = -1;
  private layout: GridLayout | undefined;
  private readonly requested = new Set<number>();
  private rendered = false;

  constructor(private readonly root: HTMLElement) {
    this.grid = new GridView('Sheet', { need: (a, b) => this.need(a, b), select: (p) => this.showSelection(p) });
    this.failure.hidden = true;
    this.note.hidden = true;
    window.addEventListener('message', (e: MessageEvent<SheetToWebview>) => this.receive(e.data));
    this.api.postMessage({ type: 'ready' });
  }

  private receive(msg: SheetToWebview): void {
    switch (msg.type) {
      case 'workbook':
        this.sheets = msg.sheets;
        this.build(msg.fileName);
        if (msg.note) {
          this.note.textContent = msg.note;
          this.note.hidden = false;
        }
        this.openSheet(this.sheetFromState() ?? msg.active);
        return;
      case 'sheet':
        if (msg.sheet !== this.active) return;
        this.failure.hidden = true;
        this.grid.scroller.hidden = false;
        this.applyLayout(msg.layout, true);
        this.grid.addRows(msg.rows);
        this.grid.select({ r: 1, c: 1 }, false);
        this.root.setAttribute('aria-busy', 'false');
        requestAnimationFrame(() => {
          if (this.rendered) return;
          this.rendered = true;
          this.api.postMessage({ type: 'rendered', sheet: msg.sheet, ms: performance.now(), cells: this.grid.drawnCells });
        });
        return;
      case 'progress':
        if (msg.sheet === this.active) this.applyLayout(msg.layout, false);
        return;
      case 'rows':
        if (msg.sheet !== this.active) return;
        this.grid.addRows(msg.rows);
        this.showSelection(this.grid.selection);
        return;
      case 'failed':
        if (msg.sheet !== undefined && msg.sheet !== this.active) return;
        if (msg.sheet === undefined) this.root.replaceChildren(this.failure);
        this.grid.scroller.hidden = msg.sheet !== undefined;
        this.failure.replaceChildren(icon('error'), h('span', { text: msg.message }));
        this.failure.hidden = false;
        this.root.setAttribute('aria-busy', 'false');
        return;
    }
  }

  private build(fileName: string): void {
    const bar = h('div', { class: 'formula-bar', attrs: { role: 'group', 'aria-label': 'Formula bar' } }, this.nameBox, h('span', { class: 'fx', text: 'fx', attrs: { 'aria-hidden': 'true' } }), this.contents);
    const gridHost = h('div', { class: 'grid-host' }, this.grid.scroller, this.failure);
    this.grid.scroller.setAttribute('aria-label', fileName);
    this.root.replaceChildren(bar, this.note, gridHost, h('div', { class: 'footer' }, this.tabs, this.status));
    this.tabs.replaceChildren(
      ...this.sheets.map((s, i) => {
        const tab = h('button', { class: `sheet-tab${s.hidden ? ' hidden-sheet' : ''}`, text: s.name, attrs: { role: 'tab', type: 'button', 'aria-selected': 'false' } });
        if (s.hidden) tab.title = `${s.name} (hidden in the workbook)`;
        if (s.kind !== 'worksheet') tab.title = `${s.name} (chart sheet)`;
        tab.addEventListener('click', () => this.openSheet(i));
        return tab;
      }),
    );
  }

  private openSheet(index: number): void {
    if (index < 0 || index >= this.sheets.length) index = 0;
    this.active = index;
    this.layout = undefined;
    this.requested.clear();
    this.grid.reset();
    [...this.tabs.children].forEach((t, i) => t.setAttribute('aria-selected', String(i === index)));
    this.api.setState({ sheet: this.sheets[index]?.name });
    this.status.textContent = 'Reading…';
    this.api.postMessage({ type: 'openSheet', sheet: index });
  }

  private sheetFromState(): number | undefined {
    const name = (this.api.getState() as { sheet?: string } | undefined)?.sheet;
    const i = this.sheets.findIndex((s) => s.name === name);
    return i >= 0 ? i : undefined;
  }

  private applyLayout(layout: GridLayout, first: boolean): void {
    const prev = this.layout;
    this.layout = layout;
    if (first || !prev || prev.lastRow !== layout.lastRow || prev.lastCol !== layout.lastCol || prev.merges.length !== layout.merges.length) {
      this.grid.setGeometry(new GridGeometry(layout));
    }
    const rows = `${layout.lastRow.toLocaleString('en-US')} rows × ${layout.lastCol.toLocaleString('en-US')} columns`;
    const frozen = layout.frozenRows || layout.frozenCols ? ` · frozen at ${columnName(layout.frozenCols + 1)}${layout.frozenRows + 1}` : '';
    const reading = layout.complete ? '' : ` · reading… ${layout.scannedRows.toLocaleString('en-US')} rows so far`;
    this.status.textContent = `${rows}${frozen}${reading}`;
    this.grid.select(this.grid.selection, false);
  }

  /** Rows first..last are about to be drawn: ask for the pages not yet asked for. */
  private need(first: number, last: number): void {
    if (this.active < 0 || !this.layout) return;
    const p0 = Math.floor((first - 1) / PAGE);
    const p1 = Math.floor((last - 1) / PAGE);
    for (let p = p0; p <= p1; p++) {
      if (this.requested.has(p)) continue;
      this.requested.add(p);
      this.api.postMessage({ type: 'rows', sheet: this.active, from: p * PAGE + 1, to: (p + 1) * PAGE });
    }
    // Keep the cache bounded: forget pages far from the view (frozen rows are page 0 and always near).
    const keepFrom = Math.max(0, p0 - KEEP_PAGES / 2) * PAGE + 1;
    const keepTo = (p1 + KEEP_PAGES / 2 + 1) * PAGE;
    if (this.requested.size > KEEP_PAGES) {
      for (const p of [...this.requested]) if (p !== 0 && (p * PAGE + 1 < keepFrom || p * PAGE + 1 > keepTo)) this.requested.delete(p);
      this.grid.dropRowsOutside(keepFrom, keepTo, Math.max(this.layout.frozenRows, PAGE));
    }
  }

  private showSelection(pos: CellPos): void {
    const cell = this.grid.cell(pos);
    this.nameBox.textContent = `${columnName(pos.c)}${pos.r}`;
    this.contents.textContent = cell ? cell[3] ?? cell[1] : '';
    this.contents.classList.toggle('is-formula', !!cell?.[3]);
  }
}

const root = document.getElementById('app');
if (root) new SheetApp(root);
