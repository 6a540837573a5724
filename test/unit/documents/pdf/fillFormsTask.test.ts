// "Fill one form per person" end to end through the CLI, as a person runs it: `cowork run`
// on a folder holding a blank enrolment form (PDF with AcroForm fields) and a CSV of five
// people whose column headers are not the form's field names. The scripted model activates
// the pdf skill, reads the CSV, discovers the fields with the engine inside the sandbox,
// writes a copy of the rows keyed by field name in its scratch folder, batch-fills one form
// per row and reads one back. Then a second reader, python3-pypdf, reads every written form:
// five files, each holding exactly its row's values; the person's form and CSV untouched.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TurnInput } from '../../../model-server';
import { CliTask, toolResults } from '../../../support/cliTask';
import { needs } from '../../../support/needs';
import { linesPdf } from '../../../support/pdfFixtures';

const PROMPT = 'fill one enrolment form per person in people.csv';
const DOC = 'node /opt/cowork/cowork-doc.js';
const FIELDS = ['Name_First', 'Name_Last', 'Email', 'City', 'Start_Date'] as const;
const PEOPLE = [
  ['Ada', 'Lovelace', 'ada@example.org', 'London', '2025-01-06'],
  ['Grace', 'Hopper', 'grace@example.org', 'New York', '2025-01-13'],
  ['Chidi', 'Okafor', 'chidi@example.org', 'Lagos', '2025-02-03'],
  ['Mei', 'Tanaka', 'mei.tanaka@example.org', 'Osaka', '2025-02-10'],
  ['José', 'Álvarez', 'jose@example.org', 'Sevilla', '2025-03-03'],
];
const HUMAN_HEADER = 'First name,Last name,E-mail,City,Start date';

function blankForm(): Promise<Uint8Array> {
  const labels = ['First name', 'Last name', 'E-mail', 'City', 'Start date'];
  return linesPdf({
    pages: [['Enrolment form', '', ...labels.flatMap((l) => [`${l}:`, ''])]],
    fields: FIELDS.map((name, i) => ({ name, page: 1, rect: [180, 682 - 32 * i, 280, 20] as [number, number, number, number] })),
  });
}

const csvLine = (cells: readonly string[]): string => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

function transcript(): TurnInput[] {
  const mapped = [FIELDS.join(','), ...PEOPLE.map(csvLine)].join('\n');
  const fill = `mkdir -p /tmp/fill && cat > /tmp/fill/rows.csv <<'EOF'\n${mapped}\nEOF\n${DOC} fill /workspace/enrolment.pdf --csv /tmp/fill/rows.csv -o /workspace/filled --name Name_Last`;
  return [
    { match: { systemIncludes: '<location>/skills/pdf/SKILL.md</location>' }, reply: { content: [{ type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'pdf' } }] } },
    { match: { toolResultFor: 'act', toolResultIncludes: 'doc fill FILE.pdf --csv' }, reply: { content: [{ type: 'tool_use', id: 'ls', name: 'list_files', input: { path: '.' } }] } },
    { match: { toolResultFor: 'ls' }, reply: { content: [{ type: 'tool_use', id: 'csv', name: 'read_file', input: { path: 'people.csv' } }] } },
    { match: { toolResultFor: 'csv', toolResultIncludes: 'Lovelace' }, reply: { content: [{ type: 'tool_use', id: 'fields', name: 'run_command', input: { command: `${DOC} fields /workspace/enrolment.pdf --json` } }] } },
    {
      match: { toolResultFor: 'fields', toolResultIncludes: 'Start_Date' },
      reply: { content: [{ type: 'text', text: 'The form has five text fields; I map the CSV columns to them and fill one form per row.' }, { type: 'tool_use', id: 'fill', name: 'run_command', input: { command: fill } }] },
    },
    { match: { toolResultFor: 'fill', toolResultIncludes: 'row 5' }, reply: { content: [{ type: 'tool_use', id: 'check', name: 'run_command', input: { command: `${DOC} fields /workspace/filled/enrolment-Okafor.pdf --json` } }] } },
    { match: { toolResultFor: 'check', toolResultIncludes: 'chidi@example.org' }, reply: { content: [{ type: 'text', text: 'Five filled forms are in filled/, one per person, named by last name.' }] } },
  ];
}

/** Field values of each PDF as python3-pypdf reads them. */
function pypdfValues(files: string[]): Record<string, Record<string, string>> {
  const script = 'import json,sys,pypdf\nprint(json.dumps({f: {k: str(v.get("/V", "")) for k, v in (pypdf.PdfReader(f).get_fields() or {}).items()} for f in sys.argv[1:]}))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' })) as Record<string, Record<string, string>>;
}

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('documents/pdf: "fill one form per person" through the CLI, the pdf skill and the sandbox', function () {
  this.timeout(600_000);
  const task = new CliTask('pdf-forms');

  before(function () {
    const pypdf = execFileSync('/usr/bin/python3', ['-c', 'import pypdf; print("ok")'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'ok';
    needs(this, pypdf ? undefined : 'python3-pypdf is not installed (apt-get install python3-pypdf)');
    task.install(this);
  });
  after(() => task.dispose());

  it('writes five filled forms whose field values match the rows, read back by pypdf', async () => {
    const hashes: Record<string, string> = {};
    const form = await blankForm();
    const { run, server, folder } = await task.run(PROMPT, transcript(), (dir) => {
      fs.writeFileSync(path.join(dir, 'enrolment.pdf'), form);
      fs.writeFileSync(path.join(dir, 'people.csv'), [HUMAN_HEADER, ...PEOPLE.map(csvLine)].join('\n') + '\n');
      for (const f of ['enrolment.pdf', 'people.csv']) hashes[f] = sha(path.join(dir, f));
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(server.remaining, 0, 'every scripted turn was played');

    // The engine ran in the guest: discovery listed the fields, the batch wrote a file per row.
    const results = toolResults(server);
    for (const f of FIELDS) assert.match(results.get('fields')!, new RegExp(`\\\\"name\\\\": \\\\"${f}\\\\"`));
    assert.match(results.get('fill')!, /row 1: \/workspace\/filled\/enrolment-Lovelace\.pdf/);
    assert.match(results.get('fill')!, /row 5: \/workspace\/filled\/enrolment-Alvarez\.pdf/);

    const written = fs.readdirSync(path.join(folder, 'filled')).sort();
    assert.deepEqual(written, ['enrolment-Alvarez.pdf', 'enrolment-Hopper.pdf', 'enrolment-Lovelace.pdf', 'enrolment-Okafor.pdf', 'enrolment-Tanaka.pdf']);
    for (const f of written) assert.match(run.stdout, new RegExp(`\\+ created filled/${f.replace('.', '\\.')}`));

    const byFile = pypdfValues(written.map((f) => path.join(folder, 'filled', f)));
    for (const person of PEOPLE) {
      const file = path.join(folder, 'filled', `enrolment-${person[1].normalize('NFKD').replace(/[^\w.-]+/g, '')}.pdf`);
      assert.deepEqual(byFile[file], Object.fromEntries(FIELDS.map((f, i) => [f, person[i]])), `${file} holds its row`);
    }
    // The person's files are as they were.
    for (const [f, h] of Object.entries(hashes)) assert.equal(sha(path.join(folder, f)), h, `${f} unchanged`);
  });
});
