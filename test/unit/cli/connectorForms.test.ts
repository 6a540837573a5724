// A connector's form (elicitation) through `cowork run`, as a person meets it:
// server-everything's trigger-elicitation-request asks its fields one by one on
// the terminal, a wrong value is explained and asked again, an empty answer takes
// the default, and the values reach the tool's result and the model. With --yes
// nobody may make the answers up: the form is declined and the run says so.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer } from '../../model-server';
import { runCli } from '../../support/cliRunner';
import { realServerScript } from '../../support/mcpServers';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';

const TOOL = 'mcp__everything__trigger-elicitation-request';

describe('cli: connector forms (elicitation)', function () {
  this.timeout(90_000);
  let image: string | undefined;
  let server: ModelServer | undefined;
  let folder = '';
  let home = '';
  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server!.url, COWORK_IMAGE_DIR: image ?? '', COWORK_STATE_DIR: home, COWORK_HOME: home, COWORK_SANDBOX_DRIVER: 'namespace' });
  const transcript = (resultIncludes: string) => [
    { match: { toolsInclude: ['load_connector_tools'] }, reply: { content: [{ type: 'tool_use' as const, id: 'l', name: 'load_connector_tools', input: { names: [TOOL] } }] } },
    { match: { toolsInclude: [TOOL], toolResultIncludes: `Loaded ${TOOL}` }, reply: { content: [{ type: 'tool_use' as const, id: 'f', name: TOOL, input: {} }] } },
    { match: { toolResultIncludes: resultIncludes }, reply: { content: [{ type: 'text' as const, text: 'Form handled.' }] } },
  ];

  beforeEach(function () {
    image = requireTestImage(this);
    folder = tempDir('cli-form-folder');
    home = tempDir('cli-form-home');
    fs.mkdirSync(path.join(home, '.cowork'), { recursive: true });
    fs.writeFileSync(path.join(home, '.cowork', 'mcp.json'), JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [realServerScript('server-everything'), 'stdio'] } } }));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of [folder, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('asks each field on the terminal with the same checks as the sidebar; the values reach the result', async () => {
    server = await startModelServer({ transcript: transcript('Ada Lovelace') });
    const typed = [
      'y', // allow the call
      'a', // answer the form
      'Ada Lovelace', // name (required)
      'y', // check
      '', // firstLine: its default
      'ada-at-example', // email: refused…
      'ada@example.com', // …asked again
      '', // homepage: left out
      '1815-12-10', // birthdate
      '500', // integer: out of 1–100…
      '7',
      '', // number: default 3.14
      '3', // untitled single select: Joey by position
      'piano, 5', // multi: a label and a position
      '', // titled single: default
      '', // titled multi: default
      'Dogs', // legacy titled enum: by its label
    ];
    const r = await runCli(['run', 'Fill in the form', '--folder', folder, '--no-plan'], env(), `${typed.join('\n')}\n`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.match(r.stdout, /\? connector everything asks you to fill in a form: Please provide inputs for the following fields:/);
    assert.match(r.stdout, /String \(required\): Your full, legal name/);
    assert.match(r.stdout, /Fill in everything's form\? \[a\]nswer \/ \[d\]ecline \/ \[c\]ancel/);
    assert.match(r.stdout, /String with email format must be an email address, like name@example\.com\./);
    assert.match(r.stdout, /Integer must be at most 100\./);
    assert.match(r.stdout, /Untitled Single Select Enum \(Choose your favorite friend\) \[1 Monica, 2 Rachel, 3 Joey/);
    assert.match(r.stdout, /form sent: String: Ada Lovelace · Boolean: yes · String with default: It was a dark and stormy night\./);
    assert.match(r.stdout, /■ done: Form handled\./);
    const body = server.messageRequests()[2].body as { messages: { content: { type: string; content?: { text?: string }[] }[] }[] };
    const result = body.messages[body.messages.length - 1].content.flatMap((c) => c.content ?? []).map((c) => c.text ?? '').join('\n');
    for (const want of ['Name: Ada Lovelace', 'Email: ada@example.com', 'Birthdate: 1815-12-10', 'Favorite Integer: 7', 'Favorite Number: 3.14']) assert.ok(result.includes(want), `${want} in ${result}`);
    assert.match(result, /"untitledSingleSelectEnum": "Joey"/);
    assert.match(result, /"legacyTitledEnum": "pet-2"/);
    assert.match(result, /"untitledMultipleSelectEnum": \[\s*"Piano",\s*"Bass"\s*\]/);
    assert.doesNotMatch(result, /"homepage"/, 'an optional field left empty is not sent');
  });

  it('--yes cannot answer a form: it is declined, and the run says so', async () => {
    server = await startModelServer({ transcript: transcript('declined to provide') });
    const r = await runCli(['run', 'Fill in the form', '--folder', folder, '--no-plan', '--yes'], env(), '');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.match(r.stdout, /everything's form declined: --yes cannot fill in a form \(run without --yes to answer it\)/);
    assert.match(r.stdout, /form declined: nothing sent/);
    assert.match(r.stdout, /■ done: Form handled\./);
  });
});
