import { strict as assert } from 'node:assert';
import type { TaskEvent } from '../../../../src/shared/taskEvents';
import { CLEARED_PLACEHOLDER } from '../../../../src/agent/loop/compaction';
import type { MessageParam } from '../../../../src/agent/loop/transcript';
import type { RecordedRequest, ScriptedReply } from '../../../model-server';
import { requireAgentSandbox, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

describe('agent loop: resume after reload', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0).reverse()) await h.close();
  });

  it('continues from the saved transcript and event log; the in-flight call is answered as interrupted', async () => {
    const first = await setUp({
      files: { 'a.txt': 'a' },
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'l1', name: 'list_files', input: {} }] } },
        { reply: { content: [{ type: 'tool_use', id: 'slow', name: 'run_command', input: { command: 'sleep 30' } }] } },
      ],
    });
    open.push(first);
    // What a store would have persisted when the window was reloaded mid-tool.
    let latest: MessageParam[] = [];
    let saved: MessageParam[] = [];
    let savedEvents: TaskEvent[] = [];
    first.task.onTranscript((m) => (latest = m));
    first.task.onEvent((e) => {
      if (e.type === 'tool.started' && e.callId === 'slow') {
        saved = latest;
        savedEvents = [...first.events];
        first.task.cancel(); // the old window goes away
      }
    });
    await first.task.start();
    assert.equal((saved.at(-1)!.content as Array<{ type: string }>).at(-1)!.type, 'tool_use', 'persisted mid-tool');

    const second = await setUp({
      folder: first.folder,
      turns: [
        {
          match: { toolResultFor: 'slow', toolResultIncludes: 'Interrupted' },
          reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'done.txt', content: 'ok' } }] },
        },
        { reply: { content: [{ type: 'text', text: 'Finished after the reload.' }] } },
      ],
    });
    open.push(second);
    const r = await second.task.resume(saved, savedEvents);
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(second.server.failures, []);
    assert.equal(second.read('done.txt'), 'ok');
    assert.equal(second.events[0].seq, savedEvents.at(-1)!.seq + 1, 'event numbering continues');
    assert.deepEqual(ofType(second.events, 'turn.started').map((e) => e.turn), [3, 4]);
    const before = ofType(savedEvents, 'usage').at(-1)!.total;
    const after = ofType(second.events, 'usage').at(-1)!.total;
    assert.ok(after.inputTokens + after.cacheReadTokens > before.inputTokens + before.cacheReadTokens, 'usage carries over');
    assertTranscriptValid(second.task.transcript());
    await assert.rejects(() => second.task.start(), /already started/);
  });

  it('refuses to resume from an empty transcript with a clear error', async () => {
    const h = await setUp({ turns: [] });
    open.push(h);
    const r = await h.task.resume([], []).catch((e: Error) => e);
    assert.match(String(r), /transcript is empty/);
  });
});

describe('agent loop: context compaction', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  const big = (ch: string) => `${ch.repeat(79)}\n`.repeat(60); // ~4.8k chars, ~1.2k tokens
  const files = { 'one.txt': big('1'), 'two.txt': big('2'), 'three.txt': big('3'), 'four.txt': big('4') };
  const read = (id: string, p: string): ScriptedReply => ({ content: [{ type: 'tool_use', id, name: 'read_file', input: { path: p } }] });
  const script = [read('r1', 'one.txt'), read('r2', 'two.txt'), read('r3', 'three.txt'), read('r4', 'four.txt'), { content: [{ type: 'text' as const, text: 'Read them all.' }] }];

  const resultText = (req: RecordedRequest, id: string): string => {
    for (const m of req.body.messages ?? []) {
      if (typeof m.content === 'string') continue;
      for (const b of m.content) if (b.type === 'tool_result' && b.tool_use_id === id) return JSON.stringify(b.content);
    }
    return '';
  };

  it('clears older tool results near a (tiny) window, keeping the request and recent results', async () => {
    const replies = [...script];
    h = await setUp({
      files,
      prompt: 'Read every file and tell me what is in them.',
      options: { contextWindow: 5_000, compactionThreshold: 0.8 },
      turns: replies.map(() => () => replies.shift()!),
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    const reqs = h.server.messageRequests();
    const last = reqs.at(-1)!;
    assert.ok(resultText(last, 'r1').includes(CLEARED_PLACEHOLDER), 'oldest read cleared');
    assert.ok(resultText(last, 'r4').includes('4444'), 'latest read kept');
    assert.match(JSON.stringify(last.body.messages![0]), /Read every file/);
    assert.ok(ofType(h.events, 'status').some((e) => /cleared \d+ older tool results/.test(e.detail ?? '')));
    assert.ok(!last.rawBody.includes('1'.repeat(79)), 'the cleared file content is no longer sent');
    assertTranscriptValid(h.task.transcript());
  });

  it('summarise mode asks the smaller model and keeps its summary in place of the results', async () => {
    const replies = [...script];
    let summaries = 0;
    const respond = (req: RecordedRequest) => {
      if (req.body.model === 'claude-haiku-5-5') {
        summaries++;
        assert.match(JSON.stringify(req.body.messages), /read_file/);
        return { content: [{ type: 'text' as const, text: 'SUMMARY: one.txt is all 1s' }] };
      }
      return replies.shift()!;
    };
    h = await setUp({ files, options: { contextWindow: 5_000, compaction: 'summarise' }, turns: Array.from({ length: 12 }, () => respond) });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.ok(summaries >= 1);
    const mainReqs = h.server.messageRequests().filter((q) => q.body.model !== 'claude-haiku-5-5');
    assert.match(JSON.stringify(mainReqs.at(-1)!.body.messages), /SUMMARY: one.txt is all 1s/);
    assert.ok(ofType(h.events, 'status').some((e) => /summarised/.test(e.detail ?? '')));
  });
});
