// `cowork connectors list | add | remove`: the connectors a task in a folder
// would use, managed from the terminal. add writes the same entry "Cowork: Add
// Connector" writes (configEntry.ts / configWriter.ts): to ~/.cowork/mcp.json, or
// with --project to the folder's .vscode/mcp.json. list names each server's
// file; --check starts them (a project server asks first, as `cowork run` does)
// and shows each state and tool count.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectorNameProblem, serverNamesIn } from '../agent/connectors/configEntry';
import { describeOrigin, projectConfigFiles, readConnectorConfigs, userConnectorFile } from '../agent/connectors/configFiles';
import { addServerToFile, ConfigWriteError, folderConfigFile, readIfThere, removeServerFromFile } from '../agent/connectors/configWriter';
import type { ConnectorsArgs } from './connectorArgs';
import { describeRun, openCliConnectors, statusLine } from './connectors';
import type { TerminalLines } from './terminalLines';

export interface ConnectorsIo {
  out(text: string): void;
  err(text: string): void;
  lines: TerminalLines;
}

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export async function runConnectorsCommand(args: ConnectorsArgs, io: ConnectorsIo): Promise<number> {
  const folder = path.resolve(args.folder ?? process.cwd());
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    io.err(`cowork: ${folder} is not a folder.\n`);
    return EXIT.usage;
  }
  const userFile = userConnectorFile();
  try {
    if (args.action === 'list') return await list(folder, userFile, args.check, args.review, io);
    if (args.action === 'add') return add(folder, userFile, args, io);
    return remove(folder, userFile, args, io);
  } catch (err) {
    if (!(err instanceof ConfigWriteError)) throw err;
    io.err(`cowork: ${err.message}\n`);
    return EXIT.failed;
  }
}

async function list(folder: string, userFile: string, check: boolean, review: 'ask' | 'yes' | 'no', io: ConnectorsIo): Promise<number> {
  const parsed = readConnectorConfigs({ folder, userFile });
  // With --check and servers to start, starting them reads the files again and reports the problems itself.
  if (!check || parsed.servers.length === 0) for (const p of parsed.problems) io.out(`✗ ${p.source}${p.server ? ` (${p.server})` : ''}: ${p.message}\n`);
  if (parsed.servers.length === 0) {
    io.out(`No connectors for ${folder}. Add one with: cowork connectors add NAME --command CMD [ARGS…] (or --url URL)\n`);
    return EXIT.ok;
  }
  if (!check) {
    for (const s of parsed.servers) io.out(`· ${s.name} (${describeOrigin(s.origin, folder)}): ${describeRun(s)}\n`);
    return EXIT.ok;
  }
  const set = await openCliConnectors({ folder, review, lines: io.lines, say: (line) => io.out(`${line}\n`) });
  try {
    const statuses = set?.statuses() ?? [];
    for (const s of statuses) {
      const run = describeRun(parsed.servers.find((c) => c.name === s.name)!);
      io.out(`${statusLine(s, folder, '')}\n    ${run}\n`);
    }
    for (const p of set?.problems() ?? []) io.out(`✗ connector ${p}\n`);
    return statuses.some((s) => s.state === 'failed' || s.state === 'needs-sign-in') ? EXIT.failed : EXIT.ok;
  } finally {
    await set?.dispose();
  }
}

function add(folder: string, userFile: string, args: Extract<ConnectorsArgs, { action: 'add' }>, io: ConnectorsIo): number {
  const file = args.project ? folderConfigFile(folder) : userFile;
  // Every name a task here already sees, and any in the file itself (even a broken entry's).
  const taken = [...readConnectorConfigs({ folder, userFile }).servers.map((s) => s.name), ...serverNamesIn(readIfThere(file))];
  const problem = connectorNameProblem(args.name, taken);
  if (problem) {
    io.err(`cowork: ${problem}${taken.includes(args.name) ? ' Remove it first (cowork connectors remove NAME), or choose another name.' : ''}\n`);
    return EXIT.usage;
  }
  addServerToFile(file, args.name, args.entry, args.project ? 'servers' : 'mcpServers', { private: !args.project });
  const what = args.entry.type === 'stdio' ? [args.entry.command, ...args.entry.args].join(' ') : args.entry.url;
  io.out(`Added connector ${args.name} to ${file}: ${what}\n`);
  io.out(args.project ? '  A project connector: it starts only after each person who runs a task here approves it.\n' : '  It runs on this computer, outside the sandbox, for every task you run.\n');
  return EXIT.ok;
}

function remove(folder: string, userFile: string, args: Extract<ConnectorsArgs, { action: 'remove' }>, io: ConnectorsIo): number {
  const files = args.project ? projectConfigFiles(folder).map((f) => f.file) : [userFile];
  const file = files.find((f) => serverNamesIn(readIfThere(f)).includes(args.name));
  if (!file) {
    const elsewhere = readConnectorConfigs({ folder, userFile }).servers.find((s) => s.name === args.name);
    const hint = elsewhere ? ` It is defined in ${describeOrigin(elsewhere.origin, folder)}${elsewhere.origin.project && !args.project ? ': add --project to remove it there' : ''}.` : '';
    io.err(`cowork: no connector named ${args.name} in ${files.join(' or ')}.${hint}\n`);
    return EXIT.usage;
  }
  removeServerFromFile(file, args.name);
  io.out(`Removed connector ${args.name} from ${file}.\n`);
  return EXIT.ok;
}
