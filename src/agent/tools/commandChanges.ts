// Which files a shell command touched, so run_command can report FileTouch[]
// like the file tools do (the timeline shows outputs a script made). Best
// effort: staged changes before/after give modified/deleted/moved files that
// existed before the task; a marker file and `find -newer` give files the
// command wrote. Any failure here yields [] and never fails the command.

import { randomBytes } from 'node:crypto';
import type { FileTouch } from '../../shared/taskEvents';
import type { SandboxSession } from '../../sandbox/session';

const MAX_TOUCHES = 200;

export interface CommandWatch {
  /** The file touches since `begin`, best effort. */
  end(): Promise<FileTouch[]>;
}

function key(i: { kind: string; path: string; from?: string }): string {
  return `${i.kind}\0${i.path}\0${i.from ?? ''}`;
}

export async function watchCommand(session: SandboxSession, signal?: AbortSignal): Promise<CommandWatch> {
  const mark = `/tmp/.cowork-mark-${randomBytes(6).toString('hex')}`;
  let stagedBefore: Set<string> | undefined;
  let marked = false;
  try {
    stagedBefore = new Set((await session.pendingChanges()).items.map(key));
    const r = await session.exec({ command: ': > "$MARK"', env: { MARK: mark }, timeoutMs: 10_000 }, undefined, signal);
    marked = r.exitCode === 0;
  } catch {
    // fall through: report what we can
  }
  return {
    async end() {
      const touches: FileTouch[] = [];
      const seen = new Set<string>();
      try {
        if (stagedBefore) {
          for (const item of (await session.pendingChanges()).items) {
            // A staged path existed before the task: never "created", even when its mtime
            // looks newer than the mark (a VM guest's clock can trail the host's by < 1 s).
            seen.add(item.path);
            if (stagedBefore.has(key(item))) continue;
            if (item.kind === 'renamed' && item.from !== undefined) touches.push({ path: item.from, action: 'moved', to: item.path });
            else if (item.kind === 'deleted') touches.push({ path: item.path, action: 'deleted' });
            else if (item.kind === 'modified') touches.push({ path: item.path, action: 'modified' });
            else touches.push({ path: item.path, action: 'created' });
          }
        }
        if (marked) {
          const r = await session.exec(
            { command: 'find . -path ./.git -prune -o -type f -newer "$MARK" -print0 | head -c 65536; rm -f -- "$MARK"', env: { MARK: mark }, timeoutMs: 15_000, maxOutputBytes: 70_000 },
            undefined,
            signal,
          );
          for (const raw of r.stdout.split('\0')) {
            if (!raw.startsWith('./') || touches.length >= MAX_TOUCHES) continue;
            const p = raw.slice(2);
            if (seen.has(p)) continue;
            seen.add(p);
            // Not staged, so it did not exist before the task: a new file.
            touches.push({ path: p, action: 'created' });
          }
        }
      } catch {
        // best effort
      }
      return touches.slice(0, MAX_TOUCHES);
    },
  };
}
