// The terminal lines for what the task asks of the person: both kinds of approval.
import { strict as assert } from 'node:assert';
import { EventPrinter } from '../../../src/cli/render';
import { eventLog } from '../../support/eventLog';

describe('cli: event lines', () => {
  function lines(...events: Parameters<ReturnType<typeof eventLog>['make']>[0][]): string {
    const l = eventLog('t');
    let out = '';
    const printer = new EventPrinter({ write: (t) => void (out += t) });
    for (const e of events) printer.print(l.make(e));
    return out;
  }

  it('an approval of staged changes lists every change under the policy reason', () => {
    const out = lines({ type: 'approval.needed', approvalId: 'a', batch: { summary: 'The task wants to delete 1 file that existed before it started.', items: [{ kind: 'deleted', path: 'old.txt' }, { kind: 'renamed', from: 'a.md', path: 'b.md' }] } });
    assert.equal(out, '? approval needed: The task wants to delete 1 file that existed before it started.\n    deleted old.txt\n    renamed a.md → b.md\n');
  });

  it('an approval of one tool call says which tool, with which input, and why', () => {
    const out = lines({ type: 'approval.needed', approvalId: 'a', toolCall: { callId: 'c', name: 'send_mail', input: { to: 'a@b.c' }, summary: 'Send mail to a@b.c', reason: 'send_mail acts outside the sandbox; allow it?' } });
    assert.equal(out, '? approval needed: send_mail acts outside the sandbox; allow it?\n    send_mail: Send mail to a@b.c\n    input: {"to":"a@b.c"}\n');
  });
});
