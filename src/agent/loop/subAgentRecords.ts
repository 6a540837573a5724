// What is kept of each sub-agent so a reload does not lose its work: its
// conversation so far, its usage, and, once it has ended, what it returned. The
// host stores one record per child beside the parent's task (src/agent/tasks/store.ts);
// when the parent resumes and re-runs the delegate call the reload interrupted, a
// child that had ended returns its kept result and one that had not continues from
// its own transcript instead of starting over.

import type { FileTouch, Usage } from '../../shared/taskEvents';
import type { MessageParam } from './transcript';

export interface SubAgentRecord {
  childId: string;
  /** The parent's delegate tool_use id and the child's name in it: what a re-run call matches by. */
  callId: string;
  name: string;
  messages: MessageParam[];
  usage: Usage;
  /**
   * The parent's usage already includes `usage` (counted live, as the child spends). Records
   * without it: the parent counted a child's usage only when it ended (with `result`).
   */
  usageCounted?: boolean;
  /** Files it has written so far. */
  files?: FileTouch[];
  /** Set when the child ended. */
  result?: { outcome: 'done' | 'failed' | 'cancelled'; report: string; files: FileTouch[] };
}

/** The parent's store of its children's records (the host's; absent: nothing is kept). */
export interface SubAgentRecords {
  /** Records saved before this run (a resumed parent's). */
  saved: readonly SubAgentRecord[];
  save(record: SubAgentRecord): void;
}

const OUTCOMES = new Set(['done', 'failed', 'cancelled']);

/** A record read back from disk, checked; anything else is dropped by the caller. */
export function isSubAgentRecord(v: unknown): v is SubAgentRecord {
  const r = v as Partial<SubAgentRecord> | null;
  if (typeof r !== 'object' || r === null) return false;
  if (typeof r.childId !== 'string' || typeof r.callId !== 'string' || typeof r.name !== 'string') return false;
  if (!Array.isArray(r.messages) || typeof r.usage !== 'object' || r.usage === null || typeof r.usage.costUsd !== 'number') return false;
  if (r.files !== undefined && !Array.isArray(r.files)) return false;
  if (r.usageCounted !== undefined && typeof r.usageCounted !== 'boolean') return false;
  if (r.result === undefined) return true;
  return typeof r.result === 'object' && r.result !== null && OUTCOMES.has(r.result.outcome) && typeof r.result.report === 'string' && Array.isArray(r.result.files);
}
