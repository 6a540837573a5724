// A server that cancels its own elicitation request (the fault server's
// withdraw_form aborts it, so the SDK sends notifications/cancelled): the open
// form closes on the task's desk as cancelled with `withdrawn`, the sidebar's
// card state closes with the note, and the CLI's half-typed prompt stops and
// says "the server withdrew its question". Nobody answers in either case.

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { PassThrough } from 'node:stream';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { createConnectorRegistry, type ConnectorRegistry } from '../../../../src/agent/connectors/connectorRegistry';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import { PersonDesk } from '../../../../src/agent/loop/personDesk';
import type { AgentTask } from '../../../../src/agent/loop/agentTask';
import { EventPrinter } from '../../../../src/cli/render';
import { Reviewer } from '../../../../src/cli/reviewer';
import { TerminalLines } from '../../../../src/cli/terminalLines';
import { reduceAll } from '../../../../src/shared/sidebarState';
import type { TaskEvent, TaskEventBody, TaskStatus } from '../../../../src/shared/taskEvents';
import { validateTaskEvent } from '../../../../src/shared/taskEventValidator';
import type { SandboxSession } from '../../../../src/sandbox/session';
import { faultServerScript } from '../../../support/mcpServers';
import { textOf, toolContext } from '../../../support/toolContext';

function taskWithDesk(onEvent: (e: TaskEvent) => void = () => undefined) {
  const events: TaskEvent[] = [];
  let status: TaskStatus = 'running';
  let seq = 0;
  const desk = new PersonDesk({
    emit: (body: TaskEventBody) => {
      const e = { ...body, taskId: 't', seq: ++seq, at: Date.now() } as TaskEvent;
      events.push(e);
      onEvent(e);
    },
    status: () => status,
    setStatus: (s) => (status = s),
  });
  const ctx = toolContext({} as SandboxSession);
  // As agentTask.ts wires it: the task's signal, and the server's withdrawal.
  ctx.askForm = (form, withdrawn) => desk.askForm(form, ctx.signal, withdrawn);
  return { desk, events, ctx, status: () => status };
}

describe('connectors: a server withdraws its form', function () {
  this.timeout(60_000);
  let set: ConnectorSet | undefined;
  let registry: ConnectorRegistry;
  beforeEach(async () => {
    const parsed = parseConnectorConfig({ mcpServers: { f: { command: process.execPath, args: [faultServerScript(), 'asks'] } } }, { kind: 'userFile', source: 'test', project: false });
    set = new ConnectorSet(parsed.servers, { variables: { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined }, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
    registry = createConnectorRegistry([], set, { catalogAbove: 100 });
  });
  afterEach(async () => {
    await set?.dispose();
    set = undefined;
  });

  it('closes the open form on the desk and in the sidebar state, with the note', async () => {
    const { desk, events, ctx, status } = taskWithDesk();
    const out = await registry.run('mcp__f__withdraw_form', { ms: 400 }, ctx);
    assert.equal(out.isError, undefined, textOf(out));
    assert.match(textOf(out), /form withdrawn/, 'the server saw its own request end, not an answer');
    // The cancellation reaches us before the tool's result (same pipe, in order); the desk emits a tick later.
    await new Promise((r) => setTimeout(r, 20));
    const forms = events.filter((e) => e.type === 'form.requested' || e.type === 'form.answered');
    assert.deepEqual(forms.map((e) => (e.type === 'form.answered' ? [e.type, e.action, e.withdrawn] : [e.type])), [['form.requested'], ['form.answered', 'cancel', true]]);
    for (const e of forms) assert.equal(validateTaskEvent(e), null);
    assert.equal(status(), 'running', 'the task no longer waits on the person');
    assert.throws(() => desk.answerForm('form-1', { action: 'decline' }), /No open form with id "form-1"/);
    const sidebar = reduceAll('t', events);
    assert.equal(sidebar.openForm, undefined, 'the card is no longer the open form');
    const step = sidebar.steps.find((s) => s.kind === 'form');
    assert.ok(step && step.kind === 'form');
    assert.deepEqual([step.action, step.withdrawn], ['cancel', true]);
  });

  it('stops the CLI prompt mid-form and says the server withdrew its question', async () => {
    const input = new PassThrough(); // the person is at the terminal and has not finished typing
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    const lines = new TerminalLines(input, output);
    const printer = new EventPrinter({ write: (t) => void output.write(t) });
    const cli: { reviewer?: Reviewer } = {};
    const { desk, ctx } = taskWithDesk((e) => {
      // As taskRuntime.ts orders it: a closed form first ends its prompt, then the printer says why.
      if (e.type === 'form.answered') cli.reviewer!.handle(e);
      printer.print(e);
      if (e.type !== 'form.answered') cli.reviewer!.handle(e);
    });
    cli.reviewer = new Reviewer({ answerForm: (id: string, a: never) => desk.answerForm(id, a) } as unknown as AgentTask, 'ask', lines, output);
    input.write('a\n'); // starts answering; the name is never typed
    const out = await registry.run('mcp__f__withdraw_form', { ms: 600 }, ctx);
    assert.match(textOf(out), /form withdrawn/);
    await new Promise((r) => setImmediate(r));
    assert.match(printed, /\? connector f asks you to fill in a form: Your name, quickly\?/);
    assert.match(printed, /Fill in f's form\? \[a\]nswer/);
    assert.match(printed, / {2}Name, required: \n {2}form closed: the server withdrew its question; nothing sent\n/);
    // The next line typed belongs to the next prompt, not to the withdrawn form.
    input.write('later\n');
    assert.equal(await lines.prompt('Next? '), 'later');
    lines.close();
  });
});
