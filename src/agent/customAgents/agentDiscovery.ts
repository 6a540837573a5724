// Finds custom agents: *.md files in .cowork/agents and .claude/agents under the
// task's folder (only when the workspace is trusted: a cloned repository must not
// be able to hand the agent new instructions) and under the person's home folder.
// Project agents override the person's of the same name; every collision and every
// unreadable or malformed file is reported, none stops the task.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAgentFile, type AgentSource, type CustomAgent } from './customAgent';

/** Agent folders under the folder and under home, highest precedence first. */
export const AGENT_FOLDERS = ['.cowork/agents', '.claude/agents'] as const;

const MAX_AGENTS = 50;
const MAX_FILE_BYTES = 256 * 1024;

export interface AgentDiscoveryOptions {
  homeDir?: string;
  folders?: readonly string[];
  trusted: boolean;
}

export interface AgentProblem {
  file: string;
  line: number;
  message: string;
}

export interface AgentDiscovery {
  agents: CustomAgent[];
  problems: AgentProblem[];
}

export async function discoverAgents(opts: AgentDiscoveryOptions): Promise<AgentDiscovery> {
  const problems: AgentProblem[] = [];
  const roots: { dir: string; source: AgentSource }[] = [];
  for (const folder of opts.folders ?? []) {
    for (const f of AGENT_FOLDERS) {
      const dir = join(folder, f);
      if (opts.trusted) roots.push({ dir, source: 'project' });
      else if (await isDir(dir)) problems.push({ file: dir, line: 1, message: `Project agents in ${dir} are not loaded: the workspace is not trusted.` });
    }
  }
  if (opts.homeDir) for (const f of AGENT_FOLDERS) roots.push({ dir: join(opts.homeDir, f), source: 'user' });

  const winners = new Map<string, CustomAgent>();
  let loaded = 0;
  for (const root of roots) {
    for (const file of await agentFiles(root.dir)) {
      if (loaded >= MAX_AGENTS) {
        problems.push({ file, line: 1, message: `Only the first ${MAX_AGENTS} agents are loaded; ${file} and the rest are ignored.` });
        return { agents: sorted(winners), problems };
      }
      const text = await readAgentText(file);
      if (typeof text !== 'string') {
        problems.push({ file, line: 1, message: `Agent not loaded: ${text.error}.` });
        continue;
      }
      const parsed = parseAgentFile(text, file, root.source);
      if (!parsed.ok) {
        problems.push({ file, line: parsed.line, message: `Agent not loaded: ${parsed.message}.` });
        continue;
      }
      loaded++;
      const winner = winners.get(parsed.agent.name);
      if (winner) problems.push({ file, line: 1, message: `Agent "${parsed.agent.name}" is not used: ${winner.file} has the same name and comes first.` });
      else winners.set(parsed.agent.name, parsed.agent);
    }
  }
  return { agents: sorted(winners), problems };
}

function sorted(winners: Map<string, CustomAgent>): CustomAgent[] {
  return [...winners.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The folder's *.md files in name order; a missing folder has none. */
async function agentFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => !e.isDirectory() && e.name.toLowerCase().endsWith('.md') && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

async function readAgentText(file: string): Promise<string | { error: string }> {
  try {
    const st = await stat(file);
    if (!st.isFile()) return { error: 'not a file' };
    if (st.size > MAX_FILE_BYTES) return { error: `the file is ${st.size} bytes (at most ${MAX_FILE_BYTES})` };
    return await readFile(file, 'utf8');
  } catch (err) {
    return { error: `the file could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
