// `npm run install-extension` (after `npm run package`): installs the freshly built VSIX
// into VS Code desktop when `code` is on PATH, else into code-server (on PATH, or the copy
// scripts/install-code-server.sh keeps in ~/.cache/cowork), and says which it used.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `cowork-${version}.vsix`);

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function cachedCodeServer() {
  const csVersion = process.env.COWORK_CODE_SERVER_VERSION ?? '4.100.3';
  const cache = process.env.COWORK_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'cowork');
  const dir = path.join(cache, `code-server-${csVersion}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'code-server');
  return existsSync(path.join(dir, '.cowork-install-complete')) && existsSync(bin) ? bin : undefined;
}

if (!existsSync(vsix)) {
  console.error(`install-extension: ${path.relative(root, vsix)} not found; run \`npm run package\` first.`);
  process.exit(1);
}

const candidates = [
  ['VS Code', onPath('code')],
  ['code-server', onPath('code-server')],
  ['code-server (cached)', cachedCodeServer()],
].filter(([, bin]) => bin);

if (candidates.length === 0) {
  console.error('install-extension: neither `code` nor `code-server` was found.');
  console.error('  Install VS Code (so `code` is on PATH), or run scripts/install-code-server.sh, then retry.');
  console.error(`  Or install by hand: Extensions view → … → Install from VSIX… → ${vsix}`);
  process.exit(1);
}

const [label, bin] = candidates[0];
console.log(`install-extension: installing ${path.basename(vsix)} into ${label} (${bin})`);
const result = spawnSync(bin, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`install-extension: ${label} exited with ${result.status ?? result.signal}`);
  process.exit(1);
}
console.log(`install-extension: done. Reload the ${label} window to pick up cowork-dev.cowork@${version}.`);
