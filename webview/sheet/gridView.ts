// The grid: a scroller sized to the whole sheet, and a stage pinned over it (CSS
// sticky) on which only the visible cells are drawn, redrawn on every scroll frame.
// Frozen rows and columns, the column letters and the row numbers are drawn on the
// same stage at fixed places, so they stay put; merged cells are drawn once across
// their span. Cells come from a page cache the app fills by asking the extension.

import type { GridCell, GridMerge, GridRow } from '../../src/shared/sheetPreviewProtocol';
import { h } from '../dom';
import { columnName, GridGeometry, HEADER_H, ROW_H } from './gridGeometry';

export interface CellPos {
  r: number;
  c: number;
}

export interface GridCallbacks {
  /** The rows first..last are about to be drawn: load what is missing. */
  need(first: number, last: number): void;
  select(pos: CellPos): void;
}

export class GridView {
  readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly stage: HTMLElement;
  private geo: GridGeometry | undefined;
  private rows = new Map<number, Map<number, GridCell>>();
  private merges: GridMerge[] = [];
  private covered = new Set<string>();
  private anchors = new Map<string, GridMerge>();
  private selected: CellPos = { r: 1, c: 1 };
  private frame = 0;
  /** Cells drawn in the last frame (reported with the first screen). */
  drawnCells = 0;

