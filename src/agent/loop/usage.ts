// Token and cost accounting: one Usage per model request, summed per turn and
// per task. A turn may span several requests (retries do not count, max_tokens
// continuations and summaries do), so turn and task totals are both kept here.

import type Anthropic from '@anthropic-ai/sdk';
import type { Usage } from '../../shared/taskEvents';
import { costOf, WEB_SEARCH_USD } from './pricing';

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

export function isEmptyUsage(u: Usage): boolean {
  return u.inputTokens === 0 && u.outputTokens === 0 && u.cacheReadTokens === 0 && u.cacheWriteTokens === 0 && u.costUsd === 0;
}

/** What was spent after `before` of `total` (a resumed sub-agent's new spending). */
export function usageSince(total: Usage, before: Usage): Usage {
  return {
    inputTokens: total.inputTokens - before.inputTokens,
    outputTokens: total.outputTokens - before.outputTokens,
    cacheReadTokens: total.cacheReadTokens - before.cacheReadTokens,
    cacheWriteTokens: total.cacheWriteTokens - before.cacheWriteTokens,
    costUsd: total.costUsd - before.costUsd,
  };
}

/** Usage of one API response, priced for the model that served it. */
export function usageFromApi(model: string, u: Anthropic.Usage | undefined | null): Usage {
  const counts = {
    inputTokens: u?.input_tokens ?? 0,
    outputTokens: u?.output_tokens ?? 0,
    cacheReadTokens: u?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: u?.cache_creation_input_tokens ?? 0,
  };
  const searches = u?.server_tool_use?.web_search_requests ?? 0;
  return { ...counts, costUsd: costOf(model, counts) + searches * WEB_SEARCH_USD };
}

/** Tokens the prompt of that request occupied in the context window. */
export function promptTokens(u: Usage): number {
  return u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
}

export class UsageMeter {
  private taskTotal: Usage;
  private turnTotal = emptyUsage();

  constructor(initial: Usage = emptyUsage()) {
    this.taskTotal = initial;
  }

  startTurn(): void {
    this.turnTotal = emptyUsage();
  }

  add(u: Usage): void {
    this.turnTotal = addUsage(this.turnTotal, u);
    this.taskTotal = addUsage(this.taskTotal, u);
  }

  get turn(): Usage {
    return { ...this.turnTotal };
  }

  get total(): Usage {
    return { ...this.taskTotal };
  }
}
