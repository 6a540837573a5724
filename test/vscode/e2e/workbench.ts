// Playwright helpers that drive the VS Code workbench in the browser the way a person
// would: the command center, the activity bar, tree views, webview views and panels.

import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { clickDelivered } from './clicks';
import { screenshotsDir } from './paths';

export const EXTENSION_ID = 'cowork-dev.cowork';

export class Workbench {
  constructor(readonly page: Page) {}

  /**
   * Waits for the workbench to finish restoring: the command center is up, the remote
   * extension host has registered our contributions (the Cowork activity bar entry) and
   * the status bar no longer says "Activating Extensions...".
   */
  async waitUntilReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.command-center').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.activitybar .action-item a[aria-label^="Cowork"]').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page
      .locator('.part.statusbar', { hasText: 'Activating Extensions' })
      .waitFor({ state: 'detached', timeout: timeoutMs })
      .catch(() => undefined); // an extension stuck activating is not ours to fail on
  }

  /** Runs a command by its palette title through the command center ("Cowork: New Task"). */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const row = await this.findCommand(title, timeoutMs);
    if (!row) throw new Error(`command "${title}" is not in the command palette`);
    await clickDelivered(row, { what: `"${title}" in the command palette`, timeoutMs, done: async () => !(await widget.isVisible()) });
    await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Runs a command that goes on asking through the quick input (see answerQuickInput); does not wait for it to close. */
  async startCommand(title: string, timeoutMs = 30_000): Promise<void> {
    const row = await this.findCommand(title, timeoutMs);
    if (!row) throw new Error(`command "${title}" is not in the command palette`);
    // Picked when the palette's query is gone (the command's own input replaced it, or closed).
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const picked = async (): Promise<boolean> => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>');
    await clickDelivered(row, { what: `"${title}" in the command palette`, timeoutMs, done: picked });
  }

  /**
   * Waits until the quick input asks `prompt` (in its title, placeholder or message), types
   * `value` and presses Enter. For a pick (`pick: true`) it first waits for a row showing
   * `value`, so Enter takes that row.
   */
  async answerQuickInput(prompt: string, value: string, opts: { pick?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const asked = async (): Promise<string> => ((await widget.isVisible()) ? `${await widget.innerText()} ${(await input.getAttribute('placeholder')) ?? ''} ${(await input.getAttribute('aria-label')) ?? ''}` : '');
    await waitForText(asked, prompt, timeoutMs);
    await input.fill(value);
    if (opts.pick) await widget.locator('.monaco-list-row').filter({ hasText: value }).first().waitFor({ state: 'visible', timeout: timeoutMs });
    await input.press('Enter');
  }

  /**
   * Right-clicks a row of a tree view and chooses `action` from its context menu. With
   * `done` (the action's effect, e.g. a setting written), it returns once that holds, so
   * the next step does not race the refreshes this one causes.
   */
  async treeContextAction(viewTitle: string, rowText: string, action: string, opts: EffectOptions = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item').filter({ hasText: exact(action) }).first();
    // A right-click on a row that is being redrawn can open no menu: right-click again.
    for (let attempt = 1; ; attempt++) {
      const row = await this.treeRow(viewTitle, rowText, timeoutMs);
      await row.click({ button: 'right' });
      if (await item.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
      if (attempt === 4) throw new Error(`the context menu of the "${viewTitle}" row "${rowText}" never offered "${action}"`);
      await this.page.keyboard.press('Escape');
    }
    await item.hover();
    // Menu items act on the release. One that lands while the menu still animates in is
    // lost and the menu stays open: click again.
    await item.click();
    const closed = () => menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
    if (!(await closed())) {
      await item.click();
      await menu.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
    if (opts.done) await this.untilDone(opts.done, timeoutMs, `"${action}" on the "${viewTitle}" row "${rowText}"`);
  }

  /**
   * Clicks an inline action (the icons shown on hover) of a tree row. The view redraws
   * its rows, and their buttons with them, whenever the extension refreshes it: a click
   * that a redraw swallowed is sent again (clicks.ts). With `done` it returns once the
   * action's effect holds.
   */
  async treeInlineAction(viewTitle: string, rowText: string, action: string, opts: EffectOptions = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const button = async (): Promise<Locator> => {
      const row = await this.treeRow(viewTitle, rowText, timeoutMs);
      await row.hover();
      const b = row.locator(`.actions .action-label[aria-label="${action}"]`).first();
      await b.waitFor({ state: 'visible', timeout: timeoutMs });
      return b;
    };
    const what = `"${action}" on the "${viewTitle}" row "${rowText}"`;
    await clickDelivered(button, { what, timeoutMs, done: opts.done });
    if (opts.done) await this.untilDone(opts.done, timeoutMs, what);
  }

  /** Expands (or collapses) a tree row by its twistie; returns when the tree says it is. */
  async expandTreeRow(viewTitle: string, rowText: string, expanded = true, timeoutMs = 30_000): Promise<void> {
    const want = String(expanded);
    const state = async (): Promise<string | null> => (await this.treeRow(viewTitle, rowText, timeoutMs)).getAttribute('aria-expanded');
    const deadline = Date.now() + timeoutMs;
    while ((await state()) !== want) {
      if ((await state()) === null) throw new Error(`the "${viewTitle}" row "${rowText}" cannot expand`);
      if (Date.now() > deadline) throw new Error(`the "${viewTitle}" row "${rowText}" did not become ${expanded ? 'expanded' : 'collapsed'}`);
      const twistie = async (): Promise<Locator> => (await this.treeRow(viewTitle, rowText, timeoutMs)).locator('.monaco-tl-twistie');
      await clickDelivered(twistie, { what: `the twistie of the "${viewTitle}" row "${rowText}"`, timeoutMs, done: async () => (await state()) === want });
      // A delivered click toggles it, once the children have come from the extension host:
      // wait for that rather than click again (which would toggle it back).
      await until(async () => (await state()) === want, Math.max(1_000, deadline - Date.now()));
    }
  }

  private async untilDone(done: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    if (!(await until(done, timeoutMs))) throw new Error(`${what} was clicked, but its effect did not show within ${timeoutMs} ms`);
  }

  /** The first row of a tree view whose label (aria-label or text) contains `text`. */
  async treeRow(viewTitle: string, text: string, timeoutMs = 30_000): Promise<Locator> {
    await this.waitForTreeItem(viewTitle, text, timeoutMs);
    // Matched by what its label contains, each time the locator is used: not by index (the
    // list recycles row elements when it re-renders) and not by the whole label (the rest of
    // a label, a task's "Status: waiting", changes while the test holds the row).
    const rows = this.viewPane(viewTitle).locator('.monaco-list-row');
    return rows.and(this.page.locator(`[aria-label*=${cssString(text)}]`)).or(rows.filter({ hasText: text })).first();
  }

  /** Runs a command that opens a quick pick ("Preferences: Color Theme") and picks `item`. */
  async pickFromCommand(title: string, item: string, timeoutMs = 30_000): Promise<void> {
    const command = await this.findCommand(title, timeoutMs);
    if (!command) throw new Error(`command "${title}" is not in the command palette`);
    // The command reuses the quick input: it has opened its pick when the ">title" query is gone.
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const opened = async (): Promise<boolean> => !(await input.inputValue().catch(() => '>')).startsWith('>');
    await clickDelivered(command, { what: `"${title}" in the command palette`, timeoutMs, done: opened });
    if (!(await until(opened, timeoutMs, 100))) throw new Error(`"${title}" did not open a pick`);
    await input.fill(item);
    // Matches the label or the description (themes show "Light Modern  Default Light Modern").
    const widget = this.page.locator('.quick-input-widget');
    const row = widget.locator('.monaco-list-row').filter({ hasText: item }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await clickDelivered(row, { what: `"${item}" in the pick of "${title}"`, timeoutMs, done: async () => !(await widget.isVisible()) });
    await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Whether a command with this palette title is offered (the palette is closed again). */
  async hasCommand(title: string, timeoutMs = 30_000): Promise<boolean> {
    const row = await this.findCommand(title, timeoutMs);
    await this.page.keyboard.press('Escape');
    return row !== undefined;
  }

  /**
   * Opens the palette through the command center and types `>title` until a row with
   * exactly that label shows. The list does not refresh while open, so commands that
   * register late are found by closing and reopening it.
   */
  private async findCommand(title: string, timeoutMs: number): Promise<Locator | undefined> {
    const deadline = Date.now() + timeoutMs;
    const row = this.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact(title) }) })
      .first();
    do {
      const input = await this.openCommandPalette();
      await input.fill(`>${title}`);
      const shown = await row
        .waitFor({ state: 'visible', timeout: Math.max(500, Math.min(3_000, deadline - Date.now())) })
        .then(() => true)
        .catch(() => false);
      if (shown) return row;
      await this.page.keyboard.press('Escape');
    } while (Date.now() < deadline);
    return undefined;
  }

  private async openCommandPalette(): Promise<Locator> {
    return openQuickInput(this.page);
  }

  /**
   * Shows a view container ("Cowork") in the side bar with its "View: Show …" command.
   * (Clicking the activity bar entry toggles: it hides the side bar when the container is
   * already showing, and while the workbench restores that state is not yet knowable.)
   */
  async openViewContainer(title: string): Promise<void> {
    await this.runCommand(`View: Show ${title}`);
    const sideBarTitle = this.page.locator('.part.sidebar .composite.title h2').first();
    await waitForText(async () => ((await this.page.locator('.part.sidebar').isVisible()) ? (await sideBarTitle.innerText()).toLowerCase() : ''), title.toLowerCase(), 30_000);
  }

  /** The pane (header + body) of a view in the side bar, by its header title ("Tasks"). */
  viewPane(title: string): Locator {
    return this.page
      .locator('.part.sidebar .pane')
      .filter({ has: this.page.locator('.pane-header h3.title', { hasText: exact(title) }) })
      .first();
  }

  /** Labels of the rows of a tree view ("Tasks"), top to bottom. */
  async treeItems(viewTitle: string): Promise<string[]> {
    const rows = this.viewPane(viewTitle).locator('.monaco-list-row');
    const labels: string[] = [];
    for (const row of await rows.all()) {
      const label = (await row.getAttribute('aria-label')) ?? (await row.innerText());
      labels.push(label.trim());
    }
    return labels;
  }

  /** Polls treeItems until one row contains `text`; returns that row's label. */
  async waitForTreeItem(viewTitle: string, text: string, timeoutMs = 30_000): Promise<string> {
    let last: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      last = await this.treeItems(viewTitle).catch(() => []);
      const hit = last.find((l) => l.includes(text));
      if (hit) return hit;
      await this.page.waitForTimeout(300);
    }
    throw new Error(`no "${viewTitle}" tree item contains "${text}"; rows: ${JSON.stringify(last)}`);
  }

  /**
   * The document frame of this extension's webview view. VS Code nests it: an outer
   * iframe (the webview host, its URL names the extension) holding the content frame.
   * `marker` (a selector) picks the right webview when the extension has several.
   */
  async webviewFrame(marker: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (!isWebviewContentFrame(frame)) continue;
        const found = await frame.locator(marker).count().catch(() => 0);
        if (found > 0) return frame;
      }
      await this.page.waitForTimeout(300);
    }
    const urls = this.page.frames().map((f) => f.url());
    throw new Error(`no webview frame of ${EXTENSION_ID} contains ${marker}; frames: ${urls.join(', ')}`);
  }

  /** Text of the whole page, including every frame (for "is this text anywhere" checks). */
  async allText(): Promise<string> {
    const parts: string[] = [];
    for (const frame of this.page.frames()) {
      parts.push(await frame.locator('body').innerText().catch(() => ''));
    }
    return parts.join('\n');
  }

  /**
   * The visible text of the panel's output view (after "…: Show Log"). With `filter`, the
   * view's filter box is set first so only matching lines show (the view is virtualised:
   * lines scrolled out of sight are not in the DOM).
   */
  async outputText(filter?: string, timeoutMs = 15_000): Promise<string> {
    if (filter !== undefined) {
      const box = this.page.locator('.part.panel .viewpane-filter input').first();
      await box.waitFor({ state: 'visible', timeout: timeoutMs });
      await box.fill(filter);
      await this.page.waitForTimeout(300); // the filter applies after a short debounce
    }
    const lines = this.page.locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines').first();
    await lines.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Workbench theme kind from the root element's classes. */
  async themeKind(): Promise<'light' | 'dark' | 'hc'> {
    const cls = (await this.page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
    if (/\bhc-(black|light)\b/.test(cls)) return 'hc';
    return /\bvs-dark\b/.test(cls) ? 'dark' : 'light';
  }

  /** Saves a PNG under test-output/screenshots/ (the whole page or one element). */
  async screenshot(name: string, target?: Locator): Promise<string> {
    mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    // Park the pointer over the empty editor area so no hover tooltip covers the shot.
    const size = this.page.viewportSize();
    if (size) await this.page.mouse.move(size.width * 0.65, size.height * 0.85);
    await this.page.waitForTimeout(300);
    if (target) await target.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  /** The side bar part (for screenshots of the Cowork views). */
  sideBar(): Locator {
    return this.page.locator('.part.sidebar').first();
  }
}

/** Content frames of webviews: children of the webview host iframe for our extension. */
function isWebviewContentFrame(frame: Frame): boolean {
  const parent = frame.parentFrame();
  if (!parent) return false;
  const hostUrl = parent.url();
  return hostUrl.includes('webview') && hostUrl.toLowerCase().includes(`extensionid=${EXTENSION_ID}`);
}

/** Options of the tree actions: the action's effect, and how long to wait for it. */
export interface EffectOptions {
  done?: () => Promise<boolean>;
  timeoutMs?: number;
}

/** Opens the quick input through the command center (closing one that is open); returns its input box. */
export async function openQuickInput(page: Page, timeoutMs = 30_000): Promise<Locator> {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) await page.keyboard.press('Escape');
  const input = widget.locator('.quick-input-box input');
  const center = page.locator('.command-center .search-label, .command-center-center').first();
  await clickDelivered(center, { what: 'the command center', timeoutMs, done: () => input.isVisible() });
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  return input;
}

/** Quick Open through the command center: type the file name, pick the row that shows it. Returns when it was picked (ms). */
export async function quickOpen(page: Page, name: string, timeoutMs = 30_000): Promise<number> {
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + timeoutMs;
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: name }) }).first();
  do {
    const input = await openQuickInput(page);
    await input.fill(name);
    // The file index may not have the file yet (it was written after the window opened).
    if (await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) {
      const picked = Date.now();
      const closed = async (): Promise<boolean> => !(await widget.isVisible());
      await clickDelivered(row, { what: `${name} in Quick Open`, done: closed });
      if (await until(closed, 10_000)) return picked;
    }
  } while (Date.now() < deadline);
  throw new Error(`Quick Open did not find ${name}`);
}

/** Polls `read` until it returns a value containing `text`, or throws with the last value. */
export async function waitForText(
  read: () => Promise<string>,
  text: string | RegExp,
  timeoutMs = 30_000,
  intervalMs = 300,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await read().catch((e: unknown) => `<read failed: ${String(e)}>`);
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${String(text)}; last text:\n${last.slice(0, 2000)}`);
}

/** Polls `check` until it holds; false (not a throw) when `timeoutMs` passes first. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 300): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(check()).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

/** `text` as a quoted CSS string: quotes and backslashes escaped, control characters (a multi-line aria-label) as hex escapes. */
function cssString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/["\\]/g, '\\$&').replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/** A regular expression matching exactly `text` (for hasText filters). */
function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
