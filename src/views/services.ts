// Builds the extension's long-lived services and wires them together. The one
// place that knows which concrete modules implement what; extension.ts only
// calls this.

import * as os from 'node:os';
import * as vscode from 'vscode';
import { discoverAgents } from '../agent/customAgents/agentDiscovery';
import { createApprovalPolicy } from '../agent/approval/approvalPolicy';
import type { ApprovalMode } from '../agent/approval/policy';
import { createActivateSkillTool } from '../agent/skills/activateSkillTool';
import { ActivatedSkills } from '../agent/skills/activatedSkills';
import { renderSkillCatalog } from '../agent/skills/catalog';
import { TaskStore } from '../agent/tasks/store';
import { createConnectorRegistry } from '../agent/connectors/connectorRegistry';
import { DELEGATE, delegateTool } from '../agent/tools/delegate';
import { createToolRegistry } from '../agent/tools/registry';
import { DEFAULT_WEB_SEARCH_MAX_USES, type WebSearchSettings } from '../agent/web/webSearch';
import { AgentBackend } from './agentBackend';
import { ApiKeyStore } from './apiKey';
import { registerCommands } from './commands';
import { ConnectorService } from './connectorService';
import { ToolGrantStore } from './toolGrantStore';
import { WebFetchService } from './webFetchService';
import { registerConnectorCommands } from './connectorCommands';
import { CONNECTORS_VIEW_ID, ConnectorsTreeProvider } from './connectorsTreeProvider';
import { DocxEditorProvider } from './docxEditor/docxEditorProvider';
import { SheetPreviewProvider } from './sheetPreview/sheetPreviewProvider';
import { PdfPreviewProvider } from './pdfPreview/pdfPreviewProvider';
import { PptxPreviewProvider } from './pptxPreview/pptxPreviewProvider';
import { SlideImages } from './pptxPreview/slideImages';
import { SkillSet } from '../agent/skills/skillSet';
import { newTaskId } from '../shared/taskIdentity';
import type { SidebarEnvironment } from '../shared/webviewProtocol';
import { SandboxPreparer } from './sandboxPrep';
import { SandboxSessions } from './sandboxSessions';
import { SIDEBAR_VIEW_ID, SidebarView } from './sidebarView';
import { registerSkillCommands, startSkillLibrary } from './skillCommands';
import { registerSkillDiagnostics } from './skillDiagnostics';
import { defaultFolder, TaskController } from './taskController';
import { TaskEventHub } from './taskEventHub';
import { storePersistence } from './taskPersistence';
import { queueScheduler } from './taskScheduler';
import { TasksTreeProvider } from './tasksTreeProvider';
import { transcriptMarkdown } from './transcriptMarkdown';

export function settings() {
  const c = vscode.workspace.getConfiguration('cowork');
  return {
    model: c.get<string>('model', 'claude-sonnet-5-5'),
    summaryModel: c.get<string>('summaryModel', 'claude-haiku-4-5'),
    apiBaseUrl: c.get<string>('apiBaseUrl', '').trim() || undefined,
    maxParallelTasks: Math.max(1, Math.floor(c.get<number>('maxParallelTasks', 2))),
    driver: c.get<'auto' | 'qemu' | 'vz' | 'namespace'>('sandbox.driver', 'auto'),
    idleTimeoutSeconds: Math.max(0, c.get<number>('sandbox.idleTimeoutSeconds', 300)),
    writeBudgetMiB: Math.max(0, Math.floor(c.get<number>('sandbox.writeBudgetMiB', 10240))),
    planFirst: c.get<boolean>('planFirst', true),
    approvals: c.get<string>('approvals', 'ask'),
    webSearch: c.get<boolean>('web.search.enabled', false) ? webSearchSettings(c) : undefined,
    subAgentDepth: Math.min(3, Math.max(0, Math.floor(c.get<number>('subAgents.depth', 1)))),
  };
}

function webSearchSettings(c: vscode.WorkspaceConfiguration): WebSearchSettings {
  return {
    maxUses: c.get<number>('web.search.maxUses', DEFAULT_WEB_SEARCH_MAX_USES),
    allowedDomains: c.get<string[]>('web.search.allowedDomains', []),
    blockedDomains: c.get<string[]>('web.search.blockedDomains', []),
    location: c.get<WebSearchSettings['location']>('web.search.location', {}),
  };
}

const APPROVAL_MODES: Record<string, ApprovalMode> = { ask: 'default', 'always-ask': 'alwaysAsk', 'never-ask': 'neverAsk' };

