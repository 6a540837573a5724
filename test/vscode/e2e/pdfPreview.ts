// Drives the PDF preview in code-server the way a person does: opens a file through
// Quick Open, finds the preview's webview by its toolbar (or its alert), and reads what
// the page shows: the page box, the zoom, the field boxes and their hover names.

import type { Frame, Locator, Page } from 'playwright-core';
import { clickDelivered } from './clicks';
import { quickOpen, waitForText, type Workbench } from './workbench';

export const PDF_TOOLBAR = '[role=toolbar][aria-label="PDF"]';
export const PDF_ALERT = '.failure[role=alert]';

export class PdfPreview {
  private constructor(
    readonly page: Page,
    readonly frame: Frame,
  ) {}

  static async open(workbench: Workbench, name: string, marker = PDF_TOOLBAR): Promise<PdfPreview> {
    await quickOpen(workbench.page, name);
    return PdfPreview.attach(workbench, marker);
  }

  /** The newest preview webview showing `marker` whose status names `expectStatus` (when given). */
  static async attach(workbench: Workbench, marker = PDF_TOOLBAR): Promise<PdfPreview> {
    const frame = await workbench.webviewFrame(`.pdf-preview ${marker}`, 60_000);
    const preview = new PdfPreview(workbench.page, frame);
    if (marker === PDF_TOOLBAR) await preview.waitUntilDrawn();
    return preview;
  }

  async waitUntilDrawn(timeoutMs = 60_000): Promise<void> {
    await waitForText(async () => `${await this.frame.locator('#app').getAttribute('aria-busy')} ${await this.frame.locator('.page.drawn').count() > 0}`, 'false true', timeoutMs, 150);
  }

  button(name: string | RegExp): Locator {
    return this.frame.getByRole('button', { name, exact: typeof name === 'string' });
  }

  /** Clicks a toolbar button; a click a redraw swallowed is sent again (clicks.ts). */
  async click(name: string | RegExp): Promise<void> {
    await clickDelivered(this.button(name), { what: `"${String(name)}" in the PDF preview` });
  }

  async status(): Promise<string> {
    return this.frame.locator('.toolbar [role=status]').innerText();
  }

  async pageNumber(): Promise<string> {
    return this.frame.getByLabel('Page number').inputValue();
  }

  async waitForPage(n: number): Promise<void> {
    await waitForText(() => this.pageNumber(), String(n), 30_000, 100);
  }

  /** Accessible names of every field box drawn so far ("Field Name_Last (text)"). */
  async fieldLabels(): Promise<string[]> {
    return this.frame.locator('.field').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** Hovers the box of field `name` and returns the tooltip's text. */
  async hoverField(name: string): Promise<string> {
    const box = this.frame.locator(`.field[data-field="${name.replace(/"/g, '\\"')}"]`).first();
    await box.scrollIntoViewIfNeeded();
    await box.hover();
    const tip = this.frame.locator('.field-tooltip');
    await tip.waitFor({ state: 'visible', timeout: 5_000 });
    return tip.innerText();
  }

  /** Width in CSS pixels of page `n`'s frame. */
  async pageWidth(n: number): Promise<number> {
    return this.frame.locator(`.page[data-page="${n}"]`).evaluate((el) => el.getBoundingClientRect().width);
  }

  async alertText(): Promise<string> {
    return this.frame.locator(PDF_ALERT).innerText();
  }
}
