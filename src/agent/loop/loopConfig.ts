// The TurnLoop's settings for one task, from the task's options and tuning: limits,
// the system prompt (skills and custom-agent catalogs), tools, policy and compaction.

import * as path from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type { ToolGrants } from '../approval/toolGrants';
import { renderAgentCatalog } from '../customAgents/agentCatalog';
import type { AgentTaskOptions } from './agentTaskOptions';
import { contextWindowOf, DEFAULT_MAX_TOKENS } from './models';
import { systemPrompt } from './prompts';
import type { LoopConfig } from './turnLoop';

export function loopConfigFor(
  opts: AgentTaskOptions,
  model: string,
  grants: ToolGrants,
  serverTools: Anthropic.ToolUnion[],
  summarise: (text: string) => Promise<string>,
): LoopConfig {
  const o = opts.options ?? {};
  return {
    model,
    maxTokens: o.maxTokens ?? DEFAULT_MAX_TOKENS,
    maxTurns: o.maxTurns ?? 200,
    maxContinuations: o.maxContinuations ?? 4,
    toolTimeoutMs: o.toolTimeoutMs ?? 10 * 60_000,
    system: systemPrompt({ folderName: path.basename(opts.folder), skillsCatalog: opts.skillsCatalog, agentsCatalog: renderAgentCatalog(opts.customAgents ?? []) }),
    tools: opts.tools,
    policy: opts.policy,
    grants,
    serverTools,
    // A sub-agent's changes are its parent's to settle, in the parent's approval.
    settleChanges: !opts.sharedSession,
    compaction: {
      contextWindow: o.contextWindow ?? contextWindowOf(model),
      threshold: o.compactionThreshold ?? 0.8,
      keepRecentUserMessages: 2,
      preserveTools: new Set(o.preserveTools ?? ['activate_skill']),
      summarise: o.compaction === 'summarise' ? summarise : undefined,
    },
  };
}
