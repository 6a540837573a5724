// The repository's root, for tests that read shipped files (skills, package.json,
// transcripts) wherever under test/unit they live.
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
