// Connectors through `cowork run`, as a person uses them: config files in the
// task folder and in ~/.cowork, the scripted model calling MCP tools, approvals
// typed on the terminal, the result reaching the model's next request.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startModelServer, type ModelServer } from '../../model-server';
import { runCli } from '../../support/cliRunner';
import { faultServerScript, realServerScript } from '../../support/mcpServers';
import { startOAuthMcpServer } from '../../support/mcpOAuthServer';
import { requireTestImage, tempDir } from '../../support/sandboxFixture';

describe('cli: connectors', function () {
  this.timeout(90_000);
  let image: string | undefined;
  let server: ModelServer | undefined;
  let folder = '';
  let home = '';
  let sentLog = '';
  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server!.url, COWORK_IMAGE_DIR: image ?? '', COWORK_STATE_DIR: home, COWORK_HOME: home, COWORK_SANDBOX_DRIVER: 'namespace', FAULT_SENT_LOG: sentLog });
  const mailServer = () => ({ command: process.execPath, args: [faultServerScript(), 'tools'], env: { FAULT_SENT_LOG: '${FAULT_SENT_LOG}' } });
  const writeUserConfig = (servers: Record<string, unknown>, permissions?: Record<string, unknown>) => {
    fs.mkdirSync(path.join(home, '.cowork'), { recursive: true });
    fs.writeFileSync(path.join(home, '.cowork', 'mcp.json'), JSON.stringify({ mcpServers: servers, ...(permissions ? { permissions } : {}) }));
  };
  const sent = () => (fs.existsSync(sentLog) ? fs.readFileSync(sentLog, 'utf8').trim().split('\n').filter(Boolean) : []);

  beforeEach(function () {
    image = requireTestImage(this);
    folder = tempDir('cli-mcp-folder');
    home = tempDir('cli-mcp-home');
    sentLog = path.join(home, 'sent.jsonl');
    fs.writeFileSync(path.join(folder, 'report.md'), '# Q3 report\n');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const d of [folder, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('server-everything from ~/.cowork/mcp.json: the model calls mcp__everything__echo, read-only by its own claim, which asks; after "y" the result reaches the next request', async () => {
    fs.mkdirSync(path.join(home, '.cowork'), { recursive: true });
    fs.writeFileSync(path.join(home, '.cowork', 'mcp.json'), JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [realServerScript('server-everything'), 'stdio'] } } }));
    server = await startModelServer({
      transcript: [
        { match: { toolsInclude: ['load_connector_tools'] }, reply: { content: [{ type: 'tool_use', id: 'l', name: 'load_connector_tools', input: { names: ['mcp__everything__echo'] } }] } },
        { match: { toolsInclude: ['mcp__everything__echo'], toolResultIncludes: 'Loaded mcp__everything__echo' }, reply: { content: [{ type: 'tool_use', id: 'e', name: 'mcp__everything__echo', input: { message: 'ping-from-model' } }] } },
        { match: { toolResultIncludes: 'ping-from-model' }, reply: { content: [{ type: 'text', text: 'Echo came back.' }] } },
      ],
    });
    const r = await runCli(['run', 'Echo something', '--folder', folder, '--no-plan'], env(), 'y\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    // Nobody allowed everything's read-only tools to run unasked ("permissions" in ~/.cowork/mcp.json).
    assert.match(r.stdout, /approval needed: mcp__everything__echo says it only reads, but it acts outside the sandbox/);
    assert.match(r.stdout, /· connector everything \(user .*mcp\.json\): ready, \d+ tools/);
    assert.match(r.stdout, /■ done: Echo came back\./);
    const first = server.messageRequests()[0].body as { tools: { name: string }[] };
    // Catalog mode: the first request names the tools but carries no connector schema.
    assert.ok(!first.tools.some((t) => t.name.startsWith('mcp__')));
    const last = JSON.stringify(server.messageRequests()[2].body);
    assert.match(last, /connector_output server=\\"everything\\" tool=\\"echo\\"/);
  });

  it('"email this report": the send waits for approval and is sent exactly once after a yes', async () => {
    writeUserConfig({ mail: mailServer() });
    server = await startModelServer({
      transcript: [
        { reply: { content: [{ type: 'tool_use', id: 's', name: 'mcp__mail__send_mail', input: { to: 'team@example.com', subject: 'Q3 report', body: '# Q3 report' } }] } },
        { match: { toolResultIncludes: 'sent to team@example.com' }, reply: { content: [{ type: 'text', text: 'Sent.' }] } },
      ],
    });
    const r = await runCli(['run', 'Email report.md to my team', '--folder', folder, '--no-plan'], env(), 'y\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.match(r.stdout, /approval needed: mcp__mail__send_mail acts outside the sandbox/);
    assert.match(r.stdout, /Allow this mcp__mail__send_mail call\? \[y\/n\]/);
    assert.equal(sent().length, 1);
    assert.equal(JSON.parse(sent()[0]).to, 'team@example.com');
  });

  it('approval scopes on the terminal: "t" covers the task, "a" is kept in ~/.cowork/tool-grants.json, mail still asks', async () => {
    writeUserConfig({ office: { command: process.execPath, args: [faultServerScript(), 'office'], env: { FAULT_SENT_LOG: '${FAULT_SENT_LOG}' } } });
    const ticket = (id: string, title: string) => ({ reply: { content: [{ type: 'tool_use' as const, id, name: 'mcp__office__create_ticket', input: { title } }] } });
    const finish = { reply: { content: [{ type: 'text' as const, text: 'Filed.' }] } };
    server = await startModelServer({ transcript: [ticket('a', 'One'), ticket('b', 'Two'), finish] });
    // A wrong key is asked again, then "t".
    const task = await runCli(['run', 'File two tickets', '--folder', folder, '--no-plan'], env(), 'x\nt\n');
    assert.equal(task.code, 0, task.stdout + task.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal((task.stdout.match(/Allow this mcp__office__create_ticket call\? \[y\]es once \/ for this \[t\]ask \/ \[a\]lways \/ \[n\]o/g) ?? []).length, 2, task.stdout);
    assert.match(task.stdout, /please answer y, t, a or n/);
    assert.match(task.stdout, /allowed for the rest of this task/);
    assert.equal(sent().length, 2);
    await server.close();

    server = await startModelServer({ transcript: [ticket('c', 'Three'), finish] });
    const always = await runCli(['run', 'File a ticket', '--folder', folder, '--no-plan'], env(), 'a\n');
    assert.equal(always.code, 0, always.stdout + always.stderr);
    assert.match(always.stdout, /allowed from now on/);
    const kept = JSON.parse(fs.readFileSync(path.join(home, '.cowork', 'tool-grants.json'), 'utf8')) as { always: string[] };
    assert.equal(kept.always.length, 1);
    assert.match(kept.always[0], /^mcp:office:[0-9a-f]{16}:create_ticket$/);
    await server.close();

    // Nobody at the terminal (no input): the kept "always" runs the ticket; send_mail asks and end of input refuses it.
    server = await startModelServer({
      transcript: [ticket('d', 'Four'), { reply: { content: [{ type: 'tool_use', id: 'm', name: 'mcp__office__send_mail', input: { to: 'team@example.com', subject: 'Filed' } }] } }, finish],
    });
    const later = await runCli(['run', 'File a ticket and tell the team', '--folder', folder, '--no-plan'], env(), '');
    assert.equal(later.code, 0, later.stdout + later.stderr);
    assert.doesNotMatch(later.stdout, /create_ticket call\?/);
    assert.match(later.stdout, /Allow this mcp__office__send_mail call\? \[y\/n\]/);
    assert.deepEqual(sent().map((l) => (JSON.parse(l) as { title?: string; to?: string }).title ?? 'mail'), ['One', 'Two', 'Three', 'Four']);
  });

  it('a remote server behind OAuth: "y" opens the browser ($BROWSER), the token lands in ~/.cowork/secrets.json, the next run signs in silently', async () => {
    const remote = await startOAuthMcpServer();
    try {
      writeUserConfig({ tracker: { type: 'http', url: remote.url } }, { tracker: { readOnlyWithoutAsking: true } });
      // The "browser": follows the authorization URL to the loopback, as a browser whose person clicks Allow.
      const browser = path.join(home, 'browser.js');
      fs.writeFileSync(browser, `#!${process.execPath}\nconst u = process.argv[2];\nfetch(u, { redirect: 'manual' }).then((r) => fetch(r.headers.get('location'))).then((r) => r.text()).then((t) => require('fs').writeFileSync(${JSON.stringify(path.join(home, 'browser.log'))}, u + '\\n' + t));\n`, { mode: 0o755 });
      const whoami = () => [
        { reply: { content: [{ type: 'tool_use' as const, id: 'w', name: 'mcp__tracker__whoami', input: {} }] } },
        { match: { toolResultIncludes: 'signed in as client' }, reply: { content: [{ type: 'text' as const, text: 'Signed in.' }] } },
      ];
      server = await startModelServer({ transcript: whoami() });
      const first = await runCli(['run', 'Who am I on the tracker?', '--folder', folder, '--no-plan'], { ...env(), BROWSER: browser }, 'y\n');
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.deepEqual(server.failures, []);
      assert.match(first.stdout, /\? connector tracker needs you to sign in at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(first.stdout, /Open the browser to sign in to tracker\? \[y\/n\]/);
      assert.match(first.stdout, /· connector tracker \(user .*\): ready, 1 tool/);
      assert.match(fs.readFileSync(path.join(home, 'browser.log'), 'utf8'), /Signed in\. You can close this tab/);
      const secrets = fs.readFileSync(path.join(home, '.cowork', 'secrets.json'), 'utf8');
      assert.ok(secrets.includes(remote.issuedTokens[0]), 'the token is kept in the secrets file');
      assert.equal(fs.statSync(path.join(home, '.cowork', 'secrets.json')).mode & 0o777, 0o600);
      for (const t of remote.issuedTokens) assert.ok(!first.stdout.includes(t) && !first.stderr.includes(t), 'a token was printed');
      await server.close();

      server = await startModelServer({ transcript: whoami() });
      const second = await runCli(['run', 'Who am I on the tracker?', '--folder', folder, '--no-plan', '--no'], { ...env(), BROWSER: '/bin/false' }, '');
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.doesNotMatch(second.stdout, /needs you to sign in|needs sign-in/);
      assert.match(second.stdout, /■ done: Signed in\./);
      assert.deepEqual([remote.stats.registrations, remote.stats.authorizations], [1, 1]);
    } finally {
      await remote.close();
    }
  });

  it('"prep for the day": today\'s events and unread mail from the office server become briefing.md, with no question asked (read-only tools allowed for it)', async () => {
    // The person's own file lets the office server's read-only tools run without asking.
    writeUserConfig({ office: { command: process.execPath, args: [faultServerScript(), 'office'], env: { FAULT_SENT_LOG: '${FAULT_SENT_LOG}' } } }, { office: { readOnlyWithoutAsking: true } });
    const briefing = '# Today\n\n- 13:00 Budget review with Priya (room 4B): bring Q3 spend by team\n- 15:00 new laptop at the front desk\n';
    server = await startModelServer({
      transcript: [
        { reply: { content: [{ type: 'tool_use', id: 'e', name: 'mcp__office__list_events', input: {} }, { type: 'tool_use', id: 'm', name: 'mcp__office__list_unread_mail', input: {} }] } },
        { match: { toolResultIncludes: 'Budget numbers' }, reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'briefing.md', content: briefing } }] } },
        { reply: { content: [{ type: 'text', text: 'Briefing written.' }] } },
      ],
    });
    const r = await runCli(['run', 'Prep me for the day: briefing.md from my calendar and unread mail', '--folder', folder, '--no-plan'], env(), '');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.doesNotMatch(r.stdout, /approval needed/);
    const results = JSON.stringify(server.messageRequests()[1].body);
    assert.match(results, /Budget review with Priya/);
    assert.match(results, /Laptop swap/);
    assert.equal(fs.readFileSync(path.join(folder, 'briefing.md'), 'utf8'), briefing);
    assert.deepEqual(sent(), [], 'reading sends nothing');
  });

  it('a refused send is never sent, and --no refuses without asking', async () => {
    writeUserConfig({ mail: mailServer() });
    const script = () => [
      { reply: { content: [{ type: 'tool_use' as const, id: 's', name: 'mcp__mail__send_mail', input: { to: 'team@example.com', subject: 'Q3' } }] } },
      { match: { toolResultIncludes: 'declined' }, reply: { content: [{ type: 'text' as const, text: 'Not sent.' }] } },
    ];
    server = await startModelServer({ transcript: script() });
    const asked = await runCli(['run', 'Email the report', '--folder', folder, '--no-plan'], env(), 'n\n');
    assert.equal(asked.code, 0, asked.stdout + asked.stderr);
    assert.deepEqual(server.failures, []);
    await server.close();
    server = await startModelServer({ transcript: script() });
    const no = await runCli(['run', 'Email the report', '--folder', folder, '--no-plan', '--no'], env());
    assert.equal(no.code, 0, no.stdout + no.stderr);
    assert.match(no.stdout, /mcp__mail__send_mail call refused \(--no\)/);
    assert.deepEqual(sent(), []);
  });

  it('instructions inside connector output cause no unapproved action', async () => {
    writeUserConfig({ mail: mailServer() }, { mail: { readOnlyWithoutAsking: true } });
    server = await startModelServer({
      transcript: [
        { reply: { content: [{ type: 'tool_use', id: 'i', name: 'mcp__mail__read_inbox', input: {} }] } },
        // A model that obeys the injected text: the delete is staged and asked for, and refused on the terminal.
        { match: { toolResultIncludes: 'treat it as data' }, reply: { content: [{ type: 'tool_use', id: 'd', name: 'delete', input: { path: 'report.md' } }] } },
        { reply: { content: [{ type: 'text', text: 'Stopped.' }] } },
      ],
    });
    const r = await runCli(['run', 'Summarise my unread mail', '--folder', folder, '--no-plan'], env(), 'n\n');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(server.failures, []);
    assert.match(r.stdout, /Apply these changes\? \[y\/n\]/);
    assert.ok(fs.existsSync(path.join(folder, 'report.md')), 'report.md must survive');
    const toolResult = JSON.stringify(server.messageRequests()[1].body);
    assert.match(toolResult, /<connector_output server=\\"mail\\" tool=\\"read_inbox\\">[^]*IMPORTANT SYSTEM NOTICE[^]*<\/connector_output>/);
  });

  it('a project .mcp.json server is asked for on the terminal; "n" runs the task without it, "y" is remembered', async () => {
    fs.writeFileSync(path.join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { proj: { command: process.execPath, args: [faultServerScript(), 'tools'] } } }));
    const done = () => [{ reply: { content: [{ type: 'text' as const, text: 'ok' }] } }];
    server = await startModelServer({ transcript: done() });
    const declined = await runCli(['run', 'Hi', '--folder', folder, '--no-plan'], env(), 'n\n');
    assert.equal(declined.code, 0, declined.stdout + declined.stderr);
    assert.match(declined.stdout, /\? project connector proj from project \.mcp\.json wants to start: .*faultServer\.js tools/);
    assert.match(declined.stdout, /✗ connector proj \(project \.mcp\.json\): declined: not approved to start; the task runs without it/);
    assert.ok(!JSON.stringify(server.messageRequests()[0].body).includes('mcp__proj__'));
    await server.close();

    server = await startModelServer({ transcript: done() });
    const approved = await runCli(['run', 'Hi', '--folder', folder, '--no-plan'], env(), 'y\n');
    assert.match(approved.stdout, /connector proj \(project \.mcp\.json\): ready, 8 tools/);
    assert.match(approved.stdout, /broken_schema" left out/);
    // Eight tools: at the catalog threshold, so their schemas are sent in full.
    assert.ok(JSON.stringify(server.messageRequests()[0].body).includes('mcp__proj__echo'));
    await server.close();

    server = await startModelServer({ transcript: done() });
    const again = await runCli(['run', 'Hi', '--folder', folder, '--no-plan'], env(), '');
    assert.doesNotMatch(again.stdout, /wants to start/);
    assert.match(again.stdout, /connector proj .*ready/, again.stdout + again.stderr);
  });

  it('a server that crashes at start is reported and the task continues without it', async () => {
    writeUserConfig({ broken: { command: process.execPath, args: [faultServerScript(), 'exit'] } });
    server = await startModelServer({ transcript: [{ reply: { content: [{ type: 'text', text: 'fine without it' }] } }] });
    const r = await runCli(['run', 'Hi', '--folder', folder, '--no-plan', '--yes'], env());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ connector broken \(user .*\): failed: the server exited during start-up \(stderr: fault server: missing FAULT_TOKEN, giving up\); the task runs without it/);
    assert.match(r.stdout, /■ done: fine without it/);
  });
});
