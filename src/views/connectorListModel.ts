// What the Connectors view shows, as plain data (no vscode): one row per server
// with its state, tool count and origin, its tools as children (switched-off ones
// marked), and a row per config problem. Menu flags in contextValue decide which
// actions a row offers. The tree provider turns rows into TreeItems; tests check
// this function.

import type { ConnectorStatusState } from '../agent/connectors/connectorSet';
import type { ServerToolEntry } from '../agent/connectors/connectorTool';

export interface ConnectorRowInput {
  name: string;
  state: ConnectorStatusState;
  reason?: string;
  toolCount: number;
  origin: string;
  project: boolean;
  /** An http/sse server (it may hold an OAuth sign-in). */
  remote?: boolean;
  /** Every tool the server listed, switched-off ones too. */
  tools?: ServerToolEntry[];
  /** What the person allows it (cowork.mcp.permissions). */
  sampling?: boolean;
  readOnlyWithoutAsking?: boolean;
  /** The person stopped it from the view. */
  stoppedByPerson?: boolean;
  /** Its definition is in a file or a setting that "Open Config" can show. */
  hasConfig?: boolean;
}

export interface ConnectorToolRow {
  id: string;
  /** The server's own name for the tool. */
  label: string;
  description: string;
  tooltip: string;
  icon: 'tools' | 'circle-slash';
  /** `connectorTool enabled` or `connectorTool disabled`. */
  contextValue: string;
}

export interface ConnectorRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: 'pass' | 'error' | 'loading~spin' | 'shield' | 'circle-slash' | 'debug-stop' | 'warning' | 'account';
  /**
   * Space-separated flags for menus: connector, project, approvable, deniable, signin (needs
   * sign-in), signout (remote), startable, stoppable, restartable, log, config,
   * samplingOn / samplingOff, readOnlyOn / readOnlyOff.
   */
  contextValue: string;
  tools: ConnectorToolRow[];
}

const STATE_TEXT: Record<ConnectorStatusState, string> = {
  ready: 'ready',
  starting: 'starting…',
  failed: 'failed',
  stopped: 'stopped',
  untrusted: 'needs a trusted workspace',
  declined: 'not allowed',
  'needs-sign-in': 'needs sign-in',
};

const ICONS: Record<ConnectorStatusState, ConnectorRow['icon']> = {
  ready: 'pass',
  starting: 'loading~spin',
  failed: 'error',
  stopped: 'debug-stop',
  untrusted: 'shield',
  declined: 'circle-slash',
  'needs-sign-in': 'account',
};

export function connectorRows(items: ConnectorRowInput[], problems: string[]): ConnectorRow[] {
  const rows = items.map((c, i): ConnectorRow => {
    const tools = c.state === 'ready' || c.toolCount > 0 ? ` · ${c.toolCount} tool${c.toolCount === 1 ? '' : 's'}` : '';
    const flags = ['connector'];
    if (c.project) flags.push('project');
    if (c.project && c.state === 'declined') flags.push('approvable');
    if (c.project && (c.state === 'ready' || c.state === 'failed' || c.state === 'starting')) flags.push('deniable');
    if (c.state === 'needs-sign-in') flags.push('signin');
    if (c.remote) flags.push('signout');
    // A server that may run at all (not blocked by trust or the person's no) can be started and stopped.
    const runnable = c.state !== 'untrusted' && c.state !== 'declined';
    if (runnable && (c.state === 'stopped' || c.state === 'failed')) flags.push('startable');
    if (runnable && (c.state === 'ready' || c.state === 'starting')) flags.push('stoppable');
    if (runnable && c.state !== 'stopped') flags.push('restartable');
    flags.push('log');
    if (c.hasConfig !== false) flags.push('config');
    flags.push(c.sampling ? 'samplingOn' : 'samplingOff', c.readOnlyWithoutAsking ? 'readOnlyOn' : 'readOnlyOff');
    const allowed = [c.sampling && 'may ask the model (sampling)', c.readOnlyWithoutAsking && 'read-only tools run without asking'].filter(Boolean);
    const state = c.stoppedByPerson && c.state === 'stopped' ? 'stopped by you' : STATE_TEXT[c.state];
    return {
      id: `connector:${i}:${c.name}`,
      label: c.name,
      description: `${state}${tools} · ${c.origin}`,
      tooltip: [`${c.name}: ${state}`, c.reason, `From ${c.origin}`, allowed.length ? `Allowed: ${allowed.join('; ')}` : undefined].filter(Boolean).join('\n'),
      icon: ICONS[c.state],
      contextValue: flags.join(' '),
      tools: (c.tools ?? []).map((t) => toolRow(c.name, t)),
    };
  });
  problems.forEach((p, i) => rows.push({ id: `problem:${i}`, label: 'Config problem', description: p, tooltip: p, icon: 'warning', contextValue: 'problem', tools: [] }));
  return rows;
}

function toolRow(server: string, t: ServerToolEntry): ConnectorToolRow {
  const bits = [t.title && t.title !== t.mcpName ? t.title : undefined, t.readOnlyHint ? 'read-only' : undefined, t.enabled ? undefined : 'off'].filter(Boolean);
  return {
    id: `tool:${server}:${t.mcpName}`,
    label: t.mcpName,
    description: bits.join(' · '),
    tooltip: `${server}: ${t.mcpName}${t.enabled ? '' : ' (switched off: the agent is not offered it)'}${t.readOnlyHint ? '\nThe server says it only reads.' : ''}`,
    icon: t.enabled ? 'tools' : 'circle-slash',
    contextValue: `connectorTool ${t.enabled ? 'enabled' : 'disabled'}`,
  };
}
