// `cowork run "<task>" --folder DIR`, `cowork undo` and `cowork connectors`: the same AgentTask the extension
// uses, driven from a terminal. Prints one line per step, streams the model's text, asks
// for plan review / approvals / answers (or --yes / --no), and exits with 0 done,
// 1 failed, 2 bad usage, 3 cancelled. src/cli.ts loads this module only for these
// commands, so `cowork doc` never loads the agent.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { createApprovalPolicy } from '../agent/approval/approvalPolicy';
import { AgentTask } from '../agent/loop/agentTask';
import { createConnectorRegistry } from '../agent/connectors/connectorRegistry';
import type { ConnectorSet } from '../agent/connectors/connectorSet';
import { DELEGATE, delegateTool } from '../agent/tools/delegate';
import { createToolRegistry } from '../agent/tools/registry';
import { newTaskId } from '../shared/taskIdentity';
import { parseArgs, USAGE, type RunArgs } from './args';
import { EventPrinter, formatUsage } from './render';
import { Reviewer } from './reviewer';
import { coworkConfigDir, startCliConnectors } from './connectors';
import { GrantFile } from './grantFile';
import { TerminalLines } from './terminalLines';
import { runUndo } from './undo';
import { runConnectorsCommand } from './connectorsCommand';
import { PrepareProgress } from './prepareProgress';
import { createSandbox, SetupError } from './sandbox';
import { PrepareCancelled } from '../sandbox/image/progress';
import { loadSkills } from './skills';
import { discoverAgents } from '../agent/customAgents/agentDiscovery';
import { AlwaysAllowedFile } from '../agent/web/alwaysAllowedFile';
import { createWebFetcher, webFetchForTask } from '../agent/web/webFetchSetup';

const EXIT = { done: 0, failed: 1, usage: 2, cancelled: 3 } as const;

/** `cowork run`, `cowork undo` and help: everything but `cowork doc`. */
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
    // "Always allow this tool" answers typed at the terminal (connector tools offer it).
    grantStore: new GrantFile(path.join(coworkConfigDir(), 'tool-grants.json')),
    skillsCatalog: skills.catalog,
    customAgents: agents.agents,
    webSearch: args.webSearch,
    subAgentDepth: args.subAgentDepth,
    options: { plan: args.plan },
  });

  const printer = new EventPrinter({ write: (t) => process.stdout.write(t) });
  const reviewer = new Reviewer(task, args.review, lines, process.stdout);
  task.onEvent((e) => {
    web?.observe(e);
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
    lines.close();
    await connectors?.dispose().catch(() => undefined);
    await sandbox.dispose().catch(() => undefined);
  }
}

