// The VSIX is installed once per run, not once per session: `code-server
// --install-extension` starts a whole server process (5 s idle, 15–20 s on a loaded
// machine) and every session of the suite installs the same file. The first session
// installs it into a template beside the run's state dirs; every session then gets its
// own copy of that extensions dir (so no session sees another's state) plus the
// built-in extension scan cache the install wrote, which code-server would otherwise
// rebuild at start.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** user-data files the install leaves that a fresh server would compute again. */
const USER_DATA_CACHES = ['CachedProfilesData'];
const TEMPLATE_PREFIX = '.vsix-install-';

const templates = new Map<string, Promise<string>>();

/** Where the template for this VSIX (by path, size and mtime) lives under `root`. */
function templateDir(root: string, vsix: string): string {
  const st = statSync(vsix);
  return path.join(root, `${TEMPLATE_PREFIX}${Math.round(st.mtimeMs)}-${st.size}`);
}

function installTemplate(binary: string, vsix: string, dir: string): string {
  if (existsSync(path.join(dir, 'done'))) return dir;
  // Templates of earlier packagings are of no further use.
  const root = path.dirname(dir);
  for (const old of existsSync(root) ? readdirSync(root) : []) {
    if (old.startsWith(TEMPLATE_PREFIX)) rmSync(path.join(root, old), { recursive: true, force: true });
  }
  const extensions = path.join(dir, 'extensions');
  const userData = path.join(dir, 'user-data');
  mkdirSync(extensions, { recursive: true });
  mkdirSync(userData, { recursive: true });
  const config = path.join(dir, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  execFileSync(binary, ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  writeFileSync(path.join(dir, 'done'), '');
  return dir;
}

/**
 * Fills `extensionsDir` and `userDataDir` (both fresh) with the VSIX installed, installing
 * it once into a template under `root` first. extensions.json names absolute locations,
 * so the copy's entries are pointed at the copy.
 */
export async function installExtension(opts: { binary: string; vsix: string; root: string; extensionsDir: string; userDataDir: string }): Promise<void> {
  const dir = templateDir(opts.root, opts.vsix);
  let template = templates.get(dir);
  if (!template) {
    template = Promise.resolve().then(() => installTemplate(opts.binary, opts.vsix, dir));
    templates.set(dir, template);
    template.catch(() => templates.delete(dir));
  }
  await template;
  const from = path.join(dir, 'extensions');
  cpSync(from, opts.extensionsDir, { recursive: true });
  const manifest = path.join(opts.extensionsDir, 'extensions.json');
  const entries = readFileSync(manifest, 'utf8');
  writeFileSync(manifest, entries.split(from).join(opts.extensionsDir));
  for (const name of USER_DATA_CACHES) {
    const cache = path.join(dir, 'user-data', name);
    if (existsSync(cache)) cpSync(cache, path.join(opts.userDataDir, name), { recursive: true });
  }
}
