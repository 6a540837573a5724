// TEST HELPER: how tests start MCP servers: the real ones from npm (dev
// dependencies, run with this node) and the fault server of mcpFaultServer.ts,
// bundled once into a temporary file so it runs without a loader.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './repoRoot';

export function realServerScript(pkg: 'server-everything' | 'server-memory' | 'server-filesystem'): string {
  const file = path.join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', pkg, 'dist', 'index.js');
  if (!fs.existsSync(file)) throw new Error(`@modelcontextprotocol/${pkg} is not installed (npm ci installs it as a dev dependency)`);
  return file;
}

let faultPath: string | undefined;
export function faultServerScript(): string {
  if (!faultPath) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-mcp-fault-'));
    faultPath = path.join(dir, 'faultServer.js');
    buildSync({ entryPoints: [path.join(REPO_ROOT, 'test/support/mcpFaultServer.ts')], outfile: faultPath, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  }
  return faultPath;
}
