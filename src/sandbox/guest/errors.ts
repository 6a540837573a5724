// Maps Node's errno errors to the protocol's error codes, keeping the message
// (which names the path) so the agent can tell the model what went wrong.

import { SandboxError, type SandboxErrorCode } from '../session';

const ERRNO_TO_CODE: Record<string, SandboxErrorCode> = {
  ENOENT: 'ENOENT',
  EEXIST: 'EEXIST',
  ENOTEMPTY: 'EEXIST',
  EISDIR: 'EISDIR',
  ENOTDIR: 'ENOTDIR',
  ENOSPC: 'ENOSPC',
  EDQUOT: 'ENOSPC',
  EFBIG: 'ENOSPC',
  ETIMEDOUT: 'ETIMEDOUT',
};

export function toSandboxError(err: unknown): SandboxError {
  if (err instanceof SandboxError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = (e && typeof e.code === 'string' && ERRNO_TO_CODE[e.code]) || 'EIO';
  return new SandboxError(code, e && e.message ? e.message : String(err));
}
