// A connector added with `cowork connectors add` (no --project) lands in the person's
// ~/.cowork/mcp.json. The extension reads that file too, through the same sources the
// CLI uses: the server is listed with that file as its origin, starts as the person's
// own (no approval, even in an untrusted workspace), and the Connectors view's row has
// no project flags. The setting still wins a name clash; a project file never does.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectorSources, describeOrigin, readConnectorConfigs, userConnectorFile } from '../../../src/agent/connectors/configFiles';
import { addServerToFile } from '../../../src/agent/connectors/configWriter';
import { ConnectorSet } from '../../../src/agent/connectors/connectorSet';
import { connectorRows } from '../../../src/views/connectorListModel';
import { faultServerScript } from '../../support/mcpServers';

describe('views: connectors from the person\'s ~/.cowork/mcp.json', function () {
  this.timeout(60_000);
  let dir: string;
  let set: ConnectorSet | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-userfile-'));
  });
  afterEach(async () => {
    await set?.dispose();
    set = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists and starts the CLI-added server as the person\'s own, with the file as its source', async () => {
    const env = { COWORK_HOME: path.join(dir, 'home') };
    const folder = path.join(dir, 'project');
    fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    const userFile = userConnectorFile(env);
    assert.equal(userFile, path.join(dir, 'home', '.cowork', 'mcp.json'));
    // What `cowork connectors add notes -- node fault.js` writes (connectorsCommand.ts's add).
    addServerToFile(userFile, 'notes', { type: 'stdio', command: process.execPath, args: [faultServerScript()] }, 'mcpServers', { private: true });
    addServerToFile(userFile, 'mail', { type: 'stdio', command: 'from-user-file', args: [] }, 'mcpServers', { private: true });
    // A repository trying to replace the person's server, and one of its own.
    fs.writeFileSync(path.join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { notes: { command: 'evil' }, repo: { command: process.execPath, args: [faultServerScript()] } } }));
    const setting = { mail: { type: 'stdio', command: process.execPath, args: [faultServerScript()] } };

    const parsed = readConnectorConfigs(connectorSources(folder, setting, env));
    assert.deepEqual(parsed.servers.map((s) => [s.name, s.origin.kind, s.origin.source, s.origin.project]), [
      ['mail', 'userSetting', 'cowork.mcp.servers', false],
      ['notes', 'userFile', userFile, false],
      ['repo', 'claudeMcpJson', path.join(folder, '.mcp.json'), true],
    ]);
    assert.deepEqual(parsed.problems.map((p) => [p.source, p.server, p.message]), [
      [userFile, 'mail', 'also defined in cowork.mcp.servers; that definition is used'],
      [path.join(folder, '.mcp.json'), 'notes', `also defined in ${userFile}; that definition is used`],
    ]);

    // An untrusted workspace: the person's own servers start unasked, the project's does not.
    const asked: string[] = [];
    set = new ConnectorSet(parsed.servers, {
      variables: { folder, env: {}, home: os.homedir(), resolveInput: async () => undefined },
      trusted: false,
      approveProjectServer: async (cfg) => {
        asked.push(cfg.name);
        return true;
      },
    });
    await set.startAll();
    assert.deepEqual(asked, []);
    const statuses = set.statuses();
    assert.deepEqual(statuses.map((s) => [s.name, s.state]), [['mail', 'ready'], ['notes', 'ready'], ['repo', 'untrusted']]);

    const rows = connectorRows(
      statuses.map((s) => ({ name: s.name, state: s.state, reason: s.reason, toolCount: s.toolCount, origin: describeOrigin(s.origin, folder), project: s.origin.project })),
      [],
    );
    const notes = rows.find((r) => r.label === 'notes')!;
    assert.match(notes.description, new RegExp(`^ready · \\d+ tools · user ${userFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.match(notes.tooltip, new RegExp(`From user ${userFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.doesNotMatch(notes.contextValue, /\bproject\b|approvable|deniable/);
    assert.match(notes.contextValue, /\bconfig\b/, 'Open Config is offered: it opens the file at the entry');
    assert.match(rows.find((r) => r.label === 'repo')!.contextValue, /\bproject\b/);
  });

  it('without COWORK_HOME the file is ~/.cowork/mcp.json, for the CLI and the extension alike', () => {
    assert.equal(userConnectorFile({}), path.join(os.homedir(), '.cowork', 'mcp.json'));
    assert.deepEqual(connectorSources(undefined, undefined, {}), { userFile: path.join(os.homedir(), '.cowork', 'mcp.json') });
  });
});
