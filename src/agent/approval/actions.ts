// Building policy actions from what the loop has at hand: a tool call from the
// model (via the tool registry) or the sandbox's pending changes.

import type { ChangeItem } from '../../shared/taskEvents';
import { BUILTIN_TOOLS, type ToolRegistry } from '../tools/registry';
import type { ApplyChangesAction, StagedChange, TaskPhase, ToolCallAction } from './policy';

const BUILTIN_NAMES = new Set(BUILTIN_TOOLS.map((t) => t.name));

/**
 * The policy's view of a tool call. Built-in tools are sandboxed; extra tools
 * (e.g. from an extension or MCP) are not unless listed in `sandboxedExtras`.
 * An unknown tool is treated as mutating and unsandboxed, the safe default.
 */
export function toolCallAction(registry: ToolRegistry, name: string, input: unknown, phase: TaskPhase, sandboxedExtras: readonly string[] = []): ToolCallAction {
  const tool = registry.get(name);
  return {
    kind: 'toolCall',
    tool: name,
    readOnly: tool?.readOnly ?? false,
    ...(tool?.readOnlyTrusted === false ? { readOnlyTrusted: false } : {}),
    ...(tool?.plannable ? { plannable: true } : {}),
    sandboxed: tool !== undefined && (BUILTIN_NAMES.has(name) || sandboxedExtras.includes(name)),
    paths: registry.paths(name, input),
    phase,
  };
}

/**
 * The policy's view of the sandbox's pending changes. The sandbox stages only
 * changes to files that existed before the task, so by default every item but
 * `added` counts as existing; pass `existedBefore` when you know better.
 */
export function applyChangesAction(items: ChangeItem[], existedBefore?: (item: ChangeItem) => boolean): ApplyChangesAction {
  const staged: StagedChange[] = items.map((item) => ({
    kind: item.kind,
    path: item.path,
    ...(item.from !== undefined ? { from: item.from } : {}),
    existedBefore: existedBefore ? existedBefore(item) : item.kind !== 'added',
  }));
  return { kind: 'applyChanges', items: staged };
}
