// What reaches the model when the agent reads PDFs, end to end through `cowork run` in the
// sandbox against the scripted model server: a short invoice goes as a document block;
// a 150-page report, over the model's page limit, goes as its extracted text with page
// markers, and the agent reads on from the page the result names.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TurnInput } from '../../../model-server';
import { CliTask, mediaBlocks, toolResults } from '../../../support/cliTask';
import { linesPdf } from '../../../support/pdfFixtures';

const report = (pages: number): Promise<Uint8Array> => linesPdf({ pages: Array.from({ length: pages }, (_, i) => [`Section ${i + 1}`, `Revenue in region ${i + 1} grew by ${i + 1} percent.`]) });

const TURNS: TurnInput[] = [
  { match: { lastUserText: 'summarise' }, reply: { content: [{ type: 'tool_use', id: 'inv', name: 'read_file', input: { path: 'invoice.pdf' } }] } },
  { match: { toolResultFor: 'inv' }, reply: { content: [{ type: 'tool_use', id: 'rep', name: 'read_file', input: { path: 'annual report.pdf' } }] } },
  { match: { toolResultFor: 'rep', toolResultIncludes: 'offset=51' }, reply: { content: [{ type: 'tool_use', id: 'more', name: 'read_file', input: { path: 'annual report.pdf', offset: 51, limit: 100 } }] } },
  { match: { toolResultFor: 'more' }, reply: { content: [{ type: 'text', text: 'The invoice is for 3 pages of services; the report covers 150 regions.' }] } },
];

describe('agent: read_file on PDFs, as the model receives it (CLI, sandbox, scripted model)', function () {
  this.timeout(300_000);
  const task = new CliTask('pdf-read');

  before(function () {
    task.install(this);
  });
  after(() => task.dispose());

  it('sends a short PDF as a document and a 150-page one as text with page markers', async () => {
    const invoice = await linesPdf({ pages: [['Invoice 2024-117', 'Total due: 1,250.00 EUR'], ['Terms'], ['Bank details']] });
    const annual = await report(150);
    const { run, server } = await task.run('summarise the PDFs in this folder', TURNS, (folder) => {
      fs.writeFileSync(path.join(folder, 'invoice.pdf'), invoice);
      fs.writeFileSync(path.join(folder, 'annual report.pdf'), annual);
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(server.remaining, 0, 'every scripted turn was played');

    const media = mediaBlocks(server);
    const docs = media.filter((b) => b.type === 'document');
    assert.deepEqual([...new Set(docs.map((d) => `${d.id} ${d.media}`))], ['inv application/pdf'], 'only the invoice went as a document');
    assert.equal(docs[0]!.length, Buffer.from(invoice).toString('base64').length, 'the whole file, byte for byte');

    const results = toolResults(server);
    assert.match(results.get('inv')!, /PDF invoice\.pdf \([^)]*, 3 pages\)/);
    const first = JSON.parse(results.get('rep')!) as string | { type: string; text?: string }[];
    const firstText = typeof first === 'string' ? first : first.map((b) => b.text ?? '').join('');
    assert.match(firstText, /^<file_content path="annual report\.pdf">\n=== page 1 of 150 ===\nSection 1\nRevenue in region 1 grew by 1 percent\.\n/);
    assert.match(firstText, /=== page 50 of 150 ===/);
    assert.doesNotMatch(firstText, /=== page 51 of 150 ===/);
    assert.match(firstText, /it has 150 pages, over the 100-page limit, so it is not sent whole/);
    const rest = results.get('more')!;
    assert.match(rest, /=== page 51 of 150 ===\\nSection 51\\n/);
    assert.match(rest, /=== page 150 of 150 ===\\nSection 150\\nRevenue in region 150 grew by 150 percent\./);
  });
});
