import * as assert from 'node:assert/strict';
import { createToolRegistry } from '../../../../src/agent/tools/registry';
import type { AgentTool } from '../../../../src/agent/tools/tool';
import { SandboxError } from '../../../../src/sandbox/session';
import { HostFolderSession, makeTempFolder } from '../../../support/hostFolderSession';
import { textOf, toolContext } from '../../../support/toolContext';

const EXPECTED_ORDER = ['read_file', 'list_files', 'glob', 'grep', 'write_file', 'edit_file', 'move', 'delete', 'run_command', 'ask_user'];

function throwingTool(err: unknown): AgentTool {
  return {
    name: 'explode',
    description: 'throws',
    inputSchema: { type: 'object', properties: { n: { type: 'integer' } } },
    readOnly: true,
    describe: () => 'explode',
    run: async () => {
      throw err;
    },
  };
}

describe('tool registry', () => {
  const session = new HostFolderSession(makeTempFolder({ 'a.txt': 'alpha\n' }));

  it('lists the built-in tools in a stable order, extras last', () => {
    const extra = throwingTool(new Error('x'));
    const r = createToolRegistry([extra]);
    assert.deepEqual(r.names(), [...EXPECTED_ORDER, 'explode']);
    assert.deepEqual(r.definitions().map((d) => d.name), [...EXPECTED_ORDER, 'explode']);
    assert.deepEqual(r.tools().map((t) => t.name), [...EXPECTED_ORDER, 'explode']);
    assert.equal(r.get('explode'), extra);
    // Byte-identical across calls and registries: prompt caching depends on it.
    assert.equal(JSON.stringify(createToolRegistry([extra]).definitions()), JSON.stringify(r.definitions()));
  });

  it('offers only read-only tools for planning', () => {
    const names = createToolRegistry().readOnlyDefinitions().map((d) => d.name);
    assert.deepEqual(names, ['read_file', 'list_files', 'glob', 'grep', 'ask_user']);
  });

  it('every definition has a description and an object schema', () => {
    for (const d of createToolRegistry().definitions()) {
      assert.ok(d.description && d.description.length > 20, d.name);
      assert.equal(d.input_schema.type, 'object');
    }
  });

  it('refuses duplicate and invalid tool names', () => {
    assert.throws(() => createToolRegistry([{ ...throwingTool(1), name: 'read_file' }]), /Two tools are named read_file/);
    assert.throws(() => createToolRegistry([{ ...throwingTool(1), name: 'bad name' }]), /Invalid tool name/);
  });

  const badInputs: [string, unknown, RegExp][] = [
    ['read_file', {}, /"path" is required but missing/],
    ['read_file', { path: 5 }, /"path" must be string/],
    ['read_file', { path: '' }, /"path" must not be empty/],
    ['read_file', { path: 'a', offset: 0 }, /"offset" must be >= 1/],
    ['read_file', { path: 'a', limit: 1.5 }, /"limit" must be integer/],
    ['read_file', { path: 'a', colour: 'red' }, /"colour" is not a known field/],
    ['read_file', 'a.txt', /the input must be object/],
    ['edit_file', { path: 'a' }, /"old_string" is required.*"new_string" is required/],
    ['run_command', { command: 'ls', timeout_seconds: 9999 }, /"timeout_seconds" must be <= 600/],
    ['ask_user', { question: 'q', choices: ['one'] }, /"choices" must NOT have fewer than 2 items/],
    ['ask_user', { question: 'q', choices: ['a', 'a'] }, /"choices" must NOT have duplicate items/],
  ];
  for (const [name, input, expected] of badInputs) {
    it(`rejects ${name} ${JSON.stringify(input)} with a field-level message`, async () => {
      const out = await createToolRegistry().run(name, input, toolContext(session));
      assert.equal(out.isError, true);
      assert.match(textOf(out), expected);
      assert.match(textOf(out), new RegExp(`call ${name} again`));
      assert.deepEqual(out.files, []);
    });
  }

  it('answers an unknown tool with the list of tools', async () => {
    const out = await createToolRegistry().run('rm_rf', {}, toolContext(session));
    assert.equal(out.isError, true);
    assert.match(textOf(out), /Unknown tool "rm_rf"\. Available tools: read_file, list_files/);
  });

  it('never throws: a throwing tool becomes an is_error result', async () => {
    const r = createToolRegistry([throwingTool(new Error('kaboom'))]);
    const out = await r.run('explode', {}, toolContext(session));
    assert.equal(out.isError, true);
    assert.match(textOf(out), /kaboom/);
    const r2 = createToolRegistry([throwingTool(new SandboxError('EGUESTDIED', 'vm exited'))]);
    assert.match(textOf(await r2.run('explode', {}, toolContext(session))), /sandbox stopped unexpectedly \(vm exited\).*Retry/);
    const r3 = createToolRegistry([throwingTool('a string')]);
    assert.match(textOf(await r3.run('explode', {}, toolContext(session))), /Unexpected error: a string/);
  });

  it('does not run a tool once the task is cancelled', async () => {
    const ctx = toolContext(session);
    ctx.controller.abort();
    const out = await createToolRegistry().run('write_file', { path: 'b.txt', content: 'x' }, ctx);
    assert.equal(out.isError, true);
    assert.match(textOf(out), /Cancelled/);
    await assert.rejects(session.stat('b.txt'), /no such file|ENOENT/);
  });

  it('describes calls and their paths, safely for bad input', () => {
    const r = createToolRegistry();
    assert.equal(r.describe('move', { from: 'a b.txt', to: 'c.txt' }), 'Move "a b.txt" → c.txt');
    assert.equal(r.describe('move', { from: 1 }), 'move');
    assert.deepEqual(r.paths('move', { from: 'a', to: 'b' }), ['a', 'b']);
    assert.deepEqual(r.paths('move', {}), []);
    assert.deepEqual(r.paths('nope', {}), []);
    assert.deepEqual(r.paths('list_files', {}), ['.']);
  });

  it('runs a valid call end to end', async () => {
    const out = await createToolRegistry().run('read_file', { path: 'a.txt' }, toolContext(session));
    assert.equal(out.isError, undefined);
    assert.equal(textOf(out), '<file_content path="a.txt">\n     1\talpha\n</file_content>');
    assert.deepEqual(out.files, [{ path: 'a.txt', action: 'read' }]);
  });
});
