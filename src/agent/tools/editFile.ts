// edit_file: exact string replacement. The model must quote the text it wants to
// change; when that text is absent or ambiguous the call fails with the count so
// the model can add context instead of guessing.

import { SandboxError } from '../../sandbox/session';
import { describeError, errorOutput } from './errors';
import { normalizeToolPath, showPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface EditFileInput {
  path: string;
  old_string: string;
  new_string: string;
  replace_all?: boolean;
}

/** Non-overlapping occurrences, counted the way a replacement would see them. */
export function countOccurrences(text: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) count++;
  return count;
}

function notFoundHint(text: string, needle: string): string {
  const trimmed = needle.trim();
  if (trimmed !== needle && trimmed !== '' && text.includes(trimmed)) {
    return ' The text does occur without its leading/trailing whitespace; copy the exact characters from read_file.';
  }
  if (text.toLowerCase().includes(needle.toLowerCase())) return ' A match differing only in letter case exists; the match is case-sensitive.';
  return ' Read the file again with read_file and copy the exact text (without the line-number prefixes).';
}

export const editFileTool: AgentTool<EditFileInput> = {
  name: 'edit_file',
  description:
    'Replace an exact piece of text in a file with new text. old_string must match the file exactly (including whitespace) ' +
    'and, unless replace_all is true, occur exactly once; include surrounding lines to make it unique.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1, description: 'File path relative to the task folder.' },
      old_string: { type: 'string', minLength: 1, description: 'The exact text to replace.' },
      new_string: { type: 'string', description: 'The text to put in its place.' },
      replace_all: { type: 'boolean', description: 'Replace every occurrence instead of requiring exactly one. Default false.' },
    },
    required: ['path', 'old_string', 'new_string'],
    additionalProperties: false,
  },
  readOnly: false,
  describe: (input) => `Edit ${showPath(input.path)}`,
  paths: (input) => [input.path],
  async run(input, ctx): Promise<ToolOutput> {
    let path = input.path;
    const failed = `Could not edit ${showPath(input.path)}`;
    if (input.old_string === input.new_string) return errorOutput(failed, 'old_string and new_string are identical; there is nothing to change.');
    try {
      path = normalizeToolPath(input.path);
      // Count first so the error can say how many matches there are.
      let count: number | undefined;
      let text: string | undefined;
      try {
        const r = await ctx.session.readFile(path);
        if (r.binary) return errorOutput(failed, `${showPath(path)} is a binary file; edit_file only changes text files.`);
        // A read cut short by the sandbox's size limit would miscount; the sandbox then counts.
        if (!r.truncated) {
          text = r.data;
          count = countOccurrences(text, input.old_string);
        }
      } catch (err) {
        // Too big to read whole: let the sandbox do the counting.
        if (!(err instanceof SandboxError && err.code === 'ETOOBIG')) throw err;
      }
      if (count === 0 && text !== undefined) {
        return errorOutput(failed, `old_string was not found in ${showPath(path)} (0 occurrences).${notFoundHint(text, input.old_string)}`, [{ path, action: 'read' }]);
      }
      if (count !== undefined && count > 1 && !input.replace_all) {
        return errorOutput(
          failed,
          `old_string occurs ${count} times in ${showPath(path)}; it must be unique. Include more surrounding text, or set replace_all to true to change all ${count}.`,
          [{ path, action: 'read' }],
        );
      }
      const { replacements } = await ctx.session.editFile(path, input.old_string, input.new_string, input.replace_all ?? false);
      const what = replacements === 1 ? '1 replacement' : `${replacements} replacements`;
      return {
        content: `Edited ${showPath(path)}: ${what}.`,
        summary: `Edited ${showPath(path)} (${what})`,
        files: [{ path, action: 'modified' }],
      };
    } catch (err) {
      if (err instanceof SandboxError && err.code === 'ENOMATCH') return errorOutput(failed, `old_string was not found in ${showPath(path)} (0 occurrences).`);
      if (err instanceof SandboxError && err.code === 'ENOTUNIQUE') {
        const n = /(\d+) times/.exec(err.message)?.[1];
        return errorOutput(failed, `old_string occurs ${n ? `${n} times` : 'more than once'} in ${showPath(path)}; it must be unique. Include more surrounding text, or set replace_all to true.`);
      }
      return errorOutput(failed, describeError(err, path));
    }
  },
};
