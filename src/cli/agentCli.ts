// `cowork run "<task>" --folder DIR`, `cowork resume`, `cowork undo` and `cowork connectors`: the same
// AgentTask the extension uses, driven from a terminal (cli/taskRuntime.ts). Prints
// one line per step, streams the model's text, asks for plan review / approvals /
// answers (or --yes / --no), and exits with 0 done, 1 failed, 2 bad usage, 3
// cancelled. Every run is kept (cli/cliTasks.ts) for `cowork resume`. src/cli.ts
// loads this module only for these commands, so `cowork doc` never loads the agent.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { AgentTask } from '../agent/loop/agentTask';
import { EventBus } from '../agent/loop/eventBus';
import { DEFAULT_MODEL } from '../agent/loop/models';
import { newTaskId, titleOf } from '../shared/taskIdentity';
import { parseArgs, USAGE, type RunArgs } from './args';
import { cliTaskStore, createTaskRecord, keepTask, subAgentRecordsOf } from './cliTasks';
import { EventPrinter } from './render';
import { runResume } from './resume';
import { EXIT, openRuntime } from './taskRuntime';
import { TerminalLines } from './terminalLines';
import { runUndo } from './undo';
import { runConnectorsCommand } from './connectorsCommand';

/** `cowork run`, `cowork resume`, `cowork undo` and help: everything but `cowork doc`. */
export async function agentCli(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, process.env);
  if (parsed.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  if (parsed.command === 'error') {
    process.stderr.write(`cowork: ${parsed.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (parsed.command === 'resume') return runResume(parsed);
  if (parsed.command === 'undo') {
    const lines = new TerminalLines(process.stdin, process.stdout);
    try {
      return await runUndo(parsed, { out: (t) => process.stdout.write(t), lines });
    } finally {
      lines.close();
    }
  }
  if (parsed.command === 'connectors') {
    const lines = new TerminalLines(process.stdin, process.stdout);
    try {
      return await runConnectorsCommand(parsed, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), lines });
    } finally {
      lines.close();
    }
  }
  return run(parsed);
}

async function run(args: RunArgs): Promise<number> {
  const folder = path.resolve(args.folder);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    process.stderr.write(`cowork: ${folder} is not a folder.\n`);
    return EXIT.usage;
  }
  const rt = await openRuntime(folder, args);
  if (typeof rt === 'number') return rt;
  try {
    const store = cliTaskStore();
    const taskId = newTaskId();
    const model = args.model ?? DEFAULT_MODEL;
    // A home that cannot be written loses the record (and resume), not the task.
    const title = titleOf(args.prompt);
    const kept = await createTaskRecord(store, { taskId, title, prompt: args.prompt, folder, model }).catch((err: Error) => {
      process.stderr.write(`cowork: warning: this task is not kept for "cowork resume": ${err.message}\n`);
      return undefined;
    });
    const log = kept ?? new EventBus(taskId);
    const printer = new EventPrinter({ write: (t) => process.stdout.write(t) });
    const records = kept ? subAgentRecordsOf(store, taskId, []) : undefined;
    const task = new AgentTask({ ...rt.taskOptions(taskId), taskId, folder, prompt: args.prompt, model, log, subAgentRecords: records, options: { plan: args.plan } });
    if (kept) keepTask(store, log, task);
    // Announced once drive listens, so the printer and web fetch's known URLs see it like any event.
    const start = () => {
      log.emit({ type: 'task.created', title, prompt: args.prompt, folder, model });
      return task.start();
    };
    const code = await rt.drive(task, start, printer, []);
    await store.flush();
    if (kept && (code === EXIT.failed || code === EXIT.cancelled)) process.stdout.write(`To continue it: cowork resume ${taskId}\n`);
    return code;
  } finally {
    await rt.dispose();
  }
}
