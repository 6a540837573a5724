// The custom agents as the main agent sees them in its system prompt: names and
// descriptions only. An agent's instructions stay out of the prompt until the
// model delegates to it (progressive disclosure, as with skills).

import type { CustomAgent } from './customAgent';

export function renderAgentCatalog(agents: readonly CustomAgent[]): string {
  if (agents.length === 0) return '';
  return [
    '## Custom agents',
    'The person has defined these agents. To hand a sub-task to one, call delegate with its name in the task\'s "agent" field; ' +
      'the sub-agent then works with that agent\'s own instructions, tools and model. Still write a self-contained brief.',
    ...agents.map((a) => `- ${a.name}: ${a.description}`),
  ].join('\n');
}
