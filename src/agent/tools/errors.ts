// Every failure a tool meets becomes a tool result the model can act on: what went
// wrong, with which path, and what to try instead. Nothing here throws.

import { SandboxError } from '../../sandbox/session';
import type { FileTouch } from '../../shared/taskEvents';
import { ToolPathError, showPath } from './paths';
import type { ToolOutput } from './tool';

/** Explain an error from the sandbox (or anything else) in words the model can use. */
export function describeError(err: unknown, path?: string): string {
  const where = path !== undefined ? showPath(path) : 'the path';
  if (err instanceof ToolPathError) return err.message;
  if (err instanceof SandboxError) {
    const detail = err.message ? ` (${err.message})` : '';
    switch (err.code) {
      case 'ENOENT':
        return `No such file or directory: ${where}. Use list_files or glob to find the right path.`;
      case 'EEXIST':
        return `${where} already exists. Choose another name, or delete it first if that is really intended.`;
      case 'EISDIR':
        return `${where} is a directory, not a file. Use list_files to see what it contains.`;
      case 'ENOTDIR':
        return `A part of ${where} is a file, not a directory.`;
      case 'EOUTSIDE':
        return `${where} is outside the task folder. Tools can only reach files inside the folder; use a path relative to it.`;
      case 'ENOMATCH':
        return `The text to replace was not found in ${where}${detail}.`;
      case 'ENOTUNIQUE':
        return `The text to replace occurs more than once in ${where}${detail}.`;
      case 'ETOOBIG':
        return `${where} is too large for this operation${detail}. Read it in parts (offset/limit) or process it with run_command.`;
      case 'ENOSPC':
        return `The sandbox disk is full${detail}. Delete scratch files you created, then retry.`;
      case 'ETIMEDOUT':
        return `The sandbox did not answer in time${detail}. Retry; if it keeps happening, do less per call.`;
      case 'ECANCELLED':
        return 'Cancelled.';
      case 'EGUESTDIED':
        return `The sandbox stopped unexpectedly${detail}; it restarts on the next call. Retry the call.`;
      case 'EPROTO':
        return `The sandbox rejected the request${detail}.`;
      case 'EIO':
        return `I/O error on ${where}${detail}.`;
    }
  }
  const msg = err instanceof Error ? err.message : String(err);
  return `Unexpected error: ${msg}`;
}

/** An is_error result with a message for the model and a one-line summary. */
export function errorOutput(summary: string, message: string, files: FileTouch[] = []): ToolOutput {
  return { content: message, isError: true, summary, files };
}
