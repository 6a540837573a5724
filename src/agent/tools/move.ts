// move: rename or move a file or folder inside the task folder. Moving a file
// that existed before the task is staged until approved, like any change to it.

import { describeError, errorOutput } from './errors';
import { normalizeToolPath, showPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface MoveInput {
  from: string;
  to: string;
}

export const moveTool: AgentTool<MoveInput> = {
  name: 'move',
  description: 'Move or rename a file or folder. Fails if the destination already exists. Parent folders of the destination are created.',
  inputSchema: {
    type: 'object',
    properties: {
      from: { type: 'string', minLength: 1, description: 'Current path, relative to the task folder.' },
      to: { type: 'string', minLength: 1, description: 'New path, relative to the task folder.' },
    },
    required: ['from', 'to'],
    additionalProperties: false,
  },
  readOnly: false,
  describe: (input) => `Move ${showPath(input.from)} → ${showPath(input.to)}`,
  paths: (input) => [input.from, input.to],
  async run(input, ctx): Promise<ToolOutput> {
    let from = input.from;
    let to = input.to;
    const failed = `Could not move ${showPath(input.from)}`;
    try {
      from = normalizeToolPath(input.from);
      to = normalizeToolPath(input.to);
    } catch (err) {
      return errorOutput(failed, describeError(err));
    }
    if (from === to) return errorOutput(failed, 'from and to are the same path; nothing to move.');
    if (from === '.') return errorOutput(failed, 'The task folder itself cannot be moved.');
    try {
      await ctx.session.move(from, to);
      return {
        content: `Moved ${showPath(from)} to ${showPath(to)}.`,
        summary: `Moved ${showPath(from)} → ${showPath(to)}`,
        files: [{ path: from, action: 'moved', to }],
      };
    } catch (err) {
      // EEXIST is about the destination; everything else about the source.
      const about = err instanceof Error && 'code' in err && (err as { code: string }).code === 'EEXIST' ? to : from;
      return errorOutput(failed, describeError(err, about));
    }
  },
};
