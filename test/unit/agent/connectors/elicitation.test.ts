// Elicitation from real servers, through the task's desk as the sidebar and the
// CLI use it: server-everything's trigger-elicitation-request (registered only
// because the client declares the capability) becomes one form with every kind
// of field; a wrong value is refused on the host and the form stays open; the
// accepted values reach the tool's result; Decline declines. The fault server's
// ask_form shows the call's timeout stopping while the person answers, and its
// stall that the timeout still holds otherwise.

import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { ConnectorSet } from '../../../../src/agent/connectors/connectorSet';
import { createConnectorRegistry } from '../../../../src/agent/connectors/connectorRegistry';
import { parseConnectorConfig } from '../../../../src/agent/connectors/serverConfig';
import { PersonDesk } from '../../../../src/agent/loop/personDesk';
import type { FormCheck } from '../../../../src/shared/elicitationForm';
import type { TaskEventBody, TaskStatus } from '../../../../src/shared/taskEvents';
import type { SandboxSession } from '../../../../src/sandbox/session';
import { faultServerScript, realServerScript } from '../../../support/mcpServers';
import { textOf, toolContext, type RecordingContext } from '../../../support/toolContext';

type FormRequested = Extract<TaskEventBody, { type: 'form.requested' }>;

/** A task's desk whose person reacts to each form as it is put up. */
function deskWith(person: (e: FormRequested, desk: PersonDesk) => void): { desk: PersonDesk; events: TaskEventBody[]; ctx: RecordingContext } {
  const events: TaskEventBody[] = [];
  let status: TaskStatus = 'running';
  const desk: PersonDesk = new PersonDesk({
    emit: (e) => {
      events.push(e);
      if (e.type === 'form.requested') setImmediate(() => person(e, desk));
    },
    status: () => status,
    setStatus: (s) => (status = s),
  });
  const ctx = toolContext({} as SandboxSession);
  ctx.askForm = (form) => desk.askForm(form, ctx.signal);
  return { desk, events, ctx };
}

describe('connectors: elicitation as one form', function () {
  this.timeout(60_000);
  let set: ConnectorSet | undefined;
  afterEach(async () => {
    await set?.dispose();
    set = undefined;
  });
  const start = async (servers: Record<string, unknown>) => {
    const parsed = parseConnectorConfig({ mcpServers: servers }, { kind: 'userFile', source: 'test', project: false });
    set = new ConnectorSet(parsed.servers, { variables: { folder: os.tmpdir(), env: {}, home: os.homedir(), resolveInput: async () => undefined }, trusted: true, approveProjectServer: async () => false });
    await set.startAll();
    assert.equal(set.statuses()[0].state, 'ready', set.statuses()[0].reason);
    return createConnectorRegistry([], set, { catalogAbove: 100 });
  };

  it("server-everything's form: every field kind, a wrong email refused on the host, the values in the result", async () => {
    const registry = await start({ everything: { command: process.execPath, args: [realServerScript('server-everything'), 'stdio'] } });
    const tool = 'mcp__everything__trigger-elicitation-request';
    assert.ok(registry.get(tool), 'server-everything offers the tool only to a client that declares elicitation');
    const checks: FormCheck[] = [];
    const { events, ctx } = deskWith((e, desk) => {
      checks.push(desk.answerForm(e.formId, { action: 'accept', values: { name: 'Ada Lovelace', email: 'ada-at-example', integer: '500' } }));
      checks.push(desk.answerForm(e.formId, { action: 'accept', values: { name: 'Ada Lovelace', email: 'ada@example.com', integer: '7', check: true, legacyTitledEnum: 'Dogs', untitledMultipleSelectEnum: ['Piano', 'Drums'] } }));
    });
    const out = await registry.run(tool, {}, ctx);
    assert.equal(out.isError, undefined, textOf(out));
    const asked = events.find((e): e is FormRequested => e.type === 'form.requested')!;
    assert.equal(asked.form.server, 'everything');
    assert.match(asked.form.message, /Please provide inputs/);
    const kinds = Object.fromEntries(asked.form.fields.map((f) => [f.key, f.kind]));
    assert.deepEqual(kinds, {
      name: 'text', check: 'boolean', firstLine: 'text', email: 'text', homepage: 'text', birthdate: 'text', integer: 'number', number: 'number',
      untitledSingleSelectEnum: 'choice', untitledMultipleSelectEnum: 'multi', titledSingleSelectEnum: 'choice', titledMultipleSelectEnum: 'multi', legacyTitledEnum: 'choice',
    });
    assert.equal(asked.form.fields.find((f) => f.key === 'name')?.required, true);
    assert.deepEqual(checks[0], { ok: false, errors: { email: 'String with email format must be an email address, like name@example.com.', integer: 'Integer must be at most 100.' } });
    assert.equal(checks[1].ok, true);
    const answered = events.filter((e) => e.type === 'form.answered');
    assert.equal(answered.length, 1, 'the refused answer left the form open; only the right one answered it');
    const text = textOf(out);
    assert.match(text, /Name: Ada Lovelace/);
    assert.match(text, /Email: ada@example\.com/);
    assert.match(text, /Favorite Integer: 7/);
    assert.match(text, /"legacyTitledEnum": "pet-2"/, 'a label picks its value');
    assert.match(text, /"untitledMultipleSelectEnum": \[\s*"Piano",\s*"Drums"\s*\]/);

    const declined = deskWith((e, desk) => desk.answerForm(e.formId, { action: 'decline' }));
    assert.match(textOf(await registry.run(tool, {}, declined.ctx)), /declined to provide/);
    const cancelled = deskWith((e, desk) => desk.answerForm(e.formId, { action: 'cancel' }));
    assert.match(textOf(await registry.run(tool, {}, cancelled.ctx)), /cancelled the elicitation/);
    // No one to ask (a context without forms): declined, nothing asked.
    assert.match(textOf(await registry.run(tool, {}, toolContext({} as SandboxSession))), /declined to provide/);
  });

  it("the call's timeout stops while the person fills in the form, and holds otherwise", async () => {
    const registry = await start({ f: { command: process.execPath, args: [faultServerScript(), 'asks'], timeout: 1000 } });
    const { ctx } = deskWith((e, desk) => setTimeout(() => desk.answerForm(e.formId, { action: 'accept', values: { name: 'Ada', count: '3' } }), 2500));
    const out = await registry.run('mcp__f__ask_form', {}, ctx);
    assert.equal(out.isError, undefined, textOf(out));
    assert.match(textOf(out), /form accept: \{"name":"Ada","count":3\}/);
    const stalled = await registry.run('mcp__f__stall', { ms: 5000 }, toolContext({} as SandboxSession));
    assert.equal(stalled.isError, true);
    assert.match(textOf(stalled), /f: stall timed out: no result or progress within 1 s/);
  });
});
