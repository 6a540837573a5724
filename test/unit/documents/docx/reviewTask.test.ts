// The agent reviews an agreement end to end through the CLI, as a person would run
// it: `cowork run "Review this agreement..."` on a real folder, the scripted model
// activating the built-in docx skill, reading the text through the skill's script
// inside the real sandbox (namespace driver), writing tracked changes and comments
// with the engine bundled at /opt/cowork, validating. The reviewed file is then read
// by the engine and by LibreOffice (accept all / reject all). Also: a PDF named
// .docx and a zip bomb give a clear error in the agent's tool result.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDocx, validateDocx } from '../../../../src/documents/docx';
import { writeZip } from '../../../../src/documents/ooxml/zipWriter';
import type { TurnInput } from '../../../model-server';
import { CliTask, toolResults } from '../../../support/cliTask';
import { acceptedText, AGREEMENT_CLAUSES, agreementDocx, REVIEW, REVIEW_PROMPT, REVIEWED_NAME, reviewTranscript } from '../../../support/docxAgreement';
import { libreOfficeMissing, loInspect, requireTool } from '../../../support/libreOffice';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('documents/docx: "review this agreement" through the CLI, the docx skill and the sandbox', function () {
  this.timeout(1_500_000);
  const task = new CliTask('docx');

  before(function () {
    task.install(this);
  });
  after(() => task.dispose());

  it('flags the liability cap, IP assignment and auto-renewal as tracked changes with comments by Cowork', async function () {
    const original = agreementDocx();
    let input = '';
    let before = '';
    const { run: r, server, folder } = await task.run(REVIEW_PROMPT, reviewTranscript(original), (dir) => {
      input = path.join(dir, 'Agreement.docx');
      fs.writeFileSync(input, original);
      before = sha(input);
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(server.remaining, 0, 'every scripted turn was played');
    assert.match(r.stdout, /sandbox ready \(namespace/);
    assert.match(r.stdout, new RegExp(`\\+ created ${REVIEWED_NAME.replace(/[()]/g, '\\$&')}`));

    // The edit really ran in the guest: its report came back as the tool result.
    const results = toolResults(server);
    assert.match(results.get('read')!, /7\.2 Subject to clause 7\.1/);
    assert.match(results.get('edit')!, /applied 4 ops; wrote \/workspace\/Agreement \(reviewed\)\.docx/);
    assert.match(results.get('check')!, /Cowork/);

    // The person's file is untouched; the review is a new file beside it.
    assert.equal(sha(input), before);
    const reviewed = path.join(folder, REVIEWED_NAME);
    const out = fs.readFileSync(reviewed);
    assert.deepEqual(validateDocx(out).filter((f) => f.severity === 'error'), []);

    // The engine's own reading: five changes and four comments, all by Cowork.
    const doc = readDocx(out);
    assert.deepEqual(doc.revisions.map((rv) => [rv.kind, rv.author, rv.text]), [
      ['deletion', 'Cowork', 'one hundred and eighty (180) days'],
      ['insertion', 'Cowork', REVIEW.renewal.text],
      ['deletion', 'Cowork', REVIEW.ipDelete.find],
      ['deletion', 'Cowork', REVIEW.cap.find],
      ['insertion', 'Cowork', REVIEW.cap.text],
    ]);
    assert.deepEqual(doc.comments.map((c) => c.author), ['Cowork', 'Cowork', 'Cowork', 'Cowork']);
    assert.deepEqual(new Set(doc.comments.map((c) => c.text)), new Set([REVIEW.cap.comment, REVIEW.renewal.comment, REVIEW.ipDelete.comment, REVIEW.ipComment]));

    // LibreOffice: the changes and comments are Cowork's; accept all gives the reviewed clauses, reject all the original.
    requireTool(this, libreOfficeMissing());
    const [orig, asIs, accepted, rejected] = loInspect([{ file: input }, { file: reviewed }, { file: reviewed, mode: 'accept' }, { file: reviewed, mode: 'reject' }]);
    for (const res of [orig, asIs, accepted, rejected]) assert.equal(res.error, undefined, res.error);
    assert.ok(orig.text.includes(AGREEMENT_CLAUSES.cap) && orig.text.includes(AGREEMENT_CLAUSES.ip) && orig.text.includes(AGREEMENT_CLAUSES.renewal));
    assert.deepEqual(asIs.redlines.map((x) => x.author), ['Cowork', 'Cowork', 'Cowork', 'Cowork', 'Cowork']);
    assert.deepEqual((asIs.comments ?? []).map((c) => c.author), ['Cowork', 'Cowork', 'Cowork', 'Cowork']);
    assert.equal(accepted.text, acceptedText(orig.text));
    assert.equal(rejected.text, orig.text);
    assert.deepEqual(accepted.redlines, []);
  });

  it('a PDF named .docx and a zip bomb get a clear error in the tool result, quickly', async () => {
    const setup = (folder: string): void => {
      // The first bytes of a real PDF are enough for the engine to tell what it is.
      fs.writeFileSync(path.join(folder, 'Contract.docx'), Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'));
      fs.writeFileSync(
        path.join(folder, 'Bomb.docx'),
        writeZip([
          { kind: 'new', name: '[Content_Types].xml', data: Buffer.from('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
          { kind: 'new', name: 'word/document.xml', data: Buffer.alloc(200 * 1024 * 1024, 32) },
        ]),
      );
    };
    const DOC = 'sh /skills/docx/scripts/doc.sh';
    const turns: TurnInput[] = [
      { match: { systemIncludes: '<location>/skills/docx/SKILL.md</location>' }, reply: { content: [{ type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'docx' } }] } },
      { match: { toolResultFor: 'act' }, reply: { content: [{ type: 'tool_use', id: 'pdf', name: 'run_command', input: { command: `${DOC} text /workspace/Contract.docx` } }] } },
      { match: { toolResultIncludes: 'this is a PDF document, not a Word document' }, reply: { content: [{ type: 'tool_use', id: 'bomb', name: 'run_command', input: { command: `${DOC} text /workspace/Bomb.docx` } }] } },
      { match: { toolResultIncludes: 'a zip bomb?' }, reply: { content: [{ type: 'text', text: 'Contract.docx is really a PDF and Bomb.docx is not a usable document.' }] } },
    ];
    const started = Date.now();
    const { run: r, server, folder } = await task.run(REVIEW_PROMPT, turns, setup);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(server.remaining, 0);
    const results = toolResults(server);
    assert.match(results.get('pdf')!, /cowork doc text: \/workspace\/Contract\.docx: this is a PDF document, not a Word document \(\.docx\)/);
    assert.match(results.get('bomb')!, /\/workspace\/Bomb\.docx: the entry \\"word\/document\.xml\\" has a compression ratio of \d+:1, over the limit of 200:1/);
    assert.ok(Date.now() - started < 120_000, 'nothing hangs');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['Bomb.docx', 'Contract.docx']);
  });
});
