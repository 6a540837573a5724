// Foundation scenario: one prompt, a direct answer with no tools. With plan-first on
// (the default) the loop nudges once for a plan; the model answers directly again and
// the task ends. The matches make the server refuse (and record a failure) unless the
// prompt, then the nudge, arrived.

import type { Transcript } from '../../../model-server';
import { PLAN_NUDGE } from '../../../../src/agent/loop/prompts';

export const FOUNDATION_PROMPT = 'Say hello to the e2e suite (foundation scenario)';
export const FOUNDATION_REPLY = 'Hello from the scripted model server. Nothing in your folder needs to change.';

export const foundationTranscript: Transcript = {
  name: 'e2e-foundation',
  description: 'A direct answer: no plan, no tools.',
  turns: [
    {
      label: 'direct answer',
      match: { lastUserText: FOUNDATION_PROMPT },
      reply: { content: [{ type: 'text', text: FOUNDATION_REPLY }], stop_reason: 'end_turn' },
    },
    {
      label: 'answer after the plan nudge',
      match: { lastUserText: PLAN_NUDGE },
      reply: { content: [{ type: 'text', text: 'No plan needed: there is nothing to change in your folder.' }], stop_reason: 'end_turn' },
    },
  ],
};
