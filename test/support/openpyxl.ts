// Debian's python3-openpyxl as an independent reader of the workbooks the engine
// writes (the pyenv `python3` on PATH lacks it; /usr/bin/python3 has it).

import { execFileSync, spawnSync } from 'node:child_process';

const SYSTEM_PYTHON = '/usr/bin/python3';

export function openpyxlMissing(): string | undefined {
  return spawnSync(SYSTEM_PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0 ? undefined : `${SYSTEM_PYTHON} has no openpyxl module (apt-get install python3-openpyxl)`;
}

/** Runs a snippet with `path` bound to the file and `openpyxl` imported; returns its stdout parsed as JSON. */
export function openpyxl<T>(file: string, code: string): T {
  const program = `import openpyxl, json, sys, warnings\nwarnings.simplefilter('ignore')\npath = sys.argv[1]\n${code}`;
  return JSON.parse(execFileSync(SYSTEM_PYTHON, ['-c', program, file], { encoding: 'utf8', timeout: 120_000 })) as T;
}