/** Builds and registers everything; returns the shutdown to await on deactivate. */
export function createServices(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): () => Promise<void> {
  const hub = new TaskEventHub();
  const keys = new ApiKeyStore(context.secrets);
  const sandboxPrep = new SandboxPreparer(log);
  const library = startSkillLibrary(context, log);
  const sandbox = new SandboxSessions({
    toolsDir: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
    settings: () => settings(),
    log: (line) => log.info(line),
    debug: (line) => log.debug(line),
  });
  // MCP connectors run here in the extension host, never in the sandbox.
  const connectors = new ConnectorService(context, log);
  const toolGrants = new ToolGrantStore(context.globalState);
  const web = new WebFetchService(context.globalState, hub);
  web.register(context);
  const store = new TaskStore(vscode.Uri.joinPath(context.globalStorageUri, 'tasks').fsPath, { log: (m) => log.warn(m) });

  const backend = new AgentBackend({
    persistence: storePersistence(store, (m) => log.error(m)),
    scheduler: queueScheduler(settings().maxParallelTasks),
    model: () => settings().model,
    hub,
    log,
    renderTranscript: transcriptMarkdown,
    undo: (folder, taskId, answer) => sandbox.undo(folder, taskId, answer),
    taskOptions: async (folder, taskId, transcript) => {
      const apiKey = await keys.get();
      if (!apiKey) throw new Error('no Anthropic API key is set. Run "Cowork: Set API Key".');
      const s = settings();
      const skills = library.snapshot();
      // Skills already activated in a resumed task must not be injected twice; with no
      // skills at all the tool is left out (every call would be an error).
      const activated = transcript ? ActivatedSkills.fromMessages(transcript) : new ActivatedSkills();
      // web_fetch runs here on the host, asking the person about each new domain.
      const webFetch = web.toolFor(taskId);
      const extras = [...(skills.skills.length > 0 ? [createActivateSkillTool(skills, activated)] : []), delegateTool, ...(webFetch ? [webFetch] : [])];
      const connectorSet = await connectors.forFolder(folder);
      const registry = connectorSet ? createConnectorRegistry(extras, connectorSet) : createToolRegistry(extras);
      // Settings are read per decision, so changing cowork.approvals applies to running tasks' next step.
      const policy = createApprovalPolicy(() => ({ mode: APPROVAL_MODES[settings().approvals] ?? 'default' }), { sandboxedExtras: [DELEGATE] });
      return {
        apiKey,
        model: s.model,
        smallModel: s.summaryModel,
        baseURL: s.apiBaseUrl,
        openSession: (f) => sandbox.open(f, taskId, skills),
        tools: registry,
        policy,
        grantStore: toolGrants,
        skillsCatalog: renderSkillCatalog(skills.skills),
        // Project agents only in a trusted workspace (discoverAgents reports the others).
        customAgents: (await discoverAgents({ homeDir: os.homedir(), folders: [folder], trusted: vscode.workspace.isTrusted })).agents,
        subAgentDepth: s.subAgentDepth,
        webSearch: s.webSearch,
        options: { plan: s.planFirst, keepSession: false },
      };
    },
  });

  const controller = new TaskController({ hub, keys, log, backend: () => backend, sandbox: sandboxPrep });
  const environment = async (): Promise<SidebarEnvironment> => ({
    folder: defaultFolder() ?? null,
    hasApiKey: await keys.has(),
    trusted: vscode.workspace.isTrusted,
    planFirst: settings().planFirst,
  });
  const sidebar = new SidebarView(context.extensionUri, hub, controller, environment, log);
  const tree = new TasksTreeProvider(hub);
  const connectorTree = new ConnectorsTreeProvider(connectors);

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar),
    DocxEditorProvider.register(context, log),
    SheetPreviewProvider.register(context, log),
    PdfPreviewProvider.register(context, log),
    // Slide images render in the sandbox, in a session of their own with no skills mounted.
    PptxPreviewProvider.register(context, log, new SlideImages({ openSession: (folder) => sandbox.open(folder, newTaskId(), new SkillSet([])) })),
    sidebar,
    tree,
    vscode.window.registerTreeDataProvider(CONNECTORS_VIEW_ID, connectorTree),
    connectorTree,
    keys,
    keys.onDidChange(() => void sidebar.refreshEnvironment()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void sidebar.refreshEnvironment()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void sidebar.refreshEnvironment()),
    vscode.window.onDidChangeActiveTextEditor(() => void sidebar.refreshEnvironment()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('cowork')) return;
      if (e.affectsConfiguration('cowork.maxParallelTasks')) backend.setMaxParallel(settings().maxParallelTasks);
      if (e.affectsConfiguration('cowork.sandbox')) sandbox.reset();
      void sidebar.refreshEnvironment();
    }),
  );
  registerCommands(context, { controller, sidebar, hub, keys, sandbox: sandboxPrep, log });
  registerSkillCommands(context, { library, log });
  registerConnectorCommands(context, connectors, () => defaultFolder(), toolGrants);
  registerSkillDiagnostics(context, library, log);

  // History after a reload: the persisted logs, loaded in the background.
  backend.loadHistory().then(
    (logs) => {
      log.info(`loaded ${logs.length} task(s) from history`);
    },
    (err: unknown) => log.error(`could not load the task history: ${err instanceof Error ? err.message : String(err)}`),
  );
  // Running tasks are cancelled (their logs end "cancelled"), then the sandboxes stop.
  return async () => {
    await backend.dispose();
    await connectors.dispose();
    await sandbox.dispose();
  };
}
