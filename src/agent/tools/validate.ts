// Tool inputs are checked against each tool's JSON schema before the tool runs.
// A bad input becomes a message that names the field and what was expected, so
// the model can correct its call instead of the tool crashing on it.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

export type InputCheck = { ok: true } | { ok: false; message: string };

function field(e: ErrorObject): string {
  const at = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return at ? `"${at}"` : 'the input';
}

/** One readable sentence per ajv error. */
export function explainError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `"${String(p.missingProperty)}" is required but missing`;
    case 'additionalProperties':
      return `"${String(p.additionalProperty)}" is not a known field`;
    case 'type':
      return `${field(e)} must be ${String(p.type)}`;
    case 'enum':
      return `${field(e)} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field(e)} must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength':
      return p.limit === 1 ? `${field(e)} must not be empty` : `${field(e)} must be at least ${String(p.limit)} characters`;
    default:
      return `${field(e)} ${e.message ?? 'is invalid'}`;
  }
}

// One compiler for the process, and each schema object compiled once: a registry
// per task would otherwise recompile the same ten schemas every time.
// Unknown `format`s (MCP schemas use uri, email, …) are not checked; ajv would log a
// warning for each one on the person's terminal, so warnings are dropped.
const ajv = new Ajv({ allErrors: true, strict: false, logger: { log: () => undefined, warn: () => undefined, error: (...a: unknown[]) => console.error(...a) } });
const cache = new WeakMap<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export class InputValidator {
  private readonly compiled = new Map<string, ValidateFunction>();

  add(name: string, schema: object): void {
    this.compiled.set(name, compile(schema));
  }

  check(name: string, input: unknown): InputCheck {
    const fn = this.compiled.get(name);
    if (!fn) return { ok: false, message: `No schema for tool ${name}.` };
    if (fn(input)) return { ok: true };
    const reasons = [...new Set((fn.errors ?? []).map(explainError))];
    return { ok: false, message: `Invalid input for ${name}: ${reasons.join('; ')}. Fix the input and call ${name} again.` };
  }
}
