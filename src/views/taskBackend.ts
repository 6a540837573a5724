// What the views need from the agent side, in one narrow interface. The real
// implementation (agentBackend.ts) adapts the AgentTask, TaskQueue and TaskStore;
// the views never import those directly, so they stay testable and replaceable.

import type { ApprovalScope, ConflictChoice, TaskEvent } from '../shared/taskEvents';
import type { FormAnswer, FormCheck } from '../shared/elicitationForm';
import type { LaterWorkAnswer, UndoResult } from '../shared/undoLaterWork';

export interface StartRequest {
  prompt: string;
  /** Absolute path of the folder the task works on. */
  folder: string;
}

export interface TaskBackend {
  /** Persisted logs of earlier tasks, for the history after a reload. */
  loadHistory(): Promise<TaskEvent[][]>;
  /** Every live event of every task. */
  onEvent(listener: (e: TaskEvent) => void): { dispose(): void };

  start(req: StartRequest): Promise<string>;
  cancel(taskId: string): Promise<void>;
  redirect(taskId: string, text: string): Promise<void>;
  decidePlan(taskId: string, decision: 'approved' | 'edited' | 'rejected', feedback?: string): Promise<void>;
  /**
   * `scope` widens a yes to a connector tool call ("for this task", "always"); `choices` settles
   * each conflicting change of an approved batch by path (left out: both kept).
   */
  decideApproval(taskId: string, approvalId: string, approved: boolean, scope?: ApprovalScope, choices?: Record<string, ConflictChoice>): Promise<void>;
  answerQuestion(taskId: string, questionId: string, answer: string): Promise<void>;
  /** Answers a connector's form; accepted values are checked first and, when wrong, the form stays open. */
  answerForm(taskId: string, formId: string, answer: FormAnswer): Promise<FormCheck>;
  /** Starts a new task with the same prompt and folder; returns its id. */
  retry(taskId: string): Promise<string>;
  /** Continues a failed or cancelled task from its persisted transcript. */
  resume(taskId: string): Promise<void>;
  /**
   * Restores the folder to how it was before the task. Files changed after it (later work) stop
   * it before anything changes and are named in the result, unless `answer` says what to do with
   * all of them. A done undo is recorded in the task's log (task.undone); a second one changes
   * nothing and says `alreadyUndone`.
   */
  undo(taskId: string, answer?: LaterWorkAnswer): Promise<UndoResult>;
  deleteFromHistory(taskId: string): Promise<void>;
  /** A readable transcript (Markdown) of the task. */
  transcript(taskId: string): Promise<string>;
  setMaxParallel(n: number): void;
  dispose(): Promise<void>;
}
