// glob: find files by name pattern (e.g. "**/*.csv"), capped.

import * as posix from 'node:path/posix';
import { describeError, errorOutput } from './errors';
import { listingPath, normalizeToolPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface GlobInput {
  pattern: string;
  path?: string;
  limit?: number;
}

export const GLOB_DEFAULT_LIMIT = 500;

export const globTool: AgentTool<GlobInput> = {
  name: 'glob',
  description:
    'Find files whose path matches a glob pattern such as "**/*.pdf" or "invoices/2024-*.csv". ' +
    'Returns paths relative to the task folder, whether or not `path` narrows the search.',
  inputSchema: {
    type: 'object',
    properties: {
      pattern: { type: 'string', minLength: 1, description: 'Glob pattern; ** matches any number of folders.' },
      path: { type: 'string', description: 'Folder to search from, relative to the task folder. Default ".".' },
      limit: { type: 'integer', minimum: 1, maximum: 5000, description: `Maximum results. Default ${GLOB_DEFAULT_LIMIT}.` },
    },
    required: ['pattern'],
    additionalProperties: false,
  },
  readOnly: true,
  describe: (input) => `Find ${input.pattern}`,
  paths: (input) => [input.path ?? '.'],
  async run(input, ctx): Promise<ToolOutput> {
    const limit = input.limit ?? GLOB_DEFAULT_LIMIT;
    let cwd = input.path;
    try {
      cwd = cwd === undefined ? undefined : normalizeToolPath(cwd);
      const hits = await ctx.session.glob(input.pattern, { cwd: cwd === '.' ? undefined : cwd, limit: limit + 1 });
      const cut = hits.length > limit;
      // The sandbox answers relative to cwd; the model gets folder-relative paths it can pass on.
      const shown = hits.slice(0, limit).map((p) => listingPath(cwd && cwd !== '.' ? posix.join(cwd, p) : p));
      if (shown.length === 0) return { content: `No files match ${JSON.stringify(input.pattern)}.`, summary: `Found no ${input.pattern}`, files: [] };
      let text = shown.join('\n');
      if (cut) text += `\n[Only the first ${limit} matches are shown; use a narrower pattern.]`;
      return { content: text, summary: `Found ${shown.length}${cut ? '+' : ''} files for ${input.pattern}`, files: [], untrusted: [{ kind: 'file', label: `names matching ${input.pattern}` }] };
    } catch (err) {
      return errorOutput(`Could not search for ${input.pattern}`, describeError(err, cwd));
    }
  },
};
