// `cowork run "<task>" --folder DIR`: the same AgentTask the extension uses,
// driven from a terminal. Prints one line per step, streams the model's text,
// asks for plan review / approvals / answers (or --yes / --no), and exits with
// 0 done, 1 failed, 2 bad usage, 3 cancelled.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApprovalPolicy } from './agent/approval/approvalPolicy';
import { AgentTask } from './agent/loop/agentTask';
import { createToolRegistry } from './agent/tools/registry';
import { newTaskId } from './shared/taskIdentity';
import { parseArgs, USAGE, type RunArgs } from './cli/args';
import { EventPrinter, formatUsage } from './cli/render';
import { Reviewer } from './cli/reviewer';
import { PrepareProgress } from './cli/prepareProgress';
import { createSandbox, SetupError } from './cli/sandbox';
import { PrepareCancelled } from './sandbox/image/progress';
import { loadSkills } from './cli/skills';
import { runDoc } from './documents/cli/runDoc';

const EXIT = { done: 0, failed: 1, usage: 2, cancelled: 3 } as const;

async function main(argv: string[]): Promise<number> {
  // `cowork doc ...`: the document commands (docs/documents.md).
  if (argv[0] === 'doc') return runDoc(argv.slice(1), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  const parsed = parseArgs(argv, process.env);
  if (parsed.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  if (parsed.command === 'error') {
    process.stderr.write(`cowork: ${parsed.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  return run(parsed);
}

async function run(args: RunArgs): Promise<number> {
  const folder = path.resolve(args.folder);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    process.stderr.write(`cowork: ${folder} is not a folder.\n`);
    return EXIT.usage;
  }
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    process.stderr.write('cowork: ANTHROPIC_API_KEY is not set.\n');
    return EXIT.usage;
  }

  const skills = await loadSkills(folder);
  for (const w of skills.warnings) process.stderr.write(`cowork: warning: ${w}\n`);
  let sandbox;
  // A fresh machine has no image: it is prepared here (Ctrl-C cancels), with a bar on a terminal.
  const bar = new PrepareProgress({ write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY, columns: process.stderr.columns });
  const preparing = new AbortController();
  const cancelPrepare = () => {
    process.stderr.write('\ncowork: cancelling the sandbox preparation…\n');
    preparing.abort();
  };
  process.once('SIGINT', cancelPrepare);
  try {
    const created = await createSandbox(args.driver, skills.skillDirs, {
      signal: preparing.signal,
      onStart: (how, url) =>
        process.stderr.write(how === 'download' ? `cowork: no sandbox image yet; downloading it from ${url}\n` : 'cowork: no sandbox image yet; building it (once, a few minutes)\n'),
      onStep: (s) => bar.step(s),
    }, {
      writeBudgetBytes: args.writeBudgetBytes,
      log: (line) => process.stderr.write(`cowork: ${line}\n`),
    });
    bar.done();
    sandbox = created.manager;
    for (const note of created.notes) process.stdout.write(`· driver ${note}\n`);
  } catch (err) {
    bar.done();
    if (err instanceof PrepareCancelled) {
      process.stderr.write('cowork: cancelled; nothing was installed.\n');
      return EXIT.cancelled;
    }
    if (err instanceof SetupError) {
      process.stderr.write(`cowork: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  } finally {
    process.off('SIGINT', cancelPrepare);
  }

  const registry = createToolRegistry(skills.tools);
  // Default mode: new files apply live, changes to existing files ask (answered by
  // the terminal, or by --yes / --no), paths outside the folder are refused.
  const policy = createApprovalPolicy({ mode: 'default' });
  const taskId = newTaskId();
  const task: AgentTask = new AgentTask({
    taskId,
    folder,
    prompt: args.prompt,
    model: args.model,
    smallModel: args.smallModel,
    apiKey,
    baseURL: process.env.ANTHROPIC_BASE_URL || undefined,
    openSession: (dir) => sandbox.openSession(dir, { taskId }),
    tools: registry,
    policy,
    skillsCatalog: skills.catalog,
    options: { plan: args.plan },
  });

  const printer = new EventPrinter({ write: (t) => process.stdout.write(t) });
  const reviewer = new Reviewer(task, args.review, process.stdin, process.stdout);
  task.onEvent((e) => {
    printer.print(e);
    reviewer.handle(e);
  });

  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\ncowork: cancelling (Ctrl-C again to quit now)…\n');
    task.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await task.start();
    process.stdout.write(`${formatUsage(result.usage)}\n`);
    return EXIT[result.outcome];
  } finally {
    process.off('SIGINT', onSigint);
    reviewer.close();
    await sandbox.dispose().catch(() => undefined);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`cowork: internal error: ${(err as Error)?.stack ?? err}\n`);
    process.exit(EXIT.failed);
  },
);
