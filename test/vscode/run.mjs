// `npm run test:vscode`: tests inside a real VS Code.
//
//   1. builds the VSIX (`npm run package`) and reports its size;
//   2. makes sure code-server is installed (scripts/install-code-server.sh, cached);
//   3. runs the @vscode/test-electron suite (test/vscode/electron/) when a VS Code desktop
//      binary exists ($VSCODE_EXECUTABLE, a build cached in .vscode-test/, or
//      COWORK_DOWNLOAD_VSCODE=1 to let test-electron download one), else says it skipped;
//   4. runs the code-server + Playwright suite (test/vscode/e2e/*.test.ts) with mocha.
//
// Ends with one line "N passed, N failed, N skipped" and a non-zero exit on any failure.
//
// Options: --skip-package (reuse the VSIX on disk), --grep <pattern> (passed to mocha),
//          --e2e-only / --electron-only.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outputDir = path.join(root, 'test-output');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];

async function phase(name, fn) {
  const start = Date.now();
  console.log(`\n=== ${name}`);
  try {
    return await fn();
  } finally {
    const seconds = ((Date.now() - start) / 1000).toFixed(1);
    timings.push(`${name}: ${seconds}s`);
    console.log(`=== ${name} took ${seconds}s`);
  }
}

function run(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(`${command}: ${err.message}`);
      resolve(127);
    });
  });
}

function fail(message) {
  console.error(message);
  totals.failed += 1;
}

function vsixPath() {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return path.join(root, `cowork-${version}.vsix`);
}

async function buildVsix() {
  const vsix = vsixPath();
  if (!flag('--skip-package') || !existsSync(vsix)) {
    const code = await run('npm', ['run', 'package'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (code !== 0) throw new Error(`npm run package failed (exit ${code})`);
  }
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  const bytes = statSync(vsix).size;
  console.log(`VSIX: ${path.relative(root, vsix)} ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`);
  return vsix;
}

function ensureCodeServer() {
  const result = spawnSync('bash', [path.join(root, 'scripts', 'install-code-server.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`scripts/install-code-server.sh failed (exit ${result.status})`);
  const binary = result.stdout.trim().split('\n').pop();
  console.log(`code-server: ${binary}`);
  return binary;
}

/** Where test-electron can get a VS Code desktop build without us guessing, or undefined. */
function desktopVSCode() {
  if (process.env.VSCODE_EXECUTABLE) return { executable: process.env.VSCODE_EXECUTABLE };
  const cache = path.join(root, '.vscode-test');
  const cached = existsSync(cache) && readdirSync(cache).some((d) => d.startsWith('vscode-'));
  if (cached || process.env.COWORK_DOWNLOAD_VSCODE === '1') return { cachePath: cache };
  return undefined;
}

async function runElectronSuite() {
  const desktop = desktopVSCode();
  if (!desktop) {
    console.log('skipped: no VS Code desktop binary (set VSCODE_EXECUTABLE)');
    totals.skipped += 1;
    return;
  }
  const { buildElectronSuite, runElectronSuite: runSuite } = await import('./electron/launch.mjs');
  const suiteDir = path.join(outputDir, 'electron-suite');
  const resultsFile = path.join(suiteDir, 'results.json');
  rmSync(suiteDir, { recursive: true, force: true });
  mkdirSync(suiteDir, { recursive: true });
  await buildElectronSuite(root, suiteDir);
  try {
    await runSuite({ root, suiteDir, resultsFile, ...desktop });
  } catch (err) {
    if (!existsSync(resultsFile)) return fail(`test-electron suite did not run: ${err instanceof Error ? err.message : err}`);
  }
  if (!existsSync(resultsFile)) return fail('test-electron suite wrote no results');
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
}

async function runE2eSuite(vsix, codeServer) {
  const summaryFile = path.join(outputDir, 'e2e-summary.json');
  rmSync(summaryFile, { force: true });
  // Screenshots describe this run only; per-run state dirs are kept (they are named uniquely).
  rmSync(path.join(outputDir, 'screenshots'), { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const mochaArgs = [
    path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--no-config',
    '--require', 'tsx/cjs',
    '--extension', 'ts',
    '--timeout', '600000',
    '--slow', '30000',
    '--reporter', path.join(root, 'test/vscode/e2e/summaryReporter.ts'),
    '--exit',
  ];
  const grep = option('--grep');
  if (grep) mochaArgs.push('--grep', grep);
  const specs = readdirSync(path.join(root, 'test/vscode/e2e'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join('test/vscode/e2e', f));
  const code = await run(process.execPath, [...mochaArgs, ...specs], {
    env: { ...process.env, COWORK_VSIX: vsix, COWORK_CODE_SERVER: codeServer, COWORK_E2E_SUMMARY: summaryFile, COWORK_TEST_OUTPUT: outputDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!existsSync(summaryFile)) return fail(`e2e mocha run ended (exit ${code}) without a summary`);
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  totals.passed += s.passed;
  totals.failed += s.failed;
  totals.skipped += s.skipped;
  if (code !== 0 && s.failed === 0) fail(`e2e mocha exited with ${code} although no test failed`);
}

async function main() {
  try {
    const vsix = await phase('package VSIX', buildVsix);
    const codeServer = await phase('code-server install', async () => ensureCodeServer());
    if (!flag('--e2e-only')) await phase('test-electron suite', runElectronSuite);
    if (!flag('--electron-only')) await phase('code-server + Playwright suite', () => runE2eSuite(vsix, codeServer));
  } catch (err) {
    fail(`test:vscode could not run: ${err instanceof Error ? err.message : err}`);
  }
  console.log(`\ntimings: ${timings.join(', ')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

await main();
