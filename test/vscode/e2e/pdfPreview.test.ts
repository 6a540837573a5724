// The PDF preview end to end in a real VS Code (code-server + Playwright): the corpus's
// sample_form.pdf opens in it by default; every AcroForm field that pypdf (a second,
// independent reader) lists is outlined on the page and named on hover; a 19-page
// document pages with the buttons, the page box and the keyboard, and zooms in, out and
// to fit; the file is drawn again when it changes on disk; an encrypted file asks for
// its password and a file that is not a PDF says so. Last, an agent task in the same
// session writes a form (a command in the sandbox), and the task's output chip opens it in the preview.
// Run under `flock "$COWORK_HEAVY_LOCK"` on a shared machine (code-server and Chromium).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Transcript } from '../../model-server';
import { corpusDir } from '../../support/corpus';
import { linesPdf } from '../../support/pdfFixtures';
import { coworkLog } from './docxReview';
import { CoworkSession, DARK_THEME, screenshotIfFailed } from './harness';
import { PDF_ALERT, PdfPreview } from './pdfPreview';
import { Sidebar } from './sidebar';
import { waitForText } from './workbench';

const CORPUS = corpusDir('pdf');

/** Field names as pypdf reads them (the second reader), or undefined without pypdf. */
function pypdfFieldNames(file: string): string[] | undefined {
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', 'import json,sys,pypdf; print(json.dumps(sorted((pypdf.PdfReader(sys.argv[1]).get_fields() or {}).keys())))', file], { encoding: 'utf8' });
    return JSON.parse(out) as string[];
  } catch {
    return undefined;
  }
}

function needsCorpus(ctx: Mocha.Context): void {
  if (CORPUS) return;
  if (process.env.CI === 'true') throw new Error('CI=true, but ../shared/corpus/pdf is missing');
  console.log('      skipped: no ../shared/corpus/pdf');
  ctx.skip();
}

const TASK_PROMPT = 'Make me a one-page application form with an Applicant field.';
const TASK_DONE = 'application.pdf has an Applicant field, filled in for Ada.';

async function formTranscript(): Promise<Transcript> {
  const pdf = Buffer.from(await linesPdf({ pages: [['Application form', '', 'Applicant:']], fields: [{ name: 'Applicant', page: 1, rect: [150, 680, 250, 20], value: 'Ada Lovelace' }] })).toString('base64');
  return {
    name: 'e2e-pdf-form',
    turns: [
      { label: 'write the form', match: { lastUserText: 'application form' }, reply: { content: [{ type: 'tool_use', id: 'toolu_pdf', name: 'run_command', input: { command: `echo ${pdf} | base64 -d > application.pdf` } }] } },
      { label: 'report', match: { toolResultFor: 'toolu_pdf' }, reply: { content: [{ type: 'text', text: TASK_DONE }] } },
    ],
  };
}

