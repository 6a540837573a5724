// Adapts the TaskStore (src/agent/tasks/store.ts) to what AgentBackend needs.
// Writes are fire-and-forget for the running task (a full disk must not stop
// it) but every failure is logged.

import type { TaskEvent } from '../shared/taskEvents';
import type { MessageParam } from '../agent/loop/transcript';
import type { TaskStore } from '../agent/tasks/store';
import { isSubAgentRecord } from '../agent/loop/subAgentRecords';
import type { TaskPersistence } from './agentBackend';

export function storePersistence(store: TaskStore, log: (m: string) => void): TaskPersistence {
  const report = (what: string) => (err: unknown) => log(`task store: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  return {
    async create(e) {
      if (await store.has(e.taskId)) return;
      await store.create({ id: e.taskId, title: e.title, prompt: e.prompt, folder: e.folder, model: e.model, createdAt: e.at });
    },
    async loadAll() {
      const logs: TaskEvent[][] = [];
      for (const s of await store.list()) {
        try {
          const t = await store.load(s.id);
          // A log without its task.created (a damaged first line) gets it back from the meta, in
          // its place: task.created is always a log's first event, seq 0.
          const events = t.events.some((e) => e.type === 'task.created')
            ? t.events
            : [{ type: 'task.created', title: t.meta.title, prompt: t.meta.prompt, folder: t.meta.folder, model: t.meta.model, taskId: s.id, seq: 0, at: t.meta.createdAt } as TaskEvent, ...t.events.filter((e) => e.seq > 0)];
          logs.push(events.map((e) => ({ ...e, taskId: s.id })));
        } catch (err) {
          report(`loading task ${s.id}`)(err);
        }
      }
      return logs;
    },
    async load(taskId) {
      const t = await store.load(taskId);
      return { events: t.events, transcript: t.transcript.length ? (t.transcript as MessageParam[]) : undefined };
    },
    append(event) {
      store.append(event.taskId, event).catch(report(`saving an event of ${event.taskId}`));
    },
    saveTranscript(taskId, messages) {
      store.saveTranscript(taskId, messages).catch(report(`saving the transcript of ${taskId}`));
    },
    saveSubAgent(taskId, record) {
      store.saveSubAgent(taskId, record.childId, record).catch(report(`saving sub-agent ${record.name} of ${taskId}`));
    },
    async loadSubAgents(taskId) {
      return (await store.loadSubAgents(taskId)).filter(isSubAgentRecord);
    },
    remove: (taskId) => store.delete(taskId),
  };
}
