// Keeps the parts of the sidebar that stay pinned while it scrolls (the top bar, the task
// header, the redirect box) from covering what scrolls under them. media/sidebar.css pins
// the header and the redirect box only when the view is tall enough for that; this file
// measures what is pinned whenever it resizes and tells the document two things:
// --topbar-height, so the task header sits right under the top bar whatever its height,
// and scroll-padding, so every scrollIntoView (a plan or question brought into view,
// focus moving with the keyboard, a click on a step) stops clear of the pinned parts
// instead of leaving its target underneath them.

function pinned(el: HTMLElement): boolean {
  return el.isConnected && el.getClientRects().length > 0 && getComputedStyle(el).position === 'sticky';
}

function pinnedHeight(els: HTMLElement[]): number {
  return els.filter(pinned).reduce((sum, el) => sum + el.getBoundingClientRect().height, 0);
}

/**
 * `top` are pinned to the top of the view in stacking order (the top bar first),
 * `bottom` to its bottom. Call once after they are in the document.
 */
export function keepPinnedPartsClear(topbar: HTMLElement, top: HTMLElement[], bottom: HTMLElement[]): void {
  const doc = document.documentElement;
  const update = (): void => {
    doc.style.setProperty('--topbar-height', `${Math.ceil(topbar.getBoundingClientRect().height)}px`);
    doc.style.scrollPaddingTop = `${Math.ceil(pinnedHeight([topbar, ...top]))}px`;
    doc.style.scrollPaddingBottom = `${Math.ceil(pinnedHeight(bottom))}px`;
  };
  // A size change covers text wrapping and parts being shown or hidden; the window's
  // resize covers the media query that pins or unpins them without changing their size.
  const observer = new ResizeObserver(update);
  for (const el of [topbar, ...top, ...bottom]) observer.observe(el);
  window.addEventListener('resize', update);
  update();
}
