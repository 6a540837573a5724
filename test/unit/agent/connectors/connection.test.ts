// Connectors against real servers: @modelcontextprotocol/server-everything and
// server-memory from npm over stdio, server-everything over Streamable HTTP, and
// the fault server for what goes wrong (hang, exit, crash mid-call, bad schema,
// huge output, a changing tool list).

import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as os from 'node:os';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { createConnectorRegistry } from '../../../../src/agent/connectors/connectorRegistry';
import { parseConnectorConfig, type ConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import type { VariableContext } from '../../../../src/agent/connectors/variables';
import { faultServerScript, realServerScript } from '../../../support/mcpServers';
import { textOf, toolContext } from '../../../support/toolContext';
import type { SandboxSession } from '../../../../src/sandbox/session';

const vars: VariableContext = { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined };

function configs(servers: Record<string, unknown>, project = false): ConnectorConfig[] {
  const parsed = parseConnectorConfig({ mcpServers: servers }, { kind: project ? 'claudeMcpJson' : 'userFile', source: 'test', project });
  assert.deepEqual(parsed.problems, []);
  return parsed.servers;
}

const stdio = (file: string, ...args: string[]) => ({ command: process.execPath, args: [file, ...args] });
const ctx = () => toolContext({} as SandboxSession);

describe('connectors: real MCP servers', function () {
  this.timeout(60_000);
  let set: ConnectorSet | undefined;
  afterEach(async () => {
    await set?.dispose();
    set = undefined;
  });

  it('server-everything over stdio: tools as mcp__<server>__<tool>, a call returns its fenced result, env is minimal', async () => {
    set = new ConnectorSet(configs({ everything: { ...stdio(realServerScript('server-everything'), 'stdio'), env: { CONFIG_NAMED: 'yes' } } }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    process.env.COWORK_SECRET_PROBE = 'must-not-leak';
    try {
      await set.startAll();
    } finally {
      delete process.env.COWORK_SECRET_PROBE;
    }
    assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    const names = registry.definitions().map((d) => d.name);
    assert.ok(names.includes('mcp__everything__echo'), names.join(', '));
    assert.ok(names.includes('mcp_list_resources') && names.includes('mcp_get_prompt'));
    const out = await registry.run('mcp__everything__echo', { message: 'hello there' }, ctx());
    assert.equal(out.isError, undefined, textOf(out));
    assert.match(textOf(out), /<connector_output server="everything" tool="echo">[\s\S]*hello there[\s\S]*<\/connector_output>/);
    assert.match(textOf(out), /treat it as data/);
    // Schema checked before the server sees the call.
    const bad = await registry.run('mcp__everything__echo', { message: 42 }, ctx());
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /"message" must be string/);
    // The server's own env tool: what the config named is there, the host's secrets are not.
    const env = await registry.run('mcp__everything__get-env', {}, ctx());
    assert.match(textOf(env), /CONFIG_NAMED/);
    assert.doesNotMatch(textOf(env), /COWORK_SECRET_PROBE|must-not-leak/);
  });

  it('server-everything: resources listed and read, prompts listed and used', async () => {
    set = new ConnectorSet(configs({ everything: stdio(realServerScript('server-everything'), 'stdio') }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const registry = createConnectorRegistry([], set);
    const list = textOf(await registry.run('mcp_list_resources', { server: 'everything' }, ctx()));
    const uri = /everything\t(\S+)/.exec(list)?.[1];
    assert.ok(uri, list);
    const read = await registry.run('mcp_read_resource', { server: 'everything', uri }, ctx());
    assert.equal(read.isError, undefined, textOf(read));
    assert.match(textOf(read), /<connector_output/);
    const prompts = textOf(await registry.run('mcp_list_prompts', {}, ctx()));
    assert.match(prompts, /simple-prompt/);
    const used = await registry.run('mcp_get_prompt', { server: 'everything', name: 'simple-prompt' }, ctx());
    assert.match(textOf(used), /user: /);
  });

  it('server-memory over stdio: a write then a read through the tools', async () => {
    const file = `${os.tmpdir()}/cowork-mcp-memory-${process.pid}.jsonl`;
    set = new ConnectorSet(configs({ memory: { ...stdio(realServerScript('server-memory')), env: { MEMORY_FILE_PATH: file } } }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    const created = await registry.run('mcp__memory__create_entities', { entities: [{ name: 'Ada', entityType: 'person', observations: ['likes briefings at 9'] }] }, ctx());
    assert.equal(created.isError, undefined, textOf(created));
    const found = await registry.run('mcp__memory__search_nodes', { query: 'Ada' }, ctx());
    assert.match(textOf(found), /likes briefings at 9/);
  });

  it('server-filesystem over stdio: its read-only tools run, its write tools are not marked read-only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-mcp-fs-'));
    fs.writeFileSync(path.join(dir, 'agenda.txt'), 'standup at 9\n');
    try {
      set = new ConnectorSet(configs({ fs: stdio(realServerScript('server-filesystem'), dir) }), { variables: vars, trusted: true, approveProjectServer: async () => false });
      await set.startAll();
      assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
      const byName = new Map(set.tools().map((t) => [t.mcpName, t]));
      assert.equal(byName.get('read_text_file')?.readOnly, true);
      assert.equal(byName.get('write_file')?.readOnly, false);
      const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
      const out = await registry.run('mcp__fs__read_text_file', { path: path.join(dir, 'agenda.txt') }, ctx());
      assert.match(textOf(out), /standup at 9/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('server-everything over Streamable HTTP', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [realServerScript('server-everything'), 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await waitForOutput(child, /listening on port/);
      set = new ConnectorSet(configs({ remote: { type: 'http', url: `http://127.0.0.1:${port}/mcp` } }), { variables: vars, trusted: true, approveProjectServer: async () => false });
      await set.startAll();
      assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
      const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
      const out = await registry.run('mcp__remote__get-sum', { a: 2, b: 40 }, ctx());
      assert.match(textOf(out), /42/);
    } finally {
      child.kill();
    }
  });
});

describe('connectors: servers that misbehave', function () {
  this.timeout(60_000);
  let set: ConnectorSet | undefined;
  afterEach(async () => {
    await set?.dispose();
    set = undefined;
  });
  const fault = (mode: string) => stdio(faultServerScript(), mode);

  it('a hang at initialize, an exit at start and a missing command fail with reasons; the good server still works', async () => {
    // 8 s: long enough for a node server to start on a loaded machine, so only the hanging one times out.
    set = new ConnectorSet(configs({ hangs: fault('hang'), exits: fault('exit'), missing: { command: 'no-such-mcp-server-here' }, good: fault('tools') }), { variables: vars, trusted: true, approveProjectServer: async () => false, startupTimeoutMs: 8000 });
    await set.startAll();
    const by = Object.fromEntries(set.statuses().map((s) => [s.name, s]));
    assert.equal(by.hangs.state, 'failed');
    assert.match(by.hangs.reason ?? '', /did not answer initialize within 8 s/);
    assert.equal(by.exits.state, 'failed');
    assert.match(by.exits.reason ?? '', /missing FAULT_TOKEN/);
    assert.equal(by.missing.state, 'failed');
    assert.match(by.missing.reason ?? '', /not found|ENOENT|spawn/);
    assert.equal(by.good.state, 'ready');
    const out = await createConnectorRegistry([], set, { catalogAbove: 100 }).run('mcp__good__echo', { text: 'still here' }, ctx());
    assert.match(textOf(out), /echo: still here/);
  });

  it('a tool with an invalid schema is left out with a reason; the rest are offered', async () => {
    set = new ConnectorSet(configs({ f: fault('tools') }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const names = set.tools().map((t) => t.name);
    assert.ok(!names.includes('mcp__f__broken_schema'));
    assert.ok(names.includes('mcp__f__echo'));
    assert.match(set.problems().join('\n'), /broken_schema" left out: its input schema does not compile/);
  });

  it('a crash mid-call is an error result; the next call starts the server again', async () => {
    set = new ConnectorSet(configs({ f: fault('tools') }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    const crashed = await registry.run('mcp__f__crash', {}, ctx());
    assert.equal(crashed.isError, true);
    assert.match(textOf(crashed), /connector call failed/i);
    assert.equal(set.statuses()[0].state, 'failed');
    const again = await registry.run('mcp__f__echo', { text: 'back' }, ctx());
    assert.match(textOf(again), /echo: back/);
    assert.equal(set.statuses()[0].state, 'ready');
  });

  it('huge output is cut with a note; progress keeps a slow call alive past its timeout', async () => {
    set = new ConnectorSet(configs({ f: { ...fault('tools'), timeout: 1000 } }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    const huge = textOf(await registry.run('mcp__f__huge', {}, ctx()));
    assert.ok(huge.length < 31_000, String(huge.length));
    assert.match(huge, /Output cut: showing 30000 of 200000 characters/);
    const slow = await registry.run('mcp__f__slow', { ms: 2500 }, ctx());
    assert.match(textOf(slow), /slept 2500 ms/);
  });

  it('cancelling the task cancels the call', async () => {
    set = new ConnectorSet(configs({ f: fault('tools') }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    const c = ctx();
    setTimeout(() => c.controller.abort(), 200);
    const t0 = Date.now();
    const out = await registry.run('mcp__f__slow', { ms: 45_000 }, c);
    assert.equal(out.isError, true);
    assert.ok(Date.now() - t0 < 30_000, 'the call ran to its end instead of being cancelled');
  });

  it('list_changed updates the tools the registry offers', async () => {
    set = new ConnectorSet(configs({ f: fault('tools') }), { variables: vars, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    const registry = createConnectorRegistry([], set, { catalogAbove: 100 });
    assert.ok(!registry.names().includes('mcp__f__late_tool'));
    const changed = new Promise<void>((resolve) => set!.onDidChange(() => set!.tools().some((t) => t.mcpName === 'late_tool') && resolve()));
    await registry.run('mcp__f__add_tool', {}, ctx());
    await changed;
    assert.ok(registry.definitions().some((d) => d.name === 'mcp__f__late_tool'));
    assert.match(textOf(await registry.run('mcp__f__late_tool', {}, ctx())), /late tool ran/);
  });

  it('project servers: refused in an untrusted folder, asked once each in a trusted one', async () => {
    const untrusted = new ConnectorSet(configs({ p: fault('tools') }, true), { variables: vars, trusted: false, approveProjectServer: async () => true });
    await untrusted.startAll();
    assert.equal(untrusted.statuses()[0].state, 'untrusted');
    const asked: string[] = [];
    set = new ConnectorSet(configs({ yes: fault('tools'), no: fault('tools') }, true), { variables: vars, trusted: true, approveProjectServer: async (c) => (asked.push(c.name), c.name === 'yes') });
    await set.startAll();
    assert.deepEqual(asked, ['yes', 'no']);
    const by = Object.fromEntries(set.statuses().map((s) => [s.name, s.state]));
    assert.deepEqual(by, { yes: 'ready', no: 'declined' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function waitForOutput(child: ChildProcess, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${text}`)), 15_000);
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      if (re.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
  });
}
