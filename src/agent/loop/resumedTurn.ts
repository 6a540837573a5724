// After a reload: the last turn's delegate calls that had not finished (no result,
// or the result a cancel or an interruption left) are run again when the task
// resumes, so their children continue from what was kept of them
// (subAgentRecords.ts) instead of the parent being told "interrupted" and starting
// its sub-agents over. Every other call of that turn keeps the answer it had, or is
// answered as interrupted, as before.

import type Anthropic from '@anthropic-ai/sdk';
import { DELEGATE } from '../tools/delegate';
import type { Transcript } from './transcript';

export const INTERRUPTED_RESULT = 'Interrupted: the task was reloaded before this tool call finished. Check its effect and re-run it if needed.';

/** What the loop runs before its first model call after such a resume. */
export interface ResumedTurn {
  /** The last assistant message's blocks (its tool_use blocks are the turn's calls). */
  content: Anthropic.ContentBlockParam[];
  /** Results of the calls that are not run again. */
  answered: Map<string, Anthropic.ToolResultBlockParam>;
  /** Text that was in the user message after the turn (e.g. a note about discarded changes). */
  notes: Anthropic.TextBlockParam[];
}

/** Results that mean "this call did not get to finish". */
const UNFINISHED = /^(Cancelled by the person|Interrupted|Not run: the task stopped)/;

/**
 * Takes the last turn back out of the transcript when some of its delegate calls did not
 * finish, and returns it for the loop to complete; undefined (transcript untouched) otherwise.
 */
export function takeResumedTurn(transcript: Transcript): ResumedTurn | undefined {
  const messages = transcript.mutableMessages();
  let a = messages.length - 1;
  while (a >= 0 && messages[a].role !== 'assistant') a--;
  const after = messages.slice(a + 1);
  const assistant = messages[a];
  if (a < 0 || after.length > 1 || typeof assistant.content === 'string') return undefined;
  const blocks = typeof after[0]?.content === 'string' ? [{ type: 'text' as const, text: after[0].content }] : (after[0]?.content ?? []);
  const results = new Map(blocks.filter((b): b is Anthropic.ToolResultBlockParam => b.type === 'tool_result').map((b) => [b.tool_use_id, b]));
  const uses = assistant.content.filter((b): b is Anthropic.ToolUseBlockParam => b.type === 'tool_use');
  const rerun = uses.filter((u) => u.name === DELEGATE && (!results.has(u.id) || UNFINISHED.test(resultText(results.get(u.id)!))));
  if (rerun.length === 0) return undefined;
  const answered = new Map<string, Anthropic.ToolResultBlockParam>();
  for (const u of uses) {
    if (rerun.includes(u)) continue;
    answered.set(u.id, results.get(u.id) ?? { type: 'tool_result', tool_use_id: u.id, is_error: true, content: INTERRUPTED_RESULT });
  }
  messages.splice(a + 1);
  return { content: assistant.content, answered, notes: blocks.filter((b): b is Anthropic.TextBlockParam => b.type === 'text') };
}

function resultText(r: Anthropic.ToolResultBlockParam): string {
  if (typeof r.content === 'string') return r.content;
  return (r.content ?? []).map((b) => (b.type === 'text' ? b.text : '')).join('');
}
