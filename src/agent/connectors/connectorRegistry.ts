// The task's tool registry when connectors are in play: the built-ins and other
// extras, then the connectors' tools, rebuilt whenever a server's tool list
// changes (the loop asks for definitions before every request, so a change
// reaches the model at the next turn). With more than a handful of connector
// tools, only a catalog (names and one line each) is sent at first, inside the
// load_connector_tools description; the model loads the schemas it needs, the
// same progressive disclosure as skills.

import type Anthropic from '@anthropic-ai/sdk';
import { createToolRegistry, type ToolRegistry } from '../tools/registry';
import type { AgentTool, AnyAgentTool, ToolOutput } from '../tools/tool';
import type { ConnectorSet } from './connectorSet';
import type { ConnectorToolInfo } from './connectorTool';
import { createResourceTools } from './resourceTools';

export const LOAD_TOOLS_NAME = 'load_connector_tools';
/** Up to this many connector tools are sent in full; above it, the catalog. */
export const DEFAULT_CATALOG_ABOVE = 8;

export interface ConnectorRegistryOptions {
  catalogAbove?: number;
}

export interface ConnectorRegistry extends ToolRegistry {
  /** Whether the first request carries the catalog instead of every schema. */
  catalogMode(): boolean;
  /** Connector tools whose schemas the model has loaded (catalog mode). */
  loaded(): string[];
}

export function createConnectorRegistry(base: readonly AnyAgentTool[], set: ConnectorSet, opts: ConnectorRegistryOptions = {}): ConnectorRegistry {
  const catalogAbove = opts.catalogAbove ?? DEFAULT_CATALOG_ABOVE;
  const loaded = new Set<string>();
  let builtFor = -1;
  let loadedCount = -1;
  let inner: ToolRegistry = createToolRegistry(base);
  let hidden = new Set<string>();
  let catalog = false;

  const current = (): ToolRegistry => {
    if (builtFor === set.version && loadedCount === loaded.size) return inner;
    const tools = set.tools();
    catalog = tools.length > catalogAbove;
    const helpers: AnyAgentTool[] = [...createResourceTools(set)];
    if (catalog) helpers.push(loadTool(tools, loaded) as AnyAgentTool);
    inner = createToolRegistry([...base, ...helpers, ...(tools.map((t) => t.tool) as AnyAgentTool[])]);
    hidden = new Set(catalog ? tools.filter((t) => !loaded.has(t.name)).map((t) => t.name) : []);
    builtFor = set.version;
    loadedCount = loaded.size;
    return inner;
  };
  const visible = (defs: Anthropic.Tool[]) => defs.filter((d) => !hidden.has(d.name));

  return {
    definitions: () => visible(current().definitions()),
    readOnlyDefinitions: () => visible(current().readOnlyDefinitions()),
    get: (name) => current().get(name),
    names: () => current().names(),
    tools: () => current().tools(),
    validate: (name, input) => current().validate(name, input),
    describe: (name, input) => current().describe(name, input),
    paths: (name, input) => current().paths(name, input),
    run: (name, input, ctx) => current().run(name, input, ctx),
    catalogMode: () => (current(), catalog),
    loaded: () => [...loaded],
  };
}

type LoadInput = { names: string[] };

/** The catalog tool: its description lists every connector tool; calling it makes the named ones available. */
function loadTool(tools: readonly ConnectorToolInfo[], loaded: Set<string>): AgentTool<LoadInput> {
  const lines = tools.map((t) => `- ${t.name}: ${t.description}${t.readOnly ? ' (read-only)' : ''}`);
  return {
    name: LOAD_TOOLS_NAME,
    description:
      'Connector tools (services outside the sandbox) available to this task. Their schemas are not loaded yet: ' +
      'call this tool with the names you need, and they become callable from your next step.\n' +
      lines.join('\n'),
    inputSchema: {
      type: 'object',
      properties: { names: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 30, description: 'Tool names from the list above.' } },
      required: ['names'],
      additionalProperties: false,
    },
    readOnly: true,
    describe: (input) => `Load connector tools ${input.names.join(', ')}`,
    async run(input): Promise<ToolOutput> {
      const known = new Map(tools.map((t) => [t.name, t]));
      const unknown = input.names.filter((n) => !known.has(n));
      const found = input.names.filter((n) => known.has(n));
      for (const n of found) loaded.add(n);
      const parts: string[] = [];
      if (found.length > 0) parts.push(`Loaded ${found.join(', ')}. Call them directly from your next step; their schemas are in your tool list now.`);
      if (unknown.length > 0) parts.push(`Unknown: ${unknown.join(', ')}. Use names exactly as listed in ${LOAD_TOOLS_NAME}'s description.`);
      return { content: parts.join('\n'), ...(found.length === 0 ? { isError: true } : {}), summary: `Loaded ${found.length} connector tool(s)`, files: [] };
    },
  };
}
