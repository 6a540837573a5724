import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TaskEvent, TaskEventBody, TaskStatus } from '../../../../src/shared/taskEvents';
import { deriveStatus } from '../../../../src/agent/tasks/status';
import { TaskStore } from '../../../../src/agent/tasks/store';
import { newTaskId } from '../../../../src/shared/taskIdentity';

function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-store-'));
}

function events(taskId: string, bodies: TaskEventBody[]): TaskEvent[] {
  return bodies.map((b, seq) => ({ ...b, taskId, seq, at: 1000 + seq }) as TaskEvent);
}

const created = (title = 'Sort receipts'): TaskEventBody => ({ type: 'task.created', title, prompt: 'sort them', folder: '/home/me/receipts', model: 'claude-x' });
const status = (s: TaskStatus): TaskEventBody => ({ type: 'status', status: s });

describe('task status from events', () => {
  const rows: [string, TaskEventBody[], TaskStatus, boolean][] = [
    ['empty log', [], 'queued', false],
    ['only created', [created()], 'queued', false],
    ['queued', [created(), status('queued')], 'queued', false],
    ['interrupted while planning', [created(), status('planning')], 'planning', true],
    ['interrupted while running', [created(), status('planning'), status('running')], 'running', true],
    ['interrupted while waiting', [created(), status('running'), status('waiting')], 'waiting', true],
    ['done', [created(), status('running'), { type: 'finished', outcome: 'done', message: 'Wrote report.md' }], 'done', false],
    ['failed', [created(), status('running'), { type: 'error', message: 'boom', fatal: true }, { type: 'finished', outcome: 'failed' }], 'failed', false],
    ['cancelled while waiting', [created(), status('waiting'), { type: 'finished', outcome: 'cancelled' }], 'cancelled', false],
    ['status event after finished is ignored', [created(), { type: 'finished', outcome: 'done' }, status('running')], 'done', false],
    ['terminal status without finished', [created(), status('running'), status('failed')], 'failed', false],
  ];
  for (const [name, bodies, expected, resumable] of rows) {
    it(`${name} → ${expected}${resumable ? ', resumable' : ''}`, () => {
      const d = deriveStatus(events('t', bodies));
      assert.equal(d.status, expected);
      assert.equal(d.resumable, resumable);
    });
  }

  it('carries the message, usage and last event time', () => {
    const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.01 };
    const d = deriveStatus(events('t', [created(), { type: 'usage', turn: 1, turnUsage: usage, total: usage }, { type: 'error', message: 'rate limited', fatal: false }]));
    assert.equal(d.message, 'rate limited');
    assert.deepEqual(d.usage, usage);
    assert.equal(d.lastEventAt, 1002);
  });
});

