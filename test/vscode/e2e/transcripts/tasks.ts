// Person-in-the-loop scenario. Task 1 looks around, proposes a plan, reads two notes
// (streaming slowly enough to watch), asks a question, then writes a summary and deletes
// an old draft: the deletion is staged until the person approves the batch. Task 2 asks a
// question and is cancelled while it waits. Tool names and inputs are the agent's real
// ones (src/agent/tools, src/agent/loop/planTool.ts).

import type { Transcript } from '../../../model-server';

/** The workspace the scenario starts from. */
export const TASKS_FILES: Record<string, string> = {
  'notes/meeting-05-02.md': '# Standup 2 May\n\n- Ana: invoices sent\n- Ben: fix the printer (action)\n',
  'notes/meeting-05-09.md': '# Standup 9 May\n\n- Ana: quarterly numbers (action)\n- Ben: printer fixed\n',
  'old-draft.txt': 'an obsolete draft that the plan deletes\n',
};

/** The suggestion the person picks, and a phrase of the prompt it fills in (webview/suggestions.ts). */
export const SUGGESTION = 'Prep for the day';
export const SUGGESTION_PROMPT_PART = 'write today.md';

export const PLAN_SUMMARY = 'Write today.md from last week\'s meeting notes, and delete the obsolete old-draft.txt.';
/** Sent from the redirect box while the agent works; the model must see it in a later request. */
export const REDIRECT = 'Also mention that the printer is fixed.';
export const QUESTION = 'Should today.md list the action items first or last?';
export const ANSWER = 'First';
export const SUMMARY_FILE = 'today.md';
export const DELETED_FILE = 'old-draft.txt';
export const SUMMARY_CONTENT = '# Today\n\n## Action items\n- Ana: quarterly numbers\n- Ben: printer (fixed 9 May, nothing to do)\n\n## Follow up\n- Were the invoices paid?\n';
export const TASK1_DONE = 'Done: today.md is written and old-draft.txt is deleted.';

/** Slow enough that the timeline visibly fills in while the reply streams (~1.5 s). */
// About 4 s of streaming: long enough that a sampler on a loaded machine sees it half-written.
const streaming = { eventDelayMs: 150, textChunkSize: 4 };
export const STREAMED_START = 'Thanks for approving.';
export const STREAMED_END = 'so you can follow along.';

export function task1Transcript(): Transcript {
  return {
    name: 'e2e-task1-person-in-the-loop',
    turns: [
      {
        label: 'look around',
        match: { lastUserText: SUGGESTION_PROMPT_PART },
        reply: {
          ...streaming,
          content: [
            { type: 'text', text: 'I will look at what is in your folder first.' },
            { type: 'tool_use', id: 'toolu_list', name: 'list_files', input: { path: '.', depth: 2 } },
          ],
        },
      },
      {
        label: 'propose the plan',
        match: { toolResultFor: 'toolu_list', toolResultIncludes: 'old-draft.txt' },
        reply: {
          content: [
            {
              type: 'tool_use',
              id: 'toolu_plan',
              name: 'propose_plan',
              input: {
                summary: PLAN_SUMMARY,
                steps: ['Read both meeting notes', 'Ask how to order the list', 'Write today.md', 'Delete old-draft.txt'],
                reads: ['notes/meeting-05-02.md', 'notes/meeting-05-09.md'],
                creates: [SUMMARY_FILE],
                changes: [],
                deletes: [DELETED_FILE],
              },
            },
          ],
        },
      },
      {
        label: 'read the notes (plan approved)',
        match: { toolResultFor: 'toolu_plan', toolResultIncludes: 'approved' },
        reply: {
          ...streaming,
          content: [
            { type: 'text', text: `${STREAMED_START} Reading both meeting notes now, one after the other, ${STREAMED_END}` },
            { type: 'tool_use', id: 'toolu_read1', name: 'read_file', input: { path: 'notes/meeting-05-02.md' } },
            { type: 'tool_use', id: 'toolu_read2', name: 'read_file', input: { path: 'notes/meeting-05-09.md' } },
          ],
        },
      },
      {
        label: 'ask a question',
        match: { toolResultFor: ['toolu_read1', 'toolu_read2'], toolResultIncludes: 'printer' },
        reply: {
          // "Thinking" for a while: the task is running, so the person can send a redirect.
          // Generous: the test sends it only after sampling the stream and the Tasks tree,
          // which on a loaded machine takes seconds; once the question is up the box is gone.
          initialDelayMs: 15_000,
          content: [{ type: 'tool_use', id: 'toolu_ask', name: 'ask_user', input: { question: QUESTION, choices: ['First', 'Last'] } }],
        },
      },
      {
        label: 'write and delete',
        match: { toolResultFor: 'toolu_ask', toolResultIncludes: ANSWER },
        reply: {
          content: [
            { type: 'text', text: 'Action items first, then. Writing today.md and removing the old draft.' },
            { type: 'tool_use', id: 'toolu_write', name: 'write_file', input: { path: SUMMARY_FILE, content: SUMMARY_CONTENT } },
            { type: 'tool_use', id: 'toolu_delete', name: 'delete', input: { path: DELETED_FILE } },
          ],
        },
      },
      {
        label: 'finish',
        match: { toolResultFor: ['toolu_write', 'toolu_delete'] },
        reply: { content: [{ type: 'text', text: TASK1_DONE }], stop_reason: 'end_turn' },
      },
    ],
  };
}

export const TASK2_PROMPT = 'Tidy up my downloads folder (this one gets cancelled)';
export const TASK2_QUESTION = 'Which downloads are safe to archive?';

export function task2Transcript(): Transcript {
  return {
    name: 'e2e-task2-cancelled',
    turns: [
      {
        label: 'ask, then get cancelled',
        match: { lastUserText: TASK2_PROMPT },
        reply: { content: [{ type: 'tool_use', id: 'toolu_ask2', name: 'ask_user', input: { question: TASK2_QUESTION } }] },
      },
    ],
  };
}
