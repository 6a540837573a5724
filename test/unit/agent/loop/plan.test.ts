import { strict as assert } from 'node:assert';
import { parsePlan } from '../../../../src/agent/loop/planTool';
import { requireAgentSandbox, assertTranscriptValid, ofType, setUp, type Harness } from '../../../support/agentHarness';

const plan = (id: string, summary: string) => ({
  reply: {
    content: [
      {
        type: 'tool_use' as const,
        id,
        name: 'propose_plan',
        input: { summary, steps: ['List the files', 'Write index.md'], reads: ['*'], creates: ['index.md'], changes: [], deletes: [] },
      },
    ],
  },
});

describe('agent loop: plan first', () => {
  before(function () {
    requireAgentSandbox(this);
  });
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('plans with read-only tools only, then runs with all tools once approved', async () => {
    h = await setUp({
      options: { plan: true },
      files: { 'a.txt': 'a' },
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'look', name: 'list_files', input: {} }] } },
        plan('p1', 'Write an index of the folder'),
        { match: { toolResultFor: 'p1', toolResultIncludes: 'approved', toolsInclude: ['write_file'] }, reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'index.md', content: '- a.txt\n' } }] } },
        { reply: { content: [{ type: 'text', text: 'Index written.' }] } },
      ],
    });
    h.task.onEvent((e) => e.type === 'plan.proposed' && h!.task.decidePlan('approved'));
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    const [first, second] = h.server.messageRequests();
    const names = (req: typeof first) => req.body.tools!.map((t) => t.name);
    assert.ok(!names(first).includes('write_file') && names(first).includes('read_file') && names(first).includes('propose_plan'));
    assert.ok(!names(second).includes('run_command'));
    assert.match(JSON.stringify(first.body.messages![0]), /propose_plan/);
    const proposed = ofType(h.events, 'plan.proposed');
    assert.equal(proposed.length, 1);
    assert.deepEqual(proposed[0].plan.creates, ['index.md']);
    assert.deepEqual(ofType(h.events, 'plan.decided').map((e) => e.decision), ['approved']);
    const statuses = ofType(h.events, 'status').map((e) => e.status);
    assert.deepEqual(statuses.slice(0, 3), ['planning', 'waiting', 'running']);
    assert.equal(h.read('index.md'), '- a.txt\n');
  });

  it('edit: the feedback goes back to the model, which proposes again', async () => {
    h = await setUp({
      options: { plan: true },
      turns: [
        plan('p1', 'first idea'),
        { match: { toolResultIncludes: 'use markdown tables' }, ...plan('p2', 'second idea') },
        { match: { toolResultFor: 'p2' }, reply: { content: [{ type: 'text', text: 'Nothing else to do.' }] } },
      ],
    });
    let n = 0;
    h.task.onEvent((e) => {
      if (e.type !== 'plan.proposed') return;
      if (n++ === 0) h!.task.decidePlan('edited', 'use markdown tables');
      else h!.task.decidePlan('approved');
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done', r.message);
    assert.deepEqual(h.server.failures, []);
    assert.deepEqual(ofType(h.events, 'plan.decided').map((e) => [e.decision, e.feedback]), [['edited', 'use markdown tables'], ['approved', undefined]]);
  });

  it('reject: the task ends without touching anything', async () => {
    h = await setUp({ options: { plan: true }, turns: [plan('p1', 'delete everything')] });
    h.task.onEvent((e) => e.type === 'plan.proposed' && h!.task.decidePlan('rejected'));
    const r = await h.task.start();
    assert.equal(r.outcome, 'cancelled');
    assert.match(r.message!, /rejected/);
    assertTranscriptValid(h.task.transcript());
  });

  it('a mutating call while planning is refused with an explanation', async () => {
    h = await setUp({
      options: { plan: true },
      turns: [
        { reply: { content: [{ type: 'tool_use', id: 'w', name: 'write_file', input: { path: 'x.txt', content: 'x' } }] } },
        { match: { toolResultIncludes: 'not available while planning' }, reply: { content: [{ type: 'text', text: 'ok' }] } },
        { match: { lastUserText: 'propose_plan' }, reply: { content: [{ type: 'text', text: 'Nothing to change.' }] } },
      ],
    });
    const r = await h.task.start();
    assert.equal(r.outcome, 'done');
    assert.deepEqual(h.server.failures, []);
    assert.equal(h.exists('x.txt'), false);
  });

  it('bad decisions get clear errors', async () => {
    h = await setUp({ turns: [] });
    assert.throws(() => h!.task.decidePlan('approved'), /No open plan review/);
    assert.throws(() => h!.task.decidePlan('edited'), /needs feedback/);
    assert.throws(() => h!.task.decideApproval('approval-9', true), /No open approval/);
    assert.match(JSON.stringify(parsePlan({ summary: 'x', steps: [] })), /at least one step/);
    assert.match(JSON.stringify(parsePlan({ summary: 'x', steps: ['a'], creates: 'one' })), /list of strings/);
  });
});
