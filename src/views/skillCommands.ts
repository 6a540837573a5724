// The extension's side of skills: starts the SkillLibrary with the folders
// VS Code knows (built-in, home, trusted workspace folders) and registers
// "Cowork: New Skill" and "Cowork: Show Skills". All real work lives in the
// vscode-free modules under src/agent/skills; this file only asks and shows.

import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { renderSkillListing } from '../agent/skills/listing';
import { descriptionProblem, NEW_SKILL_FOLDER, scaffoldSkill } from '../agent/skills/scaffold';
import { SkillLibrary } from '../agent/skills/skillLibrary';
import { skillNameProblem } from '../agent/skills/skillName';

export const NEW_SKILL_COMMAND = 'cowork.newSkill';
export const SHOW_SKILLS_COMMAND = 'cowork.showSkills';

export interface SkillCommandDeps {
  library: SkillLibrary;
  log?: vscode.LogOutputChannel;
}

const workspacePaths = (): string[] => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);

/** Create and start the library; follows workspace trust and folder changes. Disposed with the extension. */
export function startSkillLibrary(context: vscode.ExtensionContext, log?: vscode.LogOutputChannel): SkillLibrary {
  const library = new SkillLibrary({
    builtinDir: join(context.extensionPath, 'skills'),
    homeDir: homedir(),
    workspaceFolders: workspacePaths(),
    trusted: vscode.workspace.isTrusted,
    log: (line) => log?.info(line),
  });
  void library.start();
  context.subscriptions.push(
    library,
    vscode.workspace.onDidGrantWorkspaceTrust(() => void library.setTrusted(true)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void library.setWorkspaceFolders(workspacePaths())),
  );
  return library;
}

export function registerSkillCommands(context: vscode.ExtensionContext, deps: SkillCommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(NEW_SKILL_COMMAND, () => newSkill(deps)),
    vscode.commands.registerCommand(SHOW_SKILLS_COMMAND, () => showSkills(deps)),
  );
}

async function newSkill({ library, log }: SkillCommandDeps): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Cowork: open a folder first; new skills are created in its .cowork/skills folder.');
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the skill in which folder?' });
  if (!folder) return;
  const name = await vscode.window.showInputBox({
    title: 'New Skill (1/2): name',
    prompt: 'Lowercase letters, digits and hyphens, e.g. "expense-report"',
    validateInput: (v) => {
      const problem = skillNameProblem(v.trim());
      if (problem) return capitalise(problem);
      if (existsSync(join(folder.uri.fsPath, NEW_SKILL_FOLDER, v.trim()))) return `A skill "${v.trim()}" already exists in ${NEW_SKILL_FOLDER}.`;
      return undefined;
    },
  });
  if (name === undefined) return;
  const description = await vscode.window.showInputBox({
    title: 'New Skill (2/2): description',
    prompt: 'What the skill does and when to use it; the agent decides from this alone.',
    validateInput: (v) => {
      const problem = descriptionProblem(v);
      return problem ? capitalise(problem) : undefined;
    },
  });
  if (description === undefined) return;
  try {
    const created = await scaffoldSkill(folder.uri.fsPath, name.trim(), description);
    log?.info(`skills: created ${created.file}`);
    await vscode.window.showTextDocument(vscode.Uri.file(created.file));
    await library.refresh();
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Cowork: this workspace is not trusted, so its project skills (including this one) are not loaded until you trust it.');
    }
  } catch (err) {
    void vscode.window.showErrorMessage(`Cowork: ${(err as Error).message}`);
  }
}

interface SkillPick extends vscode.QuickPickItem {
  file?: string;
  line?: number;
  report?: boolean;
}

async function showSkills({ library }: SkillCommandDeps): Promise<void> {
  const result = await library.refresh();
  const items: SkillPick[] = [];
  items.push({ label: 'Skills', kind: vscode.QuickPickItemKind.Separator });
  for (const s of result.skills) {
    items.push({ label: s.name, description: sourceLabel(s.source), detail: s.file, file: s.file, line: 1 });
  }
  if (result.skills.length === 0) items.push({ label: 'No skills are loaded', detail: `Add one with "Cowork: New Skill" (${NEW_SKILL_FOLDER}/<name>/SKILL.md)` });
  if (result.diagnostics.length > 0) {
    items.push({ label: 'Problems', kind: vscode.QuickPickItemKind.Separator });
    for (const d of result.diagnostics) {
      items.push({ label: `$(${d.severity === 'error' ? 'error' : 'warning'}) ${d.message}`, detail: `${d.file}:${d.line}`, file: d.file, line: d.line });
    }
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(markdown) Open the full report', report: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Cowork skills', matchOnDetail: true, placeHolder: `${result.skills.length} loaded` });
  if (!picked) return;
  if (picked.report) {
    const content = renderSkillListing(result, {
      trusted: vscode.workspace.isTrusted,
      shortenUnder: [...(vscode.workspace.workspaceFolders ?? []).map((f) => ({ dir: f.uri.fsPath, label: f.name })), { dir: homedir(), label: '~' }],
    });
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    return;
  }
  if (picked.file && isFile(picked.file)) {
    const line = Math.max(0, (picked.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(picked.file), { selection: new vscode.Range(line, 0, line, 0) });
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function sourceLabel(source: string): string {
  return source === 'builtin' ? 'built-in' : source;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}
