// A connector's elicitation request (MCP `elicitation/create`, form mode) as a
// form the person fills in: the requested schema turned into typed fields, and
// the checks every answer goes through on the host before it is returned to the
// server. The sidebar draws the fields as one card; the CLI asks them one by one
// with the same checks. Browser-safe.

/** How a string field must look (the MCP form formats). */
export type TextFormat = 'email' | 'uri' | 'date' | 'date-time';
export const TEXT_FORMATS: readonly TextFormat[] = ['email', 'uri', 'date', 'date-time'];

export interface ChoiceOption {
  /** What is sent back to the server. */
  value: string;
  /** What the person reads (enumNames, oneOf titles); the value when the server gave none. */
  label: string;
}

interface FieldBase {
  /** The property name in the requested schema. */
  key: string;
  title: string;
  description?: string;
  required: boolean;
}

export type FormField =
  | (FieldBase & { kind: 'text'; format?: TextFormat; minLength?: number; maxLength?: number; default?: string })
  | (FieldBase & { kind: 'number'; integer: boolean; minimum?: number; maximum?: number; default?: number })
  | (FieldBase & { kind: 'boolean'; default?: boolean })
  | (FieldBase & { kind: 'choice'; options: ChoiceOption[]; default?: string })
  | (FieldBase & { kind: 'multi'; options: ChoiceOption[]; minItems?: number; maxItems?: number; default?: string[] });

export type FormFieldKind = FormField['kind'];
export const FORM_FIELD_KINDS: readonly FormFieldKind[] = ['text', 'number', 'boolean', 'choice', 'multi'];

/** What a connector asks the person, as the task's steps show it. */
export interface ElicitationForm {
  server: string;
  message: string;
  fields: FormField[];
}

export type FormValue = string | number | boolean | string[];
export type FormValues = Record<string, FormValue>;

/** accept: the values are sent; decline: the person said no; cancel: dismissed without deciding. */
export type FormAction = 'accept' | 'decline' | 'cancel';
export const FORM_ACTIONS: readonly FormAction[] = ['accept', 'decline', 'cancel'];

export interface FormAnswer {
  action: FormAction;
  values?: FormValues;
}

/** A form answer checked on the host: the values to send, or a message per field that is wrong. */
export type FormCheck = { ok: true; values: FormValues } | { ok: false; errors: Record<string, string> };

type FieldCheck = { ok: true; value?: FormValue } | { ok: false; error: string };

interface SchemaProperty {
  type?: unknown;
  title?: unknown;
  description?: unknown;
  default?: unknown;
  format?: unknown;
  minLength?: unknown;
  maxLength?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  enum?: unknown;
  enumNames?: unknown;
  oneOf?: unknown;
  anyOf?: unknown;
  minItems?: unknown;
  maxItems?: unknown;
  items?: { type?: unknown; enum?: unknown; anyOf?: unknown; oneOf?: unknown };
}

/**
 * The fields of a requested schema (a flat object of primitives, as MCP allows), in
 * the server's order. Throws with a sentence naming the field that cannot be shown.
 */
export function formFields(requestedSchema: unknown): FormField[] {
  const schema = (requestedSchema ?? {}) as { properties?: unknown; required?: unknown };
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(props).map(([key, raw]) => fieldOf(key, (isObject(raw) ? raw : {}) as SchemaProperty, required.has(key)));
}

function fieldOf(key: string, p: SchemaProperty, required: boolean): FormField {
  const base: FieldBase = { key, title: str(p.title) ?? key, required, ...(str(p.description) ? { description: str(p.description) } : {}) };
  const options = optionsOf(p);
  if (p.type === 'string' && options) {
    const def = str(p.default);
    return { ...base, kind: 'choice', options, ...(def !== undefined && options.some((o) => o.value === def) ? { default: def } : {}) };
  }
  if (p.type === 'array') {
    const itemOptions = p.items ? optionsOf(p.items as SchemaProperty) : undefined;
    if (!itemOptions) throw new Error(`field "${key}" is a list without a fixed set of choices, which a form cannot ask`);
    const def = Array.isArray(p.default) ? p.default.filter((d): d is string => typeof d === 'string' && itemOptions.some((o) => o.value === d)) : undefined;
    return { ...base, kind: 'multi', options: itemOptions, ...nums({ minItems: p.minItems, maxItems: p.maxItems }), ...(def ? { default: def } : {}) };
  }
  if (p.type === 'string') {
    const format = TEXT_FORMATS.find((f) => f === p.format);
    return { ...base, kind: 'text', ...(format ? { format } : {}), ...nums({ minLength: p.minLength, maxLength: p.maxLength }), ...(str(p.default) !== undefined ? { default: str(p.default) } : {}) };
  }
  if (p.type === 'number' || p.type === 'integer') {
    return { ...base, kind: 'number', integer: p.type === 'integer', ...nums({ minimum: p.minimum, maximum: p.maximum }), ...(typeof p.default === 'number' ? { default: p.default } : {}) };
  }
  if (p.type === 'boolean') return { ...base, kind: 'boolean', ...(typeof p.default === 'boolean' ? { default: p.default } : {}) };
  throw new Error(`field "${key}" has type ${JSON.stringify(p.type)}, which is not one a form can ask (string, number, integer, boolean, or a list of choices)`);
}

