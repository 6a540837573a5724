// The Cowork "Task" webview view, driven through the accessible names the views
// promise (aria-labels and button names). The frame is looked up again on every call
// because VS Code recreates it when the view is hidden, moved or the window reloads.

import type { Frame, Locator } from 'playwright-core';
import { clickDelivered } from './clicks';
import { waitForText, type Workbench } from './workbench';

/** Any of these marks the Cowork sidebar webview (composer or task view). */
const SIDEBAR_MARKER = '[aria-label="Task prompt"], [role="log"][aria-label="Task steps"]';

export class Sidebar {
  constructor(private readonly workbench: Workbench) {}

  async frame(timeoutMs = 30_000): Promise<Frame> {
    return this.workbench.webviewFrame(SIDEBAR_MARKER, timeoutMs);
  }

  /** The composer's editable textarea (inside the toolkit element's shadow root). */
  async composer(): Promise<Locator> {
    return this.textBox('Task prompt');
  }

  /**
   * An editable box by its aria-label. The toolkit's <vscode-text-area> carries the label
   * on the host and keeps the real <textarea> in an open shadow root, which CSS pierces.
   */
  async textBox(label: string): Promise<Locator> {
    const frame = await this.frame();
    const l = `[aria-label="${label}"]`;
    const box = frame.locator(`textarea${l}, input${l}, ${l} textarea, ${l} input`).first();
    await box.waitFor({ state: 'visible' });
    return box;
  }

  /** Types a prompt into the composer and presses "Start task". */
  async startTask(prompt: string): Promise<void> {
    const box = await this.composer();
    await box.fill(prompt);
    await this.click('Start task');
  }

  /** A button by its accessible name (aria-label or text), waiting until it is enabled. */
  async button(name: string, timeoutMs = 30_000): Promise<Locator> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const frame = await this.frame(timeoutMs);
      const button = frame.getByRole('button', { name, exact: true }).first();
      if ((await button.count()) > 0 && (await button.isVisible()) && (await button.isEnabled())) return button;
      await frame.waitForTimeout(250);
    }
    throw new Error(`no enabled button "${name}" in the Cowork sidebar; it shows:\n${(await this.text()).slice(0, 1500)}`);
  }

  /**
   * Clicks a button by its accessible name; a click the webview's redraw swallowed is
   * sent again (clicks.ts), to the button as it is then.
   */
  async click(name: string, timeoutMs = 30_000): Promise<void> {
    await clickDelivered(() => this.button(name, timeoutMs), { what: `"${name}" in the Cowork sidebar`, timeoutMs });
  }

  /**
   * Fills a text box by its aria-label ("Answer", "Redirect the task"), then clicks the
   * button named `send`, or presses Ctrl+Enter when none is given.
   */
  async submit(label: string, text: string, send?: string): Promise<void> {
    const box = await this.textBox(label);
    await box.fill(text);
    if (send) await this.click(send);
    else await box.press('Control+Enter');
  }

  /** Whole text of the sidebar document. */
  async text(): Promise<string> {
    const frame = await this.frame().catch(() => undefined);
    return frame ? frame.locator('body').innerText() : '';
  }

  /** Text of the timeline (role=log "Task steps"); '' while there is none. */
  async timelineText(): Promise<string> {
    const log = (await this.frame()).locator('[role="log"][aria-label="Task steps"]').first();
    return (await log.count()) > 0 ? log.innerText() : '';
  }

  /** Waits for the timeline to contain `text`; on timeout the error shows the whole sidebar. */
  async waitForTimeline(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const read = async (): Promise<string> => (await this.timelineText()) || `[no "Task steps" timeline; the sidebar shows:]\n${await this.text()}`;
    return waitForText(read, text, timeoutMs);
  }

  async waitForText(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    return waitForText(() => this.text(), text, timeoutMs);
  }

  /** Whether the box with this aria-label lies inside the webview's viewport (not scrolled away). */
  async inViewport(label: string): Promise<boolean> {
    const box = await this.textBox(label);
    return box.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < (el.ownerDocument.defaultView?.innerHeight ?? 0);
    });
  }

  /** Whether the composer textarea has keyboard focus inside its frame. */
  async composerFocused(): Promise<boolean> {
    const frame = await this.frame();
    return (await frame.locator('[aria-label="Task prompt"]:focus, [aria-label="Task prompt"] textarea:focus').count()) > 0;
  }
}
