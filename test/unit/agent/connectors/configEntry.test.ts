// "Add Connector" and "Open Config" without VS Code: what the person typed becomes
// an entry, a bad name or command gets a sentence, the entry lands in a JSONC file
// with its comments kept, and a file that does not parse is left alone.

import { strict as assert } from 'node:assert';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import { addServerToConfigText, connectorEntry, connectorNameProblem, envFromPairs, removeServerFromConfigText, serverEntryOffset, serverNamesIn, serverTableOf, splitCommandLine } from '../../../../src/agent/connectors/configEntry';

describe('connectors: a new config entry', () => {
  it('splits a command line like a shell (quotes, escapes), expanding nothing', () => {
    assert.deepEqual(splitCommandLine(`npx -y @modelcontextprotocol/server-memory`), ['npx', '-y', '@modelcontextprotocol/server-memory']);
    assert.deepEqual(splitCommandLine(`node "/my dir/server.js" --name 'a b' x\\ y "q\\"t" $HOME`), ['node', '/my dir/server.js', '--name', 'a b', 'x y', 'q"t', '$HOME']);
    assert.deepEqual(splitCommandLine(`cmd ""`), ['cmd', '']);
    assert.throws(() => splitCommandLine(`node "unclosed`), /unclosed "/);
  });

  it('makes a stdio or http entry, or says what is wrong', () => {
    assert.deepEqual(connectorEntry('stdio', '  node server.js --port 3 '), { entry: { type: 'stdio', command: 'node', args: ['server.js', '--port', '3'] } });
    assert.deepEqual(connectorEntry('http', 'https://example.com/mcp'), { entry: { type: 'http', url: 'https://example.com/mcp' } });
    assert.match((connectorEntry('stdio', '   ') as { error: string }).error, /Give the command/);
    assert.match((connectorEntry('stdio', `node 'x`) as { error: string }).error, /unclosed '/);
    assert.match((connectorEntry('http', 'example.com/mcp') as { error: string }).error, /full URL/);
    assert.match((connectorEntry('http', 'file:///etc/passwd') as { error: string }).error, /must start with https:\/\//);
    assert.equal(connectorNameProblem('memory', ['mail']), undefined);
    assert.match(connectorNameProblem('mail', ['mail']) ?? '', /already defined/);
    assert.match(connectorNameProblem('my server', []) ?? '', /letters, digits/);
  });

  it('adds the entry to .vscode/mcp.json keeping comments; a missing file starts empty; a broken one is not touched', () => {
    const entry = { type: 'stdio' as const, command: 'node', args: ['m.js'] };
    const text = '{\n  // my servers\n  "servers": {\n    "mail": { "command": "mail-server" }, // keep me\n  },\n  "inputs": []\n}\n';
    const added = addServerToConfigText(text, 'servers', 'memory', entry);
    assert.ok('text' in added);
    assert.match(added.text, /\/\/ my servers/);
    assert.match(added.text, /\/\/ keep me/);
    const parsed = parseConnectorConfig(added.text, { kind: 'vscodeMcpJson', source: '/f/.vscode/mcp.json', project: true });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.servers.map((s) => [s.name, s.transport.type === 'stdio' ? [s.transport.command, ...s.transport.args] : []]), [['mail', ['mail-server']], ['memory', ['node', 'm.js']]]);
    const fresh = addServerToConfigText(undefined, 'servers', 'web', { type: 'http', url: 'https://x.example/mcp' });
    assert.ok('text' in fresh);
    assert.deepEqual(JSON.parse(fresh.text), { servers: { web: { type: 'http', url: 'https://x.example/mcp' } } });
    assert.deepEqual(addServerToConfigText('{ "servers": { oops', 'servers', 'm', entry), { error: 'the file is not a valid JSON object; fix it first (nothing was changed)' });
    assert.deepEqual(addServerToConfigText('{ "servers": [] }', 'servers', 'm', entry), { error: 'its "servers" is not an object; fix it first (nothing was changed)' });
    assert.deepEqual(addServerToConfigText(text, 'servers', 'mail', entry), { error: 'it already defines "mail"' });
  });

  it('finds where an entry starts, in either table name', () => {
    const text = '{\n  "mcpServers": {\n    "a": {},\n    "memory": { "command": "x" }\n  }\n}';
    assert.equal(serverEntryOffset(text, ['servers', 'mcpServers'], 'memory'), text.indexOf('"memory"'));
    assert.equal(serverEntryOffset(text, ['servers', 'mcpServers'], 'nope'), undefined);
  });
});

describe('connectors: removing an entry, tables, env pairs', () => {
  it('removes a server from whichever table has it, comments kept; a missing name or a broken file is an error', () => {
    const text = '{\n  // mine\n  "mcpServers": {\n    "a": { "command": "x" },\n    "b": { "command": "y" }\n  }\n}\n';
    const r = removeServerFromConfigText(text, 'a');
    assert.ok('text' in r);
    assert.match(r.text, /\/\/ mine/);
    assert.deepEqual(serverNamesIn(r.text), ['b']);
    assert.deepEqual(removeServerFromConfigText(text, 'zz'), { error: 'it does not define "zz"' });
    assert.match((removeServerFromConfigText('{ oops', 'a') as { error: string }).error, /not a valid JSON object/);
    assert.equal(serverTableOf(text, 'servers'), 'mcpServers');
    assert.equal(serverTableOf('{ "servers": {} }', 'mcpServers'), 'servers');
    assert.equal(serverTableOf(undefined, 'mcpServers'), 'mcpServers');
    assert.deepEqual(envFromPairs(['A=1', 'B_2=x=y', 'EMPTY=']), { env: { A: '1', B_2: 'x=y', EMPTY: '' } });
    assert.match((envFromPairs(['=v']) as { error: string }).error, /"=v" is not NAME=VALUE/);
  });
});
