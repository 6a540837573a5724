// The "Cowork: Show Skills" report as Markdown: every loaded skill with its
// source and path, then every warning and error by file. Plain text so the CLI
// and tests can use it; the extension shows it in a Markdown preview.

import { relative } from 'node:path';
import type { SkillDiagnostic, SkillLoadResult, SkillSource } from './types';

const SOURCE_LABEL: Record<SkillSource, string> = { builtin: 'built-in', user: 'user', project: 'project' };

export interface ListingOptions {
  /** Paths under these folders are shown relative to them (e.g. the workspace, the home folder). */
  shortenUnder?: { dir: string; label: string }[];
  /** Whether project skills were considered (a trusted workspace). */
  trusted?: boolean;
}

export function renderSkillListing(result: SkillLoadResult, opts: ListingOptions = {}): string {
  const show = (p: string): string => {
    for (const { dir, label } of opts.shortenUnder ?? []) {
      const rel = relative(dir, p);
      if (rel && !rel.startsWith('..') && !rel.startsWith('/')) return `${label}/${rel}`;
    }
    return p;
  };
  const lines = ['# Cowork skills', ''];
  if (result.skills.length === 0) {
    lines.push('No skills are loaded.');
  } else {
    lines.push(`${result.skills.length} skill${result.skills.length === 1 ? '' : 's'} loaded.`, '', '| Skill | Source | Description | Path |', '|---|---|---|---|');
    for (const s of result.skills) {
      lines.push(`| ${cell(s.name)} | ${SOURCE_LABEL[s.source]} | ${cell(clip(s.description, 140))} | ${cell(show(s.file))} |`);
    }
  }
  if (opts.trusted === false) {
    lines.push('', '_This workspace is not trusted, so its project skills are not loaded._');
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  if (errors.length > 0) lines.push('', `## Not loaded (${errors.length})`, '', ...byFile(errors, show));
  if (warnings.length > 0) lines.push('', `## Warnings (${warnings.length})`, '', ...byFile(warnings, show));
  return lines.join('\n') + '\n';
}

function byFile(diags: SkillDiagnostic[], show: (p: string) => string): string[] {
  return diags.map((d) => `- ${show(d.file)}:${d.line}: ${d.message}`);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
