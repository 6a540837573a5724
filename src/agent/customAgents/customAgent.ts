// A custom agent: a Markdown file the person (or their project) writes, with front
// matter naming it (name, description, tools, model, kind) and a body holding the
// instructions a sub-agent started as that agent receives. Only the name and the
// description reach the main agent's prompt; the body is read when it delegates.
// The file format matches `.claude/agents/*.md`, so Claude-style tool names
// (Read, Grep, Bash, ...) are understood as well as ours.

import { parseFrontmatter } from '../frontmatter';

export type AgentSource = 'project' | 'user';

export interface CustomAgent {
  name: string;
  /** One line offered to the main agent: when to use this agent. */
  description: string;
  /** Tool names the agent may use (ours); absent: the default set of its kind. */
  tools?: string[];
  /** A model id, or 'inherit' (the main agent's model) or 'small' (the task's small model). */
  model?: string;
  /** research: read and report; work: may change files. Default: work (the tool list, when given, decides). */
  kind: 'research' | 'work';
  /** The Markdown body: what the sub-agent is told before its brief. */
  instructions: string;
  file: string;
  source: AgentSource;
}

export type AgentFileResult = { ok: true; agent: CustomAgent } | { ok: false; message: string; line: number };

/** Same shape as a delegate task's name, so an agent's name can name its sub-agent too. */
export const AGENT_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_DESCRIPTION = 1_024;
const MAX_INSTRUCTIONS = 32_000;

/** Claude Code's tool names for agents, mapped to this product's tools. */
const CLAUDE_TOOL_NAMES: Record<string, string> = {
  Read: 'read_file',
  Write: 'write_file',
  Edit: 'edit_file',
  MultiEdit: 'edit_file',
  Glob: 'glob',
  Grep: 'grep',
  LS: 'list_files',
  Bash: 'run_command',
};

/** Parses one agent file. Never throws: a bad file is a message with a line number. */
export function parseAgentFile(text: string, file: string, source: AgentSource): AgentFileResult {
  const fm = parseFrontmatter(text);
  if (!fm.ok) return { ok: false, message: fm.message.replace('SKILL.md', 'An agent file'), line: fm.pos.line };
  const field = (key: string) => fm.entries.find((e) => e.key === key);
  const bad = (key: string, message: string) => ({ ok: false as const, message, line: field(key)?.keyPos.line ?? 1 });

  const name = field('name')?.value;
  if (typeof name !== 'string' || !AGENT_NAME.test(name)) {
    return bad('name', `"name" must be lower-case letters, digits and dashes (at most 64), e.g. "clause-reviewer"; got ${JSON.stringify(name ?? null)}`);
  }
  const rawDescription = field('description')?.value;
  if (typeof rawDescription !== 'string' || !rawDescription.trim()) return bad('description', '"description" is required: one line saying when to use this agent');
  const description = rawDescription.replace(/\s+/g, ' ').trim();
  if (description.length > MAX_DESCRIPTION) return bad('description', `"description" is ${description.length} characters; keep it under ${MAX_DESCRIPTION}`);

  const tools = toolList(field('tools')?.value);
  if (typeof tools === 'string') return bad('tools', tools);

  const model = field('model')?.value;
  if (model !== undefined && (typeof model !== 'string' || !model.trim())) return bad('model', '"model" must be a model id, "inherit" or "small"');

  const kind = field('kind')?.value ?? 'work';
  if (kind !== 'research' && kind !== 'work') return bad('kind', `"kind" must be "research" or "work"; got ${JSON.stringify(kind)}`);

  const instructions = fm.body.trim();
  if (!instructions) return { ok: false, message: 'the agent has no instructions: write them below the front matter', line: fm.bodyLine };
  if (instructions.length > MAX_INSTRUCTIONS) return { ok: false, message: `the instructions are ${instructions.length} characters; keep them under ${MAX_INSTRUCTIONS}`, line: fm.bodyLine };

  return {
    ok: true,
    agent: { name, description, ...(tools ? { tools } : {}), ...(typeof model === 'string' ? { model: model.trim() } : {}), kind, instructions, file, source },
  };
}

/** "Read, Grep" or a YAML list; Claude names become ours; duplicates dropped. */
function toolList(value: unknown): string[] | undefined | string {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || items.some((t) => typeof t !== 'string')) return '"tools" must be a comma-separated list or a YAML list of tool names';
  const names = (items as string[]).map((t) => t.trim()).filter(Boolean).map((t) => CLAUDE_TOOL_NAMES[t] ?? t);
  if (names.length === 0) return '"tools" is empty; leave it out to give the agent the default tools of its kind';
  return [...new Set(names)];
}
