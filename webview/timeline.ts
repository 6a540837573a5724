// The live steps timeline. Keyed by step id and redrawn per step only when the
// step object changed (the reducer is immutable), so streaming text touches one
// element per flush. Long tasks draw only the newest WINDOW steps; older ones
// sit behind a "Show earlier steps" button, so 2,000 steps stay smooth.

import { visibleSteps, type SidebarTaskState, type Step } from '../src/shared/sidebarState';
import { h } from './dom';
import { renderStep, type StepActions } from './stepViews';

export const WINDOW = 150;

interface Drawn {
  step: Step;
  open: boolean;
  el: HTMLElement;
}

export class Timeline {
  readonly root: HTMLOListElement;
  private readonly more: HTMLLIElement;
  private readonly moreButton: HTMLButtonElement;
  private drawn = new Map<string, Drawn>();
  private windowSize = WINDOW;
  private taskId: string | null = null;
  private last: SidebarTaskState | undefined;
  /** Steps that were waiting for the person at the last render. */
  private shownOpen = new Set<string>();

  constructor(private readonly actions: StepActions) {
    this.root = h('ol', { class: 'timeline', attrs: { role: 'log', 'aria-label': 'Task steps', 'aria-live': 'polite' } });
    this.moreButton = h('button', {
      class: 'more',
      attrs: { type: 'button' },
      on: {
        click: () => {
          this.windowSize += WINDOW;
          if (this.last) this.render(this.last, false);
        },
      },
    });
    this.more = h('li', { class: 'step step-more' }, this.moreButton);
  }

  render(state: SidebarTaskState, follow = true): void {
    if (state.taskId !== this.taskId) {
      this.taskId = state.taskId;
      this.windowSize = WINDOW;
      this.drawn.clear();
      this.shownOpen.clear();
      this.root.replaceChildren();
    }
    this.last = state;
    const atBottom = this.isNearBottom();
    const { hidden, steps } = visibleSteps(state, this.windowSize);
    const wanted: HTMLElement[] = [];
    if (hidden > 0) {
      this.moreButton.textContent = `Show ${Math.min(hidden, WINDOW)} earlier steps (${hidden} hidden)`;
      wanted.push(this.more);
    }
    const keep = new Set<string>();
    for (const step of steps) {
      const open = step.id === state.openPlan || step.id === state.openApproval || step.id === state.openQuestion || step.id === state.openForm;
      let d = this.drawn.get(step.id);
      if (!d || d.step !== step || d.open !== open) {
        const el = renderStep(step, { open }, this.actions);
        if (d) d.el.replaceWith(el);
        d = { step, open, el };
        this.drawn.set(step.id, d);
      }
      keep.add(step.id);
      wanted.push(d.el);
    }
    for (const [id, d] of this.drawn) {
      if (!keep.has(id)) {
        d.el.remove();
        this.drawn.delete(id);
      }
    }
    this.reconcile(wanted);
    if (follow && atBottom) this.scrollToEnd();
    this.revealNewlyOpen(state);
  }

  /**
   * A plan, question, form or approval that just started waiting for the person is
   * brought into view even when they had scrolled up: the task cannot go on
   * without them.
   */
  private revealNewlyOpen(state: SidebarTaskState): void {
    const open = new Set([state.openPlan, state.openApproval, state.openQuestion, state.openForm].filter((id): id is string => !!id));
    for (const id of open) {
      if (!this.shownOpen.has(id)) this.drawn.get(id)?.el.scrollIntoView({ block: 'nearest' });
    }
    this.shownOpen = open;
  }

  /** Puts `wanted` in order with the fewest moves (steps are mostly appended). */
  private reconcile(wanted: HTMLElement[]): void {
    let cursor = this.root.firstElementChild;
    for (const el of wanted) {
      if (cursor === el) {
        cursor = cursor.nextElementSibling;
        continue;
      }
      this.root.insertBefore(el, cursor);
    }
    while (cursor) {
      const next = cursor.nextElementSibling;
      cursor.remove();
      cursor = next;
    }
  }

  private scroller(): HTMLElement {
    return document.scrollingElement as HTMLElement;
  }

  private isNearBottom(): boolean {
    const s = this.scroller();
    return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }

  private scrollToEnd(): void {
    const s = this.scroller();
    s.scrollTop = s.scrollHeight;
  }

  get drawnCount(): number {
    return this.drawn.size;
  }
}
