// The set of tools the agent offers the model. Definitions come out in a fixed
// order (built-ins first, then extras as given) so the tools part of the prompt
// stays byte-identical between turns and prompt caching keeps working. `run`
// validates the input and turns every failure into an is_error result: it never
// throws, so one bad call cannot break the loop.

import type Anthropic from '@anthropic-ai/sdk';
import { askUserTool } from './askUser';
import { deleteTool } from './delete';
import { editFileTool } from './editFile';
import { describeError, errorOutput } from './errors';
import { globTool } from './glob';
import { grepTool } from './grep';
import { listFilesTool } from './listFiles';
import { moveTool } from './move';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import type { AgentTool, AnyAgentTool, ToolContext, ToolOutput } from './tool';
import { InputValidator, type InputCheck } from './validate';
import { writeFileTool } from './writeFile';

/** The built-in tools, in the order the model sees them. */
export const BUILTIN_TOOLS: readonly AnyAgentTool[] = [
  readFileTool,
  listFilesTool,
  globTool,
  grepTool,
  writeFileTool,
  editFileTool,
  moveTool,
  deleteTool,
  runCommandTool,
  askUserTool,
];

export interface ToolRegistry {
  /** Anthropic tool params for every tool, in a stable order. */
  definitions(): Anthropic.Tool[];
  /** Only the read-only tools (and the plannable ones, which stay read-only then): what the model gets while planning. */
  readOnlyDefinitions(): Anthropic.Tool[];
  get(name: string): AgentTool | undefined;
  names(): string[];
  /** The tools themselves, in definition order (e.g. to build a name → tool map). */
  tools(): AgentTool[];
  /** Schema check only. */
  validate(name: string, input: unknown): InputCheck;
  /** The one-line description of a call, or the tool name when the input is bad. */
  describe(name: string, input: unknown): string;
  /** The paths a call involves (for the approval policy); [] when unknown. */
  paths(name: string, input: unknown): string[];
  /** Validate and run. Never throws. */
  run(name: string, input: unknown, ctx: ToolContext): Promise<ToolOutput>;
}

function toDefinition(tool: AgentTool): Anthropic.Tool {
  return { name: tool.name, description: tool.description, input_schema: tool.inputSchema };
}

/** The built-ins followed by `extra`; `builtins` is replaceable for benchmarks that measure one tool alone. */
export function createToolRegistry(extra: readonly AnyAgentTool[] = [], builtins: readonly AnyAgentTool[] = BUILTIN_TOOLS): ToolRegistry {
  // Each tool is typed with its own input; the registry holds them under the general
  // type and guarantees, by validating first, that a tool only ever receives input
  // matching its schema. This is the one place that cast is made.
  const tools = [...builtins, ...extra] as readonly AgentTool[];
  const byName = new Map<string, AgentTool>();
  const validator = new InputValidator();
  for (const tool of tools) {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) throw new Error(`Invalid tool name ${JSON.stringify(tool.name)}`);
    if (byName.has(tool.name)) throw new Error(`Two tools are named ${tool.name}`);
    byName.set(tool.name, tool);
    validator.add(tool.name, tool.inputSchema);
  }
  const all = tools.map(toDefinition);
  const readOnly = tools.filter((t) => t.readOnly || t.plannable).map(toDefinition);

  const registry: ToolRegistry = {
    definitions: () => all.map((d) => ({ ...d })),
    readOnlyDefinitions: () => readOnly.map((d) => ({ ...d })),
    get: (name) => byName.get(name),
    names: () => tools.map((t) => t.name),
    tools: () => [...tools],
    validate(name, input) {
      if (!byName.has(name)) return { ok: false, message: `Unknown tool "${name}". Available tools: ${registry.names().join(', ')}.` };
      return validator.check(name, input);
    },
    describe(name, input) {
      const tool = byName.get(name);
      if (!tool || !validator.check(name, input).ok) return name;
      try {
        return tool.describe(input as Record<string, unknown>);
      } catch {
        return name;
      }
    },
    paths(name, input) {
      const tool = byName.get(name);
      if (!tool?.paths || !validator.check(name, input).ok) return [];
      try {
        return tool.paths(input as Record<string, unknown>);
      } catch {
        return [];
      }
    },
    async run(name, input, ctx) {
      const check = registry.validate(name, input);
      if (!check.ok) return errorOutput(`Invalid call to ${name}`, check.message);
      if (ctx.signal.aborted) return errorOutput(`${name} cancelled`, 'Cancelled: the task was stopped.');
      const tool = byName.get(name) as AgentTool;
      try {
        const out = await tool.run(input as Record<string, unknown>, ctx);
        return { ...out, files: Array.isArray(out.files) ? out.files : [] };
      } catch (err) {
        return errorOutput(`${name} failed`, describeError(err));
      }
    },
  };
  return registry;
}
