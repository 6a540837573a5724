// Connectors benchmark. Three figures, each against its yardstick in the same run:
// 1. Request tokens with 100 connector tools: the catalog (load_connector_tools)
//    against every schema up front, counted by count_tokens of the scripted model
//    server (ceil(chars / 4) of the request JSON) through the real SDK.
// 2. Start to first connector tool available (stdio, server-everything): through
//    ConnectorSet + registry against a bare SDK Client connect + listTools,
//    interleaved pair by pair.
// 3. Tool-call overhead: registry.run of mcp__f__echo (schema check, fencing)
//    against client.callTool on a bare SDK client to the same kind of server.
//
//   flock $COWORK_HEAVY_LOCK npx tsx bench/connectors.bench.ts
import Anthropic from '@anthropic-ai/sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tmpdir, homedir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createConnectorRegistry } from '../src/agent/connectors/connectorRegistry';
import { ConnectorSet } from '../src/agent/connectors/connectorSet';
import { parseConnectorConfig } from '../src/agent/connectors/serverConfig';
import { createToolRegistry } from '../src/agent/tools/registry';
import type { ToolContext } from '../src/agent/tools/tool';
import { startModelServer } from '../test/model-server';
import { faultServerScript, realServerScript } from '../test/support/mcpServers';
import { percentile, writeResultsSection } from './results';

const TOOLS = 100;
const START_RUNS = 10;
const CALLS = 300;
const MODEL = 'claude-sonnet-4-5';
const vars = { folder: tmpdir(), env: {}, home: homedir(), resolveInput: async () => undefined };

function setFor(servers: Record<string, { command: string; args: string[] }>): ConnectorSet {
  const { servers: configs } = parseConnectorConfig({ mcpServers: servers }, { kind: 'userFile', source: 'bench', project: false });
  return new ConnectorSet(configs, { variables: vars, trusted: true, approveProjectServer: async () => false });
}

async function bareClient(args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, env: getDefaultEnvironment(), stderr: 'ignore' }));
  return client;
}

const ms = (v: number) => v.toFixed(2);

async function main(): Promise<void> {
  const server = await startModelServer();
  const lines: string[] = [];
  try {
    // 1. Tokens.
    const many = setFor({ work: { command: process.execPath, args: [faultServerScript(), 'many', String(TOOLS)] } });
    await many.startAll();
    if (many.tools().length !== TOOLS) throw new Error(`expected ${TOOLS} tools, got ${many.tools().length}: ${many.statuses()[0].reason}`);
    const client = new Anthropic({ apiKey: 'bench', baseURL: server.url, maxRetries: 0 });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Prep my day from the calendar and mail.' }];
    const count = async (tools: Anthropic.Tool[]) => (await client.messages.countTokens({ model: MODEL, messages, tools })).input_tokens;
    const base = await count(createToolRegistry().definitions());
    const catalog = await count(createConnectorRegistry([], many).definitions());
    const full = await count(createConnectorRegistry([], many, { catalogAbove: 1000 }).definitions());
    const reg = createConnectorRegistry([], many);
    await reg.run('load_connector_tools', { names: reg.names().filter((n) => n.startsWith('mcp__')).slice(0, 3) }, { signal: new AbortController().signal } as ToolContext);
    const afterLoad = await count(reg.definitions());
    await many.dispose();
    lines.push(
      `${TOOLS} connector tools from one stdio server (generated: list/get/create/… of ten kinds of records, six parameters each). Tokens from count_tokens of the scripted model server (ceil(chars / 4) of the request JSON); the built-in tools alone (${base} tokens) are subtracted.`,
      '',
      '| Connector part of the request | Tokens |',
      '|---|---:|',
      `| Catalog: load_connector_tools listing ${TOOLS} names + one line each (first request) | ${catalog - base} |`,
      `| Every schema up front (the yardstick) | ${full - base} |`,
      `| Catalog + 3 loaded schemas (after one load_connector_tools call) | ${afterLoad - base} |`,
      '',
      `- The catalog is ${(((catalog - base) / (full - base)) * 100).toFixed(1)} % of sending every schema (${((full - base) / (catalog - base)).toFixed(1)}× smaller), ${((catalog - base) / TOOLS).toFixed(0)} tokens a tool against ${((full - base) / TOOLS).toFixed(0)}.`,
    );

    // 2. Start-up, interleaved with the bare SDK yardstick.
    const everything = [realServerScript('server-everything'), 'stdio'];
    const ours: number[] = [];
    const bare: number[] = [];
    for (let r = 0; r < START_RUNS; r++) {
      let t0 = performance.now();
      const set = setFor({ everything: { command: process.execPath, args: everything } });
      await set.startAll();
      const defs = createConnectorRegistry([], set).definitions();
      if (!defs.some((d) => d.name.startsWith('mcp__') || d.name === 'load_connector_tools')) throw new Error('no connector tool');
      ours.push(performance.now() - t0);
      await set.dispose();
      t0 = performance.now();
      const c = await bareClient(everything);
      await c.listTools();
      bare.push(performance.now() - t0);
      await c.close();
    }
    const ratios = ours.map((v, i) => v / bare[i]);
    lines.push(
      '',
      `Start to first connector tool available (server-everything over stdio, ${START_RUNS} runs, A/B interleaved), ms:`,
      '',
      '| | p50 | max |',
      '|---|---:|---:|',
      `| ConnectorSet.startAll + registry definitions (spawn, initialize, tools/list, adapt + compile schemas) | ${ms(percentile(ours, 50))} | ${ms(Math.max(...ours))} |`,
      `| Bare SDK Client: connect + listTools (the yardstick) | ${ms(percentile(bare, 50))} | ${ms(Math.max(...bare))} |`,
      `| Ratio, pair by pair (median) | ${percentile(ratios, 50).toFixed(2)}× | |`,
    );

    // 3. Call overhead.
    const fault = [faultServerScript(), 'tools'];
    const set = setFor({ f: { command: process.execPath, args: fault } });
    await set.startAll();
    const registry = createConnectorRegistry([], set, { catalogAbove: 1000 });
    const direct = await bareClient(fault);
    const ctx = { signal: new AbortController().signal } as ToolContext;
    const viaUs: number[] = [];
    const viaSdk: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      let t0 = performance.now();
      const out = await registry.run('mcp__f__echo', { text: `call ${i}` }, ctx);
      viaUs.push(performance.now() - t0);
      if (out.isError) throw new Error(JSON.stringify(out.content));
      t0 = performance.now();
      await direct.callTool({ name: 'echo', arguments: { text: `call ${i}` } });
      viaSdk.push(performance.now() - t0);
    }
    await direct.close();
    await set.dispose();
    lines.push(
      '',
      `Tool call round trip (fault server's echo over stdio, ${CALLS} calls each, interleaved), ms:`,
      '',
      '| | p50 | p99 |',
      '|---|---:|---:|',
      `| registry.run('mcp__f__echo') (schema check, call, fencing) | ${ms(percentile(viaUs, 50))} | ${ms(percentile(viaUs, 99))} |`,
      `| client.callTool on a bare SDK client (the yardstick) | ${ms(percentile(viaSdk, 50))} | ${ms(percentile(viaSdk, 99))} |`,
      '',
      `- Overhead at the median: ${ms(percentile(viaUs, 50) - percentile(viaSdk, 50))} ms a call.`,
      '',
      'Reproduce: `flock $COWORK_HEAVY_LOCK npx tsx bench/connectors.bench.ts`.',
    );
    writeResultsSection('Connectors', lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
