// write_file: create a file or replace one wholesale. New files appear in the
// folder at once; replacing a file that existed before the task is staged by the
// sandbox until the person approves it.

import { SandboxError } from '../../sandbox/session';
import { describeError, errorOutput } from './errors';
import { formatBytes, normalizeToolPath, showPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface WriteFileInput {
  path: string;
  content: string;
}

async function existingType(session: Parameters<AgentTool['run']>[1]['session'], path: string): Promise<'file' | 'dir' | 'none' | 'other'> {
  try {
    const st = await session.stat(path);
    return st.type === 'dir' ? 'dir' : st.type === 'file' ? 'file' : 'other';
  } catch (err) {
    if (err instanceof SandboxError && err.code === 'ENOENT') return 'none';
    throw err;
  }
}

export const writeFileTool: AgentTool<WriteFileInput> = {
  name: 'write_file',
  description:
    'Create a text file, or replace the whole content of an existing one. Parent folders are created as needed. ' +
    'Prefer edit_file for small changes to an existing file. Paths are relative to the task folder.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1, description: 'File path relative to the task folder.' },
      content: { type: 'string', description: 'The complete new content of the file.' },
    },
    required: ['path', 'content'],
    additionalProperties: false,
  },
  readOnly: false,
  describe: (input) => `Write ${showPath(input.path)}`,
  paths: (input) => [input.path],
  async run(input, ctx): Promise<ToolOutput> {
    let path = input.path;
    try {
      path = normalizeToolPath(input.path);
      const before = await existingType(ctx.session, path);
      if (before === 'dir') return errorOutput(`Cannot write ${showPath(path)}`, `${showPath(path)} is a directory; choose a file name inside it.`);
      await ctx.session.writeFile(path, input.content);
      const size = formatBytes(Buffer.byteLength(input.content, 'utf8'));
      const lines = input.content === '' ? 0 : input.content.split('\n').length;
      if (before === 'none') {
        return {
          content: `Created ${showPath(path)} (${lines} lines, ${size}).`,
          summary: `Created ${showPath(path)} (${size})`,
          files: [{ path, action: 'created' }],
        };
      }
      return {
        content: `Replaced the content of ${showPath(path)} (${lines} lines, ${size}).`,
        summary: `Rewrote ${showPath(path)} (${size})`,
        files: [{ path, action: 'modified' }],
      };
    } catch (err) {
      return errorOutput(`Could not write ${showPath(path)}`, describeError(err, path));
    }
  },
};
