// What the person allows each connector beyond its tools being offered, by server
// name: whether it may ask the model (sampling), whether its read-only-annotated
// tools run without asking, and which of its tools are switched off. Only the
// person's own places hold these (VS Code: the application-scoped
// `cowork.mcp.permissions` setting; CLI: "permissions" in ~/.cowork/mcp.json),
// never a project file, so a repository cannot grant its own server more.

import { stripJsonComments } from './serverConfig';

export interface ServerPermissions {
  /** The server may send sampling requests (they go through the host's model client). */
  sampling: boolean;
  /** Tools the server annotates readOnlyHint run without asking. */
  readOnlyWithoutAsking: boolean;
  /** The server's own tool names that are not offered to the agent. */
  disabledTools: string[];
}

export type PermissionTable = Record<string, ServerPermissions>;

export const PERMISSIONS_SETTING = 'cowork.mcp.permissions';
export const NO_PERMISSIONS: ServerPermissions = Object.freeze({ sampling: false, readOnlyWithoutAsking: false, disabledTools: [] as string[] }) as ServerPermissions;

/** A server's permissions; everything off for a server the table does not name. */
export function permissionsOf(table: PermissionTable | undefined, server: string): ServerPermissions {
  return table?.[server] ?? NO_PERMISSIONS;
}

/**
 * Reads a permission table (the setting's value, or the "permissions" object of a
 * user file). A wrong value is a problem naming the server and is treated as off;
 * the other servers' entries still count.
 */
export function parsePermissions(value: unknown, source: string): { table: PermissionTable; problems: string[] } {
  const table: PermissionTable = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { table, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { table, problems: [`${source}: "permissions" must be an object of servers by name`] };
  for (const [server, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${source} (${server}): expected an object like {"sampling": true}`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    const flag = (key: 'sampling' | 'readOnlyWithoutAsking'): boolean => {
      if (e[key] === undefined) return false;
      if (typeof e[key] === 'boolean') return e[key] as boolean;
      problems.push(`${source} (${server}): "${key}" must be true or false`);
      return false;
    };
    const sampling = flag('sampling');
    const readOnlyWithoutAsking = flag('readOnlyWithoutAsking');
    let disabledTools: string[] = [];
    if (e.disabledTools !== undefined) {
      if (Array.isArray(e.disabledTools) && e.disabledTools.every((t) => typeof t === 'string')) disabledTools = [...(e.disabledTools as string[])];
      else problems.push(`${source} (${server}): "disabledTools" must be a list of tool names`);
    }
    for (const key of Object.keys(e)) if (!['sampling', 'readOnlyWithoutAsking', 'disabledTools'].includes(key)) problems.push(`${source} (${server}): unknown permission "${key}" (known: sampling, readOnlyWithoutAsking, disabledTools)`);
    table[server] = { sampling, readOnlyWithoutAsking, disabledTools };
  }
  return { table, problems };
}

/** The "permissions" object of a user config file's text (CLI: ~/.cowork/mcp.json). */
export function permissionsFromFileText(text: string, source: string): { table: PermissionTable; problems: string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(stripJsonComments(text));
  } catch {
    return { table: {}, problems: [] }; // the server parser already reports a file that is not JSON
  }
  if (typeof doc !== 'object' || doc === null) return { table: {}, problems: [] };
  return parsePermissions((doc as Record<string, unknown>).permissions, source);
}

/** The table with one server's entry changed (for the Connectors view's toggles); the input is not modified. */
export function withPermission(table: PermissionTable, server: string, change: Partial<ServerPermissions>): PermissionTable {
  const current = permissionsOf(table, server);
  return { ...table, [server]: { ...current, ...change, disabledTools: [...(change.disabledTools ?? current.disabledTools)] } };
}