describe('task store', () => {
  const warnings: string[] = [];
  const store = (root: string): TaskStore => new TaskStore(root, { log: (m) => void warnings.push(m) });
  beforeEach(() => (warnings.length = 0));

  async function seed(s: TaskStore, bodies: TaskEventBody[], title = 'Sort receipts', createdAt = 5): Promise<string> {
    const meta = await s.create({ title, prompt: 'sort them', folder: '/home/me/receipts', model: 'claude-x', createdAt });
    await s.append(meta.id, ...events(meta.id, bodies));
    return meta.id;
  }

  it('creates, appends, saves the transcript and loads it back', async () => {
    const root = tempRoot();
    const s = store(root);
    const id = await seed(s, [created(), status('running')]);
    const transcript = [{ role: 'user', content: 'sort them' }, { role: 'assistant', content: [{ type: 'text', text: 'On it.' }] }];
    await s.saveTranscript(id, transcript);
    const loaded = await store(root).load(id);
    assert.equal(loaded.meta.title, 'Sort receipts');
    assert.equal(loaded.events.length, 2);
    assert.deepEqual(loaded.transcript, transcript);
    assert.equal(loaded.summary.status, 'running');
    assert.equal(loaded.summary.resumable, true);
    assert.deepEqual(loaded.warnings, []);
    assert.deepEqual(fs.readdirSync(path.join(root, id)).sort(), ['events.jsonl', 'meta.json', 'transcript.json'], 'no temp files left');
  });

  it('keeps appends whole and in order when they race', async () => {
    const s = store(tempRoot());
    const meta = await s.create({ title: 't', prompt: 'p', folder: '/f', model: 'm' });
    const all = events(meta.id, Array.from({ length: 200 }, (_, i) => ({ type: 'text.delta', turn: 1, text: `chunk ${i} ${'x'.repeat(i * 50)}` }) as TaskEventBody));
    await Promise.all(all.map((e) => s.append(meta.id, e)));
    const loaded = await s.load(meta.id);
    assert.deepEqual(loaded.events.map((e) => e.seq), all.map((e) => e.seq));
  });

  it('lists tasks newest first with derived status', async () => {
    const s = store(tempRoot());
    const done = await seed(s, [created('Done one'), status('running'), { type: 'finished', outcome: 'done' }], 'Done one', 1);
    const interrupted = await seed(s, [created('Interrupted'), status('running')], 'Interrupted', 2);
    const list = await s.list();
    assert.deepEqual(list.map((t) => [t.id, t.status, t.resumable]), [
      [interrupted, 'running', true],
      [done, 'done', false],
    ]);
    assert.equal(list[1].updatedAt, 1002);
  });

  it('tolerates a torn last line, and appends after it on a fresh line', async () => {
    const root = tempRoot();
    const id = await seed(store(root), [created(), status('running')]);
    const file = path.join(root, id, 'events.jsonl');
    fs.appendFileSync(file, '{"type":"status","status":"wai');
    const s = store(root);
    const loaded = await s.load(id);
    assert.equal(loaded.events.length, 2);
    assert.match(loaded.warnings.join(), /incomplete last line/);
    await s.append(id, ...events(id, [created(), status('running'), status('waiting')]).slice(2));
    const again = await s.load(id);
    assert.deepEqual(again.events.map((e) => e.type), ['task.created', 'status', 'status']);
    assert.equal(again.summary.status, 'waiting');
  });

  it('skips a corrupt line in the middle with a warning, keeping the rest', async () => {
    const root = tempRoot();
    const id = await seed(store(root), [created()]);
    const file = path.join(root, id, 'events.jsonl');
    fs.appendFileSync(file, 'not json at all\n{"type":"status"}\n');
    await store(root).append(id, ...events(id, [created(), status('planning')]).slice(1));
    const loaded = await store(root).load(id);
    assert.deepEqual(loaded.events.map((e) => e.type), ['task.created', 'status']);
    assert.equal(loaded.summary.status, 'planning');
    assert.match(loaded.warnings.join('\n'), /skipped corrupt line 2/);
    assert.match(loaded.warnings.join('\n'), /line 3, which is not a valid record/);
    assert.ok(warnings.length >= 2, 'warnings are logged');
  });

  it('checks every line with the task event validator the webview uses', async () => {
    const root = tempRoot();
    const id = await seed(store(root), [created()]);
    const file = path.join(root, id, 'events.jsonl');
    // Well-formed JSON with a head, but a status the views do not know: not a TaskEvent.
    fs.appendFileSync(file, `${JSON.stringify({ type: 'status', status: 'exploded', taskId: id, seq: 1, at: 2 })}\n`);
    const loaded = await store(root).load(id);
    assert.deepEqual(loaded.events.map((e) => e.type), ['task.created']);
    assert.match(loaded.warnings.join('\n'), /line 2, which is not a valid record \(status: status must be one of queued/);
  });

  it('rebuilds a corrupt meta from the log and ignores a corrupt transcript', async () => {
    const root = tempRoot();
    const id = await seed(store(root), [created('From the log'), status('running')], 'Original');
    fs.writeFileSync(path.join(root, id, 'meta.json'), '{"id": tru');
    fs.writeFileSync(path.join(root, id, 'transcript.json'), '[{"role":"user"');
    const loaded = await store(root).load(id);
    assert.equal(loaded.meta.title, 'From the log');
    assert.equal(loaded.meta.createdAt, 1000);
    assert.deepEqual(loaded.transcript, []);
    assert.match(loaded.warnings.join('\n'), /meta\.json is corrupt; rebuilt from the event log/);
    assert.match(loaded.warnings.join('\n'), /transcript is corrupt/);
  });

  it('never loses other tasks to one broken task', async () => {
    const root = tempRoot();
    const s = store(root);
    const good = await seed(s, [created(), { type: 'finished', outcome: 'done' }]);
    const broken = await seed(s, []);
    fs.writeFileSync(path.join(root, broken, 'meta.json'), 'garbage');
    fs.mkdirSync(path.join(root, 'not a task id!'));
    fs.writeFileSync(path.join(root, 'stray-file'), 'x');
    const list = await s.list();
    assert.deepEqual(list.map((t) => t.id), [good]);
    assert.match(warnings.join('\n'), new RegExp(`skipped task ${broken}: .*meta\\.json is corrupt and the log has no task\\.created event`));
    const logged = warnings.length;
    await s.list();
    assert.equal(warnings.length, logged, 'a damaged task is reported once');
  });

  it('deletes a task, and refuses ids that could escape the root', async () => {
    const root = tempRoot();
    const s = store(root);
    const id = await seed(s, [created()]);
    await s.delete(id);
    assert.equal(fs.existsSync(path.join(root, id)), false);
    assert.deepEqual(await s.list(), []);
    await assert.rejects(s.load(id), /No task/);
    assert.throws(() => s.append('../escape', ...events('x', [created()])), /Invalid task id/);
    await assert.rejects(s.delete('..'), /Invalid task id/);
    await assert.rejects(s.create({ id: 'a/b', title: 't', prompt: 'p', folder: '/f', model: 'm' }), /Invalid task id/);
  });

  it('refuses to create a task twice, and updates meta', async () => {
    const s = store(tempRoot());
    const meta = await s.create({ id: 'fixed-id', title: 't', prompt: 'p', folder: '/f', model: 'm' });
    await assert.rejects(s.create({ id: 'fixed-id', title: 't', prompt: 'p', folder: '/f', model: 'm' }), /already exists/);
    await s.updateMeta(meta.id, { title: 'Renamed', extra: { plan: true } });
    const loaded = await s.load(meta.id);
    assert.equal(loaded.meta.title, 'Renamed');
    assert.deepEqual(loaded.meta.extra, { plan: true });
  });

  it('keeps events appended before create() finished, and drops late events of a deleted task', async () => {
    const root = tempRoot();
    const s = store(root);
    const early = s.append('early-task', ...events('early-task', [created('Early')]));
    const made = s.create({ id: 'early-task', title: 'Early', prompt: 'p', folder: '/f', model: 'm' });
    await Promise.all([early, made]);
    await s.saveTranscript('early-task', [{ role: 'user', content: 'p' }]);
    const loaded = await s.load('early-task');
    assert.equal(loaded.meta.title, 'Early');
    assert.equal(loaded.events.length, 1);
    await s.delete('early-task');
    await s.append('early-task', ...events('early-task', [created(), status('running')]).slice(1));
    await s.saveTranscript('early-task', []);
    assert.equal(fs.existsSync(path.join(root, 'early-task')), false);
    assert.deepEqual(await s.list(), []);
  });

  it("keeps sub-agent records beside the task, replaced whole; a corrupt one is skipped with a warning, and deleting the task removes them", async () => {
    const root = tempRoot();
    const warned: string[] = [];
    const s = new TaskStore(root, { log: (m) => warned.push(m) });
    const id = newTaskId();
    await s.create({ id, title: 't', prompt: 'p', folder: '/f', model: 'm' });
    const [a, b] = [newTaskId(), newTaskId()];
    assert.deepEqual(await s.loadSubAgents(id), []);
    await s.saveSubAgent(id, a, { childId: a, step: 1 });
    await s.saveSubAgent(id, a, { childId: a, step: 2 });
    await s.saveSubAgent(id, b, { childId: b, step: 1 });
    fs.writeFileSync(path.join(root, id, 'subagents', `${b}.json`), '{"childId": "torn');
    assert.deepEqual(await s.loadSubAgents(id), [{ childId: a, step: 2 }]);
    assert.match(warned.join('\n'), new RegExp(`sub-agent record ${b}\\.json is unreadable`));
    assert.throws(() => s.saveSubAgent(id, '../escape', {}), /Invalid sub-agent id/);
    await s.delete(id);
    assert.equal(fs.existsSync(path.join(root, id)), false);
  });

  it('lists nothing for a root that does not exist yet', async () => {
    assert.deepEqual(await store(path.join(tempRoot(), 'missing')).list(), []);
  });

  it('makes sortable, unique ids', () => {
    const a = newTaskId(1000);
    const b = newTaskId(2000);
    assert.ok(a < b);
    assert.notEqual(newTaskId(1000), newTaskId(1000));
    assert.match(a, /^[0-9a-z]{9}-[0-9a-f]{8}$/);
  });
});