/** enum (with enumNames as labels), or oneOf/anyOf of {const, title}. */
function optionsOf(p: SchemaProperty): ChoiceOption[] | undefined {
  if (Array.isArray(p.enum)) {
    const names = Array.isArray(p.enumNames) ? p.enumNames : [];
    return p.enum.map((v, i) => ({ value: String(v), label: typeof names[i] === 'string' ? names[i] : String(v) }));
  }
  const list = Array.isArray(p.oneOf) ? p.oneOf : Array.isArray(p.anyOf) ? p.anyOf : undefined;
  if (!list) return undefined;
  const options = list.filter(isObject).filter((o) => o.const !== undefined).map((o) => ({ value: String(o.const), label: str(o.title) ?? String(o.const) }));
  return options.length > 0 ? options : undefined;
}

/** Checks a whole answer: every field, required ones present; unknown keys are dropped. */
export function checkForm(fields: readonly FormField[], raw: Record<string, unknown>): FormCheck {
  const values: FormValues = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const r = checkField(f, raw[f.key]);
    if (!r.ok) errors[f.key] = r.error;
    else if (r.value !== undefined) values[f.key] = r.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

/**
 * One field's value as typed or chosen: a string from a text box or the terminal, or the
 * typed value (number, boolean, list). Empty means not given: an error only when required.
 */
export function checkField(f: FormField, raw: unknown): FieldCheck {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const empty = raw === undefined || raw === null || text === '' || (Array.isArray(raw) && raw.length === 0);
  if (empty) return f.required ? { ok: false, error: `${f.title} is required.` } : { ok: true };
  switch (f.kind) {
    case 'text':
      return checkText(f, text ?? (typeof raw === 'number' ? String(raw) : undefined));
    case 'number': {
      const n = typeof raw === 'number' ? raw : text !== undefined ? Number(text) : NaN;
      if (!Number.isFinite(n)) return { ok: false, error: `${f.title} must be a number.` };
      if (f.integer && !Number.isInteger(n)) return { ok: false, error: `${f.title} must be a whole number.` };
      if (f.minimum !== undefined && n < f.minimum) return { ok: false, error: `${f.title} must be at least ${f.minimum}.` };
      if (f.maximum !== undefined && n > f.maximum) return { ok: false, error: `${f.title} must be at most ${f.maximum}.` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (text !== undefined && /^(y|yes|true|on)$/i.test(text)) return { ok: true, value: true };
      if (text !== undefined && /^(n|no|false|off)$/i.test(text)) return { ok: true, value: false };
      return { ok: false, error: `${f.title} must be yes or no.` };
    }
    case 'choice': {
      const option = text !== undefined ? findOption(f.options, text) : undefined;
      return option ? { ok: true, value: option.value } : { ok: false, error: `${f.title} must be one of: ${f.options.map((o) => o.label).join(', ')}.` };
    }
    case 'multi': {
      const picked = Array.isArray(raw) ? raw.map((x) => String(x).trim()) : (text ?? '').split(',').map((s) => s.trim());
      const values: string[] = [];
      for (const p of picked.filter(Boolean)) {
        const option = findOption(f.options, p);
        if (!option) return { ok: false, error: `${f.title}: "${p}" is not one of ${f.options.map((o) => o.label).join(', ')}.` };
        if (!values.includes(option.value)) values.push(option.value);
      }
      if (values.length === 0 && f.required) return { ok: false, error: `${f.title} is required.` };
      if (f.minItems !== undefined && values.length < f.minItems) return { ok: false, error: `${f.title}: choose at least ${f.minItems}.` };
      if (f.maxItems !== undefined && values.length > f.maxItems) return { ok: false, error: `${f.title}: choose at most ${f.maxItems}.` };
      return values.length > 0 ? { ok: true, value: values } : { ok: true };
    }
  }
}

function checkText(f: Extract<FormField, { kind: 'text' }>, text: string | undefined): FieldCheck {
  if (text === undefined) return { ok: false, error: `${f.title} must be text.` };
  if (f.minLength !== undefined && text.length < f.minLength) return { ok: false, error: `${f.title} must be at least ${f.minLength} characters.` };
  if (f.maxLength !== undefined && text.length > f.maxLength) return { ok: false, error: `${f.title} must be at most ${f.maxLength} characters.` };
  if (f.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return { ok: false, error: `${f.title} must be an email address, like name@example.com.` };
  if (f.format === 'uri' && !isUri(text)) return { ok: false, error: `${f.title} must be a web address, like https://example.com.` };
  if (f.format === 'date' && !isDate(text)) return { ok: false, error: `${f.title} must be a date as YYYY-MM-DD, like 2026-12-02.` };
  if (f.format === 'date-time' && !isDateTime(text)) return { ok: false, error: `${f.title} must be a date and time, like 2026-12-02T09:30:00Z.` };
  return { ok: true, value: text };
}

/** An option by its value, or by its label or value ignoring case. */
export function findOption(options: readonly ChoiceOption[], text: string): ChoiceOption | undefined {
  const lower = text.toLowerCase();
  return options.find((o) => o.value === text) ?? options.find((o) => o.label.toLowerCase() === lower || o.value.toLowerCase() === lower);
}

function isUri(text: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function isDateTime(text: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  return !!m && isDate(m[1]) && !Number.isNaN(Date.parse(text));
}

/** A value as the person reads it in the steps and on the terminal. */
export function formatFormValue(f: FormField, v: FormValue): string {
  if (f.kind === 'boolean') return v ? 'yes' : 'no';
  const label = (x: string) => (f.kind === 'choice' || f.kind === 'multi' ? (f.options.find((o) => o.value === x)?.label ?? x) : x);
  return Array.isArray(v) ? v.map(label).join(', ') : label(String(v));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function nums<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: number } {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out as { [K in keyof T]?: number };
}
