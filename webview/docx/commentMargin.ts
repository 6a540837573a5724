// Comments in a margin beside the page, each card level with the text it covers
// (pushed down when cards would overlap), replies indented under it, resolved ones
// dimmed. Cards whose anchor is not drawn yet wait hidden until it is.

import { authorSlot, type ReviewComment } from '../../src/shared/docxReviewModel';
import { h } from '../dom';

const GAP_PX = 6;

export class CommentMargin {
  readonly root: HTMLElement;
  private cards: Array<{ comment: ReviewComment; el: HTMLElement }> = [];
  private layoutQueued = false;

  constructor(private readonly page: HTMLElement) {
    this.root = h('aside', { class: 'comment-margin', attrs: { 'aria-label': 'Comments' } });
    // Text reflows after the first layout (fonts arrive, the window or a card resizes): follow it.
    new ResizeObserver(() => this.queueLayout()).observe(page);
    void document.fonts?.ready.then(() => this.queueLayout());
  }

  setComments(comments: ReviewComment[], authors: string[]): void {
    this.cards = comments.map((c) => ({ comment: c, el: this.card(c, authors) }));
    this.root.replaceChildren(...this.cards.map((c) => c.el));
    this.root.hidden = comments.length === 0;
    this.queueLayout();
  }

  /** Lines the cards up with their anchors (after drawing more of the page, or a resize). */
  queueLayout(): void {
    if (this.layoutQueued) return;
    this.layoutQueued = true;
    requestAnimationFrame(() => {
      this.layoutQueued = false;
      this.layout();
    });
  }

  private layout(): void {
    const base = this.root.getBoundingClientRect().top;
    let bottom = 0;
    for (const { comment, el } of this.cards) {
      const anchor = this.anchorOf(comment);
      if (!anchor) {
        el.hidden = true;
        continue;
      }
      el.hidden = false;
      const want = anchor.getBoundingClientRect().top - base;
      const top = Math.max(want, bottom);
      el.style.top = `${Math.round(top)}px`;
      bottom = top + el.offsetHeight + GAP_PX;
    }
    this.root.style.minHeight = `${Math.round(bottom)}px`;
  }

  private anchorOf(c: ReviewComment): HTMLElement | null {
    const covered = this.page.querySelector<HTMLElement>(`[data-comments~="${CSS.escape(c.id)}"]`);
    if (covered) return covered;
    return c.block >= 0 ? (this.page.querySelector<HTMLElement>(`:scope > [data-block="${c.block}"]`) ?? null) : null;
  }

  private card(c: ReviewComment, authors: string[]): HTMLElement {
    const entry = (author: string, date: string | undefined, text: string, cls: string): HTMLElement =>
      h(
        'div',
        { class: cls },
        h('div', { class: 'comment-head' }, h('span', { class: `swatch author-${authorSlot(authors, author)}`, attrs: { 'aria-hidden': 'true' } }), h('strong', { text: author }), date ? h('span', { class: 'comment-date', text: shortDate(date) }) : null),
        h('div', { class: 'comment-text', text }),
      );
    const card = h(
      'article',
      { class: `comment-card${c.resolved ? ' resolved' : ''}`, attrs: { 'aria-label': `Comment by ${c.author}${c.resolved ? ' (resolved)' : ''}`, 'data-comment': c.id } },
      c.quote ? h('div', { class: 'comment-quote', text: `“${c.quote}”` }) : null,
      entry(c.author, c.date, c.text, 'comment-entry'),
      ...c.replies.map((r) => entry(r.author, r.date, r.text, 'comment-entry reply')),
      c.resolved ? h('div', { class: 'comment-resolved', text: 'Resolved' }) : null,
    );
    card.addEventListener('mouseenter', () => this.highlight(c.id, true));
    card.addEventListener('mouseleave', () => this.highlight(c.id, false));
    return card;
  }

  private highlight(id: string, on: boolean): void {
    for (const el of this.page.querySelectorAll(`[data-comments~="${CSS.escape(id)}"]`)) el.classList.toggle('comment-hot', on);
  }
}

function shortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}
