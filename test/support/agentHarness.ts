// Shared set-up for the agent loop tests: a temp folder, the scripted model
// server, the real tool registry and a session, wired into an AgentTask the way
// the extension and the CLI wire it. Not a test file itself (no .test suffix).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskEvent } from '../../src/shared/taskEvents';
import { AgentTask, type AgentTaskOptions, type AgentTaskTuning } from '../../src/agent/loop/agentTask';
import { createApprovalPolicy, type ApprovalPolicy } from '../../src/agent/approval/approvalPolicy';
import { createToolRegistry } from '../../src/agent/tools/registry';
import type { AgentTool } from '../../src/agent/tools/tool';
import { startModelServer, type ModelServer, type TurnInput } from '../model-server';
import { HostFolderSession, makeTempFolder } from './hostFolderSession';
import { SandboxManager } from '../../src/sandbox/manager';
import type { SandboxSession } from '../../src/sandbox/session';
import { findTestImage, guestTools, requireTestImage, tempDir } from './sandboxFixture';

/**
 * Call in a `before` hook of every suite that uses setUp. The loop runs against
 * the real sandbox, so without an image the suite is skipped (and fails with
 * CI=true), never run quietly on the host folder instead.
 * COWORK_TEST_FIXTURE_SESSION=1 asks for the host-folder fixture on purpose.
 */
export function requireAgentSandbox(ctx: Mocha.Context): void {
  if (!process.env.COWORK_TEST_FIXTURE_SESSION) requireTestImage(ctx);
}

/** The real sandbox (namespace driver over the built image), or the host-folder fixture when asked for by name. */
function sessionFactory(): { open(folder: string, taskId: string): Promise<SandboxSession>; dispose(): Promise<void>; kind: string } {
  if (process.env.COWORK_TEST_FIXTURE_SESSION) {
    if (!warned) console.warn('agent tests: COWORK_TEST_FIXTURE_SESSION is set; using test/support/hostFolderSession (a fixture, not the sandbox)');
    warned = true;
    return { open: async (folder) => new HostFolderSession(folder), dispose: async () => undefined, kind: 'fixture' };
  }
  const image = findTestImage();
  if (!image) throw new Error('the agent tests run against the real sandbox and there is no image (requireAgentSandbox skips or fails the suite first)');
  const stateRoot = tempDir('agent-state');
  const manager = new SandboxManager({ imageDir: image, toolsDir: guestTools(), stateRoot, idleMs: 60_000 });
  return {
    open: (folder, taskId) => manager.openSession(folder, { taskId }),
    dispose: async () => {
      await manager.dispose();
      fs.rmSync(stateRoot, { recursive: true, force: true });
    },
    kind: 'namespace',
  };
}
let warned = false;

/**
 * The loop tests' default policy, made of the real rules: tool calls as with
 * `--yes` (planning stays read-only, paths outside the folder are refused), and
 * every staged batch put to the person, so each test says how it is answered.
 */
export const ASK_EVERY_BATCH: ApprovalPolicy = {
  decideToolCall: createApprovalPolicy({ mode: 'neverAsk' }).decideToolCall,
  decideBatch: createApprovalPolicy({ mode: 'alwaysAsk' }).decideBatch,
};

export interface Scenario {
  files?: Record<string, string>;
  /** Reuse an existing folder (e.g. to resume a task there) instead of a fresh one. */
  folder?: string;
  turns: TurnInput[];
  prompt?: string;
  options?: AgentTaskTuning;
  /** Default: ASK_EVERY_BATCH. */
  policy?: ApprovalPolicy;
  /** Use src/agent/approval's policy in this mode, as the extension does. */
  realPolicy?: 'default' | 'alwaysAsk' | 'neverAsk';
  extraTools?: AgentTool[];
  /** The host's store of "always allow" answers. */
  grantStore?: AgentTaskOptions['grantStore'];
  /** Replace the session factory (e.g. one that fails). */
  openSession?: AgentTaskOptions['openSession'];
  model?: string;
  apiKey?: string;
  requireApiKey?: string;
}

export interface Harness {
  task: AgentTask;
  server: ModelServer;
  folder: string;
  events: TaskEvent[];
  /** Delays the retry logic asked to sleep, ms. */
  sleeps: number[];
  read(rel: string): string;
  exists(rel: string): boolean;
  /** 'namespace' (the real sandbox) or 'fixture'. */
  sandboxKind: string;
  close(): Promise<void>;
}

export async function setUp(s: Scenario): Promise<Harness> {
  const folder = s.folder ?? makeTempFolder(s.files ?? {});
  const server = await startModelServer({ transcript: s.turns, requireApiKey: s.requireApiKey });
  const registry = createToolRegistry(s.extraTools ?? []);
  const sleeps: number[] = [];
  const sandbox = sessionFactory();
  const taskId = `t${Math.random().toString(36).slice(2, 10)}`;
  const opts: AgentTaskOptions = {
    taskId,
    folder,
    prompt: s.prompt ?? 'Organise my folder.',
    model: s.model,
    apiKey: s.apiKey ?? 'test-key',
    baseURL: server.url,
    openSession: s.openSession ?? ((dir) => sandbox.open(dir, taskId)),
    tools: registry,
    ...(s.grantStore ? { grantStore: s.grantStore } : {}),
    policy: s.realPolicy ? createApprovalPolicy({ mode: s.realPolicy }) : (s.policy ?? ASK_EVERY_BATCH),
    options: {
      plan: false,
      ...s.options,
      retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...s.options?.retry },
    },
  };
  const task = new AgentTask(opts);
  const events: TaskEvent[] = [];
  task.onEvent((e) => events.push(e));
  return {
    task,
    server,
    folder,
    events,
    sleeps,
    read: (rel) => fs.readFileSync(path.join(folder, rel), 'utf8'),
    exists: (rel) => fs.existsSync(path.join(folder, rel)),
    sandboxKind: sandbox.kind,
    close: async () => {
      await server.close();
      await sandbox.dispose();
      if (!s.folder) fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function ofType<T extends TaskEvent['type']>(events: TaskEvent[], type: T): Extract<TaskEvent, { type: T }>[] {
  return events.filter((e): e is Extract<TaskEvent, { type: T }> => e.type === type);
}

/** Every tool_use in the transcript is answered by a tool_result in the next message. */
export function assertTranscriptValid(messages: ReturnType<AgentTask['transcript']>): void {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (i > 0 && messages[i - 1].role === m.role) throw new Error(`two ${m.role} messages in a row at ${i}`);
    if (m.role !== 'assistant' || typeof m.content === 'string') continue;
    const uses = m.content.filter((b) => b.type === 'tool_use').map((b) => (b as { id: string }).id);
    if (uses.length === 0) continue;
    const next = messages[i + 1];
    if (!next) throw new Error(`tool_use without a following message at ${i}`);
    const answered = typeof next.content === 'string' ? [] : next.content.filter((b) => b.type === 'tool_result').map((b) => (b as { tool_use_id: string }).tool_use_id);
    for (const id of uses) if (!answered.includes(id)) throw new Error(`tool_use ${id} has no tool_result`);
  }
}
