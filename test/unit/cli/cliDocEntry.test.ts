// `cowork doc …` through the host CLI costs what the stand-alone cowork-doc.js costs: the
// agent (the SDKs, the connectors, the sandbox) is dist/cli-agent.js, which cli.js loads
// only for `cowork run` / `cowork undo` and for the document commands that start a sandbox
// (src/cli.ts, scripts/cliBundles.cjs). The bundles are laid out as the build lays out
// dist/; every file a process loads is recorded by a preload script, so the test fails the
// moment `doc` reaches agent code again.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createXlsx } from '../../../src/documents/xlsx';
import { buildDocBundles } from '../../support/docBundles';

/** Written to LOG at exit: every module file the process loaded (JSON lines). */
const RECORDER = `
const fs = require('node:fs');
const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try { const f = Module._resolveFilename(request, parent, isMain); if (f.startsWith('/')) seen.add(f); } catch {}
  return loaded;
};
process.on('exit', () => fs.writeFileSync(process.env.LOADED_LOG, JSON.stringify([...seen])));
`;

describe('cli: `cowork doc` loads no agent code', function () {
  this.timeout(180_000);
  let dir: string;
  let cli: string;
  let recorder: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cowork-cli-doc-entry-'));
    buildDocBundles(path.join(dir, 'dist'), { cli: true });
    cli = path.join(dir, 'dist', 'cli.js');
    recorder = path.join(dir, 'recorder.js');
    fs.writeFileSync(recorder, RECORDER);
    fs.writeFileSync(path.join(dir, 'book.xlsx'), createXlsx({ sheets: [{ name: 'Costs', columns: [{ header: 'Item' }, { header: 'Cost', type: 'currency', currency: 'EUR' }], rows: [['Rent', 1200], ['Travel', 340.5]] }] }).bytes);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs cli.js with ARGS; the files it loaded, relative to dist/. */
  const run = (args: string[], env: Record<string, string> = {}) => {
    const log = path.join(dir, `loaded-${Date.now()}-${Math.random()}.json`);
    const r = spawnSync(process.execPath, ['-r', recorder, cli, ...args], { encoding: 'utf8', cwd: dir, timeout: 120_000, env: { ...process.env, ...env, LOADED_LOG: log } });
    const loaded = (JSON.parse(fs.readFileSync(log, 'utf8')) as string[]).filter((f) => f !== recorder).map((f) => path.relative(path.join(dir, 'dist'), f)).sort();
    return { code: r.status, out: r.stdout, err: r.stderr, loaded };
  };

  it('shows a workbook with cli.js alone; the agent file is much larger and not read', () => {
    const show = run(['doc', 'show', 'book.xlsx']);
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /Travel/);
    assert.match(show.out, /€340\.50/);
    assert.deepEqual(show.loaded, ['cli.js']);
    const help = run(['doc', '--help']);
    assert.equal(help.code, 0, help.err);
    assert.match(help.out, /Usage: cowork doc <command>/);
    assert.deepEqual(help.loaded, ['cli.js']);
    // What `doc` no longer parses: the agent, the SDKs and the sandbox are in the other file.
    const cliSize = fs.statSync(cli).size;
    const agentSize = fs.statSync(path.join(dir, 'dist', 'cli-agent.js')).size;
    assert.ok(cliSize < 1_500_000, `cli.js is ${cliSize} bytes`);
    assert.ok(agentSize > 2 * cliSize, `cli-agent.js is ${agentSize} bytes, cli.js ${cliSize}`);
    assert.ok(!fs.readFileSync(cli, 'utf8').includes('@anthropic-ai/sdk'), 'cli.js carries the Anthropic SDK');
  });

  it('loads the agent file for `cowork run` and for a sandbox command, and says so when it is missing', () => {
    const usage = run(['--help']);
    assert.equal(usage.code, 0, usage.err);
    assert.match(usage.out, /cowork run "<task>" --folder DIR/);
    assert.deepEqual(usage.loaded, ['cli-agent.js', 'cli.js']);
    // recalc starts a sandbox (here pointed at no image, so it stops there), through the agent file.
    const recalc = run(['doc', 'recalc', 'book.xlsx', '--json'], { COWORK_IMAGE_DIR: path.join(dir, 'no-image') });
    assert.equal(recalc.code, 1, recalc.err);
    assert.match(JSON.parse(recalc.out).error.message, /no sandbox image yet/);
    assert.deepEqual(recalc.loaded, ['cli-agent.js', 'cli.js']);

    fs.renameSync(path.join(dir, 'dist', 'cli-agent.js'), path.join(dir, 'cli-agent.js.away'));
    try {
      const show = run(['doc', 'show', 'book.xlsx']);
      assert.equal(show.code, 0, show.err);
      assert.match(show.out, /Rent/);
      const broken = run(['run', 'anything', '--folder', dir]);
      assert.equal(broken.code, 1);
      assert.match(broken.err, /the program is incomplete: cli-agent\.js is missing beside .*cli\.js/);
    } finally {
      fs.renameSync(path.join(dir, 'cli-agent.js.away'), path.join(dir, 'dist', 'cli-agent.js'));
    }
  });
});
