// grep: search file contents with a regular expression; matches come back as
// path:line: text, with long lines and the number of matches capped.

import { describeError, errorOutput } from './errors';
import { fenceFile } from './fileFence';
import { listingPath, normalizeToolPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface GrepInput {
  pattern: string;
  path?: string;
  glob?: string;
  ignore_case?: boolean;
  limit?: number;
}

export const GREP_DEFAULT_LIMIT = 200;
const MAX_LINE_CHARS = 300;

export const grepTool: AgentTool<GrepInput> = {
  name: 'grep',
  description:
    'Search the text of files for a regular expression (JavaScript syntax). Binary files are skipped. ' +
    'Narrow with `path` (a folder or file) and `glob` (e.g. "*.md").',
  inputSchema: {
    type: 'object',
    properties: {
      pattern: { type: 'string', minLength: 1, description: 'Regular expression to search for.' },
      path: { type: 'string', description: 'Folder or file to search, relative to the task folder. Default ".".' },
      glob: { type: 'string', description: 'Only search files whose name matches this glob, e.g. "*.txt".' },
      ignore_case: { type: 'boolean', description: 'Case-insensitive search. Default false.' },
      limit: { type: 'integer', minimum: 1, maximum: 2000, description: `Maximum matches. Default ${GREP_DEFAULT_LIMIT}.` },
    },
    required: ['pattern'],
    additionalProperties: false,
  },
  readOnly: true,
  describe: (input) => `Search for /${input.pattern}/`,
  paths: (input) => [input.path ?? '.'],
  async run(input, ctx): Promise<ToolOutput> {
    const failed = `Could not search for /${input.pattern}/`;
    try {
      new RegExp(input.pattern);
    } catch (err) {
      return errorOutput(failed, `pattern is not a valid regular expression: ${(err as Error).message}. Escape special characters such as ( [ . * with a backslash.`);
    }
    const limit = input.limit ?? GREP_DEFAULT_LIMIT;
    let path = input.path;
    try {
      path = path === undefined ? undefined : normalizeToolPath(path);
      const matches = await ctx.session.grep(input.pattern, {
        path: path === '.' ? undefined : path,
        glob: input.glob,
        ignoreCase: input.ignore_case ?? false,
        limit: limit + 1,
      });
      const cut = matches.length > limit;
      const shown = matches.slice(0, limit);
      if (shown.length === 0) return { content: `No matches for /${input.pattern}/.`, summary: `No matches for /${input.pattern}/`, files: [] };
      const lines = shown.map((m) => {
        const text = m.text.length > MAX_LINE_CHARS ? m.text.slice(0, MAX_LINE_CHARS) + ' …[line cut]' : m.text;
        const p = listingPath(m.path);
        return `${p}:${m.line}: ${text}`;
      });
      // The matching lines are file content: fenced like a read (fileFence.ts), the note after the fence.
      const fenced = [fenceFile(path ?? '.', lines.join('\n'))];
      if (cut) fenced.push(`[Only the first ${limit} matches are shown; narrow the pattern, path or glob.]`);
      // listingPath only quotes names with control characters, so it never merges two distinct paths.
      const paths = [...new Set(shown.map((m) => m.path))];
      return {
        content: fenced.join('\n'),
        summary: `Found ${shown.length}${cut ? '+' : ''} matches in ${paths.length} files for /${input.pattern}/`,
        files: paths.map((p) => ({ path: p, action: 'read' as const })),
        untrusted: paths.map((p) => ({ kind: 'file' as const, label: listingPath(p) })),
      };
    } catch (err) {
      return errorOutput(failed, describeError(err, path ?? '.'));
    }
  },
};
