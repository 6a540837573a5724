// Foundation scenario: one prompt, one scripted answer with no tools. The match on the
// first turn makes the server refuse (and record a failure) unless the prompt arrived.

import type { Transcript } from '../../../model-server';

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
  ],
};
