// The extension's path for a VM that fails to start under `auto`: SandboxSessions
// (as services.ts builds it) with the real qemu driver on an image whose kernel
// does not boot, a real task through AgentBackend and the scripted model
// server. The task runs on the namespace driver, the sandbox event carries the
// reason, the sidebar's state says "VM failed: …; running with lighter
// isolation", and the log has the failure once.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SkillSet } from '../../../src/agent/skills/skillSet';
import { createToolRegistry } from '../../../src/agent/tools/registry';
import { reduceAll } from '../../../src/shared/sidebarState';
import type { TaskEvent } from '../../../src/shared/taskEvents';
import { AgentBackend } from '../../../src/views/agentBackend';
import { SandboxSessions } from '../../../src/views/sandboxSessions';
import { TaskEventHub } from '../../../src/views/taskEventHub';
import { queueScheduler } from '../../../src/views/taskScheduler';
import { transcriptMarkdown } from '../../../src/views/transcriptMarkdown';
import { startModelServer, type ModelServer } from '../../model-server';
import { ASK_EVERY_BATCH } from '../../support/agentHarness';
import { brokenVmImage, hasQemu } from '../../support/brokenVmImage';
import { findTestImage, guestTools, tempDir } from '../../support/sandboxFixture';

describe('views: auto falls back visibly when the VM fails to start', function () {
  this.timeout(180_000);
  let server: ModelServer | undefined;
  let root = '';
  let sessions: SandboxSessions | undefined;
  const savedCache = process.env.XDG_CACHE_HOME;

  before(function () {
    const missing = !findTestImage() ? 'no sandbox image' : !hasQemu() ? 'qemu-system-x86_64 is not installed' : undefined;
    if (missing) {
      if (process.env.CI === 'true') throw new Error(`CI needs this test: ${missing}`);
      this.skip();
    }
  });
  after(async () => {
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    await sessions?.dispose();
    await server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs the task with lighter isolation and the sidebar says why', async () => {
    root = tempDir('views-fallback');
    const folder = path.join(root, 'folder');
    fs.mkdirSync(folder);
    const image = brokenVmImage(findTestImage()!, root);
    // This run's snapshot and KVM-probe caches, so nothing about the broken kernel is remembered.
    const logs: string[] = [];
    process.env.XDG_CACHE_HOME = path.join(root, 'cache');
    sessions = new SandboxSessions({
      toolsDir: guestTools(),
      settings: () => ({ driver: 'auto', idleTimeoutSeconds: 60, writeBudgetMiB: 0 }),
      log: (l) => logs.push(l),
      debug: () => undefined,
      imageDir: () => image,
    });
    server = await startModelServer({
      transcript: [
        { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'out.txt', content: 'made it\n' } }] } },
        { reply: { content: [{ type: 'text', text: 'Done.' }] } },
      ],
    });
    const hub = new TaskEventHub();
    const backend = new AgentBackend({
      hub,
      persistence: { create: async () => undefined, loadAll: async () => [], load: async () => ({ events: [], transcript: undefined }), append: () => undefined, saveTranscript: () => undefined, saveSubAgent: () => undefined, loadSubAgents: async () => [], remove: async () => undefined },
      scheduler: queueScheduler(1),
      model: () => 'claude-test',
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      renderTranscript: transcriptMarkdown,
      undo: async () => ({ undone: true as const }),
      taskOptions: async (_folder, taskId) => ({
        apiKey: 'test-key',
        baseURL: server!.url,
        openSession: (f: string) => sessions!.open(f, taskId, new SkillSet([])),
        tools: createToolRegistry(),
        policy: ASK_EVERY_BATCH,
        options: { plan: false },
      }),
    });
    const seen: TaskEvent[] = [];
    backend.onEvent((e) => seen.push(e));
    const id = await backend.start({ prompt: 'Write out.txt', folder });
    const t0 = Date.now();
    while (!seen.some((e) => e.type === 'finished') && Date.now() - t0 < 170_000) await new Promise((r) => setTimeout(r, 50));
    const finished = seen.find((e) => e.type === 'finished');
    assert.equal(finished?.type === 'finished' && finished.outcome, 'done', JSON.stringify(seen.filter((e) => e.type === 'sandbox' || e.type === 'finished')));

    const ready = seen.find((e) => e.type === 'sandbox' && e.state === 'ready');
    assert.ok(ready && ready.type === 'sandbox');
    assert.equal(ready.driver, 'namespace');
    assert.equal(ready.isolation, 'namespace');
    assert.match(ready.detail ?? '', /^VM failed: .+; running with lighter isolation \(namespace\)$/);

    // The sidebar's state for the task (webview/taskPanel.ts sandboxLabel renders driver, isolation and detail).
    const state = reduceAll(id, hub.eventsOf(id));
    assert.equal(state.sandbox?.driver, 'namespace');
    assert.equal(state.sandbox?.isolation, 'namespace');
    assert.match(state.sandbox?.detail ?? '', /^VM failed: .+; running with lighter isolation \(namespace\)$/);
    assert.equal(fs.readFileSync(path.join(folder, 'out.txt'), 'utf8'), 'made it\n');
    assert.equal(logs.filter((l) => /VM failed:/.test(l)).length, 1, logs.join('\n'));
  });
});
