// A server's elicitation request (`elicitation/create`, form mode) put to the
// person as questions of the task whose tool call it came with: first whether
// to answer at all, then one question per field (choices for enums and
// booleans; an empty answer takes the field's default). Without a task to ask
// through, or for URL-mode requests, the answer is "decline".

import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';

export type Ask = (question: string, choices?: string[]) => Promise<string>;

interface FieldSchema {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  oneOf?: { const?: unknown; title?: string }[];
  items?: { enum?: unknown[]; anyOf?: { const?: unknown }[] };
}

const ANSWER = 'Answer';
const DECLINE = 'Decline';

export async function elicitFromPerson(server: string, params: ElicitRequest['params'], ask: Ask | undefined): Promise<ElicitResult> {
  if (!ask || (params as { mode?: string }).mode === 'url' || !('requestedSchema' in params)) return { action: 'decline' };
  const first = await ask(`Connector ${server} asks: ${params.message}`, [ANSWER, DECLINE]);
  if (first.trim() !== ANSWER) return { action: 'decline' };
  const content: Record<string, string | number | boolean | string[]> = {};
  const properties = (params.requestedSchema.properties ?? {}) as Record<string, FieldSchema>;
  for (const [key, field] of Object.entries(properties)) {
    const choices = choicesOf(field);
    const hint = field.default !== undefined ? ` (empty for ${JSON.stringify(field.default)})` : '';
    const question = `${server}: ${field.title ?? key}${field.description ? ` — ${field.description}` : ''}${hint}`;
    const raw = (await ask(question, choices)).trim();
    const value = raw === '' || raw === '(no answer)' ? field.default : coerce(field, raw);
    if (value !== undefined) content[key] = value as string | number | boolean | string[];
  }
  return { action: 'accept', content };
}

function choicesOf(f: FieldSchema): string[] | undefined {
  if (f.type === 'boolean') return ['yes', 'no'];
  if (f.enum) return f.enum.map(String);
  if (f.oneOf) return f.oneOf.map((o) => String(o.const));
  return undefined;
}

function coerce(f: FieldSchema, raw: string): unknown {
  if (f.type === 'boolean') return /^(y|yes|true)$/i.test(raw);
  if (f.type === 'number' || f.type === 'integer') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  if (f.type === 'array') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}
