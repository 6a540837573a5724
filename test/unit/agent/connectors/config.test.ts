// Reading connector definitions from the three places people keep them, and
// filling in their variables.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeOrigin, readConnectorConfigs } from '../../../../src/agent/connectors/configFiles';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import { parseEnvFile, resolveTransport, type VariableContext } from '../../../../src/agent/connectors/variables';

describe('connectors: config files', () => {
  let folder = '';
  let home = '';
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-mcp-cfg-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-mcp-home-'));
    fs.mkdirSync(path.join(folder, '.vscode'));
  });
  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('reads .vscode/mcp.json (JSONC, inputs, stdio/http/sse), .mcp.json and the setting, each labelled', () => {
    fs.writeFileSync(
      path.join(folder, '.vscode', 'mcp.json'),
      `{
        // VS Code writes comments and trailing commas
        "inputs": [{ "type": "promptString", "id": "token", "description": "API token", "password": true }],
        "servers": {
          "files": { "type": "stdio", "command": "npx", "args": ["-y", "srv", "\${workspaceFolder}"], "envFile": "\${workspaceFolder}/.env" },
          "remote": { "type": "http", "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer \${input:token}" } },
          "old": { "type": "sse", "url": "https://example.com/sse" },
        },
      }`,
    );
    fs.writeFileSync(path.join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { claude: { command: 'node', args: ['s.js'], env: { KEY: '${KEY:-none}' } } } }));
    const r = readConnectorConfigs({ folder, setting: { mine: { command: 'my-server' } } });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.servers.map((s) => [s.name, s.transport.type, s.origin.kind, s.origin.project]), [
      ['mine', 'stdio', 'userSetting', false],
      ['files', 'stdio', 'vscodeMcpJson', true],
      ['remote', 'http', 'vscodeMcpJson', true],
      ['old', 'sse', 'vscodeMcpJson', true],
      ['claude', 'stdio', 'claudeMcpJson', true],
    ]);
    assert.equal(describeOrigin(r.servers[1].origin, folder), `project ${path.join('.vscode', 'mcp.json')}`);
    assert.equal(describeOrigin(r.servers[0].origin, folder), 'setting cowork.mcp.servers');
    assert.deepEqual(r.servers[2].inputs.map((i) => i.id), ['token']);
  });

  it('the person\'s definition wins over a project one of the same name, and says so', () => {
    const userFile = path.join(home, 'mcp.json');
    fs.writeFileSync(userFile, JSON.stringify({ mcpServers: { mail: { command: 'trusted-mail' } } }));
    fs.writeFileSync(path.join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { mail: { command: 'evil-mail' } } }));
    const r = readConnectorConfigs({ folder, userFile });
    assert.equal(r.servers.length, 1);
    assert.equal(r.servers[0].transport.type === 'stdio' && r.servers[0].transport.command, 'trusted-mail');
    assert.match(r.problems[0].message, /also defined in .*mcp\.json; that definition is used/);
  });

  it('bad entries are problems naming the file and server; good ones in the same file load', () => {
    fs.writeFileSync(
      path.join(folder, '.mcp.json'),
      JSON.stringify({ mcpServers: { ok: { command: 'x' }, nocmd: { args: [] }, 'bad name!': { command: 'x' }, weird: { type: 'ws', url: 'x' }, badargs: { command: 'x', args: 'y' } } }),
    );
    fs.writeFileSync(path.join(folder, '.vscode', 'mcp.json'), '{ not json');
    const r = readConnectorConfigs({ folder });
    assert.deepEqual(r.servers.map((s) => s.name), ['ok']);
    const text = r.problems.map((p) => `${path.basename(p.source)} ${p.server ?? ''}: ${p.message}`).join('\n');
    assert.match(text, /mcp\.json : not valid JSON/);
    assert.match(text, /nocmd: a stdio server needs "command"/);
    assert.match(text, /bad name!: server names may use/);
    assert.match(text, /weird: unknown "type" "ws"/);
    assert.match(text, /badargs: "args" must be a list of strings/);
  });

  it('a changed command changes the fingerprint, so an approval does not carry over', () => {
    const origin = { kind: 'claudeMcpJson' as const, source: 'x', project: true };
    const a = parseConnectorConfig({ mcpServers: { s: { command: 'a' } } }, origin).servers[0];
    const b = parseConnectorConfig({ mcpServers: { s: { command: 'b' } } }, origin).servers[0];
    const a2 = parseConnectorConfig({ mcpServers: { s: { command: 'a' } } }, origin).servers[0];
    assert.notEqual(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, a2.fingerprint);
  });
});

describe('connectors: variables', () => {
  const base = (over: Partial<VariableContext> = {}): VariableContext => ({ folder: '/work/f', env: { HOME: '/h', SET: 'v' }, home: '/h', resolveInput: async () => undefined, ...over });

  it('.mcp.json: ${VAR} and ${VAR:-default}; an unset variable without default is a clear error', async () => {
    const cfg = parseConnectorConfig({ mcpServers: { s: { command: 'run', args: ['${SET}', '${UNSET:-fallback}'], env: { A: 'x-${SET}' } } } }, { kind: 'claudeMcpJson', source: 'f', project: true }).servers[0];
    const t = await resolveTransport(cfg, base());
    assert.deepEqual(t.type === 'stdio' && [t.args, t.env], [['v', 'fallback'], { A: 'x-v' }]);
    const missing = parseConnectorConfig({ mcpServers: { s: { command: '${NOPE}' } } }, { kind: 'claudeMcpJson', source: 'f', project: true }).servers[0];
    await assert.rejects(resolveTransport(missing, base()), /\$\{NOPE\} is not set/);
  });

  it('.vscode/mcp.json: ${input:id} asks (once per resolve), ${env:X}, ${workspaceFolder}; envFile merged under env', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-mcp-env-'));
    fs.writeFileSync(path.join(dir, '.env'), '# comment\nexport FROM_FILE="a b"\nOVERRIDDEN=file\nPLAIN=x # trailing\n');
    const cfg = parseConnectorConfig(
      { inputs: [{ type: 'promptString', id: 'tok', description: 'Token', password: true }], servers: { s: { command: 'srv', args: ['${workspaceFolder}/data', '${env:SET}'], envFile: '${workspaceFolder}/.env', env: { TOKEN: '${input:tok}', OVERRIDDEN: 'config' } } } },
      { kind: 'vscodeMcpJson', source: 'f', project: true },
    ).servers[0];
    const asked: string[] = [];
    const t = await resolveTransport(cfg, base({ folder: dir, resolveInput: async (_s, i) => (asked.push(i.id), 'secret-1') }));
    assert.deepEqual(asked, ['tok']);
    assert.ok(t.type === 'stdio');
    assert.deepEqual(t.args, [`${dir}/data`, 'v']);
    assert.deepEqual(t.env, { FROM_FILE: 'a b', OVERRIDDEN: 'config', PLAIN: 'x', TOKEN: 'secret-1' });
    await assert.rejects(resolveTransport(cfg, base({ folder: dir })), /no value was given for input "tok"/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('envFile lines', () => {
    assert.deepEqual(parseEnvFile('A=1\n\n#x\nB = "two\\nlines"\nC=\'q\'\nnot a line\n'), { A: '1', B: 'two\nlines', C: 'q' });
  });
});
