// The extension's web_fetch wiring (src/views/webFetchWiring.ts, what WebFetchService
// hands VS Code's settings and global state to): the tool only when fetching is on,
// bad settings as a sentence, the task's URLs taken from the hub (its log first, then
// live events), "always" answers kept in the state and forgotten by the command's
// method, and VS Code's http.proxy / http.noProxy used. Real local server and proxy.

import { strict as assert } from 'node:assert';
import type { SandboxSession } from '../../../src/sandbox/session';
import type { TaskEvent, TaskEventBody } from '../../../src/shared/taskEvents';
import type { ToolContext } from '../../../src/agent/tools/tool';
import type { WebFetchSettings } from '../../../src/agent/web/webFetchSetup';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { ALWAYS_KEY, WebFetchWiring, type KeyValueState } from '../../../src/views/webFetchWiring';
import { textOf } from '../../support/toolContext';
import { startTestProxy, startWebServer, type WebTestServer } from '../../support/webTestServer';

class MapState implements KeyValueState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

describe('views: web fetch wiring', function () {
  this.timeout(30_000);
  let server: WebTestServer;
  let hub: TaskEventHub;
  let state: MapState;
  let settings: WebFetchSettings | undefined;
  let proxy = '';
  let noProxy: string[] = [];
  let asked: string[];
  const seqs = new Map<string, number>();
  const add = (taskId: string, body: TaskEventBody) => {
    const seq = seqs.get(taskId) ?? 0;
    seqs.set(taskId, seq + 1);
    hub.add({ ...body, taskId, seq, at: Date.now() } as TaskEvent);
  };
  const created = (taskId: string, prompt: string) => add(taskId, { type: 'task.created', title: taskId, prompt, folder: '/f', model: 'm' });
  const ctx = (scope: 'once' | 'task' | 'always'): ToolContext => ({
    taskId: 't',
    session: {} as SandboxSession,
    signal: new AbortController().signal,
    emit: () => undefined,
    askUser: async () => 'n/a',
    askApproval: async (r) => {
      asked.push(r.reason);
      return { approved: true, scope };
    },
  });
  const wiring = () => new WebFetchWiring({ settings: () => settings, httpProxy: () => proxy, noProxy: () => noProxy, env: {} }, state, hub);

  beforeEach(async () => {
    server = await startWebServer();
    server.route('/a', (_q, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('Page A'));
    server.route('/b', (_q, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('Page B'));
    hub = new TaskEventHub();
    state = new MapState();
    settings = { allowPrivateAddresses: ['127.0.0.1'], summarise: false };
    proxy = '';
    noProxy = [];
    asked = [];
    seqs.clear();
  });
  afterEach(() => server.close());

  it('offers no tool when fetching is off, and says what is wrong with bad settings', () => {
    settings = undefined;
    assert.equal(wiring().toolFor('t1'), undefined);
    settings = { allowPrivateAddresses: ['not an address'] };
    assert.throws(() => wiring().toolFor('t1'), /^Error: Web fetch settings: .*\(cowork\.web\.fetch\.\*\)$/);
    settings = { blockedDomains: ['exa mple.com'] };
    assert.throws(() => wiring().toolFor('t1'), /"exa mple\.com" is not a domain/);
  });

  it('takes the task URLs from the hub, its log first and then live events until it finishes', async () => {
    created('t1', `Read ${server.origin}/a please`);
    const tool = wiring().toolFor('t1')!;
    const a = await tool.run({ url: `${server.origin}/a`, prompt: 'x' } as never, ctx('task'));
    assert.match(textOf(a), /Page A/);
    const early = await tool.run({ url: `${server.origin}/b`, prompt: 'x' } as never, ctx('task'));
    assert.match(textOf(early), /is not a known URL|was not given by the person/);
    add('t1', { type: 'redirect', text: `Also ${server.origin}/b` });
    add('t2', { type: 'redirect', text: 'https://other.example/x' });
    assert.match(textOf(await tool.run({ url: `${server.origin}/b`, prompt: 'x' } as never, ctx('task'))), /Page B/);
    assert.equal(asked.length, 1, '"for this task" covers the second page');
    assert.equal(state.values.has(ALWAYS_KEY), false, '"for this task" is not kept');
    add('t1', { type: 'finished', outcome: 'done' });
    add('t1', { type: 'redirect', text: `${server.origin}/c` });
    assert.match(textOf(await tool.run({ url: `${server.origin}/c`, prompt: 'x' } as never, ctx('task'))), /was not given by the person/, 'no longer listening');
  });

  it('keeps "always" in the state for later tasks, and forgets it when asked', async () => {
    const w = wiring();
    created('t1', `${server.origin}/a`);
    await w.toolFor('t1')!.run({ url: `${server.origin}/a`, prompt: 'x' } as never, ctx('always'));
    assert.deepEqual(state.get(ALWAYS_KEY), ['127.0.0.1']);
    assert.deepEqual(w.alwaysAllowed(), ['127.0.0.1']);
    created('t2', `${server.origin}/b`);
    assert.match(textOf(await w.toolFor('t2')!.run({ url: `${server.origin}/b`, prompt: 'x' } as never, ctx('once'))), /Page B/);
    assert.equal(asked.length, 1, 'a later task does not ask again');

    assert.deepEqual(await w.forgetAlwaysAllowed(), ['127.0.0.1']);
    assert.equal(state.values.has(ALWAYS_KEY), false);
    assert.deepEqual(await w.forgetAlwaysAllowed(), []);
    created('t3', `${server.origin}/b`);
    await w.toolFor('t3')!.run({ url: `${server.origin}/b`, prompt: 'x' } as never, ctx('once'));
    assert.equal(asked.length, 2, 'asked again after forgetting');
  });

  it("goes through VS Code's http.proxy, except for hosts in http.noProxy", async () => {
    const p = await startTestProxy();
    try {
      proxy = p.url;
      created('t1', `${server.origin}/a ${server.origin}/b`);
      settings = { allowPrivateAddresses: ['127.0.0.1'], summarise: false, allowedDomains: ['127.0.0.1'] };
      await wiring().toolFor('t1')!.run({ url: `${server.origin}/a`, prompt: 'x' } as never, ctx('once'));
      assert.ok(p.seen.some((s) => s.includes(`127.0.0.1:${server.port}`)), p.seen.join('\n'));
      const before = p.seen.length;
      noProxy = ['127.0.0.1'];
      assert.match(textOf(await wiring().toolFor('t1')!.run({ url: `${server.origin}/b`, prompt: 'x' } as never, ctx('once'))), /Page B/);
      assert.equal(p.seen.length, before, 'http.noProxy bypasses the proxy');
    } finally {
      await p.close();
    }
  });
});
