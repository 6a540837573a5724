// list_files: what is in a folder, with sizes, a few levels deep. Capped so a
// folder with 100 000 files does not flood the context.

import { SandboxError, type DirEntry } from '../../sandbox/session';
import { describeError, errorOutput } from './errors';
import { formatBytes, listingPath, normalizeToolPath, showPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface ListFilesInput {
  path?: string;
  depth?: number;
  limit?: number;
}

export const LIST_DEFAULT_LIMIT = 500;

function line(e: DirEntry, base: string): string {
  const rel = base === '.' ? e.path : e.path.startsWith(base + '/') ? e.path.slice(base.length + 1) : e.path;
  const shown = listingPath(rel);
  if (e.type === 'dir') return `${shown}/`;
  if (e.type === 'symlink') return `${shown} -> (symlink)`;
  return `${shown}  (${formatBytes(e.size)})`;
}

export const listFilesTool: AgentTool<ListFilesInput> = {
  name: 'list_files',
  description:
    'List the files and folders in a folder of the task folder (default: its root), with sizes. ' +
    'depth 1 lists only direct children; up to 5 descends further.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Folder relative to the task folder. Default ".".' },
      depth: { type: 'integer', minimum: 1, maximum: 5, description: 'How many levels to descend. Default 1.' },
      limit: { type: 'integer', minimum: 1, maximum: 5000, description: `Maximum entries. Default ${LIST_DEFAULT_LIMIT}.` },
    },
    additionalProperties: false,
  },
  readOnly: true,
  describe: (input) => `List ${showPath(input.path ?? '.')}`,
  paths: (input) => [input.path ?? '.'],
  async run(input, ctx): Promise<ToolOutput> {
    let path = input.path ?? '.';
    const limit = input.limit ?? LIST_DEFAULT_LIMIT;
    try {
      path = normalizeToolPath(path);
      const entries = await ctx.session.list(path, { depth: input.depth ?? 1, limit: limit + 1 });
      const cut = entries.length > limit;
      const shown = entries.slice(0, limit);
      if (shown.length === 0) return { content: `${showPath(path)} is empty.`, summary: `Listed ${showPath(path)} (empty)`, files: [] };
      let text = shown.map((e) => line(e, path)).join('\n');
      if (cut) text += `\n[Only the first ${limit} entries are shown. List a subfolder, lower depth, or use glob to narrow down.]`;
      // File names are untrusted too (a name can carry an instruction): the listing goes on the trail.
      return { content: text, summary: `Listed ${showPath(path)} (${shown.length}${cut ? '+' : ''} entries)`, files: [], untrusted: [{ kind: 'file', label: `names in ${path}` }] };
    } catch (err) {
      if (err instanceof SandboxError && err.code === 'ENOTDIR') {
        return errorOutput(`Could not list ${showPath(path)}`, `${showPath(path)} is a file, not a folder. Use read_file to read it.`);
      }
      return errorOutput(`Could not list ${showPath(path)}`, describeError(err, path));
    }
  },
};
