// The Connectors view's rows: state, tool count and origin in words, and the
// menu flags that offer Allow / Don't Allow only where they apply.

import { strict as assert } from 'node:assert';
import { connectorRows } from '../../../src/views/connectorListModel';

describe('views: connector rows', () => {
  it('shows state, tools and origin; project servers get allow/deny flags by state', () => {
    const rows = connectorRows(
      [
        { name: 'mail', state: 'ready', toolCount: 3, origin: 'setting cowork.mcp.servers', project: false },
        { name: 'tracker', state: 'declined', reason: 'not approved to start', toolCount: 0, origin: 'project .mcp.json', project: true },
        { name: 'files', state: 'ready', toolCount: 1, origin: 'project .vscode/mcp.json', project: true },
        { name: 'cal', state: 'failed', reason: 'it did not answer initialize within 30 s', toolCount: 0, origin: 'user ~/.cowork/mcp.json', project: false },
        { name: 'repo', state: 'untrusted', toolCount: 0, origin: 'project .mcp.json', project: true },
        { name: 'crm', state: 'needs-sign-in', reason: 'it needs you to sign in', toolCount: 0, origin: 'user ~/.cowork/mcp.json', project: false, remote: true },
      ],
      ['/f/.mcp.json (x): "args" must be a list of strings'],
    );
    assert.deepEqual(rows.map((r) => [r.label, r.description, r.icon, r.contextValue]), [
      ['mail', 'ready · 3 tools · setting cowork.mcp.servers', 'pass', 'connector stoppable restartable log config samplingOff readOnlyOff'],
      ['tracker', 'not allowed · project .mcp.json', 'circle-slash', 'connector project approvable log config samplingOff readOnlyOff'],
      ['files', 'ready · 1 tool · project .vscode/mcp.json', 'pass', 'connector project deniable stoppable restartable log config samplingOff readOnlyOff'],
      ['cal', 'failed · user ~/.cowork/mcp.json', 'error', 'connector startable restartable log config samplingOff readOnlyOff'],
      ['repo', 'needs a trusted workspace · project .mcp.json', 'shield', 'connector project log config samplingOff readOnlyOff'],
      ['crm', 'needs sign-in · user ~/.cowork/mcp.json', 'account', 'connector signin signout restartable log config samplingOff readOnlyOff'],
      ['Config problem', '/f/.mcp.json (x): "args" must be a list of strings', 'warning', 'problem'],
    ]);
    assert.match(rows[3].tooltip, /did not answer initialize within 30 s/);
  });

  it('lists a server\'s tools with the switched-off ones marked, and what the person allows it', () => {
    const [row] = connectorRows(
      [
        {
          name: 'everything',
          state: 'stopped',
          stoppedByPerson: true,
          toolCount: 1,
          origin: 'setting cowork.mcp.servers',
          project: false,
          sampling: true,
          readOnlyWithoutAsking: true,
          tools: [
            { mcpName: 'echo', title: 'Echo Tool', readOnlyHint: true, enabled: true },
            { mcpName: 'get-env', readOnlyHint: false, enabled: false },
          ],
        },
      ],
      [],
    );
    assert.equal(row.description, 'stopped by you · 1 tool · setting cowork.mcp.servers');
    assert.equal(row.contextValue, 'connector startable log config samplingOn readOnlyOn');
    assert.match(row.tooltip, /Allowed: may ask the model \(sampling\); read-only tools run without asking/);
    assert.deepEqual(row.tools.map((t) => [t.label, t.description, t.icon, t.contextValue]), [
      ['echo', 'Echo Tool · read-only', 'tools', 'connectorTool enabled'],
      ['get-env', 'off', 'circle-slash', 'connectorTool disabled'],
    ]);
    assert.match(row.tools[1].tooltip, /switched off/);
  });
});
