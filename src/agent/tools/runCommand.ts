// run_command: a shell command inside the sandbox (bash, in the task folder).
// The guest sees only the folder, so this is where conversions, scripts and
// anything the file tools cannot do happen. Output is capped, head and tail kept.

import { watchCommand } from './commandChanges';
import { describeError, errorOutput } from './errors';
import { normalizeToolPath } from './paths';
import type { AgentTool, ToolOutput } from './tool';

export interface RunCommandInput {
  command: string;
  cwd?: string;
  timeout_seconds?: number;
}

export const COMMAND_DEFAULT_TIMEOUT_S = 120;
export const COMMAND_MAX_TIMEOUT_S = 600;
/** What the sandbox keeps of stdout+stderr. */
const CAPTURE_BYTES = 512 * 1024;
/** What the model sees of each stream. */
export const COMMAND_SHOWN_CHARS = 30_000;

/** Keep the beginning and the end, where errors and results usually are. */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.4);
  const tail = max - head;
  const dropped = text.length - head - tail;
  return `${text.slice(0, head)}\n…[${dropped} characters omitted]…\n${text.slice(text.length - tail)}`;
}

function oneLine(command: string): string {
  const first = command.split('\n')[0];
  const short = first.length > 80 ? first.slice(0, 77) + '...' : first;
  return command.includes('\n') ? short + ' …' : short;
}

export const runCommandTool: AgentTool<RunCommandInput> = {
  name: 'run_command',
  description:
    'Run a bash command in the sandbox, in the task folder (or cwd). Use it for conversions, scripts (python3, node) and ' +
    `inspection tools. Default timeout ${COMMAND_DEFAULT_TIMEOUT_S}s, at most ${COMMAND_MAX_TIMEOUT_S}s; long output is cut in the middle. ` +
    'There is no network. Files the command creates or changes are subject to the same review as the file tools. ' +
    '$HOME (~) is a scratch folder of this task outside the person\'s folder: put intermediate files there (read_file reads ~/ paths).',
  inputSchema: {
    type: 'object',
    properties: {
      command: { type: 'string', minLength: 1, description: 'The bash command line.' },
      cwd: { type: 'string', description: 'Working folder relative to the task folder. Default ".".' },
      timeout_seconds: { type: 'integer', minimum: 1, maximum: COMMAND_MAX_TIMEOUT_S, description: `Default ${COMMAND_DEFAULT_TIMEOUT_S}.` },
    },
    required: ['command'],
    additionalProperties: false,
  },
  readOnly: false,
  describe: (input) => `Run ${oneLine(input.command)}`,
  paths: (input) => [input.cwd ?? '.'],
  async run(input, ctx): Promise<ToolOutput> {
    const timeoutS = input.timeout_seconds ?? COMMAND_DEFAULT_TIMEOUT_S;
    const failed = `Could not run ${oneLine(input.command)}`;
    try {
      const cwd = input.cwd === undefined ? undefined : normalizeToolPath(input.cwd);
      const watch = await watchCommand(ctx.session, ctx.signal);
      const r = await ctx.session.exec(
        { command: input.command, cwd: cwd === '.' ? undefined : cwd, timeoutMs: timeoutS * 1000, maxOutputBytes: CAPTURE_BYTES },
        undefined,
        ctx.signal,
      );
      const parts: string[] = [];
      if (r.timedOut) parts.push(`The command was stopped after ${timeoutS}s (timeout). Raise timeout_seconds or do less per call.`);
      parts.push(r.exitCode !== null ? `Exit code: ${r.exitCode}` : `Killed by signal ${r.signal ?? 'unknown'}`);
      if (r.stdout) parts.push(`stdout:\n${clipMiddle(r.stdout, COMMAND_SHOWN_CHARS)}`);
      if (r.stderr) parts.push(`stderr:\n${clipMiddle(r.stderr, COMMAND_SHOWN_CHARS)}`);
      if (!r.stdout && !r.stderr) parts.push('(no output)');
      if (r.truncated) parts.push(`[Output beyond ${CAPTURE_BYTES / 1024} KB was dropped; redirect to a file and read it in parts if you need all of it.]`);
      const status = r.timedOut ? 'timed out' : r.exitCode === 0 ? 'ok' : r.exitCode !== null ? `exit ${r.exitCode}` : `killed (${r.signal})`;
      return {
        content: parts.join('\n'),
        isError: r.timedOut,
        summary: `Ran ${oneLine(input.command)} (${status}, ${(r.durationMs / 1000).toFixed(1)}s)`,
        files: await watch.end(),
        ...(r.stdout || r.stderr ? { untrusted: [{ kind: 'command' as const, label: oneLine(input.command) }] } : {}),
      };
    } catch (err) {
      return errorOutput(failed, describeError(err, input.cwd));
    }
  },
};
