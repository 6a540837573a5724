// How a task plugs its sub-agents in: the SubAgentPool the delegate tool runs, built
// from the parent's options. A child is an AgentTask with the parent's settings, its
// own brief, tools and model, the parent's session, grants and person, and no plan
// review (the parent's approved plan covers it). `spawnTask` is AgentTask's
// constructor, passed in so this file does not import agentTask.ts (no cycle).

import type { TaskEventBody, Usage } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';
import type { ToolGrants } from '../approval/toolGrants';
import { DELEGATE } from '../tools/delegate';
import type { AgentTaskOptions } from './agentTaskOptions';
import { SubAgentPool, type ChildSpec, type ChildTask, type PersonChannel } from './subAgents';

export interface SubAgentWiring {
  /** The parent's own options (children inherit them). */
  options: AgentTaskOptions;
  session: SandboxSession;
  model: string;
  smallModel: string;
  grants: ToolGrants;
  emit(e: TaskEventBody): void;
  /** Adds a finished child's usage to the parent's. */
  addUsage(u: Usage): void;
  person: PersonChannel;
  spawnTask(options: AgentTaskOptions): ChildTask;
}

/** The delegate tool's runner, when the registry offers delegate and the depth allows children. */
export function subAgentPoolFor(w: SubAgentWiring): SubAgentPool | undefined {
  const depth = w.options.subAgentDepth ?? 1;
  if (depth < 1 || !w.options.tools.get(DELEGATE)) return undefined;
  const { options: tuning, ...inherited } = w.options;
  return new SubAgentPool({
    session: w.session,
    model: w.model,
    smallModel: w.smallModel,
    tools: w.options.tools,
    depth,
    reportChars: w.options.subAgentReportChars,
    agents: w.options.customAgents,
    emit: w.emit,
    addUsage: w.addUsage,
    person: w.person,
    ...(w.options.subAgentRecords ? { records: w.options.subAgentRecords } : {}),
    spawn: (c: ChildSpec) =>
      w.spawnTask({
        ...inherited,
        log: undefined,
        taskId: c.taskId,
        title: c.title,
        prompt: c.prompt,
        model: c.model,
        tools: c.tools,
        subAgentDepth: c.depth,
        person: c.person,
        sharedSession: c.session,
        grants: w.grants,
        // A child's own children are not kept across a reload (only the parent's are).
        subAgentRecords: undefined,
        // Fresh context, no plan review: the parent's plan (approved by the person) covers the children.
        options: { ...tuning, plan: false },
      }),
  });
}
