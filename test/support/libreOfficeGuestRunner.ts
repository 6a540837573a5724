// Bundled into a task folder (tests, bench/office.bench.ts) and run by `node` inside the guest: one
// DOCX → PDF conversion through the document engine's LibreOffice helper
// (own profile and output folder under $TMPDIR, the session's /scratch/<id>),
// printing {ms, bytes, output} as JSON.

import { statSync } from 'node:fs';
import { runLibreOffice } from '../../src/documents/office/libreOffice';

async function main(): Promise<void> {
  const [input, to = 'pdf'] = process.argv.slice(2);
  if (!input) throw new Error('usage: libreOfficeGuestRunner.js FILE [FORMAT]');
  const r = await runLibreOffice({ input, convertTo: to, timeoutMs: 600_000 });
  process.stdout.write(JSON.stringify({ ms: r.ms, bytes: statSync(r.output).size, output: r.output }) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
