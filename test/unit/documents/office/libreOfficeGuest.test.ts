// The document tools inside the sandbox (namespace driver, the built image):
// LibreOffice (trixie's, 25.2 or later) converts a DOCX to PDF through the engine's helper run by
// the guest's Node 20, with its profile under the session's /scratch; poppler
// reads the PDF back; the metric-compatible fonts and the Python libraries
// the office skills use are there. The VM drivers run the same conversion in
// bench/office.bench.ts.

import { strict as assert } from 'node:assert';
import { buildSync } from 'esbuild';
import * as path from 'node:path';
import type { StagedSandboxSession } from '../../../../src/sandbox/stagedSession';
import { OFFICE_PACKAGES } from '../../../../src/sandbox/image/recipe';
import { findImage } from '../../../../src/sandbox/image/store';
import { buildDocx } from '../../../support/docxBuilder';
import { REPO_ROOT } from '../../../support/repoRoot';
import { makeFixture, type Fixture } from '../../../support/sandboxFixture';

describe('documents: LibreOffice and friends inside the sandbox (namespace driver)', function () {
  this.timeout(300_000);
  let fx: Fixture;
  let s: StagedSandboxSession;

  before(async function () {
    const image = findImage();
    if (!image) {
      if (process.env.CI === 'true') assert.fail('no sandbox image of the current version: run `npm run sandbox:image` first');
      return this.skip();
    }
    const body = ['Master Services Agreement', 'The liability of each party is capped at the fees paid.'].map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
    fx = makeFixture(image.dir, { 'agreement.docx': buildDocx({ body }) });
    buildSync({ entryPoints: [path.join(REPO_ROOT, 'test/support/libreOfficeGuestRunner.ts')], outfile: path.join(fx.folder, 'lo.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
    s = await fx.manager.openSession(fx.folder, { taskId: 'office' });
  });
  after(async () => {
    await s?.close();
    await fx?.dispose();
  });

  it('has the office packages, LibreOffice 25.2 or later, the fonts and the Python libraries', async () => {
    const dpkg = await s.exec({ command: `dpkg-query -W -f='\${Package}\\n' ${OFFICE_PACKAGES.join(' ')}` });
    assert.equal(dpkg.exitCode, 0, dpkg.stderr);
    assert.deepEqual(dpkg.stdout.trim().split('\n').sort(), [...OFFICE_PACKAGES].sort());
    const version = await s.exec({ command: 'soffice --version' });
    // The image follows trixie, whose LibreOffice moves on (25.2 at release, 26.8 by 2026-12);
    // what the skills need is 24.8 or later (XLOOKUP and XMATCH), so the floor is trixie's first.
    const found = /^LibreOffice (\d+)\.(\d+)\./.exec(version.stdout);
    assert.ok(found, `soffice --version printed: ${version.stdout}`);
    const [major, minor] = [Number(found[1]), Number(found[2])];
    assert.ok(major > 25 || (major === 25 && minor >= 2), `LibreOffice ${major}.${minor} is older than 25.2`);
    const fonts = await s.exec({ command: 'fc-list : family' });
    for (const family of ['Carlito', 'Caladea', 'Liberation Sans', 'Liberation Serif']) assert.ok(fonts.stdout.includes(family), `${family} in fc-list`);
    const py = await s.exec({ command: 'python3 -c "import docx, openpyxl, pandas, matplotlib, uno; print(\'ok\')"' });
    assert.equal(py.stdout.trim(), 'ok', py.stderr);
  });

  it('converts DOCX to PDF with its own profile under /scratch, and poppler reads it back', async () => {
    const r = await s.exec({ command: 'node lo.js agreement.docx pdf', timeoutMs: 240_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { ms: number; bytes: number; output: string };
    assert.match(out.output, /^\/scratch\/[^/]+\/libreoffice-[^/]+\/out\/agreement\.pdf$/);
    const text = await s.exec({ command: `pdftotext ${out.output} -` });
    assert.match(text.stdout, /Master Services Agreement\s+The liability of each party is capped/);
    // The profile is gone, and nothing reached the folder.
    const left = await s.exec({ command: `ls -A ${path.posix.dirname(path.posix.dirname(out.output))}` });
    assert.equal(left.stdout.trim(), 'out');
    assert.deepEqual((await s.pendingChanges()).items, []);
  });
});
