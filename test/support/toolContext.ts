// TEST HELPER: a ToolContext over a session, recording events and questions.

import type { TaskEventBody } from '../../src/shared/taskEvents';
import type { ToolContext, ToolOutput } from '../../src/agent/tools/tool';
import type { SandboxSession } from '../../src/sandbox/session';

export interface RecordingContext extends ToolContext {
  events: TaskEventBody[];
  questions: { question: string; choices?: string[] }[];
  controller: AbortController;
}

export function toolContext(session: SandboxSession, answer: (q: string, choices?: string[]) => Promise<string> = async () => 'ok'): RecordingContext {
  const controller = new AbortController();
  const events: TaskEventBody[] = [];
  const questions: { question: string; choices?: string[] }[] = [];
  return {
    taskId: 'task-test',
    session,
    signal: controller.signal,
    controller,
    events,
    questions,
    emit: (e) => void events.push(e),
    askUser: (question, choices) => {
      questions.push({ question, choices });
      return answer(question, choices);
    },
  };
}

/** The text of a tool output (string content or its text blocks). */
export function textOf(out: ToolOutput): string {
  if (typeof out.content === 'string') return out.content;
  return (out.content ?? []).map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('\n');
}
