// What `cowork run` and `cowork resume` both set up around an AgentTask: the skills
// and custom agents of the folder, the sandbox (prepared on first use), connectors,
// web fetch, the tool registry and approval policy; then drives the task at the
// terminal (steps printed, questions asked, Ctrl-C cancels) and tears it all down.

import * as os from 'node:os';
import * as path from 'node:path';
import { createApprovalPolicy } from '../agent/approval/approvalPolicy';
import type { AgentTask } from '../agent/loop/agentTask';
import type { AgentTaskOptions, TaskResult } from '../agent/loop/agentTaskOptions';
import { createConnectorRegistry } from '../agent/connectors/connectorRegistry';
import type { ConnectorSet } from '../agent/connectors/connectorSet';
import { discoverAgents } from '../agent/customAgents/agentDiscovery';
import { DELEGATE, delegateTool } from '../agent/tools/delegate';
import { createToolRegistry } from '../agent/tools/registry';
import { AlwaysAllowedFile } from '../agent/web/alwaysAllowedFile';
import { createWebFetcher, webFetchForTask } from '../agent/web/webFetchSetup';
import { PrepareCancelled } from '../sandbox/image/progress';
import type { SandboxManager } from '../sandbox/manager';
import type { TaskEvent, TaskEventBody } from '../shared/taskEvents';
import type { RunArgs } from './args';
import { coworkConfigDir, startCliConnectors } from './connectors';
import { GrantFile } from './grantFile';
import { PrepareProgress } from './prepareProgress';
import { EventPrinter, formatUsage } from './render';
import { Reviewer } from './reviewer';
import { createSandbox, SetupError } from './sandbox';
import { loadSkills } from './skills';
import { TerminalLines } from './terminalLines';

export const EXIT = { done: 0, failed: 1, usage: 2, cancelled: 3 } as const;

/** The run options a resumed task takes again (its folder, prompt, model and plan state come from its record). */
export type RuntimeArgs = Omit<RunArgs, 'command' | 'prompt' | 'folder' | 'model' | 'plan'>;

/** AgentTask options that come from the runtime; the caller adds the task's own. */
export type RuntimeTaskOptions = Omit<AgentTaskOptions, 'folder' | 'prompt' | 'taskId' | 'model' | 'options' | 'log' | 'subAgentRecords'>;

export interface TaskRuntime {
  sandbox: SandboxManager;
  lines: TerminalLines;
  /** Options for `new AgentTask` shared by run and resume. */
  taskOptions(taskId: string): RuntimeTaskOptions;
  /**
   * Prints, asks and cancels for `task` until `go` (its start or resume) ends; returns the exit status.
   * `before`: the task's events emitted before this call (a new task's task.created, a resumed
   * task's whole log), so what is built from events (web fetch's known URLs) sees them too.
   */
  drive(task: AgentTask, go: () => Promise<TaskResult>, printer: EventPrinter, before: readonly TaskEventBody[]): Promise<number>;
  dispose(): Promise<void>;
}

