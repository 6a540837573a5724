// The shared corpus of real office files: `../shared/corpus` next to the repository
// (or two levels up, for a worktree kept in a folder beside the main checkout), or COWORK_CORPUS.

import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export function corpusDir(type: string): string | undefined {
  const candidates = [process.env.COWORK_CORPUS, path.join(ROOT, '../shared/corpus'), path.join(ROOT, '../../shared/corpus')].filter((c): c is string => !!c);
  for (const c of candidates) if (fs.existsSync(path.join(c, type))) return path.join(c, type);
  return undefined;
}

export function corpusFiles(type: string, ext: string): string[] {
  const dir = corpusDir(type);
  return dir ? fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f)) : [];
}

/** What the corpus README states about accepting and rejecting all changes. */
export const CORPUS_EXPECTATIONS: Record<string, { accepted: string; rejected: string }> = {
  'track_changes_insertion.docx': { accepted: 'This is a text with two exciting insertions.', rejected: 'This is a text with insertions.' },
  'track_changes_deletion.docx': { accepted: 'This is a text with a deletion.', rejected: 'This is a text with an excessively modified deletion.' },
};
