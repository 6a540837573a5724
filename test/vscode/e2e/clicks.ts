// Clicks that are known to have arrived. Playwright's click is a press and a release
// sent one after the other; when the page redraws the target in between (a VS Code
// tree refreshing its rows rebuilds their hover buttons, a webview redraws a step, a
// list re-sorts), the release lands on a new element, no click event reaches the old
// one and nothing happens, while Playwright reports success. On a loaded machine the
// gap between press and release is long enough for that to happen now and then.
//
// clickDelivered marks the element it clicks and watches, in the page, which elements
// each click event passed through (capture phase, shadow roots included). A click
// that did not reach the marked element did not run its handler, so clicking again
// cannot do the action twice; it re-resolves the target first (it may have been
// replaced) and stops early when the caller's `done` says the effect is already there.

import type { ElementHandle, Locator } from 'playwright-core';

export interface ClickOptions {
  /** For messages: what is clicked ("Disable Tool on the get-env row"). */
  what: string;
  timeoutMs?: number;
  /** The click's effect is already visible: no further attempt (checked before each retry). */
  done?: () => Promise<boolean>;
}

const MAX_ATTEMPTS = 5;

/** Clicks `target` (or what it resolves to, afresh on every attempt) until a click event reaches it. */
export async function clickDelivered(target: Locator | (() => Promise<Locator>), opts: ClickOptions): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let why = 'no attempt was made before the deadline';
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
    if (attempt > 1 && opts.done && (await opts.done().catch(() => false))) return;
    const locator = typeof target === 'function' ? await target() : target;
    const handle = await locator.elementHandle({ timeout: left(deadline) });
    try {
      const token = await handle.evaluate(watchClicks);
      try {
        await handle.click({ timeout: Math.min(left(deadline), 20_000) });
      } catch (err) {
        if (!/not attached|detached from the DOM/i.test(String(err))) throw err;
        why = 'it was replaced before the click';
        continue;
      }
      if (await arrived(handle, token)) return;
      why = 'the click event never reached it (redrawn between press and release)';
      console.log(`      click on ${opts.what} was lost: ${why}; attempt ${attempt + 1}`);
    } finally {
      await handle.dispose().catch(() => undefined);
    }
  }
  throw new Error(`could not click ${opts.what}: ${why}`);
}

function left(deadline: number): number {
  return Math.max(1_000, deadline - Date.now());
}

/** Whether a click event passed through the marked element; a page that went away counts as arrived (the click navigated). */
async function arrived(handle: ElementHandle, token: string): Promise<boolean> {
  // The click event is dispatched with the release, before Playwright returns; the
  // short poll covers an out-of-process webview frame reporting a beat later.
  const until = Date.now() + 1_500;
  for (;;) {
    const seen = await handle.evaluate(clickSeen, token).catch(() => true);
    if (seen || Date.now() > until) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The two functions below run in the page (Playwright sends their source), so they
// use nothing from this module. The test build has no DOM types, hence the casts.

interface ClickWatch {
  __coworkClicks?: Set<string>;
  addEventListener(type: string, listener: (e: { composedPath(): unknown[] }) => void, capture: boolean): void;
}

function watchClicks(el: unknown): string {
  const node = el as { ownerDocument: { defaultView: ClickWatch }; __coworkClickToken?: string };
  const win = node.ownerDocument.defaultView;
  if (!win.__coworkClicks) {
    const seen = new Set<string>();
    win.__coworkClicks = seen;
    win.addEventListener(
      'click',
      (e) => {
        for (const n of e.composedPath()) {
          const t = (n as { __coworkClickToken?: string }).__coworkClickToken;
          if (t) seen.add(t);
        }
      },
      true,
    );
  }
  const token = `${Date.now()}-${Math.random()}`;
  node.__coworkClickToken = token;
  return token;
}

function clickSeen(el: unknown, token: string): boolean {
  const node = el as { ownerDocument: { defaultView: ClickWatch } };
  return node.ownerDocument.defaultView.__coworkClicks?.has(token) === true;
}