/** Sets up everything for a task in `folder`; an exit status when it cannot (said on stderr). */
export async function openRuntime(folder: string, args: RuntimeArgs): Promise<TaskRuntime | number> {
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    process.stderr.write('cowork: ANTHROPIC_API_KEY is not set.\n');
    return EXIT.usage;
  }
  const skills = await loadSkills(folder);
  for (const w of skills.warnings) process.stderr.write(`cowork: warning: ${w}\n`);
  // Custom agents: the folder's own count as trusted, as its skills do (the person chose this folder).
  const agents = await discoverAgents({ homeDir: process.env.COWORK_HOME ?? os.homedir(), folders: [folder], trusted: true });
  for (const p of agents.problems) process.stderr.write(`cowork: warning: agent ${p.file}:${p.line}: ${p.message}\n`);
  const sandbox = await prepareSandbox(args, skills.skillDirs);
  if (typeof sandbox === 'number') return sandbox;

  // Connectors run here on the host, never in the sandbox; a failed one is reported and left out.
  const lines = new TerminalLines(process.stdin, process.stdout);
  let connectors: ConnectorSet | undefined;
  try {
    connectors = await startCliConnectors({
      folder,
      review: args.review,
      lines,
      say: (line) => process.stdout.write(`${line}\n`),
      log: process.env.COWORK_MCP_LOG ? (line) => process.stderr.write(`cowork: mcp: ${line}\n`) : undefined,
    });
  } catch (err) {
    lines.close();
    await sandbox.dispose().catch(() => undefined);
    throw err;
  }
  // delegate: sub-agents in this task's session (docs/agent.md, Sub-agents).
  // web_fetch runs here on the host; "always" answers for a domain are kept in ~/.cowork/web-domains.json.
  const fetchSettings = args.webFetch;
  const web = fetchSettings
    ? webFetchForTask(createWebFetcher(fetchSettings, { env: process.env }), () => fetchSettings, new AlwaysAllowedFile(path.join(coworkConfigDir(), 'web-domains.json')))
    : undefined;
  const base = [...skills.tools, delegateTool, ...(web ? [web.tool] : [])];
  const registry = connectors ? createConnectorRegistry(base, connectors) : createToolRegistry(base);
  // Default mode: new files apply live, changes to existing files ask (answered by
  // the terminal, or by --yes / --no), paths outside the folder are refused.
  // delegate's effects are its children's tool calls, each put to this same policy.
  const policy = createApprovalPolicy({ mode: 'default' }, { sandboxedExtras: [DELEGATE] });

  return {
    sandbox,
    lines,
    taskOptions: (taskId) => ({
      smallModel: args.smallModel,
      apiKey,
      baseURL: process.env.ANTHROPIC_BASE_URL || undefined,
      openSession: (dir) => sandbox.openSession(dir, { taskId }),
      tools: registry,
      policy,
      // "Always allow this tool" answers typed at the terminal (connector tools offer it).
      grantStore: new GrantFile(path.join(coworkConfigDir(), 'tool-grants.json')),
      skillsCatalog: skills.catalog,
      customAgents: agents.agents,
      webSearch: args.webSearch,
      subAgentDepth: args.subAgentDepth,
    }),
    async drive(task, go, printer, before) {
      for (const e of before) web?.observe(e);
      const reviewer = new Reviewer(task, args.review, lines, process.stdout);
      task.onEvent((e: TaskEvent) => {
        web?.observe(e);
        // A withdrawn form first ends its open prompt line, then the printer says why.
        if (e.type === 'form.answered') reviewer.handle(e);
        printer.print(e);
        if (e.type !== 'form.answered') reviewer.handle(e);
      });
      let interrupts = 0;
      const onSigint = () => {
        if (++interrupts > 1) process.exit(130);
        process.stderr.write('\ncowork: cancelling (Ctrl-C again to quit now)…\n');
        task.cancel();
      };
      process.on('SIGINT', onSigint);
      try {
        const result = await go();
        process.stdout.write(`${formatUsage(result.usage)}\n`);
        return EXIT[result.outcome];
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
    async dispose() {
      lines.close();
      await connectors?.dispose().catch(() => undefined);
      await sandbox.dispose().catch(() => undefined);
    },
  };
}

/** The sandbox manager; a fresh machine has no image: it is prepared here (Ctrl-C cancels), with a bar on a terminal. */
async function prepareSandbox(args: RuntimeArgs, skillDirs: Parameters<typeof createSandbox>[1]): Promise<SandboxManager | number> {
  const bar = new PrepareProgress({ write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY, columns: process.stderr.columns });
  const preparing = new AbortController();
  const cancelPrepare = () => {
    process.stderr.write('\ncowork: cancelling the sandbox preparation…\n');
    preparing.abort();
  };
  process.once('SIGINT', cancelPrepare);
  try {
    const created = await createSandbox(args.driver, skillDirs, {
      signal: preparing.signal,
      onStart: (how, url) =>
        process.stderr.write(how === 'download' ? `cowork: no sandbox image yet; downloading it from ${url}\n` : 'cowork: no sandbox image yet; building it (once, a few minutes)\n'),
      onStep: (s) => bar.step(s),
    }, {
      writeBudgetBytes: args.writeBudgetBytes,
      log: (line) => process.stderr.write(`cowork: ${line}\n`),
    });
    bar.done();
    for (const note of created.notes) process.stdout.write(`· driver ${note}\n`);
    return created.manager;
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
}
