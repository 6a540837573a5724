// Drives the spreadsheet preview in code-server the way a person does: opens a file
// with Quick Open (or finds the preview a chip opened), reads cells by their address
// as drawn on the grid, clicks cells and sheet tabs, and reads the formula bar.

import type { Frame, Page } from 'playwright-core';
import { clickDelivered } from './clicks';
import { quickOpen, waitForText, type Workbench } from './workbench';

export const SHEET_GRID = '.sheet-preview [role=grid]';
const FAILURE = '.sheet-preview .failure[role=alert]';

export class SheetPreview {
  private constructor(
    readonly page: Page,
    readonly frame: Frame,
  ) {}

  static async open(workbench: Workbench, name: string): Promise<SheetPreview> {
    await quickOpen(workbench.page, name);
    return SheetPreview.attach(workbench, name);
  }

  /** The preview whose grid is labelled with `name` (the file name). */
  static async attach(workbench: Workbench, name: string): Promise<SheetPreview> {
    const frame = await workbench.webviewFrame(`${SHEET_GRID}[aria-label="${name}"]`, 60_000);
    const preview = new SheetPreview(workbench.page, frame);
    await preview.waitUntilRead();
    return preview;
  }

  static async failure(workbench: Workbench, name: string): Promise<string> {
    await quickOpen(workbench.page, name);
    const frame = await workbench.webviewFrame(FAILURE, 60_000);
    return frame.locator(FAILURE).innerText();
  }

  /** Waits until the status line no longer says it is reading. */
  async waitUntilRead(timeoutMs = 60_000): Promise<void> {
    await waitForText(async () => ((await this.status()).match(/rows × .* columns/) && !/reading/i.test(await this.status()) ? 'read' : await this.status()), 'read', timeoutMs, 200);
  }

  status(): Promise<string> {
    return this.frame.locator('.status').innerText().catch(() => '');
  }

  /** The text the grid shows for `ref` ("B7"); waits for the cell to be drawn (its page to arrive). */
  async cellText(ref: string, timeoutMs = 20_000): Promise<string> {
    const cell = this.frame.locator(`.cell[data-ref="${ref}"]`).first();
    await cell.waitFor({ state: 'attached', timeout: timeoutMs });
    return (await cell.innerText()).trim();
  }

  /** Waits until `ref` shows `text` (a page of rows may still be on its way). */
  async waitForCell(ref: string, text: string, timeoutMs = 20_000): Promise<void> {
    await waitForText(() => this.cellText(ref, timeoutMs).catch(() => ''), text, timeoutMs, 150);
  }

  /** Clicks a cell and waits until the formula bar names it (the selection moved there). */
  async click(ref: string): Promise<void> {
    const nameBox = this.frame.locator('.name-box');
    const selected = async (): Promise<boolean> => (await nameBox.innerText()).trim() === ref;
    await clickDelivered(this.frame.locator(`.cell[data-ref="${ref}"]`).first(), { what: `cell ${ref}`, done: selected });
    await waitForText(async () => `[${(await nameBox.innerText()).trim()}]`, `[${ref}]`, 10_000, 100);
  }

  /** What the formula bar shows: [address, contents]. */
  async formulaBar(): Promise<[string, string]> {
    return [await this.frame.locator('.name-box').innerText(), await this.frame.locator('.contents').innerText()];
  }

  async tabs(): Promise<string[]> {
    return this.frame.getByRole('tab').allInnerTexts();
  }

  async selectSheet(name: string): Promise<void> {
    const tab = this.frame.getByRole('tab', { name, exact: true });
    await clickDelivered(tab, { what: `the sheet tab ${name}`, done: async () => (await tab.getAttribute('aria-selected')) === 'true' });
    await waitForText(async () => (await this.frame.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')) ?? '', 'true', 10_000, 100);
    await this.waitUntilRead();
  }

  /** Keyboard on the grid (it must have focus: click a cell first). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Row numbers drawn in the row header, top to bottom. */
  async rowNumbers(): Promise<number[]> {
    const texts = await this.frame.locator('.row-head').allInnerTexts();
    return texts.map(Number);
  }

  /**
   * Sizes of the drawn cells `refs`, measured together in one go in the page: the grid
   * redraws its cells (new elements) as rows arrive and the editor settles, and a
   * measurement between two reads would catch one of them detached.
   */
  async cellSizes(refs: string[], timeoutMs = 20_000): Promise<Record<string, { width: number; height: number }>> {
    type Doc = { querySelector(s: string): { getBoundingClientRect(): { width: number; height: number } } | null };
    const measure = (wanted: string[]) =>
      this.frame.evaluate((list) => {
        const doc = (globalThis as unknown as { document: Doc }).document;
        const out: Record<string, { width: number; height: number }> = {};
        for (const ref of list) {
          const r = doc.querySelector(`.cell[data-ref="${ref}"]`)?.getBoundingClientRect();
          if (!r || r.width === 0) return undefined;
          out[ref] = { width: r.width, height: r.height };
        }
        return out;
      }, wanted);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sizes = await measure(refs).catch(() => undefined);
      if (sizes) return sizes;
      if (Date.now() > deadline) throw new Error(`cells ${refs.join(', ')} were not all drawn within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Is the cell drawn in the frozen band (it stays while the rest scrolls)? */
  async isFrozen(ref: string): Promise<boolean> {
    return (await this.frame.locator(`.layer.frozen .cell[data-ref="${ref}"]`).count()) > 0;
  }
}
