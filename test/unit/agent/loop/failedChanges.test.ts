import { strict as assert } from 'node:assert';
import { FailedChanges } from '../../../../src/agent/loop/failedChanges';

describe('agent: changes a task could not make', () => {
  const started = (callId: string, name: string, input: unknown) => ({ type: 'tool.started' as const, callId, name, summary: name, input });
  const finished = (callId: string, name: string, ok: boolean, summary: string, output = '') => ({ type: 'tool.finished' as const, callId, name, ok, summary, output, files: [] });

  it('names failed writes, forgets one a later call made good, ignores reads and commands', () => {
    const f = new FailedChanges();
    assert.equal(f.warning(), undefined);
    f.observe(started('1', 'write_file', { path: 'a.md' }));
    f.observe(finished('1', 'write_file', false, 'Could not write a.md', 'I/O error on a.md (EACCES: permission denied)\nmore'));
    f.observe(started('2', 'delete', { path: 'b.txt' }));
    f.observe(finished('2', 'delete', false, 'Could not delete b.txt', 'b.txt: no such file'));
    f.observe(started('3', 'read_file', { path: 'c.txt' }));
    f.observe(finished('3', 'read_file', false, 'Could not read c.txt'));
    f.observe(started('4', 'run_command', { command: 'false' }));
    f.observe(finished('4', 'run_command', false, 'Ran false'));
    assert.equal(f.warning(), 'The task finished, but 2 changes could not be made: Could not write a.md (I/O error on a.md (EACCES: permission denied)); Could not delete b.txt (b.txt: no such file)');
    f.observe(started('5', 'write_file', { path: 'a.md' }));
    f.observe(finished('5', 'write_file', true, 'Created a.md'));
    assert.equal(f.warning(), 'The task finished, but 1 change could not be made: Could not delete b.txt (b.txt: no such file)');
  });
});
