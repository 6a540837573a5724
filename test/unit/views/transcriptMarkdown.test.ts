// "Copy Transcript" renders both kinds of approval and what the person decided.
import { strict as assert } from 'node:assert';
import { transcriptMarkdown } from '../../../src/views/transcriptMarkdown';
import { eventLog } from '../../support/eventLog';

describe('views: transcript Markdown', () => {
  it('shows a tool-call approval with its tool, input and reason, then the decision', () => {
    const l = eventLog('t');
    const md = transcriptMarkdown([
      l.make({ type: 'approval.needed', approvalId: 'a1', toolCall: { callId: 'c', name: 'send_mail', input: { to: 'a@b.c' }, summary: 'Send mail to a@b.c', reason: 'send_mail acts outside the sandbox; allow it?' } }),
      l.make({ type: 'approval.decided', approvalId: 'a1', approved: false }),
      l.make({ type: 'approval.needed', approvalId: 'a2', batch: { summary: 'Apply 1 change to your folder?', items: [{ kind: 'modified', path: 'notes.md' }] } }),
      l.make({ type: 'approval.decided', approvalId: 'a2', approved: true }),
    ]);
    assert.match(md, /## Tool call to allow: send_mail acts outside the sandbox; allow it\?/);
    assert.match(md, /\*\*send_mail\*\* Send mail to a@b\.c/);
    assert.match(md, /"to": "a@b\.c"/);
    assert.match(md, /Tool call refused\./);
    assert.match(md, /## Changes to approve: Apply 1 change to your folder\?\n\n- modified `notes\.md`/);
    assert.match(md, /Changes approved\./);
  });

  it('says what untrusted content was read before a request', () => {
    const l = eventLog('t');
    const md = transcriptMarkdown([
      l.make({ type: 'approval.needed', approvalId: 'a1', batch: { summary: 'Delete 1 file?', items: [{ kind: 'deleted', path: 'old.md' }] }, readBefore: { sources: [{ kind: 'page', label: 'https://example.com/' }, { kind: 'file', label: 'notes.md' }], omitted: 1 } }),
    ]);
    assert.match(md, /- deleted `old\.md`\n\nRead before this request: page https:\/\/example\.com\/, file notes\.md, and 1 more\n/);
  });
});
