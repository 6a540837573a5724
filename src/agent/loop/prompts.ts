// The words the agent is given: the system prompt (kept identical for the whole
// task so it stays cached), the first user message, and the notes the loop adds
// to user messages (plan decisions, refused changes, messages from the person).

import type Anthropic from '@anthropic-ai/sdk';
import { UNTRUSTED_CONTENT_RULE } from '../untrustedFence';

export interface SystemPromptInput {
  /** Folder name shown to the model; paths are always relative to it. */
  folderName: string;
  /** The skills catalog (names + one-line descriptions), rendered by src/agent/skills. */
  skillsCatalog?: string;
  /** Custom agents (names + descriptions), rendered by src/agent/customAgents. */
  agentsCatalog?: string;
}

export function systemPrompt(input: SystemPromptInput): Anthropic.TextBlockParam[] {
  const parts = [
    `You are Cowork, an agent that does desk work for a person inside their folder "${input.folderName}".`,
    'You work only through the tools you are given. Every tool runs in a sandbox that sees only this folder; ' +
      'paths are relative to the folder root. Changes to files that already existed are staged and the person ' +
      'approves them in batches; new files appear right away.',
    'Work carefully and finish the job: the task is done when the real files the person asked for exist in the folder. ' +
      'Prefer several independent read-only tool calls in one turn when you need to look at many things. ' +
      'Never delete or overwrite the person\'s files unless the task clearly asks for it. ' +
      'If something is ambiguous and guessing could lose work, ask the person with the ask_user tool.',
    UNTRUSTED_CONTENT_RULE,
    'When you are done, reply with a short summary of what you did and which files you created or changed.',
  ];
  // The catalog (src/agent/skills) carries its own heading and instructions.
  if (input.skillsCatalog && input.skillsCatalog.trim()) parts.push(input.skillsCatalog.trim());
  if (input.agentsCatalog && input.agentsCatalog.trim()) parts.push(input.agentsCatalog.trim());
  return [{ type: 'text', text: parts.join('\n\n') }];
}

export function firstUserMessage(prompt: string, planFirst: boolean): Anthropic.TextBlockParam[] {
  const blocks: Anthropic.TextBlockParam[] = [{ type: 'text', text: prompt }];
  if (planFirst) {
    blocks.push({
      type: 'text',
      text:
        '[Planning] Before changing anything, look around with the read-only tools you have, then call propose_plan ' +
        'with your approach and every file you will read, create, change or delete. The person reviews it; you get ' +
        'the other tools once it is approved.',
    });
  }
  return blocks;
}

export const PLAN_APPROVED_NOTE = 'The person approved the plan. Carry it out now; all tools are available.';
export const PLAN_NUDGE =
  '[Planning] Please call propose_plan with your approach before doing the work (or answer directly if no files need to change).';

export function planFeedbackNote(feedback: string): string {
  return `The person wants changes to the plan before approving it:\n${feedback}\nPropose a revised plan with propose_plan.`;
}

export function redirectNote(text: string): Anthropic.TextBlockParam {
  return { type: 'text', text: `[Message from the person while you were working]\n${text}` };
}

/** What became of staged changes whose files another task or the person had changed meanwhile. */
export function conflictsNote(lines: string[]): Anthropic.TextBlockParam {
  return { type: 'text', text: `[Approval] Some files you changed had been changed by someone else meanwhile:\n${lines.map((l) => `- ${l}`).join('\n')}` };
}

export function refusedChangesNote(paths: string[]): Anthropic.TextBlockParam {
  return {
    type: 'text',
    text:
      `[Approval] The person refused these staged changes and they were discarded; the files are as they were: ${paths.join(', ')}. ` +
      'Do not redo them; continue with the rest of the task or explain what you could not do.',
  };
}

export const CONTINUE_AFTER_MAX_TOKENS =
  '[Your previous reply was cut off at the output limit. Continue exactly where you stopped; if you were about to call a tool, call it now.]';