describe('pdf preview', function () {
  this.timeout(300_000);
  let session: CoworkSession;

  before(async function () {
    needsCorpus(this);
    this.timeout(240_000);
    // One session for the previews and the task (a code-server start is ~15 s): planFirst
    // off and the form transcript serve the last test; the previews never call the model.
    session = await CoworkSession.start({ name: 'pdf', transcript: await formTranscript(), theme: DARK_THEME, settings: { 'cowork.planFirst': false } });
    for (const f of ['sample_form.pdf', 'us_constitution.pdf', 'encrypted_new.pdf']) writeFileSync(session.workspaceFile(f), readFileSync(path.join(CORPUS!, f)));
    writeFileSync(session.workspaceFile('notes.pdf'), 'These are meeting notes saved with the wrong extension.\n');
    writeFileSync(session.workspaceFile('changing.pdf'), await linesPdf({ pages: [['Application']], fields: [{ name: 'Applicant', page: 1, rect: [72, 600, 248, 24], value: 'Ada Lovelace' }] }));
  });

  afterEach(async function () {
    if (session) await screenshotIfFailed(this, session);
  });

  after(async function () {
    await session?.stop();
  });

  it('opens sample_form.pdf in the preview by default, every field outlined and named on hover', async function () {
    const file = session.workspaceFile('sample_form.pdf');
    const expected = pypdfFieldNames(file);
    if (!expected) {
      if (process.env.CI === 'true') assert.fail('python3-pypdf is required in CI');
      this.skip();
    }
    const preview = await PdfPreview.open(session.workbench, 'sample_form.pdf');
    const tab = session.page.locator('.tabs-container .tab.active');
    assert.match((await tab.getAttribute('aria-label')) ?? '', /sample_form\.pdf/);
    assert.match(await preview.status(), new RegExp(`^1 page · \\d+ form fields$`));
    const labels = await preview.fieldLabels();
    const names = [...new Set(labels.map((l) => l.replace(/^Field /, '').replace(/ \([a-z]+\)$/, '')))].sort();
    assert.deepEqual(names, expected, 'the boxes name exactly the fields pypdf reads');
    assert.ok(labels.includes('Field Name_Last (text)'), labels.join('\n'));
    assert.ok(labels.includes('Field EMPLOYEE SIGNATURE (signature)'), labels.join('\n'));
    assert.ok(labels.some((l) => /^Field PHD \((checkbox|radio)\)$/.test(l)), labels.join('\n'));
    assert.match(await preview.hoverField('Name_First'), /^Name_First text/);
    assert.match(await preview.hoverField('ZIP'), /^ZIP text/);
    // The page itself is drawn: the canvas has pixels that are not white.
    const inked = await preview.frame.locator('.page[data-page="1"] canvas').evaluate((c) => {
      const canvas = c as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
      return dark;
    });
    assert.ok(inked > 1000, `the page has ink (${inked} dark pixels)`);
    await waitForText(async () => coworkLog(session.stateDir), /pdf preview: sample_form\.pdf: 1 pages, \d+ form fields \(/, 30_000);
    const boxesShown = async (): Promise<string> => String(await preview.frame.locator('.field-layer').first().isVisible());
    await preview.click(/^Highlight \d+ form fields$/);
    await waitForText(boxesShown, 'false', 10_000, 100); // the toggle hides the boxes
    await preview.click(/^Highlight \d+ form fields$/);
    await waitForText(boxesShown, 'true', 10_000, 100);
    await session.workbench.screenshot('pdf-preview-form');
  });

  it('pages and zooms a long document with the toolbar and the keyboard', async function () {
    const preview = await PdfPreview.open(session.workbench, 'us_constitution.pdf');
    assert.match(await preview.status(), /^19 pages$/);
    assert.equal(await preview.frame.locator('.page').count(), 19);
    assert.equal(await preview.pageNumber(), '1');
    assert.equal(await preview.button('Previous page').isDisabled(), true);
    await preview.click('Next page');
    await preview.waitForPage(2);
    const box = preview.frame.getByLabel('Page number');
    await box.fill('12');
    await box.press('Enter');
    await preview.waitForPage(12);
    await preview.frame.locator('.page[data-page="12"].drawn').waitFor({ timeout: 15_000 });
    await preview.frame.locator('main.pages').focus();
    await session.page.keyboard.press('PageDown');
    await preview.waitForPage(13);
    await session.page.keyboard.press('Control+End');
    await preview.waitForPage(19);
    assert.equal(await preview.button('Next page').isDisabled(), true);

    const fitWidth = await preview.pageWidth(19);
    await preview.click('Zoom out');
    await waitForText(async () => String((await preview.pageWidth(19)) < fitWidth - 20), 'true', 10_000, 100);
    const select = preview.frame.getByLabel('Zoom', { exact: true });
    await select.selectOption('2');
    await waitForText(async () => String(Math.round(await preview.pageWidth(19))), String(Math.floor(612 * 2)), 10_000, 100);
    await preview.waitForPage(19); // zooming keeps the page in view
    await select.selectOption('fit-page');
    const fitPage = await preview.pageWidth(19);
    assert.ok(fitPage < fitWidth, `fit page (${fitPage}) is narrower than fit width (${fitWidth})`);
    await preview.click('Zoom in');
    await waitForText(async () => String((await preview.pageWidth(19)) > fitPage + 10), 'true', 10_000, 100);
    await session.workbench.screenshot('pdf-preview-pages');
  });

  it('draws the file again when it changes on disk', async function () {
    const preview = await PdfPreview.open(session.workbench, 'changing.pdf');
    assert.match(await preview.hoverField('Applicant'), /= Ada Lovelace/);
    writeFileSync(session.workspaceFile('changing.pdf'), await linesPdf({ pages: [['Application', 'second version']], fields: [{ name: 'Applicant', page: 1, rect: [72, 600, 248, 24], value: 'Grace Hopper' }] }));
    await waitForText(() => preview.hoverField('Applicant'), '= Grace Hopper', 30_000, 500);
  });

  it('asks for the password of an encrypted file and says when a file is not a PDF', async function () {
    const locked = await PdfPreview.open(session.workbench, 'encrypted_new.pdf', PDF_ALERT);
    assert.match(await locked.alertText(), /encrypted_new\.pdf is encrypted\. Enter its password to open it\./);
    await locked.frame.getByLabel('Password').fill('not the password');
    await locked.frame.getByLabel('Password').press('Enter');
    await waitForText(() => locked.alertText(), 'That password does not open encrypted_new.pdf', 30_000, 200);

    const notPdf = await PdfPreview.open(session.workbench, 'notes.pdf', PDF_ALERT);
    assert.match(await notPdf.alertText(), /notes\.pdf is not a PDF that can be read/);
    await waitForText(async () => coworkLog(session.stateDir), /pdf preview: notes\.pdf could not be opened \(invalid\)/, 30_000);
    await session.workbench.screenshot('pdf-preview-error');
  });

  it('opens application.pdf from the chip, its field outlined with its value', async function () {
    // The previews above are closed, so the only PDF preview is the one the chip opens.
    await session.workbench.runCommand('View: Close All Editors');
    const sidebar = new Sidebar(session.workbench);
    await session.workbench.runCommand('Cowork: New Task');
    await sidebar.startTask(TASK_PROMPT);
    await sidebar.waitForText(TASK_DONE, 120_000);
    await sidebar.click('Open application.pdf');
    const preview = await PdfPreview.attach(session.workbench);
    assert.match((await session.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '', /application\.pdf/);
    assert.deepEqual(await preview.fieldLabels(), ['Field Applicant (text)']);
    assert.match(await preview.hoverField('Applicant'), /^Applicant text\s*= Ada Lovelace$/);
    await session.workbench.screenshot('pdf-preview-from-task');
  });
});