  constructor(label: string, private readonly cb: GridCallbacks) {
    this.stage = h('div', { class: 'grid-stage' });
    this.spacer = h('div', { class: 'grid-spacer' });
    this.scroller = h('div', { class: 'grid-scroller', attrs: { role: 'grid', 'aria-label': label, tabindex: '0', 'aria-readonly': 'true' } }, this.stage, this.spacer);
    this.scroller.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.stage.addEventListener('mousedown', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('.cell');
      if (!cell?.dataset.r) return;
      this.scroller.focus();
      this.select({ r: Number(cell.dataset.r), c: Number(cell.dataset.c) }, false);
    });
    this.scroller.addEventListener('keydown', (e) => this.key(e));
  }

  get geometry(): GridGeometry | undefined {
    return this.geo;
  }

  setGeometry(geo: GridGeometry): void {
    this.geo = geo;
    this.merges = geo.layout.merges;
    this.covered.clear();
    this.anchors = new Map(this.merges.map((m) => [`${m.top},${m.left}`, m]));
    for (const m of this.merges) {
      for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) this.covered.add(`${r},${c}`);
    }
    this.spacer.style.width = `${geo.totalWidth}px`;
    this.spacer.style.height = `${geo.totalHeight}px`;
    this.schedule();
  }

  reset(): void {
    this.rows.clear();
    this.selected = { r: 1, c: 1 };
    this.scroller.scrollTo(0, 0);
  }

  addRows(rows: GridRow[]): void {
    for (const row of rows) this.rows.set(row.r, new Map(row.c.map((cell) => [cell[0], cell])));
    this.schedule();
  }

  /** Forgets rows outside first..last (the cache stays bounded on a huge sheet). */
  dropRowsOutside(first: number, last: number, frozenRows: number): void {
    for (const r of this.rows.keys()) if (r > frozenRows && (r < first || r > last)) this.rows.delete(r);
  }

  cell(pos: CellPos): GridCell | undefined {
    return this.rows.get(pos.r)?.get(pos.c);
  }

  get selection(): CellPos {
    return this.selected;
  }

  select(pos: CellPos, scroll = true): void {
    const geo = this.geo;
    if (!geo) return;
    const anchor = this.merges.find((m) => pos.r >= m.top && pos.r <= m.bottom && pos.c >= m.left && pos.c <= m.right);
    this.selected = anchor ? { r: anchor.top, c: anchor.left } : { r: clamp(pos.r, 1, geo.lastRow), c: clamp(pos.c, 1, geo.lastCol) };
    if (scroll) {
      const next = geo.scrollFor(this.selected.r, this.selected.c, { top: this.scroller.scrollTop, left: this.scroller.scrollLeft }, { width: this.scroller.clientWidth, height: this.scroller.clientHeight });
      this.scroller.scrollTo(next.left, next.top);
    }
    this.cb.select(this.selected);
    this.schedule();
  }

  private key(e: KeyboardEvent): void {
    const geo = this.geo;
    if (!geo) return;
    const { r, c } = this.selected;
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - HEADER_H - geo.frozenH) / ROW_H) - 1);
    const ctrl = e.ctrlKey || e.metaKey;
    const moves: Record<string, CellPos> = {
      ArrowDown: { r: ctrl ? geo.lastRow : r + 1, c },
      ArrowUp: { r: ctrl ? 1 : r - 1, c },
      ArrowRight: { r, c: ctrl ? geo.lastCol : c + 1 },
      ArrowLeft: { r, c: ctrl ? 1 : c - 1 },
      PageDown: { r: r + page, c },
      PageUp: { r: r - page, c },
      Home: ctrl ? { r: 1, c: 1 } : { r, c: 1 },
      End: ctrl ? { r: geo.lastRow, c: geo.lastCol } : { r, c: geo.lastCol },
    };
    const to = moves[e.key];
    if (!to) return;
    e.preventDefault();
    this.select(to);
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const geo = this.geo;
    if (!geo) return;
    const width = this.scroller.clientWidth;
    const height = this.scroller.clientHeight;
    this.stage.style.width = `${width}px`;
    this.stage.style.height = `${height}px`;
    this.stage.style.marginBottom = `${-height}px`;
    const top = this.scroller.scrollTop;
    const left = this.scroller.scrollLeft;
    const [r0, r1] = geo.visibleRows(top, height);
    const [c0, c1] = geo.visibleCols(left, width);
    const fr = geo.frozenRows;
    const fc = geo.frozenCols;
    this.cb.need(r0, r1);
    if (fr) this.cb.need(1, fr);
    // Stage coordinates of a row's top and a column's left edge (frozen ones do not scroll).
    const rowY = (r: number) => HEADER_H + (r - 1) * ROW_H - (r > fr ? top : 0);
    const colX = (c: number) => geo.rowHeaderW + geo.colLeft(c) - (c > fc ? left : 0);
    const layers = { body: h('div', { class: 'layer body' }), frozen: h('div', { class: 'layer frozen' }), heads: h('div', { class: 'layer heads' }) };
    const rowsShown = [...range(1, fr), ...range(r0, r1)];
    const colsShown = [...range(1, fc), ...range(c0, c1)];
    let drawn = 0;
    for (const r of rowsShown) {
      for (const c of colsShown) {
        if (this.covered.has(`${r},${c}`)) continue;
        const merge = this.anchors.get(`${r},${c}`);
        const target = r <= fr || c <= fc ? layers.frozen : layers.body;
        target.append(this.cellEl(r, c, colX(c), rowY(r), geo.colWidth(c), ROW_H, merge, geo));
        drawn++;
      }
    }
    // Merged areas whose anchor is scrolled away but whose span is still in view.
    for (const m of this.merges) {
      if (rowsShown.includes(m.top) && colsShown.includes(m.left)) continue;
      const rowsIn = m.bottom >= r0 && m.top <= r1;
      const colsIn = m.right >= c0 && m.left <= c1;
      if (!rowsIn || !colsIn) continue;
      this.cb.need(m.top, m.top);
      layers.body.append(this.cellEl(m.top, m.left, colX(m.left), rowY(m.top), 0, 0, m, geo));
    }
    // Column letters and row numbers.
    layers.heads.append(h('div', { class: 'corner' }));
    sizeEl(layers.heads.lastElementChild as HTMLElement, 0, 0, geo.rowHeaderW, HEADER_H);
    for (const c of colsShown) {
      const el = h('div', { class: `col-head${c === this.selected.c ? ' current' : ''}`, text: columnName(c) });
      sizeEl(el, colX(c), 0, geo.colWidth(c), HEADER_H);
      if (geo.colWidth(c) > 0) layers.heads.append(el);
    }
    for (const r of rowsShown) {
      const el = h('div', { class: `row-head${r === this.selected.r ? ' current' : ''}`, text: String(r), attrs: { role: 'rowheader' } });
      sizeEl(el, 0, rowY(r), geo.rowHeaderW, ROW_H);
      layers.heads.append(el);
    }
    if (fr) layers.heads.append(lineEl('freeze-line h', 0, HEADER_H + geo.frozenH - 1, width, 1));
    if (fc) layers.heads.append(lineEl('freeze-line v', geo.rowHeaderW + geo.frozenW - 1, 0, 1, height));
    this.stage.replaceChildren(layers.body, layers.frozen, layers.heads);
    this.drawnCells = drawn;
  }

  private cellEl(r: number, c: number, x: number, y: number, w: number, hgt: number, merge: GridMerge | undefined, geo: GridGeometry): HTMLElement {
    const cell = this.cell({ r, c });
    const ref = `${columnName(c)}${r}`;
    const sel = this.selected.r === r && this.selected.c === c;
    const el = h('div', { class: `cell k-${cell?.[2] ?? 't'}${sel ? ' selected' : ''}${merge ? ' merged' : ''}`, attrs: { role: 'gridcell', 'data-ref': ref, 'data-r': String(r), 'data-c': String(c) } });
    if (cell) el.append(h('span', { text: cell[1] }));
    if (cell?.[3]) el.title = cell[3];
    if (sel) el.setAttribute('aria-selected', 'true');
    const width = merge ? geo.spanWidth(merge.left, merge.right) : w;
    const height = merge ? (merge.bottom - merge.top + 1) * ROW_H : hgt;
    sizeEl(el, x, y, width, height);
    if (width === 0) el.hidden = true;
    return el;
  }
}

function sizeEl(el: HTMLElement, x: number, y: number, w: number, hgt: number): void {
  el.style.transform = `translate(${x}px, ${y}px)`;
  el.style.width = `${w}px`;
  el.style.height = `${hgt}px`;
}

function lineEl(cls: string, x: number, y: number, w: number, hgt: number): HTMLElement {
  const el = h('div', { class: cls });
  sizeEl(el, x, y, w, hgt);
  return el;
}

function* range(a: number, b: number): Generator<number> {
  for (let i = a; i <= b; i++) yield i;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
