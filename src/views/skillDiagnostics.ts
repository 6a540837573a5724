// Shows the skill library's warnings and errors as VS Code diagnostics on the
// SKILL.md files they concern (Problems panel, squiggles) and in the log.
// Refreshed whenever the library changes.

import * as vscode from 'vscode';
import type { SkillLibrary } from '../agent/skills/skillLibrary';
import type { SkillDiagnostic } from '../agent/skills/types';

export const SKILL_DIAGNOSTIC_SOURCE = 'Cowork skills';

export function toVscodeDiagnostic(d: SkillDiagnostic): vscode.Diagnostic {
  const line = Math.max(0, d.line - 1);
  const col = Math.max(0, d.column - 1);
  const diag = new vscode.Diagnostic(
    new vscode.Range(line, col, line, Number.MAX_SAFE_INTEGER),
    d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diag.source = SKILL_DIAGNOSTIC_SOURCE;
  return diag;
}

/** Keep a DiagnosticCollection in step with the library; disposed with the extension. */
export function registerSkillDiagnostics(context: vscode.ExtensionContext, library: SkillLibrary, log?: vscode.LogOutputChannel): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('cowork-skills');
  const update = (): void => {
    const { skills, diagnostics } = library.current;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of diagnostics) {
      const list = byFile.get(d.file) ?? [];
      list.push(toVscodeDiagnostic(d));
      byFile.set(d.file, list);
      const line = `skills: ${d.file}:${d.line}:${d.column}: ${d.message}`;
      if (d.severity === 'error') log?.error(line);
      else log?.warn(line);
    }
    collection.clear();
    for (const [file, list] of byFile) collection.set(vscode.Uri.file(file), list);
    log?.info(`skills: ${skills.length} loaded (${skills.map((s) => `${s.name} [${s.source}]`).join(', ') || 'none'})`);
  };
  update();
  const sub = library.onDidChange(update);
  context.subscriptions.push(collection, { dispose: () => sub.dispose() });
  return collection;
}
