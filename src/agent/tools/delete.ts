// delete: remove a file, or a folder with recursive=true. Deleting something
// that existed before the task is staged and asked about before it is applied.

import { describeError, errorOutput } from './errors';
import { normalizeToolPath, showPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface DeleteInput {
  path: string;
  recursive?: boolean;
}

export const deleteTool: AgentTool<DeleteInput> = {
  name: 'delete',
  description: 'Delete a file, or a folder and everything in it when recursive is true.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1, description: 'Path relative to the task folder.' },
      recursive: { type: 'boolean', description: 'Required to delete a folder. Default false.' },
    },
    required: ['path'],
    additionalProperties: false,
  },
  readOnly: false,
  describe: (input) => `Delete ${showPath(input.path)}`,
  paths: (input) => [input.path],
  async run(input, ctx): Promise<ToolOutput> {
    let path = input.path;
    const failed = `Could not delete ${showPath(input.path)}`;
    try {
      path = normalizeToolPath(input.path);
      if (path === '.') return errorOutput(failed, 'The task folder itself cannot be deleted; delete the files inside it instead.');
      const st = await ctx.session.stat(path);
      if (st.type === 'dir' && !input.recursive) {
        return errorOutput(failed, `${showPath(path)} is a folder; set recursive to true to delete it and everything in it.`);
      }
      await ctx.session.delete(path, { recursive: st.type === 'dir' });
      const what = st.type === 'dir' ? 'folder' : 'file';
      return { content: `Deleted ${what} ${showPath(path)}.`, summary: `Deleted ${showPath(path)}`, files: [{ path, action: 'deleted' }] };
    } catch (err) {
      return errorOutput(failed, describeError(err, path));
    }
  },
};
