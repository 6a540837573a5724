// ask_user: a clarifying question to the person, optionally with choices. It is
// read-only, so the agent may ask while it is still planning.

import { errorOutput } from './errors';
import type { AgentTool, ToolOutput } from './tool';

export interface AskUserInput {
  question: string;
  choices?: string[];
}

export const askUserTool: AgentTool<AskUserInput> = {
  name: 'ask_user',
  description:
    'Ask the person a short clarifying question when the task is ambiguous and a wrong guess would waste work. ' +
    'Offer choices when the likely answers are known. Waits for the answer.',
  inputSchema: {
    type: 'object',
    properties: {
      question: { type: 'string', minLength: 1, description: 'The question, in plain words.' },
      choices: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 2,
        maxItems: 10,
        uniqueItems: true,
        description: 'Optional answers to pick from (the person may still answer freely).',
      },
    },
    required: ['question'],
    additionalProperties: false,
  },
  readOnly: true,
  describe: (input) => `Ask: ${input.question.length > 80 ? input.question.slice(0, 77) + '...' : input.question}`,
  paths: () => [],
  async run(input, ctx): Promise<ToolOutput> {
    if (ctx.signal.aborted) return errorOutput('Question cancelled', 'Cancelled.');
    try {
      const answer = await ctx.askUser(input.question, input.choices);
      return { content: `The person answered: ${answer}`, summary: `Asked: ${input.question.split('\n')[0].slice(0, 60)}`, files: [] };
    } catch (err) {
      return errorOutput('Question not answered', `The question was not answered: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
};
