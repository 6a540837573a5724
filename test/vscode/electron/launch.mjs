// Builds and launches the @vscode/test-electron suite (an extension-host mocha run inside
// VS Code desktop). Used by test/vscode/run.mjs only when a desktop binary is available.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

/** Bundles suite/index.ts and suite/*.test.ts into `outDir` (mocha and vscode stay external). */
export async function buildElectronSuite(root, outDir) {
  const suiteSrc = path.join(root, 'test/vscode/electron/suite');
  await esbuild.build({
    entryPoints: [path.join(suiteSrc, 'index.ts'), path.join(suiteSrc, 'commands.test.ts')],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    // mocha is resolved from the repository's node_modules at run time.
    nodePaths: [path.join(root, 'node_modules')],
    logLevel: 'warning',
  });
}

/**
 * Runs the built suite. `executable` is a VS Code binary; otherwise `cachePath` is where
 * test-electron finds (or downloads) one.
 */
export async function runElectronSuite({ root, suiteDir, resultsFile, executable, cachePath }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cowork-electron-'));
  const workspace = path.join(scratch, 'workspace');
  const userData = path.join(scratch, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(workspace);
  writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n');
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      // Tasks started by the suite must never reach the real API: nothing listens on port 9.
      'cowork.apiBaseUrl': 'http://127.0.0.1:9',
      'cowork.sandbox.driver': 'namespace',
    }),
  );
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { cachePath }),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(suiteDir, 'index.js'),
    extensionTestsEnv: { COWORK_ELECTRON_RESULTS: resultsFile, NODE_PATH: path.join(root, 'node_modules'), ANTHROPIC_API_KEY: 'test' },
    launchArgs: [
      workspace,
      '--user-data-dir', userData,
      '--extensions-dir', path.join(scratch, 'extensions'),
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
}
