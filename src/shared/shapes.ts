// A tiny schema language, enough for the flat shapes of task events and webview
// messages: each field names its kind, or the strings it may be. Browser-safe.

export type FieldKind = 'string' | 'string?' | 'number' | 'boolean' | 'string|null' | 'array' | 'object' | 'any';
export type Shape = Record<string, FieldKind | readonly string[]>;

/** Caps keep a runaway sender from making the other side allocate without bound. */
export const MAX_STRING = 1_000_000;

export function checkShape(msg: Record<string, unknown>, shape: Shape): string | null {
  for (const [key, kind] of Object.entries(shape)) {
    const v = msg[key];
    if (Array.isArray(kind)) {
      if (typeof v !== 'string' || !kind.includes(v)) return `${key} must be one of ${kind.join(', ')}`;
      continue;
    }
    switch (kind) {
      case 'string':
        if (typeof v !== 'string' || v.length > MAX_STRING) return `${key} must be a string`;
        break;
      case 'string?':
        if (v !== undefined && (typeof v !== 'string' || v.length > MAX_STRING)) return `${key} must be a string when present`;
        break;
      case 'string|null':
        if (v !== null && typeof v !== 'string') return `${key} must be a string or null`;
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) return `${key} must be a finite number`;
        break;
      case 'boolean':
        if (typeof v !== 'boolean') return `${key} must be a boolean`;
        break;
      case 'array':
        if (!Array.isArray(v)) return `${key} must be an array`;
        break;
      case 'object':
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${key} must be an object`;
        break;
      case 'any':
        if (!(key in msg)) return `${key} is missing`;
        break;
    }
  }
  return null;
}

/** What every protocol validator returns: the typed message, or why the raw value is not one (both ends log it and drop the message). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
