// `cowork resume`: without an id, the tasks kept in ~/.cowork/tasks that stopped
// before they were done (cancelled, failed, interrupted); with one, that task
// continues where it stopped, in its folder, with its model: its conversation and
// event log go on (numbered after the last event), a delegate call the stop cut
// short runs again with its finished sub-agents' results kept and the others
// continuing from their own conversations (the same records the extension uses).

import * as fs from 'node:fs';
import { AgentTask } from '../agent/loop/agentTask';
import type { MessageParam } from '../agent/loop/transcript';
import { formatCost } from '../shared/format';
import type { ResumeArgs } from './args';
import { cliTaskStore, keepTask, listTasks, openForResume, subAgentRecordsOf } from './cliTasks';
import { EventPrinter } from './render';
import { EXIT, openRuntime } from './taskRuntime';

export async function runResume(args: ResumeArgs): Promise<number> {
  const store = cliTaskStore();
  if (!args.taskId) return listResumable(store);
  const opened = await openForResume(store, args.taskId);
  if ('error' in opened) {
    process.stderr.write(`cowork: ${opened.error}\n`);
    return EXIT.failed;
  }
  const { task: saved, records, log } = opened;
  const { folder, prompt, model, title } = saved.meta;
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    process.stderr.write(`cowork: the task's folder ${folder} is not there any more.\n`);
    return EXIT.failed;
  }
  const rt = await openRuntime(folder, args);
  if (typeof rt === 'number') return rt;
  try {
    const taskId = saved.meta.id;
    const planned = saved.events.some((e) => e.type === 'status' && e.status === 'planning');
    const task = new AgentTask({ ...rt.taskOptions(taskId), taskId, folder, prompt, model, log, subAgentRecords: subAgentRecordsOf(store, taskId, records), options: { plan: planned } });
    keepTask(store, log, task);
    const kept = records.filter((r) => r.result && r.result.outcome !== 'cancelled').length;
    process.stdout.write(`▶ resuming ${title}\n  folder: ${folder} · model: ${model} · task ${taskId}${records.length ? ` · sub-agents: ${records.length} kept, ${kept} finished` : ''}\n`);
    const printer = new EventPrinter({ write: (t) => process.stdout.write(t) });
    const code = await rt.drive(task, () => task.resume(saved.transcript as MessageParam[], saved.events), printer, saved.events);
    await store.flush();
    if (code === EXIT.failed || code === EXIT.cancelled) process.stdout.write(`To continue it: cowork resume ${taskId}\n`);
    return code;
  } finally {
    await rt.dispose();
  }
}

async function listResumable(store: ReturnType<typeof cliTaskStore>): Promise<number> {
  const all = await listTasks(store);
  const open = all.filter((t) => t.state !== 'done');
  if (open.length === 0) {
    process.stdout.write(`No task to resume (${all.length} kept in ${store.root}, all done).\n`);
    return EXIT.done;
  }
  process.stdout.write(`Tasks that stopped before they were done (newest first):\n`);
  for (const { summary: s, state } of open) {
    const why = state === 'running' ? 'running now' : s.status === 'failed' || s.status === 'cancelled' ? s.status : `interrupted while ${s.status}`;
    process.stdout.write(`  ${s.id}  ${new Date(s.updatedAt).toISOString().slice(0, 16).replace('T', ' ')}  ${why}  ${formatCost(s.usage?.costUsd ?? 0)}  ${s.title}\n      ${s.folder}\n`);
  }
  process.stdout.write('Resume one with: cowork resume TASK_ID\n');
  return EXIT.done;
}
