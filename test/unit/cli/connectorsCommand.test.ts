// `cowork connectors list | add | remove` on a real temp folder and home, as a
// person uses them: add writes the entry "Cowork: Add Connector" writes (the same
// code), to ~/.cowork/mcp.json or with --project to the folder's .vscode/mcp.json,
// comments kept; list names each server's file, and with --check starts them and
// says their state and tool count; remove takes one out; bad input changes nothing.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectorEntry } from '../../../src/agent/connectors/configEntry';
import { runCli } from '../../support/cliRunner';
import { realServerScript } from '../../support/mcpServers';
import { tempDir } from '../../support/sandboxFixture';

describe('cli: cowork connectors list | add | remove', function () {
  this.timeout(90_000);
  let folder = '';
  let home = '';
  const env = () => ({ COWORK_HOME: home, COWORK_STATE_DIR: home });
  const cli = (args: string[], stdin = '') => runCli(['connectors', ...args, '--folder', folder], env(), stdin);
  const userFile = () => path.join(home, '.cowork', 'mcp.json');
  const projectFile = () => path.join(folder, '.vscode', 'mcp.json');
  const json = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as Record<string, Record<string, unknown>>;

  beforeEach(() => {
    folder = tempDir('cli-connectors-folder');
    home = tempDir('cli-connectors-home');
  });
  afterEach(() => {
    for (const d of [folder, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('add writes the entries Add Connector writes; list shows each with its file; --check starts them; remove takes them out', async () => {
    const everything = realServerScript('server-everything');
    const empty = await cli(['list']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /No connectors for .*\. Add one with: cowork connectors add NAME --command/);

    const added = await cli(['add', 'everything', '--command', process.execPath, everything, 'stdio', '--env', 'GREETING=hello there']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, new RegExp(`Added connector everything to ${userFile().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.deepEqual(json(userFile()).mcpServers.everything, { type: 'stdio', command: process.execPath, args: [everything, 'stdio'], env: { GREETING: 'hello there' } });
    assert.equal(fs.statSync(userFile()).mode & 0o777, 0o600, 'a new user file is the owner\'s only (an env may hold a token)');

    // The folder's file already has a comment and an entry; --project adds beside them, as Add Connector does.
    fs.mkdirSync(path.dirname(projectFile()), { recursive: true });
    fs.writeFileSync(projectFile(), '{\n  // our team\'s servers\n  "servers": {\n    "tracker": { "type": "http", "url": "http://127.0.0.1:9/mcp" }\n  }\n}\n');
    const typed = `${process.execPath} "${everything}" stdio`;
    const project = await cli(['add', 'docs', '--project', '--command', typed]);
    assert.equal(project.code, 0, project.stderr);
    assert.match(project.stdout, /A project connector: it starts only after each person who runs a task here approves it/);
    const text = fs.readFileSync(projectFile(), 'utf8');
    assert.match(text, /\/\/ our team's servers/, 'comments are kept');
    assert.deepEqual(json(projectFile()).servers.docs, (connectorEntry('stdio', typed) as { entry: unknown }).entry, 'the same entry Add Connector makes of the same typed command');
    const remote = await cli(['add', 'remote', '--url', 'https://example.com/mcp']);
    assert.equal(remote.code, 0, remote.stderr);
    assert.deepEqual(json(userFile()).mcpServers.remote, { type: 'http', url: 'https://example.com/mcp' });

    const listed = await cli(['list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`· everything \\(user ${userFile().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): ${process.execPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .*server-everything.* stdio`));
    assert.match(listed.stdout, /· remote \(user .*mcp\.json\): http https:\/\/example\.com\/mcp/);
    assert.match(listed.stdout, /· tracker \(project \.vscode\/mcp\.json\): http http:\/\/127\.0\.0\.1:9\/mcp/);
    assert.match(listed.stdout, /· docs \(project \.vscode\/mcp\.json\): /);

    // --check starts them: the project servers ask first (n for tracker, y for docs, in file order); remote cannot be reached.
    await cli(['remove', 'remote']);
    const checked = await cli(['list', '--check'], 'n\ny\n');
    assert.match(checked.stdout, /· connector everything \(user .*\): ready, \d+ tools\n/);
    assert.match(checked.stdout, /\? project connector docs from project \.vscode\/mcp\.json wants to start/);
    assert.match(checked.stdout, /· connector docs \(project \.vscode\/mcp\.json\): ready, \d+ tools/);
    assert.match(checked.stdout, /✗ connector tracker \(project \.vscode\/mcp\.json\): declined: not approved to start\n/);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    const failing = await cli(['add', 'down', '--url', 'http://127.0.0.1:9/mcp']);
    assert.equal(failing.code, 0, failing.stderr);
    // A broken entry is reported once, also when --check starts the others.
    fs.writeFileSync(path.join(folder, '.mcp.json'), '{ "mcpServers": { "broken": {} } }\n');
    const checkedNo = await cli(['list', '--check', '--no']);
    assert.equal(checkedNo.stdout.split('\n').filter((l) => l.startsWith('✗') && l.includes('broken')).length, 1, checkedNo.stdout);
    assert.match(checkedNo.stdout, /project connector tracker \(project \.vscode\/mcp\.json\) not started \(--no\)/);
    assert.match(checkedNo.stdout, /· connector docs \(project \.vscode\/mcp\.json\): ready/, 'the "y" typed for docs is remembered, as in run');
    assert.match(checkedNo.stdout, /✗ connector down \(user .*\): failed: /);
    assert.equal(checkedNo.code, 1, 'a server that fails its check fails the command');

    // remove: a project server needs --project; then both are gone, the comment stays.
    const wrongPlace = await cli(['remove', 'docs']);
    assert.equal(wrongPlace.code, 2);
    assert.match(wrongPlace.stderr, /no connector named docs in .*mcp\.json\. It is defined in project \.vscode\/mcp\.json: add --project to remove it there\./);
    assert.equal((await cli(['remove', 'docs', '--project'])).code, 0);
    assert.equal((await cli(['remove', 'down'])).code, 0);
    const removed = await cli(['remove', 'everything']);
    assert.match(removed.stdout, /Removed connector everything from .*mcp\.json\./);
    assert.deepEqual(json(userFile()).mcpServers, {});
    assert.deepEqual(Object.keys(json(projectFile()).servers), ['tracker']);
    assert.match(fs.readFileSync(projectFile(), 'utf8'), /\/\/ our team's servers/);
  });

  it('bad input gets a sentence and changes nothing', async () => {
    fs.mkdirSync(path.join(home, '.cowork'), { recursive: true });
    fs.writeFileSync(userFile(), '{ "mcpServers": { "mail": { "command": "node", "args": ["mail.js"] } } }\n');
    const before = fs.readFileSync(userFile(), 'utf8');
    const cases: [string[], RegExp][] = [
      [['add', 'mail', '--command', 'node', 'x.js'], /A connector named "mail" is already defined\. Remove it first/],
      [['add', 'bad name!', '--command', 'node'], /Use 1–32 letters, digits/],
      [['add', 'x'], /Give the server as --command CMD \[ARGS…\] .* or --url URL/],
      [['add', 'x', '--command', 'node', '--url', 'https://a.example/mcp'], /one of the two/],
      [['add', 'x', '--url', 'ftp://a.example/mcp'], /The URL must start with https:\/\//],
      [['add', 'x', '--command', 'node', '--env', 'NOEQUALS'], /--env "NOEQUALS" is not NAME=VALUE/],
      [['add', 'x', '--url', 'https://a.example/mcp', '--env', 'A=1'], /--env is for a server started on this computer/],
      [['add', 'x', '--command', 'node "unclosed'], /unclosed "/],
      [['remove', 'nope'], /no connector named nope in /],
      [['list', '--yes'], /--yes and --no only matter with --check/],
      [['frob'], /Unknown connectors action "frob"/],
    ];
    for (const [args, want] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, want, args.join(' '));
    }
    assert.equal(fs.readFileSync(userFile(), 'utf8'), before);
    // A file that is not JSON is never overwritten.
    fs.writeFileSync(userFile(), '{ "mcpServers": { oops');
    const broken = await cli(['add', 'x', '--command', 'node', 'x.js']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /mcp\.json: the file is not a valid JSON object; fix it first \(nothing was changed\)/);
    assert.equal(fs.readFileSync(userFile(), 'utf8'), '{ "mcpServers": { oops');
    // Words after "--" belong to the server, even ones cowork knows.
    fs.rmSync(userFile());
    assert.equal((await runCli(['connectors', 'add', 'p', '--folder', folder, '--command', 'node', 'srv.js', '--', '--project', 'x'], env())).code, 0);
    assert.deepEqual(json(userFile()).mcpServers.p, { type: 'stdio', command: 'node', args: ['srv.js', '--project', 'x'] });
  });
});
