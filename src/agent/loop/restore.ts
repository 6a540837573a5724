// Rebuilding a task's loop state from what was persisted (transcript + event
// log) so a task interrupted by a reload continues where it stopped.

import type { TaskEvent, Usage } from '../../shared/taskEvents';
import type { MessageParam } from './transcript';
import { emptyUsage } from './usage';
import type { Phase } from './turnLoop';

export interface RestoredState {
  phase: Phase;
  turn: number;
  usage: Usage;
  lastSeq: number;
}

export function restoreState(transcript: MessageParam[], events: TaskEvent[], planFirst: boolean): RestoredState {
  if (!Array.isArray(transcript) || transcript.length === 0) {
    throw new Error('Cannot resume: the saved transcript is empty. Start the task again instead.');
  }
  if (transcript[0].role !== 'user') throw new Error('Cannot resume: the saved transcript does not start with the request.');
  let turn = 0;
  let usage = emptyUsage();
  let lastSeq = -1;
  let planApproved = false;
  let planned = false;
  for (const e of events) {
    lastSeq = Math.max(lastSeq, e.seq);
    if (e.type === 'turn.started') turn = Math.max(turn, e.turn);
    else if (e.type === 'usage') usage = e.total;
    else if (e.type === 'plan.decided' && e.decision === 'approved') planApproved = true;
    else if (e.type === 'status' && e.status === 'planning') planned = true;
  }
  const phase: Phase = planApproved ? 'running' : planned || (planFirst && events.length === 0) ? 'planning' : 'running';
  return { phase, turn, usage: { ...usage }, lastSeq };
}
