// The propose_plan tool: how the model hands its approach to the person for
// review. It is handled by the task runner itself (it needs the person's
// decision), not by the sandbox, and its input becomes a Plan event.

import type Anthropic from '@anthropic-ai/sdk';
import type { Plan } from '../../shared/taskEvents';

export const PROPOSE_PLAN = 'propose_plan';

export const proposePlanTool: Anthropic.Tool = {
  name: PROPOSE_PLAN,
  description:
    'Propose your approach to the person before doing the work. They approve it, ask for changes, or reject it. ' +
    'List every file you will read, create, change or delete (paths relative to the folder; globs allowed for many files).',
  input_schema: {
    type: 'object',
    properties: {
      summary: { type: 'string', description: 'One or two sentences: what you will do.' },
      steps: { type: 'array', items: { type: 'string' }, description: 'The steps, in order, in plain words.' },
      reads: { type: 'array', items: { type: 'string' } },
      creates: { type: 'array', items: { type: 'string' } },
      changes: { type: 'array', items: { type: 'string' } },
      deletes: { type: 'array', items: { type: 'string' } },
    },
    required: ['summary', 'steps'],
  },
};

/** Turns the model's tool input into a Plan, or explains what is wrong with it. */
export function parsePlan(input: unknown): { plan: Plan } | { error: string } {
  if (!input || typeof input !== 'object') return { error: 'propose_plan needs an object input.' };
  const o = input as Record<string, unknown>;
  if (typeof o.summary !== 'string' || !o.summary.trim()) return { error: 'propose_plan: "summary" must be a non-empty string.' };
  const list = (key: string): string[] | string => {
    const v = o[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return `propose_plan: "${key}" must be a list of strings.`;
    return v as string[];
  };
  const fields = ['steps', 'reads', 'creates', 'changes', 'deletes'] as const;
  const values: Record<string, string[]> = {};
  for (const f of fields) {
    const v = list(f);
    if (typeof v === 'string') return { error: v };
    values[f] = v;
  }
  if (values.steps.length === 0) return { error: 'propose_plan: "steps" must list at least one step.' };
  return {
    plan: { summary: o.summary.trim(), steps: values.steps, reads: values.reads, creates: values.creates, changes: values.changes, deletes: values.deletes },
  };
}
